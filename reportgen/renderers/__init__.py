"""Document renderers: the model -> HTML (WeasyPrint) or TeX (XeLaTeX/LuaLaTeX), sharing
``common`` (numbering, chapters, first mentions, counts, the walk over runs)."""

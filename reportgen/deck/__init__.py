"""The PowerPoint deck, in the stages it is made in:

- ``slides``    the slide model (boxes, frames, paragraphs, tables, the chart): a deck as data;
- ``condense``  the rules that take a few words from what the digest marks (bold leads, names,
                first clauses), never cutting inside a word;
- ``frames``    what both planners share: titles and bodies at the largest size that fits, tags, notes;
- ``paginate``  a slide body into as few frames as fit, at one size (the appendix);
- ``briefing``  digest -> the visible slides, sized to the meeting (the budget rule);
- ``detail``    digest -> the full detail, the hidden appendix;
- ``plan``      both, into one deck;
- ``template``  the .pptx template: layouts by name, placeholder boxes, declared font;
- ``writer``    slide model -> .pptx with python-pptx (tables, hidden slides, sections);
- ``package``   the archive written deterministically; checks for dangling parts.
"""

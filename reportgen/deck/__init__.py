"""The PowerPoint deck, in the stages it is made in:

- ``slides``   the slide model (boxes, frames, paragraphs, the chart): a deck as data;
- ``paginate`` a slide body into as few frames as fit, at one size;
- ``plan``     digest -> slide model, section by section (measured with ``textfit``);
- ``template`` the .pptx template: layouts by name, placeholder boxes, declared font;
- ``writer``   slide model -> .pptx with python-pptx;
- ``package``  the archive written deterministically, and checked for dangling parts.
"""

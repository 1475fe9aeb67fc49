"""Page numbers filled in after layout (reportgen/pagerefs.py): the text side."""
from __future__ import annotations

from markupsafe import Markup

from reportgen.pagerefs import FIGURE_SPACE, PagedHTML, fill, page_ref, part_end, part_start


def test_numbers_are_padded_to_the_placeholder_width_with_figure_spaces():
    html = page_ref("a", "Chủ đề") + " · " + page_ref("b", "Nổi bật")
    assert fill(html, {"a": 7, "b": 12}, 2).count(FIGURE_SPACE) == 1
    out = fill(html, {"a": 7, "b": 12}, 2)
    assert f"Chủ đề {FIGURE_SPACE}7</a>" in out and "Nổi bật 12</a>" in out
    assert "Chủ đề 000</a>" in fill(html, lambda anchor: "000")
    assert "Nổi bật ?</a>" in fill(html, {"a": 1})  # an anchor that was never laid out


def test_a_label_ending_in_digits_keeps_them():
    html = page_ref("x", Markup('<span class="num">2.1</span>Mamba-2'), leader=True)
    out = fill(fill(html, {"x": 5}, 2), {"x": 15}, 2)  # filled twice: the number is replaced, not appended
    assert out.endswith('Mamba-2<span class="leader"></span>15</a>')


def test_parts_and_references_are_read_back_from_the_document():
    body = page_ref("ch-2", "Two") + page_ref("p-1-x", "Where")
    html = f"<p>{page_ref('ch-1', 'One')}</p>{part_start('index', 'ch-9', None)}<ul>{body}</ul>{part_end()}"
    paged = PagedHTML(html, lambda body, first, total: body)
    [part] = paged.parts
    assert (part.name, part.first_anchor, part.next_anchor) == ("index", "ch-9", None)
    assert part.body == f"<ul>{body}</ul>"
    assert paged.references == {"ch-1", "ch-2", "p-1-x"}


def test_digest_text_cannot_forge_a_page_reference():
    """Markup-looking text in a label is escaped, so it never matches as a reference."""
    html = page_ref("a", '<a class="pr" href="#evil">x 1</a>')
    assert fill(html, {"a": 3, "evil": 99}, 1).count("99") == 0


def test_anchors_are_compared_as_the_engine_names_them():
    """An id with "&" is escaped in the HTML ("a&amp;b") and named "a&b" by the engine."""
    html = page_ref("a&b", "L")
    assert "L 3</a>" in fill(html, {"a&b": 3})
    assert PagedHTML(html, lambda *a: "").references == {"a&b"}

"""Inline markup -> runs."""
from __future__ import annotations

from reportgen.inline import parse_inline, slice_runs, strip_runs, unwrap_emphasis
from reportgen.model import plain


def styles(runs):
    return [(r.text, r.bold, r.italic, r.code, r.ref, r.href) for r in runs]


def test_bold_italic_code():
    runs = parse_inline("a **b** *c* ***d*** `e`")
    assert plain(runs) == "a b c d e"
    by = {r.text: r for r in runs}
    assert by["b"].bold and not by["b"].italic
    assert by["c"].italic and not by["c"].bold
    assert by["d"].bold and by["d"].italic
    assert by["e"].code


def test_ids_become_references_even_in_bold_or_backticks():
    runs = parse_inline("**2406.07496 – TEXTGRAD** and `2407.10671`, hep-th/9901001v2")
    refs = [(r.text, r.ref, r.bold, r.code) for r in runs if r.ref]
    assert refs == [("2406.07496", "2406.07496", True, False), ("2407.10671", "2407.10671", False, False),
                    ("hep-th/9901001v2", "hep-th/9901001v2", False, False)]


def test_invalid_ids_are_not_references():
    # month 13, wrong digit count, glued to other digits
    runs = parse_inline("2413.12345 2406.1755 12406.17557 1.2406.17557")
    assert not any(r.ref for r in runs)


def test_multiplication_star_is_literal():
    runs = parse_inline("L∞, A*N^-α, B*D^-β")
    assert plain(runs) == "L∞, A*N^-α, B*D^-β"
    assert not any(r.italic for r in runs)


def test_unmatched_delimiters_stay_text():
    assert plain(parse_inline("**open only")) == "**open only"
    assert plain(parse_inline("a * b")) == "a * b"


def test_escapes():
    assert plain(parse_inline(r"ToolChain\* and a \| pipe")) == "ToolChain* and a | pipe"


def test_links():
    runs = parse_inline("see [paper](https://arxiv.org/abs/2406.07496) or <https://x.org/a> or https://y.org/b.")
    links = [(r.text, r.href) for r in runs if r.href]
    assert links == [("paper", "https://arxiv.org/abs/2406.07496"), ("https://x.org/a", "https://x.org/a"),
                     ("https://y.org/b", "https://y.org/b")]
    assert plain(runs).endswith("https://y.org/b.")


def test_html_and_latex_specials_are_plain_text():
    s = r'<script>alert(1)</script> \input{/etc/passwd} $x^2$ & # % ~ _'
    runs = parse_inline(s)
    assert plain(runs) == s
    assert not any(r.href for r in runs)


def test_slice_strip_unwrap():
    runs = parse_inline("**2406.07496 – TEXTGRAD · why**")
    assert all(r.bold for r in runs)
    name = strip_runs(slice_runs(runs, 13, 22))
    assert plain(name) == "TEXTGRAD"
    assert not any(r.bold for r in unwrap_emphasis(runs))
    # partial emphasis is real emphasis and stays
    mixed = parse_inline("plain **strong** plain")
    assert [r.bold for r in unwrap_emphasis(mixed)] == [False, True, False]
    # a slice that cuts an id is no longer a reference
    cut = slice_runs(parse_inline("2406.07496"), 0, 4)
    assert cut[0].ref is None

"""The one LaTeX escaper (reportgen/latex.py), used by the LaTeX engine and the BibLaTeX export."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.latex import NoEscape, escape


_UNESCAPE = {r"\textbackslash{}": "\\", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~", r"\{": "{",
             r"\textasciigrave{}": "`", r"\textquotesingle{}": "'", r"\char65533{}": "\ufffd",
             r"\}": "}", r"\$": "$", r"\&": "&", r"\#": "#", r"\_": "_", r"\%": "%"}
_UNESCAPE_RE = re.compile("|".join(re.escape(k) for k in sorted(_UNESCAPE, key=len, reverse=True)))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("\\{}$&#^_%~`' aăđ") + ["^^", "\\input", "\\catcode", "^^5c"]), max_size=30)
       .map("".join))
def test_escape_leaves_no_active_special(text):
    out = escape(text)
    # reversible: the escaped form means exactly the text
    assert _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group(0)], out) == text
    # no TeX special survives unescaped: every \ starts one of our escapes, and { } only close them
    stripped = _UNESCAPE_RE.sub("", out)
    assert not set(stripped) & set("\\{}$&#^_%~")


def test_injection_strings_become_text_and_noescape_passes_through():
    for s in [r"\input{/etc/passwd}", r"\write18{rm -rf /}", r"\catcode`\^^M=13", r"\def\x{y}", "^^5cinput"]:
        out = escape(s)
        assert "\\input{" not in out and "\\write18{" not in out and "\\def\\" not in out and "^^" not in out
    assert escape(NoEscape(r"\textbf{x}")) == r"\textbf{x}"


def test_right_to_left_runs_are_marked_with_their_script_and_nothing_else_is():
    out = escape('Văn bản العربية và "שלום עולם", اللغة العربية 3.', rtl=r"\RL")
    # a phrase is one run (its words ordered together), the neutral around it stays outside
    assert out == r'Văn bản \RL{arabic}{العربية} và "\RL{hebrew}{שלום עולם}", \RL{arabic}{اللغة العربية} 3.'
    assert escape("Mamba-2 và đối_chiếu", rtl=r"\RL") == r"Mamba-2 và đối\_chiếu"
    # the BibLaTeX export passes no macro: its text is untouched
    assert escape("العربية") == "العربية"


def test_the_replacement_character_is_a_char_code():
    # LuaTeX stops on a literal U+FFFD ("invalid utf-8 sequence"); what no font has is printed as it
    assert escape("kèm \ufffd") == r"kèm \char65533{}"

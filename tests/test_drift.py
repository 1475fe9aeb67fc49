"""Metamorphic drift tests: every corpus digest, drifted the ways real months drift
(tests/drift.py), must give readers the same digest; drifted destructively, it must make
the structure check speak.  Faithful transforms alone and in combinations (hypothesis)."""
from __future__ import annotations

import pytest
from conftest import CORPUS
from drift import DESTRUCTIVE, FAITHFUL, title_prefix
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.editorial import edition
from reportgen.model import plain
from reportgen.pipeline import load_text

TEXTS = {p.name: p.read_text(encoding="utf-8") for p in CORPUS}


def _t(runs) -> str:
    return " ".join(plain(runs).split())


def seen(text: str, name: str) -> dict:
    """What readers see of a digest, without its layout, markup, line numbers or labels'
    wording: titles, fields, steps, ids and text, section by section."""
    e = edition(load_text(text, name))
    out: dict = {"preamble": [_t(b.runs) for b in e.preamble]}

    def node(n, depth):
        return [(depth, n.code, _t(n.label), [(tuple(x.papers), _t(x.text)) for x in n.entries],
                 [_t(b.runs) for b in n.notes])] + [row for c in n.children for row in node(c, depth + 1)]

    if e.topic_tree:
        out["tree"] = [row for top in e.topic_tree.nodes for row in node(top, 1)]
    if e.highlights:
        out["highlights"] = [(h.rank, h.paper, tuple(h.keywords), _t(h.breakthrough), _t(h.impact),
                              [_t(x) for x in h.extra]) for h in e.highlights.rows]
    if e.contributions:
        out["contributions"] = [(tuple(c.papers), _t(c.technique), _t(c.commentary)) for c in e.contributions.items]
    if e.gaps:
        out["gaps"] = [(_t(g.title), _t(g.text), [_t(b.runs) for b in g.items]) for g in e.gaps.groups]
    if e.ideas:
        out["ideas"] = [(i.number, _t(i.title), i.label,
                         [(f.key, _t(f.text), [(s.number, _t(s.runs), [_t(b.runs) for b in s.substeps]) for s in f.steps],
                           [_t(b.runs) for b in f.blocks]) for f in i.fields]) for i in e.ideas.ideas]
    if e.reading_list:
        out["reading"] = [(it.paper, _t(it.name), _t(it.reason)) for it in e.reading_list.items]
    if e.reflection:
        out["reflection"] = [_t(b.runs) for b in e.reflection.blocks]
    out["other"] = {s.kind: [_t(b.runs) for b in s.other] for s in e.sections if s.other}
    out["papers"] = [(p.id, p.short_name) for p in e.papers]
    return out


BASE = {name: seen(text, name) for name, text in TEXTS.items()}


def _diff(a: dict, b: dict) -> str:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            x, y = a.get(key) or [], b.get(key) or []
            if isinstance(x, list) and isinstance(y, list):
                k = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
                return f"{key}[{k}]: {x[k] if k < len(x) else '—'!r:.300} != {y[k] if k < len(y) else '—'!r:.300}"
            return f"{key}: {x!r:.300} != {y!r:.300}"
    return ""


@pytest.mark.parametrize("transform", FAITHFUL, ids=[t.__name__ for t in FAITHFUL])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_faithful_drift_changes_nothing_readers_see(name, transform):
    drifted = transform(TEXTS[name])
    assert drifted != TEXTS[name] or transform.__name__.startswith("swap_markers"), "the transform did nothing"
    got = seen(drifted, name)
    assert got == BASE[name], _diff(BASE[name], got)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_label_written_as_a_title_prefix_becomes_the_label(name):
    drifted = title_prefix(TEXTS[name])
    if drifted == TEXTS[name]:
        pytest.skip("every idea already has a label")
    base, got = BASE[name]["ideas"], seen(drifted, name)["ideas"]
    changed = [(b, g) for b, g in zip(base, got) if b != g]
    assert len(changed) == 1
    (b, g), = changed
    # same title and fields; the label moved from the title ("Moon-shot", or before the one it had)
    assert g[1] == b[1] and g[2] in ("Moon-shot", f"Moon-shot, {b[2]}") and g[3] == b[3]


@pytest.mark.parametrize("transform", DESTRUCTIVE, ids=[t.__name__ for t in DESTRUCTIVE])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_destructive_drift_makes_the_structure_check_speak(name, transform):
    base = load_text(TEXTS[name], name)
    assert not [w for w in base.warnings if w.code == "suspect-structure"]
    drifted = load_text(transform(TEXTS[name]), name)
    assert [w for w in drifted.warnings if w.code == "suspect-structure"], "a wrong parse passed silently"


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TEXTS)),
       chain=st.lists(st.sampled_from(FAITHFUL), min_size=2, max_size=4, unique_by=lambda t: t.__name__))
def test_drifts_combined_change_nothing_readers_see(name, chain):
    text = TEXTS[name]
    for transform in chain:
        text = transform(text)
    got = seen(text, name)
    assert got == BASE[name], f"{[t.__name__ for t in chain]}: " + _diff(BASE[name], got)

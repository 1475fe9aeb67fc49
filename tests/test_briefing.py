"""The deck as a briefing (issue 13): sized to the meeting, a few words a slide in large type,
condensed by rule, the full text in the notes and the detail as a hidden appendix — on every
corpus digest and three meeting lengths.  Plan-level checks (fast); the written deck's
sections, hidden flags and chart axis are read back from the .pptx."""
from __future__ import annotations

import datetime
import statistics
import zipfile

import pytest
from conftest import CORPUS, REFERENCE
from lxml import etree
from pdfcheck import fidelity
from wordcount import visible_source

from reportgen import arxiv
from reportgen.deck import condense
from reportgen.deck.briefing import allocate, bounds
from reportgen.deck.plan import plan_deck
from reportgen.deck.slides import BRIEF_BODY_MIN, BRIEF_TITLE_MIN, WORDS_MAX
from reportgen.editorial import edition
from reportgen.pipeline import build_one, load
from reportgen.settings import Settings
from reportgen.textfit import metrics

DATE = datetime.date(2024, 6, 10)
MINUTES = [20, 40, 60]
_PLANS: dict = {}


def plan(path, minutes=40, appendix=True):
    key = (path, minutes, appendix)
    if key not in _PLANS:
        _PLANS[key] = plan_deck(edition(load(path)), settings=Settings(minutes=minutes, appendix=appendix), date=DATE)
    return _PLANS[key]


grid = pytest.mark.parametrize("path,minutes", [(p, m) for p in CORPUS for m in MINUTES],
                               ids=[f"{p.stem}-{m}min" for p in CORPUS for m in MINUTES])


def visible(deck):
    return [s for s in deck.slides if not s.hidden]


def test_the_bounds_of_a_meeting():
    assert (bounds(20), bounds(40), bounds(60)) == ((8, 12), (14, 24), (20, 32))


@grid
def test_the_visible_deck_is_sized_to_the_meeting(path, minutes):
    low, high = bounds(minutes)
    n = len(visible(plan(path, minutes)))
    assert low <= n <= high, f"{n} visible slides for {minutes} minutes (bounds {low}–{high})"


@grid
def test_a_few_words_a_slide(path, minutes):
    counts = [condense.words(s.body_text) for s in visible(plan(path, minutes))]
    assert max(counts) <= WORDS_MAX, [(s.kind, c) for s, c in zip(visible(plan(path, minutes)), counts) if c > WORDS_MAX]
    assert statistics.median(counts) <= 30, counts


@grid
def test_large_type_and_titles_of_two_lines_at_most(path, minutes):
    deck = plan(path, minutes)
    m = metrics(deck.font)
    for k, s in enumerate(visible(deck), 1):
        for f in s.frames:
            for p in f.paragraphs:
                floor = BRIEF_TITLE_MIN if f.role == "title" else BRIEF_BODY_MIN
                assert p.size >= floor, f"slide {k} ({s.kind}) {f.role}: {p.size} pt"
            if f.role == "title" and f.paragraphs:
                width, _ = f.box.inner()
                assert m.para_lines(f.paragraphs[0].measured(), width) <= 2, f"slide {k}: title on 3 lines"
        if s.table is not None:
            assert s.table.size >= BRIEF_BODY_MIN and sum(s.table.heights) <= s.table.box.h + 1


@grid
def test_nothing_is_lost_notes_and_slides_hold_every_sentence(path, minutes):
    marked = load(path)
    for appendix in (True, False):  # even without the appendix, the notes hold everything
        deck = plan(path, minutes, appendix)
        text = "\n".join(s.text + "\n" + (s.table.text if s.table else "") + "\n" + s.notes for s in deck.slides)
        token, flat, missing = fidelity(visible_source(path, marked), text)
        assert token >= 99.9 and flat == 100.0, (appendix, missing[:10])
        ids = {p.id for p in edition(marked).papers}
        assert ids <= {arxiv.base_id(i) for i in arxiv.find_ids(text)}


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_the_appendix_is_hidden_after_a_divider_and_in_sections(path):
    deck = plan(path)
    kinds = [s.kind for s in deck.slides]
    divider = kinds.index("divider")
    assert all(not s.hidden for s in deck.slides[:divider + 1]) and all(s.hidden for s in deck.slides[divider + 1:])
    hidden = deck.slides[divider + 1:]
    d = edition(load(path))
    assert sum(1 for s in hidden if s.kind == "highlight") == len(d.highlights.rows)
    assert sum(1 for s in hidden if s.kind == "idea" and not s.continued) == len(d.ideas.ideas)
    assert sum(1 for s in hidden if s.kind == "area" and not s.continued) == len(d.topic_tree.nodes)
    sections = list(dict.fromkeys(s.section for s in deck.slides))
    assert sections == ["Tổng quan", "Lĩnh vực", "Nổi bật", "Ý tưởng", "Tổng kết", "Phụ lục"]
    assert [s.kind for s in plan(path, 40, False).slides if s.hidden] == []


def test_the_written_deck_has_its_sections_hidden_slides_and_every_area_labelled(tmp_path):
    out = build_one("deck", REFERENCE, tmp_path / "d.pptx").output
    deck = plan(REFERENCE)
    with zipfile.ZipFile(out) as z:
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        ns = {"p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
              "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
              "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
        names = [s.get("name") for s in pres.iterfind(".//p14:section", ns)]
        assert names == ["Tổng quan", "Lĩnh vực", "Nổi bật", "Ý tưởng", "Tổng kết", "Phụ lục"]
        listed = [i.get("id") for i in pres.iterfind(".//p14:sldId", ns)]
        assert listed == [i.get("id") for i in pres.iterfind(".//p:sldIdLst/p:sldId", ns)]  # every slide, once
        slides = sorted((n for n in z.namelist() if n.startswith("ppt/slides/slide")),
                        key=lambda n: int(n.split("slide")[-1].split(".")[0]))
        shown = [etree.fromstring(z.read(n)).get("show") != "0" for n in slides]
        assert shown == [not s.hidden for s in deck.slides]
        chart = next(n for n in z.namelist() if n.startswith("ppt/charts/chart") and n.endswith(".xml"))
        cat = etree.fromstring(z.read(chart)).find(".//c:catAx", ns)
        assert cat.find("c:tickLblSkip", ns).get("val") == "1"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_the_briefing_has_the_shape_of_a_meeting(path):
    kinds = [s.kind for s in visible(plan(path))]
    assert kinds[0] == "title" and "overview" in kinds[:3]
    assert kinds[-3:] == ["takeaways", "closing", "divider"]
    d = edition(load(path))
    assert kinds.count("idea") == len(d.ideas.ideas)  # one slide per idea at 40 minutes
    for s in visible(plan(path)):
        if s.kind == "idea":
            assert s.title.startswith("Ý tưởng ")
            fields = [p.text.split(":")[0] for f in s.frames if f.role == "body" for p in f.paragraphs]
            assert "Động lực" in fields or "Điểm mới" in fields, s.title


def test_the_budget_rule():
    # a short meeting squeezes: ideas two a slide, tables for the highlights
    b = allocate(20, 13, 8, 5, gaps=True, reading=True, contributions=True, appendix=True)
    assert b.ideas_per_slide == 2 and not b.highlights_each
    # a long one: one slide each
    b = allocate(60, 5, 6, 3, gaps=True, reading=True, contributions=True, appendix=True)
    assert b.highlights_each and b.areas_per_slide == 1 and b.ideas_per_slide == 1


@pytest.mark.parametrize("rule,before,after", [
    (condense.label, "Tiền huấn luyện (Pre-training) & Quản lý Dữ liệu (Data Curation)",
     "Tiền huấn luyện & Quản lý Dữ liệu"),
    (condense.head, "DocTags: một định dạng đánh dấu cho tài liệu – Suy nghĩ", "DocTags"),
    (lambda t: condense.clause(t, 8), "Các LLM hiện tại mạnh về ngôn ngữ, nhưng yếu về suy luận nhiều bước, và "
     "cần nhiều dữ liệu.", "Các LLM hiện tại mạnh về ngôn ngữ …"),
    (lambda t: condense.phrase(t, 8), "Việc tạo dữ liệu chất lượng cao cho các miền chuyên biệt rất tốn kém.",
     "Việc tạo dữ liệu chất lượng cao …"),
    (lambda t: condense.short_title(t, 6), "AI Scientist with TEXTGRAD-powered Hypothesis Generation and "
     "Experimentation", "AI Scientist"),
])
def test_the_condensing_rules_as_the_readme_shows_them(rule, before, after):
    assert rule(before) == after
    assert all(w.strip("…") in before for w in after.split() if w.strip("…"))  # never a word cut, never a new one

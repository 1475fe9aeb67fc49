"""The reader on the real corpus: no word lost, structure recognised, lossless JSON."""
from __future__ import annotations

import re

from conftest import CORPUS, REFERENCE, corpus_params
from wordcount import model_words, source_words

from reportgen import arxiv
from reportgen.jsonio import to_json
from reportgen.model import SECTION_KINDS, plain
from reportgen.derive import derive
from reportgen.pipeline import load
from reportgen.reader import read_json


def test_corpus_has_all_six_digests():
    assert len(CORPUS) >= 6, f"the real corpus was not found, only {CORPUS}"


@corpus_params()
def test_no_word_lost(path):
    """Every word of the source (markup stripped) is in the model, with multiplicity,
    and the model invents none."""
    digest = load(path)
    src = source_words(path.read_text(encoding="utf-8"))
    got = model_words(digest)
    lost = src - got
    assert not lost, f"{sum(lost.values())} words lost, e.g. {lost.most_common(10)}"
    extra = got - src
    assert not extra, f"model has words the source lacks: {extra.most_common(10)}"


@corpus_params()
def test_all_seven_sections_recognised_and_nothing_unplaced(path):
    digest = load(path)
    assert [s.kind for s in digest.sections] == list(SECTION_KINDS)
    codes = {w.code for w in digest.warnings}
    assert "unplaced" not in codes, [str(w) for w in digest.warnings if w.code == "unplaced"]
    assert "unknown-section" not in codes and "missing-section" not in codes
    for s in digest.sections:
        assert not s.other, f"{s.kind} has unplaced text: {[plain(b.runs)[:60] for b in s.other]}"


@corpus_params()
def test_structure_is_populated(path):
    d = load(path)
    assert d.topic_tree.nodes and all(plain(n.label) for n in d.topic_tree.nodes)
    entries = [e for top in d.topic_tree.nodes for n in top.walk() for e in n.entries]
    assert all(e.papers and plain(e.text) for e in entries)
    # as many entries as tree lines of the form "ids | trend" (counted independently on the text)
    raw = path.read_text(encoding="utf-8").split("\n")
    tree_lines = raw[d.topic_tree.line:d.highlights.line - 1]
    # (an aside between the ids and the bar counts: "2502.11089 (cũng là 2502.13685) | trend")
    expected = sum(1 for ln in tree_lines if re.search(r"\d{4}\.\d{4,5}`?(?:\s*\([^()|]*\))?\s*\|", ln))
    assert len(entries) == expected > 20
    for h in d.highlights.rows:
        assert h.rank is not None and h.paper and h.keywords and h.breakthrough and h.impact and not h.extra
    assert [h.rank for h in d.highlights.rows] == list(range(1, len(d.highlights.rows) + 1))
    for c in d.contributions.items:
        assert c.papers and plain(c.technique) and plain(c.commentary)
        # the structural bold around whole items is gone; the separators are not in the text
        assert not plain(c.technique).startswith(("*", "–")) and not plain(c.commentary).startswith(("*", "–", ":"))
    assert d.gaps.groups and all(plain(g.title) and (g.items or g.text) for g in d.gaps.groups)
    for idea in d.ideas.ideas:
        keys = [f.key for f in idea.fields]
        assert keys[:5] == ["motivation", "novelty", "approach", "dataset_metrics", "risk"], keys
        assert len(idea.field("approach").steps) >= 3
        assert all(plain(f.text) for f in idea.fields if f.key != "approach")
    for it in d.reading_list.items:
        assert arxiv.is_valid(it.paper) and plain(it.name) and plain(it.reason)
    assert d.reflection.blocks
    assert d.period is not None and d.title


@corpus_params()
def test_period_matches_file_name(path):
    d = load(path)
    y, m = path.stem.split("-")[1:3]
    assert (d.period.year, d.period.month) == (int(y), int(m))


@corpus_params()
def test_json_round_trip_is_lossless(path, tmp_path):
    d = load(path)
    text = to_json(d)
    again = derive(read_json(text, "x.json"))  # the reader reads; the pipeline derives
    assert again == d
    assert to_json(again) == text


@corpus_params()
def test_paper_index_knows_every_id_and_where(path):
    d = load(path)
    raw = path.read_text(encoding="utf-8")
    ids = {arxiv.base_id(i) for i in arxiv.find_ids(raw)}
    assert {p.id for p in d.papers} == ids
    for p in d.papers:
        assert p.mentions, p.id
        assert all(m.line > 0 and m.section for m in p.mentions)
    # every reading-list paper gets its short name from there: the name, or the head of a long
    # "Name: subtitle" ("Step-Video-T2V: A 30B Parameter … Model" -> "Step-Video-T2V")
    for it in d.reading_list.items:
        name, short = plain(it.name), d.paper(arxiv.base_id(it.paper)).short_name
        assert short == name or (len(name) > 30 and name.startswith(short + ":")), (name, short)


def test_reference_digest_counts_checked_by_hand():
    """digest-2024-06.md, counted by hand (and with grep) in the source."""
    d = load(REFERENCE)
    tree = d.topic_tree
    assert len(tree.nodes) == 6  # I. … V. and VI. Other
    assert [n.code for n in tree.nodes] == ["I.", "II.", "III.", "IV.", "V.", "VI."]
    assert plain(tree.nodes[0].label) == "Mô hình Ngôn ngữ Lớn (LLMs) & Xử lý Ngôn ngữ Tự nhiên (NLP)"
    entries = [e for top in tree.nodes for n in top.walk() for e in n.entries]
    assert len(entries) == 74
    assert entries[0].papers == ["2406.17557", "2406.11794"]
    assert plain(tree.nodes[5].notes[0].runs) == "(Không có paper nào thuộc nhóm này dựa trên phân tích)"
    assert len(d.papers) == 101
    assert len(d.highlights.rows) == 6
    assert d.highlights.rows[1].paper == "2406.07496"
    assert d.highlights.rows[1].keywords == ["AI Optimization", "Textual Gradients", "Computation Graph"]
    assert len(d.contributions.items) == 51
    assert len(d.gaps.groups) == 6
    assert plain(d.gaps.groups[0].title) == "Đánh giá Mô hình & Dữ liệu"
    assert len(d.gaps.groups[0].items) == 4
    assert len(d.ideas.ideas) == 3
    idea = d.ideas.ideas[0]
    assert (idea.number, idea.label) == (1, "Khả thi cao")
    assert plain(idea.title) == "Meta-Learned Data Curator for Specialized LLMs/MLLMs"
    assert len(idea.field("approach").steps) == 6
    assert len(d.reading_list.items) == 7
    assert (d.reading_list.items[0].paper, plain(d.reading_list.items[0].name)) == ("2405.21060", "Mamba-2")
    assert len(d.reflection.blocks) == 7
    assert (d.period.year, d.period.month) == (2024, 6)
    # the reader has nothing to say; the editor hides area VI (no paper), and says so
    assert [(w.code, w.line) for w in d.warnings] == [("empty-area", 187)]
    assert tree.nodes[5].hidden == "empty-area"
    # the paper index: TEXTGRAD is in the highlights, contributions, an idea and the reading list
    textgrad = d.paper("2406.07496")
    assert textgrad.short_name == "TEXTGRAD"
    assert {m.section for m in textgrad.mentions} >= {"topic_tree", "highlights", "contributions", "ideas",
                                                       "reading_list"}


def test_reference_parses_fast_enough_to_not_matter():
    """Not a timing test (see benchmarks/): parsing twice gives equal models."""
    assert load(REFERENCE) == load(REFERENCE)

"""The editorial stage and the reader's drift classes, one defect at a time, each on an
inline digest shaped like the drift (DESIGN §2) and checked in every output that shows it:
the report (HTML and TeX sources), the deck plan, the model's JSON."""
from __future__ import annotations

import json

import pytest

from reportgen.derive import counts
from reportgen.editorial import edition, is_closing_chatter, is_opening_chatter, title_prefix
from reportgen.formats import FORMATS
from reportgen.jsonio import to_json
from reportgen.labels import Labels, build_date
from reportgen.model import plain
from reportgen.pipeline import for_format, load_text
from reportgen.renderers.common import chapters, papers_per_area
from reportgen.settings import Settings

IDEA_FIELDS = """\
    ✨ **Idea 1: Bộ tuyển chọn dữ liệu (Khả thi cao)**
        {m}**Motivation:** Dữ liệu tốt rất đắt.
        {m}**Key novelty:** Học chiến lược tuyển chọn.
        {m}**Approach:**
            1.  Chấm điểm tài liệu ứng viên.
            2.  Giữ lại phần tốt nhất.
            3.  Huấn luyện lại và đo.
        {m}**Dataset + Metrics:** FineWeb, độ chính xác MMLU.
        {m}**Risk/Feasibility:** Thấp; chi phí tính toán vừa phải.
"""

DIGEST = """\
Tuyệt vời! Tôi đã sẵn sàng phân tích các bài báo tháng này. Dưới đây là kết quả phân tích:

1.  **TOPIC_TREE**
    *   **I. Mô hình ngôn ngữ**
        *   **A. Hiệu quả**
            *   **Thưa hóa ngữ cảnh**
                *   `2310.17157, 2404.08801 | Thưa hóa động và kiến trúc mới cho suy luận nhanh.`
            *   **Mô hình nhỏ**
                *   2401.02385 | Mô hình nhỏ huấn luyện ba giai đoạn.
    *   **II. Tài liệu**
        *   **A. Chuyển đổi tài liệu**
            *   2503.11576 | Mô hình nhỏ chuyển tài liệu thành mã đánh dấu.
    *   **III. Khác (Other)**
        *   (Trống)

2.  **SOTA_HIGHLIGHTS**

    | Rank | PaperID | Keywords | Đột phá | Ảnh hưởng |
    |---|---|---|---|---|
    | 1 | 2310.17157 | DEJAVU, Contextual Sparsity, LLM Inference | Thưa hóa theo ngữ cảnh khi suy luận. | Suy luận nhanh hơn. |
    | 2 | 2404.08801 | LLM, Efficient Architecture, RWKV | Kiến trúc hiệu quả cho ngữ cảnh dài. | Ngữ cảnh không giới hạn. |
    | 3 | 2503.11576 | SmolDocling, Document Conversion, VLM | Mô hình 256M chuyển đổi tài liệu. | Tài liệu rẻ hơn. |

3.  **NOVEL_TECH_CONTRIBUTIONS**
    *   **2404.08801 – MEGALODON: chú ý trung bình động có cổng – Suy nghĩ:** Hướng đi mạnh.
    *   **2503.11576 – DocTags: một định dạng đánh dấu cho tài liệu – Suy nghĩ:** Thực dụng.
    *   **2401.02385 – TinyLlama (3-stage training: tiền huấn luyện, tiếp tục, làm mát) – Suy nghĩ:** Rõ ràng.

4.  **GAPS_AND_OPPORTUNITIES**
    *   **Đánh giá:**
        *   Thiếu benchmark tự cập nhật.

5.  **FUTURE_IDEAS**
{ideas}
    ✨ **Idea 2: Moon-shot: Một mô hình thế giới tự học**
    *   **Motivation:** Mô hình hiện nay không tự học. · **Key novelty:** Tự sinh môi trường.
    *   **Approach:**
        *   Bước 1: Sinh môi trường.
        *   Bước 2: Học trong đó.
    *   **Dataset + Metrics:** Môi trường tổng hợp. · **Risk/Feasibility:** Cao.

6.  **READING_LIST**
    *   **2310.17157 – DEJAVU · Thưa hóa theo ngữ cảnh.**
    *   **2401.02385 – TinyLlama · Mô hình nhỏ mở.**

7.  **META_REFLECTION**
    Tháng này cho thấy ba xu hướng:
    1.  **Hiệu quả:** mô hình nhỏ và thưa.
    2.  **Tài liệu:** chuyển đổi rẻ hơn.
Nhìn chung, hiệu quả là sợi chỉ đỏ. Hy vọng các mô hình mở sẽ tiếp tục dẫn đầu.

Hy vọng bản phân tích này hữu ích! Nếu bạn cần thêm chi tiết, hãy cho tôi biết nhé.
"""


def digest_text(marker: str = "*   ") -> str:
    return DIGEST.replace("{ideas}", IDEA_FIELDS.replace("{m}", marker))


def outputs(d):
    """What each output makes of the digest, cheaply: the report's HTML and TeX sources and
    the deck's plan (its slide text and notes)."""
    from reportgen.deck.plan import plan_deck
    from reportgen.renderers.html import render_report
    from reportgen.renderers.latex import render_latex

    e = edition(d)
    html = render_report(e, for_format(FORMATS["report"], Settings())).html
    tex = render_latex(e, for_format(FORMATS["report"], Settings()))
    deck = plan_deck(e, settings=Settings(), date=build_date())
    return html, tex, deck


@pytest.fixture(scope="module")
def clean():
    return load_text(digest_text(), "drift.md")


@pytest.fixture(scope="module")
def made(clean):
    return outputs(clean)


# --------------------------------------------------------------------------- 1. fields under the title


@pytest.mark.parametrize("marker", ["*   ", "·   ", "• ", "‣ ", "– ", ""], ids=["star", "middot", "bullet", "triangle",
                                                                           "dash", "none"])
def test_idea_fields_under_the_title_are_fields_whatever_their_marker(marker):
    d = load_text(digest_text(marker), "drift.md")
    idea = d.ideas.ideas[0]
    assert plain(idea.title) == "Bộ tuyển chọn dữ liệu" and idea.label == "Khả thi cao"
    assert [f.key for f in idea.fields] == ["motivation", "novelty", "approach", "dataset_metrics", "risk"]
    assert [(s.number, plain(s.runs)) for s in idea.field("approach").steps] == [
        (1, "Chấm điểm tài liệu ứng viên."), (2, "Giữ lại phần tốt nhất."), (3, "Huấn luyện lại và đo.")]
    assert not d.ideas.other and not [w for w in d.warnings if w.code in ("unplaced", "suspect-structure")]
    html, tex, deck = outputs(d)
    e = edition(d)
    ideas = next(c for c in chapters(e, Labels("vi")) if c["kind"] == "ideas")
    assert [s["title"] for s in ideas["subs"]] == ["Bộ tuyển chọn dữ liệu", "Một mô hình thế giới tự học"]
    slides = [s for s in deck.slides if s.kind == "idea" and not s.continued]
    assert slides[0].title == "Ý tưởng 1: Bộ tuyển chọn dữ liệu"
    closing = next(s for s in deck.slides if s.kind == "closing")
    assert "Bộ tuyển chọn dữ liệu" in closing.text and "Một mô hình thế giới tự học" in closing.text
    assert "Approach:</" not in html.split("Bộ tuyển chọn dữ liệu")[1][:200]  # the heading is the title alone


def test_fields_chained_on_one_line_and_steps_in_words(clean):
    idea = clean.ideas.ideas[1]
    assert [f.key for f in idea.fields] == ["motivation", "novelty", "approach", "dataset_metrics", "risk"]
    assert plain(idea.field("motivation").text) == "Mô hình hiện nay không tự học."
    assert plain(idea.field("novelty").text) == "Tự sinh môi trường."
    assert [(s.number, plain(s.runs)) for s in idea.field("approach").steps] == [(1, "Sinh môi trường."),
                                                                               (2, "Học trong đó.")]
    assert plain(idea.field("risk").text) == "Cao."


def test_a_parse_that_went_wrong_is_a_suspect_structure_warning():
    glued = digest_text("").replace("\n        **", " **")  # every field glued onto the title line
    d = load_text(glued.replace("**Motivation:**", "Motivation").replace("**Key novelty:**", "novelty")
                  .replace("**Approach:**", "approach").replace("**Dataset + Metrics:**", "data")
                  .replace("**Risk/Feasibility:**", "risk"), "bad.md")
    suspect = [w for w in d.warnings if w.code == "suspect-structure"]
    assert suspect and all(w.file == "bad.md" and w.line > 0 for w in suspect), d.warnings
    assert any("recognised field" in w.message for w in suspect)


# --------------------------------------------------------------------------- 2. chatter


def test_chatbot_small_talk_is_kept_marked_and_never_shown(clean, made):
    outro = digest_text().split("\n").index("Hy vọng bản phân tích này hữu ích! Nếu bạn cần thêm chi tiết, hãy cho tôi biết nhé.") + 1
    marks = [(w.code, w.line) for w in clean.warnings if w.code == "chatter"]
    assert marks == [("chatter", 1), ("chatter", outro)]
    assert clean.preamble[0].hidden == "chatter"
    model = json.loads(to_json(clean))  # lossless: the JSON keeps it, marked
    assert model["preamble"][0]["hidden"] == "chatter" and "Tuyệt vời" in model["preamble"][0]["runs"][0]["text"]
    html, tex, deck = made
    notes = "\n".join(s.notes for s in deck.slides)
    for out in (html, tex, notes + "\n".join(s.text for s in deck.slides)):
        assert "Tuyệt vời" not in out and "Nếu bạn cần thêm" not in out
    # the reflection's own "Hy vọng …" sentence is the digest's, not small talk
    assert "Hy vọng các mô hình mở" in html and "Hy vọng các mô hình mở" in notes


@pytest.mark.parametrize("text", ["Chào bạn, tôi đã phân tích 120 bài báo của tháng.", "Sure! Here is the analysis:",
                                  "**ĐẦU RA**", "Dưới đây là kết quả:", "Certainly, I have analysed the abstracts."])
def test_openings_that_are_chatter(text):
    assert is_opening_chatter(text)


@pytest.mark.parametrize("text", ["Hy vọng bản phân tích này hữu ích!", "Let me know if you need more.",
                                  "Nếu bạn muốn, tôi có thể viết thêm.", "I hope this helps."])
def test_closings_that_are_chatter(text):
    assert is_closing_chatter(text)


@pytest.mark.parametrize("text", ["Tháng này có 120 bài báo về LLM.", "Hy vọng các mô hình mở sẽ tiếp tục dẫn đầu.",
                                  "Dưới góc nhìn hiệu quả, MoE thắng.", "Here, efficiency wins."])
def test_prose_that_only_contains_such_words_is_not_chatter(text):
    assert not is_opening_chatter(text) and not is_closing_chatter(text)


# --------------------------------------------------------------------------- 3. empty areas, 7. counts


def test_an_empty_area_is_not_counted_drawn_or_shown(clean, made):
    assert [(w.code, w.line) for w in clean.warnings if w.code == "empty-area"] == [("empty-area", 13)]
    e = edition(clean)
    assert [plain(n.label) for n in e.topic_tree.nodes] == ["I. Mô hình ngôn ngữ", "II. Tài liệu"] or \
        [plain(n.label) for n in e.topic_tree.nodes] == ["Mô hình ngôn ngữ", "Tài liệu"]
    assert [n for _, n in papers_per_area(e)] == [3, 1]  # the chart: no bar of 0
    html, tex, deck = made
    assert "Khác (Other)" not in html and "Khác (Other)" not in tex and "(Trống)" not in html
    assert sum(1 for s in deck.slides if s.kind == "area" and not s.hidden) <= 2
    assert not [s for s in deck.slides if "Khác" in s.text]
    assert "<b>2</b><span>lĩnh vực</span>" in html  # the cover counts what the chart draws
    assert json.loads(to_json(clean))["sections"][0]["nodes"][2]["hidden"] == "empty-area"


def test_counts_are_areas_topics_and_papers(clean, made):
    c = counts(edition(clean))
    assert (c.areas, c.topics, c.entries, c.papers) == (2, 3, 3, 4)  # topics carry entries; areas and headings do not
    from reportgen.deck.plan import plan_deck

    title = next(s for s in made[2].slides if s.kind == "title")
    assert "4 bài báo · 2 lĩnh vực" in title.text
    long = plan_deck(edition(clean), settings=Settings(minutes=90), date=build_date())  # room for an agenda
    agenda = next(s for s in long.slides if s.kind == "agenda")
    assert "2 lĩnh vực, 3 chủ đề" in agenda.body_text


# --------------------------------------------------------------------------- 4. backticks


def test_a_whole_entry_in_backticks_is_text_not_code(clean, made):
    entry = clean.topic_tree.nodes[0].children[0].children[0].entries[0]
    assert entry.papers == ["2310.17157", "2404.08801"]
    assert plain(entry.text) == "Thưa hóa động và kiến trúc mới cho suy luận nhanh." and not any(r.code for r in entry.text)
    assert "<code>" not in made[0].split("Thưa hóa động")[0][-200:]


# --------------------------------------------------------------------------- 5. prefixes


def test_a_label_at_the_head_of_an_idea_title_becomes_its_label(clean, made):
    idea = clean.ideas.ideas[1]
    assert idea.title_prefix == "Moon-shot: " and plain(idea.title).startswith("Moon-shot: ")  # kept, marked
    shown = edition(clean).ideas.ideas[1]
    assert plain(shown.title) == "Một mô hình thế giới tự học" and shown.label == "Moon-shot"
    html, tex, deck = made
    assert "Moon-shot: Một" not in html and "Moon-shot: Một" not in tex
    titles = [s.title for s in deck.slides if s.kind == "idea" and not s.continued]
    assert titles[1] == "Ý tưởng 2: Một mô hình thế giới tự học"


@pytest.mark.parametrize("title,prefix", [("(Interdisciplinary): Robot học từ video", "Interdisciplinary"),
                                          ("[Khả thi cao] Bộ nhớ dài", "Khả thi cao"),
                                          ("Moon-shot: AGI", "Moon-shot"),
                                          ("Low-Rank Adapters: tinh chỉnh rẻ", None),
                                          ("Meta-Learned Data Curator: Học tuyển chọn", None)])
def test_what_is_a_title_prefix(title, prefix):
    found = title_prefix(title)
    assert (found[1] if found else None) == prefix


# --------------------------------------------------------------------------- 6, 8. short names, glance titles


def test_short_names_one_rule_everywhere(clean, made):
    name = {p.id: p.short_name for p in clean.papers}
    assert name["2310.17157"] == "DEJAVU"  # reading list
    assert name["2503.11576"] == "SmolDocling"  # the highlight's first keyword names it, not "DocTags"
    assert name["2404.08801"] == "MEGALODON"  # its keywords are a list of topics: the contribution names it
    assert name["2401.02385"] == "TinyLlama"  # never "TinyLlama (3-stage training"
    html, tex, deck = made
    for out in (html, tex, "\n".join(s.text for s in deck.slides)):
        assert "DocTags</" not in out and "TinyLlama (3-stage training" not in out.replace("\n", " ").split("—")[0]
    glance = html[html.index('class="glance"'):html.index("</ul>", html.index('class="glance"'))]
    assert "<strong>MEGALODON</strong>" in glance and "LLM, Efficient Architecture" not in glance
    assert "<strong>SmolDocling</strong>" in glance


def test_the_index_links_every_area_that_mentions_a_paper(made):
    html = made[0]
    entry = html[html.index('href="https://arxiv.org/abs/2404.08801">2404.08801</a> <span class="sn">'):]
    entry = entry[:entry.index("</li>")]
    # in two places of the topic tree?  Here once (area I) — and in highlights and contributions
    assert entry.count('class="pr"') == 3


def test_a_paper_in_two_areas_gets_both_pages():
    text = digest_text().replace("            *   2503.11576 | Mô hình nhỏ chuyển tài liệu thành mã đánh dấu.",
                                 "            *   2503.11576, 2310.17157 | Mô hình nhỏ chuyển tài liệu thành mã đánh dấu.")
    html = outputs(load_text(text, "two.md"))[0]
    entry = html[html.index('href="https://arxiv.org/abs/2310.17157">2310.17157</a> <span class="sn">'):]
    entry = entry[:entry.index("</li>")]
    topic = entry[:entry.index("·")]
    assert topic.count('class="pr"') == 2 and 'topic_tree.1' in topic and 'topic_tree.2' in topic


# --------------------------------------------------------------------------- 9. a closing paragraph


def test_a_closing_paragraph_after_a_list_stands_alone(clean, made):
    blocks = clean.reflection.blocks
    assert plain(blocks[2].runs) == "Tài liệu: chuyển đổi rẻ hơn." and blocks[2].ordered == 2
    assert plain(blocks[3].runs).startswith("Nhìn chung,") and blocks[3].ordered is None
    assert "Nhìn chung" not in made[0].split("chuyển đổi rẻ hơn.")[0][-300:]

"""The reader on small inline digests showing each kind of drift (DESIGN §2)."""
from __future__ import annotations

import unicodedata

import pytest
from wordcount import model_words, source_words

from reportgen.errors import InputError
from reportgen.model import plain
from reportgen.pipeline import load_text as read_text  # the reader, then the model's derived fields

CLEAN = """\
1.  **TOPIC_TREE**

    *   I. Mô hình Ngôn ngữ Lớn
        *   A. Tiền huấn luyện
            *   2406.17557, 2406.11794 | Xu hướng xây dựng dữ liệu mở.
        *   B. Căn chỉnh
            *   2406.08464 | Xu hướng tổng hợp dữ liệu căn chỉnh.
    *   II. Thị giác
        *   2406.09414 | Ước lượng độ sâu.

2.  **SOTA_HIGHLIGHTS**

    | Rank | PaperID | Keywords (≤ 5) | Đột phá | Ảnh hưởng |
    | :--- | :--- | :--- | :--- | :--- |
    | 1 | 2406.17557 | Data, Web | Bộ dữ liệu lớn. | Mở cho cộng đồng. |
    | 2 | 2406.09414 | Depth | Độ sâu tốt. | Ứng dụng 3D. |

3.  **NOVEL_TECH_CONTRIBUTIONS**

    *   **2406.08464 – MAGPIE: tự tổng hợp dữ liệu – Phương pháp đơn giản.**

4.  **GAPS_AND_OPPORTUNITIES**

    *   **Đánh giá:**
        *   Cần benchmark động.

5.  **FUTURE_IDEAS**

    ✨ **Idea 1: Bộ tuyển chọn dữ liệu (Khả thi cao)**
    *   **Motivation:** Dữ liệu đắt.
    *   **Key novelty:** Học cách tạo dữ liệu.
    *   **Approach:**
        1.  Xây dựng không gian.
        2.  Huấn luyện nhanh.
    *   **Dataset + Metrics:** SuperGLUE.
    *   **Risk/Feasibility:** Cao.

6.  **READING_LIST**

    *   2406.17557 – FineWeb · Bộ dữ liệu mở.

7.  **META_REFLECTION**

    *   Tháng 06/2024 cho thấy nhiều tiến bộ.
"""


def read(text, name="t.md"):
    d = read_text(text, name)
    lost = source_words(text) - model_words(d)
    assert not lost, f"words lost: {lost}"
    return d


def codes(d):
    return [w.code for w in d.warnings]


def test_clean_digest():
    d = read(CLEAN)
    assert [s.kind for s in d.sections] == ["topic_tree", "highlights", "contributions", "gaps", "ideas",
                                            "reading_list", "reflection"]
    assert d.warnings == []
    assert d.topic_tree.nodes[1].entries[0].papers == ["2406.09414"]
    assert d.contributions.items[0].commentary_label is None
    assert plain(d.contributions.items[0].technique) == "MAGPIE: tự tổng hợp dữ liệu"
    assert d.paper("2406.08464").short_name == "MAGPIE"
    assert (d.period.year, d.period.month) == (2024, 6)


def test_chatty_preamble_and_suffix_titles():
    text = "Tuyệt vời! Đây là phân tích tháng 2024-06.\n\n**ĐẦU RA**\n\n" + CLEAN.replace(
        "6.  **READING_LIST**", "6.  **READING_LIST** (Top papers đáng đọc)")
    d = read(text)
    assert [plain(b.runs) for b in d.preamble] == ["Tuyệt vời! Đây là phân tích tháng 2024-06.", "ĐẦU RA"]
    assert plain(d.reading_list.suffix) == "(Top papers đáng đọc)"
    assert len(d.reading_list.items) == 1


@pytest.mark.parametrize("heading", ["## 2. SOTA Highlights", "2. **SOTA HIGHLIGHTS**", "**SOTA_HIGHLIGHTS**",
                                     "### Sota_Highlights", "2) **SOTA_HIGHLIGHTS:**"])
def test_heading_spellings(heading):
    d = read(CLEAN.replace("2.  **SOTA_HIGHLIGHTS**", heading))
    assert d.highlights is not None and len(d.highlights.rows) == 2
    assert "unknown-section" not in codes(d)


def test_missing_and_renumbered_sections():
    start, end = CLEAN.index("4.  **GAPS"), CLEAN.index("5.  **FUTURE")
    text = CLEAN[:start] + CLEAN[end:]
    text = text.replace("5.  **FUTURE", "4.  **FUTURE").replace("7.  **META", "9.  **META")
    d = read(text)
    assert d.gaps is None and d.ideas is not None and d.reflection.number == 9
    assert "missing-section" in codes(d)


def test_sections_in_another_order_keep_source_order():
    a, b = CLEAN.index("6.  **READING"), CLEAN.index("7.  **META")
    text = CLEAN[:CLEAN.index("1.  **TOPIC")] + CLEAN[a:b] + CLEAN[:a] + CLEAN[b:]
    d = read(text)
    assert d.sections[0].kind == "reading_list" and len(d.reading_list.items) == 1


def test_unknown_section_is_kept_with_a_warning():
    d = read(CLEAN + "\n8.  **EXTRA_NOTES** (thêm)\n\n    *   Một ghi chú lạ.\n")
    unknown = d.sections[-1]
    assert unknown.kind == "unknown" and unknown.heading == "EXTRA_NOTES"
    assert plain(unknown.blocks[0].runs) == "Một ghi chú lạ."
    assert "unknown-section" in codes(d)


def test_backticks_fences_and_bold_topics():
    text = CLEAN.replace("    *   I. Mô hình Ngôn ngữ Lớn", "    ```markdown\n    *   **Mô hình Ngôn ngữ Lớn**")
    text = text.replace("            *   2406.08464 | Xu", "            *   `2406.08464` | Xu")
    text = text.replace("        *   2406.09414 | Ước lượng độ sâu.", "        `*   2406.09414 | Ước lượng độ sâu.`\n    ```")
    d = read(text)
    top = d.topic_tree.nodes[0]
    assert top.code is None and plain(top.label) == "Mô hình Ngôn ngữ Lớn" and not top.label[0].bold
    assert top.children[1].entries[0].papers == ["2406.08464"]
    assert d.topic_tree.nodes[1].entries[0].papers == ["2406.09414"]
    assert not d.topic_tree.other


def test_label_and_entry_on_one_line():
    text = CLEAN.replace("        *   B. Căn chỉnh\n            *   2406.08464 | Xu hướng",
                         "        *   **Căn chỉnh:** 2406.08464 | Xu hướng")
    d = read(text)
    node = d.topic_tree.nodes[0].children[1]
    assert plain(node.label) == "Căn chỉnh" and node.entries[0].papers == ["2406.08464"]


def test_uneven_table_rows_keep_every_cell():
    text = CLEAN.replace("| 2 | 2406.09414 | Depth | Độ sâu tốt. | Ứng dụng 3D. |",
                         "| 2 | 2406.09414 | Depth | Độ sâu tốt. | Ứng dụng 3D. | Ghi chú thừa |\n"
                         "    | 3 | 2406.08464 | Thiếu ô |")
    d = read(text)
    rows = d.highlights.rows
    assert plain(rows[1].extra[0]) == "Ghi chú thừa"
    assert rows[2].paper == "2406.08464" and rows[2].keywords == ["Thiếu ô"] and not rows[2].breakthrough
    assert codes(d).count("uneven-row") == 2
    assert {w.line for w in d.warnings if w.code == "uneven-row"} == {16, 17}


def test_highlights_table_in_another_column_order():
    table = ("| PaperID | Rank | Impact | Breakthrough | Keywords |\n    |---|---|---|---|---|\n"
             "    | `2406.17557` | #1 | Mở. | Lớn. | Data; Web |")
    text = CLEAN.replace(CLEAN[CLEAN.index("| Rank |"):CLEAN.index("3.  **NOVEL") - 2], table)
    d = read(text)
    h = d.highlights.rows[0]
    assert (h.paper, h.rank, plain(h.impact), plain(h.breakthrough), h.keywords) == (
        "2406.17557", 1, "Mở.", "Lớn.", ["Data", "Web"])


def test_vietnamese_field_labels_and_plain_labels():
    text = CLEAN.replace("*   **Motivation:** Dữ liệu đắt.", "*   Động lực: Dữ liệu đắt.") \
        .replace("*   **Key novelty:**", "*   **Điểm mới**:") \
        .replace("*   **Approach:**", "*   Cách tiếp cận:") \
        .replace("*   **Dataset + Metrics:**", "*   **Dữ liệu + Đánh giá:**") \
        .replace("*   **Risk/Feasibility:**", "*   Rủi ro/Khả thi:")
    d = read(text)
    idea = d.ideas.ideas[0]
    assert [f.key for f in idea.fields] == ["motivation", "novelty", "approach", "dataset_metrics", "risk"]
    assert [f.label for f in idea.fields] == ["Động lực", "Điểm mới", "Cách tiếp cận", "Dữ liệu + Đánh giá",
                                              "Rủi ro/Khả thi"]
    assert plain(idea.field("novelty").text) == "Học cách tạo dữ liệu."
    assert len(idea.field("approach").steps) == 2


def test_idea_without_number_and_extra_field():
    text = CLEAN.replace("✨ **Idea 1: Bộ tuyển chọn dữ liệu (Khả thi cao)**", "✨ **Bộ tuyển chọn (*Moon-shot*)**") \
        .replace("    *   **Risk/Feasibility:** Cao.", "    *   **Risk/Feasibility:** Cao.\n    *   **Feasibility Step**: Bắt đầu nhỏ.")
    d = read(text)
    idea = d.ideas.ideas[0]
    assert idea.number is None and idea.label == "Moon-shot" and plain(idea.title) == "Bộ tuyển chọn"
    assert idea.fields[-1].key == "other" and idea.fields[-1].label == "Feasibility Step"


def test_contribution_variants():
    text = CLEAN.replace("    *   **2406.08464 – MAGPIE: tự tổng hợp dữ liệu – Phương pháp đơn giản.**",
                         "    *   **2406.08464 – MAGPIE – Suy nghĩ**: Đơn giản.\n"
                         "    *   **`2406.09414` – Teacher – Suy nghĩ:** Thông minh – rất hay.\n"
                         "    *   2406.17557, 2406.11794 – Dữ liệu web – Tốt.")
    d = read(text)
    c = d.contributions.items
    assert [(x.papers, plain(x.technique), x.commentary_label, plain(x.commentary)) for x in c] == [
        (["2406.08464"], "MAGPIE", "Suy nghĩ", "Đơn giản."),
        (["2406.09414"], "Teacher", "Suy nghĩ", "Thông minh – rất hay."),
        (["2406.17557", "2406.11794"], "Dữ liệu web", None, "Tốt."),
    ]


def test_unplaced_text_is_kept_and_reported_with_its_line():
    text = CLEAN.replace("    *   **2406.08464 – MAGPIE", "    Một câu lạc chỗ không có mã bài báo.\n\n    *   **2406.08464 – MAGPIE")
    d = read(text, "drift.md")
    assert plain(d.contributions.other[0].runs) == "Một câu lạc chỗ không có mã bài báo."
    w = [w for w in d.warnings if w.code == "unplaced"]
    assert len(w) == 1 and w[0].file == "drift.md" and w[0].line == 20


def test_malformed_and_cross_reference_warnings():
    text = CLEAN.replace("    *   2406.17557 – FineWeb · Bộ dữ liệu mở.",
                         "    *   2406.17557 – FineWeb · Bộ dữ liệu mở.\n"
                         "    *   2406.17557 – FineWeb · lặp lại.\n"
                         "    *   2406.99999 – Lạ · không có trong cây.\n"
                         "    *   2406.1755 – Sai · mã hỏng.")
    d = read(text)
    c = codes(d)
    assert "duplicate" in c and "not-in-tree" in c and "malformed-id" in c
    assert plain(d.reading_list.other[0].runs).startswith("2406.1755")


def test_english_and_crlf_bom_tabs_nfd_give_the_same_model():
    messy = "\ufeff" + unicodedata.normalize("NFD", CLEAN).replace("\n", "\r\n").replace("    ", "\t")
    assert read_text(messy, "t.md") == read_text(CLEAN, "t.md")


def test_reflection_prose_and_ordered_items():
    text = CLEAN.replace("    *   Tháng 06/2024 cho thấy nhiều tiến bộ.",
                         "    Tháng 06/2024 cho thấy:\n    1.  **Một:** điều.\n    2.  **Hai:** điều.\n\n"
                         "Nhìn chung, tốt.")
    d = read(text)
    blocks = d.reflection.blocks
    assert [(b.bullet, b.ordered) for b in blocks] == [(False, None), (False, 1), (False, 2), (False, None)]
    assert plain(blocks[-1].runs) == "Nhìn chung, tốt."


@pytest.mark.parametrize("text", ["", "   \n\n", "Chỉ là một đoạn văn.\n", "# Tiêu đề\n\nKhông có mục nào.\n"])
def test_no_section_is_an_input_error(text):
    with pytest.raises(InputError):
        read_text(text, "x.md")

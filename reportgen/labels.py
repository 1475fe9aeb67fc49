"""Fixed strings of every output, per language, and locale-aware formatting.

One table for all renderers, so the report, reading list and deck say the same
thing.  Dates and numbers go through babel.
"""
from __future__ import annotations

import datetime as _dt
import os

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from .model import Period

LANGS = ("vi", "en")

_LABELS = {
    "vi": {
        "section.topic_tree": "Bản đồ chủ đề",
        "section.highlights": "Điểm nổi bật SOTA",
        "section.contributions": "Đóng góp kỹ thuật mới",
        "section.gaps": "Khoảng trống và cơ hội",
        "section.ideas": "Ý tưởng nghiên cứu",
        "section.reading_list": "Danh sách nên đọc",
        "section.reflection": "Tóm tắt và nhận định",
        "section.index": "Chỉ mục bài báo",
        "section.other": "Nội dung khác",
        "toc": "Mục lục",
        "page": "Trang",
        "page_of": "Trang {n} / {m}",
        "period": "Tháng {month}/{year}",
        "report_kind": "Báo cáo tổng quan nghiên cứu arXiv",
        "generated": "Tạo {date}",
        "count.papers": "bài báo",
        "count.areas": "lĩnh vực",
        "count.highlights": "điểm nổi bật",
        "count.ideas": "ý tưởng",
        "at_a_glance": "Điểm nổi bật trong nháy mắt",
        "chart.title": "Số bài báo theo lĩnh vực",
        "rank": "Hạng",
        "keywords": "Từ khóa",
        "breakthrough": "Đột phá",
        "impact": "Ảnh hưởng",
        "commentary": "Nhận xét",
        "idea": "Ý tưởng",
        "field.motivation": "Động lực",
        "field.novelty": "Điểm mới",
        "field.approach": "Cách tiếp cận",
        "field.dataset_metrics": "Dữ liệu và thước đo",
        "field.risk": "Rủi ro / khả thi",
        "why_read": "Vì sao nên đọc",
        "index.intro": "Mỗi bài báo, tên ngắn và các trang nhắc tới nó.",
        "index.where": "Nhắc tới",
        "preamble": "Lời dẫn",
        "notes": "Ghi chú",
        "count.topics": "chủ đề",
        "count.contributions": "đóng góp",
        "count.groups": "nhóm",
        "deck.kind": "Điểm tin nghiên cứu arXiv",
        "deck.agenda": "Nội dung",
        "deck.overview": "Tổng quan",
        "deck.cont": "(tiếp)",
        "deck.takeaways": "Điểm chính rút ra",
        "deck.discussion": "Thảo luận",
        "deck.discussion_prompt": "Câu hỏi, ý kiến và đề xuất cho kỳ tới",
        "deck.ideas_prompt": "Ý tưởng nào đáng thử trước?",
        "deck.links": "Liên kết arXiv",
        "reading.title": "Danh sách nên đọc",
        "reading.legend": "☐ đánh dấu khi đã đọc · quét mã QR hoặc bấm vào mã bài để mở trang arXiv · "
                          "ghi chú vào các dòng kẻ",
        "reading.from_highlights": "từ Điểm nổi bật",
    },
    "en": {
        "section.topic_tree": "Topic map",
        "section.highlights": "SOTA highlights",
        "section.contributions": "Novel technical contributions",
        "section.gaps": "Gaps and opportunities",
        "section.ideas": "Research ideas",
        "section.reading_list": "Reading list",
        "section.reflection": "Summary and reflection",
        "section.index": "Paper index",
        "section.other": "Other content",
        "toc": "Contents",
        "page": "Page",
        "page_of": "Page {n} of {m}",
        "period": "{month_name} {year}",
        "report_kind": "arXiv research digest",
        "generated": "Generated on {date}",
        "count.papers": "papers",
        "count.areas": "areas",
        "count.highlights": "highlights",
        "count.ideas": "ideas",
        "at_a_glance": "Highlights at a glance",
        "chart.title": "Papers per area",
        "rank": "Rank",
        "keywords": "Keywords",
        "breakthrough": "Breakthrough",
        "impact": "Impact",
        "commentary": "Commentary",
        "idea": "Idea",
        "field.motivation": "Motivation",
        "field.novelty": "Key novelty",
        "field.approach": "Approach",
        "field.dataset_metrics": "Dataset and metrics",
        "field.risk": "Risk / feasibility",
        "why_read": "Why read it",
        "index.intro": "Every paper, its short name and the pages that mention it.",
        "index.where": "Mentioned in",
        "preamble": "Preamble",
        "notes": "Notes",
        "count.topics": "topics",
        "count.contributions": "contributions",
        "count.groups": "groups",
        "deck.kind": "arXiv research briefing",
        "deck.agenda": "Agenda",
        "deck.overview": "Overview",
        "deck.cont": "(cont.)",
        "deck.takeaways": "Key takeaways",
        "deck.discussion": "Discussion",
        "deck.discussion_prompt": "Questions, comments and proposals for next time",
        "deck.ideas_prompt": "Which idea should we try first?",
        "deck.links": "arXiv links",
        "reading.title": "Reading list",
        "reading.legend": "☐ tick when read · scan the QR code or click the id to open arXiv · "
                          "write notes on the ruled lines",
        "reading.from_highlights": "from the highlights",
    },
}

# Short section names for the paper index ("Nổi bật 7").
_SHORT = {
    "vi": {"topic_tree": "Chủ đề", "highlights": "Nổi bật", "contributions": "Đóng góp", "gaps": "Khoảng trống",
           "ideas": "Ý tưởng", "reading_list": "Nên đọc", "reflection": "Tóm tắt", "preamble": "Lời dẫn",
           "unknown": "Khác"},
    "en": {"topic_tree": "Topics", "highlights": "Highlights", "contributions": "Contributions", "gaps": "Gaps",
           "ideas": "Ideas", "reading_list": "Reading", "reflection": "Summary", "preamble": "Preamble",
           "unknown": "Other"},
}


class Labels:
    """``labels["toc"]``, ``labels.section("gaps")``, ``labels.date(d)`` for one language."""

    def __init__(self, lang: str = "vi"):
        if lang not in LANGS:
            raise ValueError(lang)
        self.lang = lang
        self._t = _LABELS[lang]

    def __getitem__(self, key: str) -> str:
        return self._t[key]

    def section(self, kind: str) -> str:
        return self._t.get(f"section.{kind}", self._t["section.other"])

    def short_section(self, kind: str) -> str:
        return _SHORT[self.lang].get(kind, _SHORT[self.lang]["unknown"])

    def field(self, key: str, written: str) -> str:
        """An idea field's label: ours for the known keys, the source's otherwise."""
        return self._t.get(f"field.{key}", written)

    def date(self, d: _dt.date) -> str:
        if self.lang == "vi":
            return _babel_date(d, "'ngày' d 'tháng' M 'năm' y", locale="vi")
        return _babel_date(d, "d MMMM y", locale="en")

    def period(self, p: Period | None) -> str:
        if p is None:
            return ""
        month_name = _babel_date(_dt.date(p.year, p.month, 1), "MMMM", locale=self.lang)
        return self._t["period"].format(month=p.month, year=p.year, month_name=month_name)

    def number(self, n: float) -> str:
        return format_decimal(n, locale=self.lang)


def build_date() -> _dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date()
    return _dt.date.today()


def build_datetime() -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    return _dt.datetime.now(tz=_dt.timezone.utc).replace(microsecond=0)

"""Fixed strings of every output, per language, and locale-aware formatting.

One set of messages for all renderers, so the report, reading list and deck say
the same thing; translated through gettext catalogs managed with babel (see the
README: extract, update, compile).  Dates and numbers go through babel.
"""
from __future__ import annotations

import datetime as _dt
import os
from functools import lru_cache
from pathlib import Path

from babel import support
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from .model import Period

LANGS = ("vi", "en")

def P_(context: str, message: str) -> tuple[str, str]:
    """Marks a message for extraction (``pybabel extract -k P_:1c,2``); the context is the
    key the code uses, the message the English text, which is the msgid."""
    return context, message


# Every fixed string of every output.  Translations live in the gettext catalogs
# reportgen/locale/<lang>/LC_MESSAGES/reportgen.po (compiled to .mo, shipped in the wheel).
MESSAGES: dict[str, str] = dict([
    P_('section.topic_tree', 'Topic map'),
    P_('section.highlights', 'SOTA highlights'),
    P_('section.contributions', 'Novel technical contributions'),
    P_('section.gaps', 'Gaps and opportunities'),
    P_('section.ideas', 'Research ideas'),
    P_('section.reading_list', 'Reading list'),
    P_('section.reflection', 'Summary and reflection'),
    P_('section.index', 'Paper index'),
    P_('section.other', 'Other content'),
    P_('toc', 'Contents'),
    P_('page', 'Page'),
    P_('page_of', 'Page {n} of {m}'),
    P_('period', '{month_name} {year}'),
    P_('report_kind', 'arXiv research digest'),
    P_('generated', 'Generated on {date}'),
    P_('count.papers', 'papers'),
    P_('count.areas', 'areas'),
    P_('count.highlights', 'highlights'),
    P_('count.ideas', 'ideas'),
    P_('at_a_glance', 'Highlights at a glance'),
    P_('chart.title', 'Papers per area'),
    P_('rank', 'Rank'),
    P_('keywords', 'Keywords'),
    P_('breakthrough', 'Breakthrough'),
    P_('impact', 'Impact'),
    P_('commentary', 'Commentary'),
    P_('idea', 'Idea'),
    P_('field.motivation', 'Motivation'),
    P_('field.novelty', 'Key novelty'),
    P_('field.approach', 'Approach'),
    P_('field.dataset_metrics', 'Dataset and metrics'),
    P_('field.risk', 'Risk / feasibility'),
    P_('why_read', 'Why read it'),
    P_('index.intro', 'Every paper, its short name and the pages that mention it.'),
    P_('index.where', 'Mentioned in'),
    P_('preamble', 'Preamble'),
    P_('notes', 'Notes'),
    P_('count.topics', 'topics'),
    P_('count.contributions', 'contributions'),
    P_('count.groups', 'groups'),
    P_('deck.kind', 'arXiv research briefing'),
    P_('deck.agenda', 'Agenda'),
    P_('deck.overview', 'Overview'),
    P_('deck.cont', '(cont.)'),
    P_('deck.takeaways', 'Key takeaways'),
    P_('deck.discussion', 'Discussion'),
    P_('deck.discussion_prompt', 'Questions, comments and proposals for next time'),
    P_('deck.ideas_prompt', 'Which idea should we try first?'),
    P_('deck.links', 'arXiv links'),
    P_('reading.title', 'Reading list'),
    P_('reading.legend', '☐ tick when read · scan the QR code or click the id to open arXiv · write notes on the ruled lines'),
    P_('reading.from_highlights', 'from the highlights'),
    P_('short.topic_tree', 'Topics'),
    P_('short.highlights', 'Highlights'),
    P_('short.contributions', 'Contributions'),
    P_('short.gaps', 'Gaps'),
    P_('short.ideas', 'Ideas'),
    P_('short.reading_list', 'Reading'),
    P_('short.reflection', 'Summary'),
    P_('short.preamble', 'Preamble'),
    P_('short.unknown', 'Other'),
    P_('deck.appendix', 'Appendix'),
    P_('deck.appendix_note', 'The full detail, on hidden slides: reveal one when asked'),
    P_('deck.section.overview', 'Overview'),
    P_('deck.section.areas', 'Areas'),
    P_('deck.section.highlights', 'Highlights'),
    P_('deck.section.ideas', 'Ideas'),
    P_('deck.section.wrapup', 'Wrap-up'),
    P_('deck.question', 'Should we try “{title}”?'),
    P_('deck.more', 'and {n} more'),
    P_('deck.col.paper', 'Paper'),
    P_('deck.col.keywords', 'Keywords'),
    P_('deck.col.technique', 'Technique'),
    P_('deck.areas_range', 'Areas {first}–{last}'),
    P_('deck.ideas_range', 'Ideas {first}–{last}'),
])

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "reportgen"


@lru_cache(maxsize=4)
def translations(lang: str) -> support.Translations:
    """The compiled catalog of ``lang`` (a missing one would leave the English msgids)."""
    return support.Translations.load(str(LOCALE_DIR), [lang], domain=DOMAIN)


class Labels:
    """``labels["toc"]``, ``labels.section("gaps")``, ``labels.date(d)`` for one language."""

    def __init__(self, lang: str = "vi"):
        if lang not in LANGS:
            raise ValueError(lang)
        self.lang = lang
        self.translations = translations(lang)

    def __getitem__(self, key: str) -> str:
        return self.translations.pgettext(key, MESSAGES[key])

    def get(self, key: str, default: str) -> str:
        return self[key] if key in MESSAGES else default

    def section(self, kind: str) -> str:
        return self.get(f"section.{kind}", self["section.other"])

    def short_section(self, kind: str) -> str:
        return self.get(f"short.{kind}", self["short.unknown"])

    def field(self, key: str, written: str) -> str:
        """An idea field's label: ours for the known keys, the source's otherwise."""
        return self.get(f"field.{key}", written)

    def date(self, d: _dt.date) -> str:
        if self.lang == "vi":
            return _babel_date(d, "'ngày' d 'tháng' M 'năm' y", locale="vi")
        return _babel_date(d, "d MMMM y", locale="en")

    def period(self, p: Period | None) -> str:
        if p is None:
            return ""
        month_name = _babel_date(_dt.date(p.year, p.month, 1), "MMMM", locale=self.lang)
        return self["period"].format(month=p.month, year=p.year, month_name=month_name)

    def number(self, n: float) -> str:
        return format_decimal(n, locale=self.lang)


def source_datetime() -> _dt.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names (UTC, naive), for reproducible builds; None when unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).replace(tzinfo=None)
    return None


def build_datetime() -> _dt.datetime:
    """``SOURCE_DATE_EPOCH``'s moment, else now (UTC, to the second)."""
    when = source_datetime()
    if when is not None:
        return when.replace(tzinfo=_dt.timezone.utc)
    return _dt.datetime.now(tz=_dt.timezone.utc).replace(microsecond=0)


def build_date() -> _dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    when = source_datetime()
    return when.date() if when is not None else _dt.date.today()

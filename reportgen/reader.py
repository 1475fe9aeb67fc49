"""Reader: digest text -> ``Digest`` model.

The reader only reads: it imports nothing from the stages after it (derivation,
editorial, renderers).  Three passes, each simple on its own:

1. ``_lines``: normalise the text once (NFC, no BOM, LF, tabs expanded) and
   turn each line into a ``_Line`` (indent, list marker, content); fences are
   dropped and whole-line backticks unwrapped.
2. ``_split_sections``: find section headings (numbered, bold, ``#``, with or
   without a suffix, known or unknown) and cut the lines into sections.
3. One parser per section kind turns the section's item tree (``_tree``) into
   model objects.  Whatever a parser cannot place is kept in the section's
   ``other`` blocks with a warning: no word is ever dropped.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import arxiv
from .errors import InputError
from .inline import parse_inline, slice_runs, strip_runs, unwrap_emphasis
from .model import (
    Block,
    Contribution,
    ContributionsSection,
    Digest,
    GapGroup,
    GapsSection,
    Highlight,
    HighlightsSection,
    Idea,
    IdeaField,
    IdeasSection,
    ReadingItem,
    ReadingListSection,
    ReflectionSection,
    Run,
    Runs,
    Step,
    TopicNode,
    TopicTreeSection,
    TrendEntry,
    UnknownSection,
    Warning_,
    plain,
)

MAX_BYTES = 5 * 1024 * 1024  # a digest is ~60 kB (ten times that is still 0.6 MB); larger is not one

# --------------------------------------------------------------------------- pass 1: lines

_FENCE_RE = re.compile(r"^\s*(```+|~~~+)\s*[\w+-]*\s*$")
# List markers: every bullet a model writes (* - + • · ‣ – —) or a number "1." / "1)"
BULLETS = "*+-•·‣–—"
_MARKER_RE = re.compile(r"^(?P<indent> *)(?:(?P<bullet>[*+\-•·‣–—])|(?P<num>\d{1,3})[.)])(?: +|$)(?P<rest>.*)$")
# (closing hashes are stripped in _lines: "(?P<rest>.*?)\s*#*\s*$" took cubic time on "# a   …   b")
_HEADING_HASH_RE = re.compile(r"^ {0,3}(#{1,6})\s+(?P<rest>.*)$")
_TABLE_RE = re.compile(r"^\s*\|")


@dataclass
class _Line:
    no: int  # 1-based line number in the source
    indent: int  # column of the marker (or of the text when there is none)
    text: str  # content after the marker
    bullet: bool = False
    number: int | None = None  # ordered-list number
    blank: bool = False
    hashes: int = 0  # markdown heading level, 0 for none

    @property
    def marker(self) -> bool:
        return self.bullet or self.number is not None


def normalise(text: str) -> str:
    """The one place input text is normalised (DESIGN §2.2)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.expandtabs(4) for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


def _unwrap_backticks(s: str) -> str:
    """A whole line wrapped in one pair of backticks is a line, not code."""
    stripped = s.strip()
    if len(stripped) > 2 and stripped[0] == "`" and stripped[-1] == "`" and stripped.count("`") == 2 \
            and " " in stripped:
        lead = s[: len(s) - len(s.lstrip())]
        return lead + stripped[1:-1]
    return s


def _is_rule(raw: str) -> bool:
    """"---", "* * *", "———": a horizontal rule, not an item."""
    return bool(re.fullmatch(r"\s*([*\-_–—])(\s*\1){2,}\s*", raw))


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip()
        if not raw.strip():
            out.append(_Line(no, 0, "", blank=True))
            continue
        if _FENCE_RE.match(raw):
            continue  # a stray or wrapping fence: markup only
        raw = _unwrap_backticks(raw)
        h = _HEADING_HASH_RE.match(raw)
        if h:
            # the line is rstripped: drop closing hashes and the space before them
            out.append(_Line(no, 0, h.group("rest").rstrip("#").rstrip(), hashes=len(h.group(1))))
            continue
        m = _MARKER_RE.match(raw)
        if m and (m.group("rest").strip() or m.group("num") is None) and not _is_rule(raw):
            indent = len(m.group("indent"))
            rest = _unwrap_backticks(m.group("rest")).strip()  # "*   `2310.01798 | trend`": a line, not code
            if m.group("bullet"):
                out.append(_Line(no, indent, rest, bullet=True))
            else:
                out.append(_Line(no, indent, rest, number=int(m.group("num"))))
            continue
        out.append(_Line(no, len(raw) - len(raw.lstrip()), raw.strip()))
    return out


# --------------------------------------------------------------------------- pass 2: sections


def _fold(s: str) -> str:
    """Upper-case, accents off, non-alphanumerics to single underscores."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Z0-9]+", "_", s.upper()).strip("_")


_SECTION_ALIASES = {
    "topic_tree": ["TOPIC_TREE", "TOPICS", "TOPIC_MAP", "CAY_CHU_DE", "CHU_DE"],
    "highlights": ["SOTA_HIGHLIGHTS", "HIGHLIGHTS", "SOTA", "DIEM_NOI_BAT", "NOI_BAT"],
    "contributions": ["NOVEL_TECH_CONTRIBUTIONS", "NOVEL_CONTRIBUTIONS", "TECH_CONTRIBUTIONS",
                      "CONTRIBUTIONS", "DONG_GOP_KY_THUAT", "DONG_GOP"],
    "gaps": ["GAPS_AND_OPPORTUNITIES", "GAPS_OPPORTUNITIES", "GAPS", "KHOANG_TRONG_VA_CO_HOI",
             "KHOANG_TRONG"],
    "ideas": ["FUTURE_IDEAS", "IDEAS", "Y_TUONG_TUONG_LAI", "Y_TUONG"],
    "reading_list": ["READING_LIST", "READINGS", "DANH_SACH_DOC", "NEN_DOC"],
    "reflection": ["META_REFLECTION", "REFLECTION", "SUY_NGAM", "NHIN_LAI"],
}
_ALIAS_TO_KIND = {alias: kind for kind, aliases in _SECTION_ALIASES.items() for alias in aliases}

_WORD_SPAN_RE = re.compile(r"[^\W_]+")
# An unknown section's name must look like the known ones: an upper-case identifier.
_IDENT_RE = re.compile(r"^(?P<name>[A-ZĐ][A-Z0-9_ĐÀ-Ỹ&/\- ]*[A-Z0-9Đ])(?P<rest>.*)$")


def _match_known(inner: str) -> tuple[str, str, str] | None:
    """``"READING_LIST (Top papers)"`` -> ("reading_list", "READING_LIST", " (Top papers)").

    The longest alias that starts the folded text at a word boundary wins, so
    "Sota Highlights", "SOTA_HIGHLIGHTS" and "SOTA HIGHLIGHTS – tháng 6" all
    match.  Short aliases (SOTA, GAPS, IDEAS) must be the whole name."""
    key = _fold(inner)
    for alias in sorted(_ALIAS_TO_KIND, key=len, reverse=True):
        if key == alias or (len(alias) > 6 and key.startswith(alias + "_")):
            n_words = alias.count("_") + 1
            spans = list(_WORD_SPAN_RE.finditer(inner))
            if len(spans) < n_words:
                continue
            end = spans[n_words - 1].end()
            # "TOPIC_TREE_2024" is one word: cutting it at "_2024" split it between name and suffix
            end += len(re.match(r"\w*", inner[end:]).group(0))
            return _ALIAS_TO_KIND[alias], inner[:end], inner[end:]
    return None


@dataclass
class _Heading:
    kind: str
    name: str
    number: int | None
    suffix: str


def _heading(line: _Line) -> _Heading | None:
    """Is this line a section heading?  Strict enough that list items and
    bold words inside sections never qualify: it must stand at the margin and
    be numbered, bold or a ``#`` heading."""
    if line.blank or line.bullet or (line.indent > 3 and not line.hashes):
        return None
    text = line.text
    number = line.number
    if line.hashes:
        m = re.match(r"^(\d{1,2})[.)]\s+(.*)$", text)
        if m:
            number, text = int(m.group(1)), m.group(2)
    bold = re.match(r"^\*\*(?P<inner>[^*]+?)\*\*(?P<rest>.*)$", text)
    inner, rest = (bold.group("inner"), bold.group("rest")) if bold else (text, "")
    inner = inner.strip().strip("`").strip()
    known = _match_known(inner)
    if known:
        kind, name, tail = known
        suffix = (tail + rest).strip().lstrip(":").strip()
        # plain (not bold, not #) text must be a bare name — "2. Gaps in X are …" is prose — or
        # the name as an identifier with a bracketed or dashed suffix: "6. READING_LIST (Top papers)"
        identifier = "_" in name or (name.isupper() and sum(c.isalpha() for c in name) >= 4)
        if bold or line.hashes or not suffix or (identifier and number is not None
                                                 and suffix.startswith(("(", "[", "–", "—", "-"))):
            return _Heading(kind, name.strip(), number, suffix)
        return None
    m = _IDENT_RE.match(inner)
    if not m or not (number is not None and bold or line.hashes):
        return None
    # "TOPIaC_TREE", "META_RㄅEFLECTION": the name stopped inside a word, splitting it; take the whole word
    glued = re.match(r"\w*", m.group("rest")).group(0)
    name = (m.group("name") + glued).strip()
    suffix = (m.group("rest")[len(glued):] + rest).strip()
    is_identifier = "_" in name or (name.isupper() and sum(c.isalpha() for c in name) >= 4)
    if is_identifier and not suffix.startswith(("–", "-", ":")):
        return _Heading("unknown", name, number, suffix)
    return None


# --------------------------------------------------------------------------- item trees


@dataclass
class _Item:
    line: _Line
    text: str
    children: list["_Item"] = field(default_factory=list)
    table: list[_Line] | None = None  # a pipe table, for the highlights

    @property
    def no(self) -> int:
        return self.line.no


def _tree(lines: list[_Line], starts_item=None) -> list[_Item]:
    """Nest list items by indentation; pipe-table lines are grouped.  A text line right
    after an item (no blank between) continues it — unless it stands at or left of that
    item's marker (a closing paragraph after a list is no part of its last item), or
    ``starts_item(text)`` says such a line begins an item of its own even without a marker
    (an idea's "**Motivation:** …" lines, a topic's "2406.17557 | …" entries)."""
    root: list[_Item] = []
    stack: list[_Item] = []
    last: _Item | None = None
    prev_blank = True
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.blank:
            prev_blank = True
            i += 1
            continue
        if _TABLE_RE.match(ln.text) and not ln.marker:
            rows = []
            while i < len(lines) and not lines[i].blank and _TABLE_RE.match(lines[i].text) and not lines[i].marker:
                rows.append(lines[i])
                i += 1
            item = _Item(ln, "", table=rows)
            _place(item, root, stack)
            last, prev_blank = None, False
            continue
        if (not ln.marker and not ln.hashes and last is not None and not prev_blank and last.table is None
                and not (last.line.marker and ln.indent <= last.line.indent)
                and not (starts_item is not None and starts_item(ln.text))):
            last.text += " " + ln.text  # lazy continuation line
            i += 1
            continue
        item = _Item(ln, ln.text)
        _place(item, root, stack)
        last, prev_blank = item, False
        i += 1
    return root


_MAX_DEPTH = 64  # real digests nest 5 deep, the stress test 42; 1,000 indented lines crashed (RecursionError, pydantic depth)


def _place(item: _Item, root: list[_Item], stack: list[_Item]) -> None:
    while stack and (stack[-1].line.indent >= item.line.indent or len(stack) >= _MAX_DEPTH):
        stack.pop()
    (stack[-1].children if stack else root).append(item)
    stack.append(item)


def _blocks(items: list[_Item], level: int = 0) -> list[Block]:
    """Flatten an item tree into blocks, keeping depth and list kind."""
    out: list[Block] = []
    for it in items:
        if it.table is not None:
            for row in it.table:
                out.append(Block(runs=parse_inline(row.text), level=level, line=row.no))
        else:
            out.append(Block(runs=parse_inline(it.text), level=level, bullet=it.line.bullet,
                             ordered=it.line.number, line=it.no))
        out.extend(_blocks(it.children, level + 1))
    return out


# --------------------------------------------------------------------------- section parsers


class _Ctx:
    """What every section parser shares: the file name and the warnings."""

    def __init__(self, source: str):
        self.source = source
        self.warnings: list[Warning_] = []

    def warn(self, code: str, line: int, message: str) -> None:
        self.warnings.append(Warning_(code=code, message=message, file=self.source, line=line))

    def unplaced(self, section, items: list[_Item], why: str) -> None:
        for it in items:
            self.warn("unplaced", it.no, f"{why}; kept as other text in {section.heading}")
        section.other.extend(_blocks(items))

    def check_ids(self, text: str, line: int) -> None:
        """Warn about id-like tokens that are not valid ids, where ids are expected."""
        for m in arxiv.ALMOST_ID_RE.finditer(text):
            if not arxiv.is_valid(m.group(0)):
                self.warn("malformed-id", line, f"'{m.group(0)}' is not a valid arXiv id")


# Not glued to more digits ("2406.175571" is not "2406.17557" + "1": the "1" was cut off and lost)
_ID = rf"(?:{arxiv._NEW}|{arxiv._OLD})(?![\w/]|\.\d)"
# Ids joined by punctuation only: a word between them ("và", "and") has no place in a list of
# ids, so such a line is kept as text rather than losing the word.
_IDS_PREFIX_RE = re.compile(rf"^\s*(?P<ids>{_ID}(?:\s*(?:,|;|&)\s*{_ID})*)\s*(?P<sep>\||:|–|—|-)?\s*")
_ALMOST_ENTRY_RE = re.compile(r"^\s*(?P<ids>\d{3,5}\.\d{2,7}(?:v\d+)?(?:\s*,\s*\d{3,5}\.\d{2,7}(?:v\d+)?)*)\s*\|")
_ASIDE_ENTRY_RE = re.compile(rf"^\s*(?P<ids>{_ID}(?:\s*[,;&]\s*{_ID})*)\s*(?P<aside>\([^()|]{{1,80}}\))\s*\|\s*")
_CODE_RE = re.compile(r"^(?P<code>(?:[IVXLC]{1,6}|[A-Z]|\d{1,2}(?:\.\d{1,2})*)\.)\s+")


def _ids_in(text: str) -> list[str]:
    ids = arxiv.find_ids(text)
    # "2406.17557, 2406.1755 | …": a malformed id in an id prefix would be cut away with the
    # prefix and lost; such a prefix is no prefix (callers keep the line as text instead)
    return ids if len(ids) == len(re.findall(_ID, text)) else []


# ---- topic tree


def _parse_topic_tree(section: TopicTreeSection, items: list[_Item], ctx: _Ctx) -> None:
    def entry_of(it: _Item, runs: Runs) -> TrendEntry | None:
        text = plain(runs)
        bad = _ALMOST_ENTRY_RE.match(text)
        if bad and not _ids_in(bad.group("ids")):
            # "2406.1234 | trend": an entry whose id is broken; say so rather than make it a topic
            ctx.check_ids(bad.group("ids"), it.no)
        aside = _ASIDE_ENTRY_RE.match(text)
        if aside and _ids_in(aside.group("ids")):
            # "2502.11089 (cũng là 2502.13685) | trend": the aside stays, at the head of the text
            head = strip_runs(slice_runs(runs, aside.start("aside"), aside.end("aside")))
            rest = strip_runs(slice_runs(runs, aside.end()))
            return TrendEntry(papers=_ids_in(aside.group("ids")), text=head + [Run(text=" ")] + rest, line=it.no)
        m = _IDS_PREFIX_RE.match(text)
        if not m or not m.group("sep") and m.end() < len(text):
            return None
        ids = _ids_in(m.group("ids"))
        if not ids:
            return None
        return TrendEntry(papers=ids, text=strip_runs(slice_runs(runs, m.end())), line=it.no)

    def node_of(it: _Item, runs: Runs) -> TopicNode:
        runs = strip_runs(unwrap_emphasis(runs))
        text = plain(runs)
        code = None
        m = _CODE_RE.match(text)
        if m and len(text) > m.end():
            code = m.group("code")
            runs = slice_runs(runs, m.end())
        # "**Byte-level Modeling:**" heading its entries: the colon is punctuation, not label
        return TopicNode(code=code, label=strip_runs(unwrap_emphasis(runs), " :"), line=it.no)

    def build(it: _Item, parent: TopicNode | None) -> TopicNode | None:
        """Returns a new node for ``it``, or None when it was attached to ``parent``."""
        runs = parse_inline(it.text) if it.table is None else []
        if it.table is not None:
            target = parent.notes if parent else section.other
            target.extend(_blocks([it]))
            ctx.warn("unplaced", it.no, "a table inside the topic tree")
            return None
        entry = entry_of(it, runs)
        if entry is not None:
            ctx.check_ids(it.text.split("|")[0], it.no)
            if parent is None:
                ctx.unplaced(section, [it], "trend entry outside any topic")
                return None
            parent.entries.append(entry)
            if it.children:
                parent.notes.extend(_blocks(it.children, 1))
            return None
        text = plain(runs)
        # "**Label:** 2412.15115 | trend" — a topic and its one entry on one line
        m = re.match(rf"^(?P<label>.+?):\s*(?P<rest>{_ID}(?:\s*,\s*{_ID})*\s*\|.*)$", text)
        ent = entry_of(it, slice_runs(runs, m.start("rest"))) if m else None
        if ent:  # no entry ("Label: 2406.1755 | x", a malformed id): the whole line is the label, not cut
            node = node_of(it, slice_runs(runs, 0, m.start("rest")))
            node.label = strip_runs(node.label, " :")
            node.entries.append(ent)
        elif not it.children and re.fullmatch(r"\(.*\)", text.strip()) and parent is not None:
            parent.notes.append(Block(runs=runs, level=0, line=it.no))  # "(Không có paper nào …)"
            return None
        else:
            node = node_of(it, runs)
        for child in it.children:
            sub = build(child, node)
            if sub is not None:
                node.children.append(sub)
        return node

    for it in items:
        node = build(it, None)
        if node is not None:
            section.nodes.append(node)


# ---- highlights

_COLUMN_KEYS = [
    ("rank", ("RANK", "HANG", "STT", "#", "NO")),
    ("paper", ("PAPER", "ID", "ARXIV", "BAI_BAO")),
    ("keywords", ("KEYWORD", "TU_KHOA", "KEY_WORDS", "TAGS")),
    ("breakthrough", ("DOT_PHA", "BREAKTHROUGH", "CONTRIBUTION", "DONG_GOP", "WHAT")),
    ("impact", ("ANH_HUONG", "IMPACT", "TAC_DONG", "WHY")),
]
_DEFAULT_COLUMNS = ["rank", "paper", "keywords", "breakthrough", "impact"]


def _column_key(header: str) -> str | None:
    folded = _fold(header) or header.strip()
    for key, words in _COLUMN_KEYS:
        if any(folded == w or folded.startswith(w) or ("_" + w) in folded for w in words):
            return key
    return None


def _split_row(text: str) -> list[str]:
    s = text.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = re.split(r"(?<!\\)\|", s)
    return [c.strip().replace("\\|", "|") for c in cells]


_DELIM_CELL_RE = re.compile(r"^:?-{1,}:?$")


def _parse_highlights(section: HighlightsSection, items: list[_Item], ctx: _Ctx) -> None:
    for it in items:
        if it.table is None:
            _highlight_from_item(section, it, ctx)
            continue
        rows = it.table
        keys = list(_DEFAULT_COLUMNS)
        if len(rows) >= 2 and all(_DELIM_CELL_RE.match(c) for c in _split_row(rows[1].text) if c):
            header = _split_row(rows[0].text)
            if section.columns:
                # a second table's header replaced the first's, whose words were lost: keep it as text
                ctx.warn("unplaced", rows[0].no, f"a second table header; kept as other text in {section.heading}")
                section.other.append(Block(runs=parse_inline(rows[0].text), line=rows[0].no))
            else:
                section.columns = header
            keys = [_column_key(h) for h in header]
            body = rows[2:]
        else:
            body = rows
        for row in body:
            cells = _split_row(row.text)
            if all(_DELIM_CELL_RE.match(c) for c in cells if c) and any(cells):
                continue
            if len(cells) != len(keys):
                ctx.warn("uneven-row", row.no,
                         f"table row has {len(cells)} cells, the header has {len(keys)}; extra cells kept")
            h = Highlight(line=row.no)
            for i, cell in enumerate(cells):
                key = keys[i] if i < len(keys) else None
                _fill_highlight(h, key, cell, row.no, ctx)
            section.rows.append(h)
        if it.children:
            # lines indented under the table nest in it; they were dropped (found by tests/test_fuzz.py)
            ctx.unplaced(section, it.children, "text nested under the highlights table")


def _fill_highlight(h: Highlight, key: str | None, cell: str, line: int, ctx: _Ctx) -> None:
    runs = parse_inline(cell)
    text = plain(runs).strip()
    if key == "rank" and h.rank is None:
        # [1-9][0-9]*: the model keeps an int, so "01" or "١" would come back as "1" (a word lost)
        m = re.fullmatch(r"#?\s*([1-9][0-9]{0,2}|0)\s*\.?", text)
        if m:
            h.rank = int(m.group(1))
            return
    elif key == "paper" and h.paper is None:
        ctx.check_ids(text, line)
        m = _IDS_PREFIX_RE.match(text)
        ids = _ids_in(m.group("ids")) if m else []
        if ids and len(ids) == 1:
            h.paper = ids[0]
            rest = strip_runs(slice_runs(runs, m.end()))
            if rest:
                h.extra.append(rest)
            return
    elif key == "keywords" and not h.keywords and not any(r.href for r in runs):
        # (a cell with a link is no keyword list: its URL would be lost in plain keywords; kept as runs)
        h.keywords = [k.strip() for k in re.split(r"[,;]", text) if k.strip()]
        return
    elif key == "breakthrough" and not h.breakthrough:
        h.breakthrough = unwrap_emphasis(runs)
        return
    elif key == "impact" and not h.impact:
        h.impact = unwrap_emphasis(runs)
        return
    if runs:
        h.extra.append(runs)


def _highlight_from_item(section: HighlightsSection, it: _Item, ctx: _Ctx) -> None:
    """Highlights written as a list: ``1. 2405.21060 – keywords – breakthrough``."""
    runs = parse_inline(it.text)
    text = plain(runs)
    m = _IDS_PREFIX_RE.match(text)
    ids = _ids_in(m.group("ids")) if m else []
    if len(ids) != 1:
        ctx.unplaced(section, [it], "highlight without a table row or a paper id")
        return
    h = Highlight(rank=it.line.number, paper=ids[0], line=it.no,
                  breakthrough=strip_runs(unwrap_emphasis(slice_runs(runs, m.end()))))
    h.rank = h.rank if h.rank is not None else len(section.rows) + 1
    section.rows.append(h)
    if it.children:
        h.extra.extend(b.runs for b in _blocks(it.children))


# ---- contributions

_SEP_RE = re.compile(r"\s+[–—]\s+|\s+[–—](?=\S)|(?<=\S)[–—]\s+")
_HYPHEN_SEP_RE = re.compile(r"\s+-\s+")
_THOUGHT_RE = re.compile(r"^\s*(?P<label>Suy nghĩ|Nhận xét|Bình luận|Đánh giá|Thoughts?|Comments?|Commentary)\s*:?\s*",
                         re.IGNORECASE)


def _parse_contributions(section: ContributionsSection, items: list[_Item], ctx: _Ctx) -> None:
    for it in items:
        runs = parse_inline(it.text) if it.table is None else []
        text = plain(runs)
        m = _IDS_PREFIX_RE.match(text)
        ids = _ids_in(m.group("ids")) if m else []
        if not ids or not m.group("sep"):
            ctx.unplaced(section, [it], "contribution without a leading paper id")
            continue
        ctx.check_ids(m.group(0), it.no)
        rest = slice_runs(runs, m.end())
        rtext = plain(rest)
        seps = list(_SEP_RE.finditer(rtext)) or list(_HYPHEN_SEP_RE.finditer(rtext))
        # The commentary starts at the separator before a "Suy nghĩ" label when there is
        # one, else at the first separator.
        cut = None
        for s in seps:
            if _THOUGHT_RE.match(rtext[s.end():]):
                cut = s
                break
        if cut is None and seps:
            cut = seps[0]
        if cut is None:
            technique, commentary = rest, []
        else:
            technique, commentary = slice_runs(rest, 0, cut.start()), slice_runs(rest, cut.end())
        label = None
        lm = _THOUGHT_RE.match(plain(commentary))
        if lm:
            label = lm.group("label")
            commentary = slice_runs(commentary, lm.end())
        commentary = strip_runs(commentary)
        # "…– Suy nghĩ**: text": the bold ended on the label; the colon trails in the text.
        if commentary and plain(commentary)[:1] == ":":
            commentary = strip_runs(slice_runs(commentary, 1))
        c = Contribution(papers=ids, technique=strip_runs(unwrap_emphasis(technique)),
                         commentary=unwrap_emphasis(commentary), commentary_label=label, line=it.no)
        section.items.append(c)
        if it.children:
            ctx.unplaced(section, it.children, "text nested under a contribution")


# ---- gaps


def _bold_title(runs: Runs) -> tuple[Runs, Runs] | None:
    """Split ``**Title:** text`` into (title, text) when the item opens with bold."""
    visible = strip_runs(runs)
    if not visible or not visible[0].bold:
        return None
    n = 0
    for r in visible:
        if not r.bold:
            break
        n += len(r.text)
    title = strip_runs(slice_runs(visible, 0, n), " :")
    text = strip_runs(slice_runs(visible, n), " :")
    if not title:
        return None
    return [r.model_copy(update={"bold": False}) for r in title], text


def _colon_title(runs: Runs) -> tuple[Runs, Runs] | None:
    """``Title: text`` in plain type (the bold dropped): a short head before the first colon."""
    text = plain(runs)
    if text.rstrip().endswith(":"):  # "Title (a, b): more title:" — the whole line is the title
        return None
    m = re.match(r"^\s*([^:]{2,160}?)\s*:\s+(?=\S)", text)
    if not m or len(m.group(1).split()) > 30 or not m.group(1)[:1].isupper() or arxiv.find_ids(m.group(1)[:12]):
        return None
    return strip_runs(slice_runs(runs, 0, m.end(1)), " :"), strip_runs(slice_runs(runs, m.end()))


def _parse_gaps(section: GapsSection, items: list[_Item], ctx: _Ctx) -> None:
    untitled: GapGroup | None = None
    for it in items:
        if it.table is not None:
            ctx.unplaced(section, [it], "a table among the gaps")
            continue
        runs = parse_inline(it.text)
        split = _bold_title(runs) or _colon_title(runs)
        if split is None and it.children:
            split = (strip_runs(runs, " :"), [])
        if split is not None:
            title, text = split
            section.groups.append(GapGroup(title=title, text=text, items=_blocks(it.children), line=it.no))
            untitled = None
            continue
        # a flat item with no group heading: gather consecutive ones in an untitled group
        if untitled is None:
            untitled = GapGroup(title=[], line=it.no)
            section.groups.append(untitled)
        untitled.items.extend(_blocks([it]))


# ---- ideas

_FIELD_LABELS = {
    "motivation": ("motivation", "động lực", "dong luc", "lý do", "bối cảnh", "why"),
    "novelty": ("key novelty", "novelty", "điểm mới", "tính mới", "điểm mới chính", "key idea", "ý tưởng chính"),
    "approach": ("approach", "method", "cách tiếp cận", "phương pháp", "các bước", "phương pháp tiếp cận", "steps"),
    "dataset_metrics": ("dataset + metrics", "dataset & metrics", "datasets + metrics", "dataset and metrics",
                        "datasets & metrics", "data + metrics", "dataset/metrics", "datasets", "dataset", "metrics",
                        "dữ liệu + đánh giá", "dữ liệu + metrics", "dữ liệu & đánh giá", "dữ liệu và đánh giá",
                        "dữ liệu", "evaluation", "đánh giá"),
    "risk": ("risk/feasibility", "risk / feasibility", "risks/feasibility", "risk & feasibility", "risk",
             "risks", "feasibility", "rủi ro/khả thi", "rủi ro / khả thi", "rủi ro", "khả thi", "rủi ro và khả thi"),
}
_LABEL_TO_KEY = {label: key for key, labels in _FIELD_LABELS.items() for label in labels}
_FIELD_RE = re.compile(r"^(?P<label>[^:]{1,40}?)\s*:\s*")
# num not glued to more digits ("Idea 100:" gave number 10 and lost "100"), no leading zero or
# non-ASCII digit (the model keeps an int: "01" would come back as "1")
_IDEA_PREFIX_RE = re.compile(
    r"^(?P<prefix>Idea|Ý tưởng|Ý tưởng số|Ideas?)\s*#?\s*(?P<num>[1-9][0-9]?|0)(?!\w)\s*[:.–—-]?\s*", re.IGNORECASE)
_IDEA_LABEL_RE = re.compile(r"\((?P<label>[^()]+)\)\s*$")
IDEA_LABEL_WORDS = re.compile(
    r"khả thi|moon|liên lĩnh vực|liên ngành|interdisciplin|feasib|táo bạo|ambitious|đột phá|"
    r"tham vọng|rủi ro|risk|cao|thấp|trung bình|high|medium|low|ngắn hạn|dài hạn|short|long-term",
    re.IGNORECASE)


def _is_idea_heading(it: _Item, runs: Runs) -> bool:
    text = plain(runs).strip()
    if text.startswith("✨") or it.line.hashes:
        return True
    if _IDEA_PREFIX_RE.match(text.strip("* ")):
        return True
    # a line that is bold from end to end and is not a field: "**Some idea title**"
    visible = [r for r in runs if r.text.strip()]
    return not it.line.marker and bool(visible) and all(r.bold for r in visible) and _field_of(runs) is None


def _field_of(runs: Runs) -> tuple[str, str, Runs] | None:
    """``**Motivation:** text`` -> ("motivation", "Motivation", text runs); also a known label
    in bold with no colon (``**Động lực** – text``)."""
    text = plain(runs)
    m = _FIELD_RE.match(text)
    key = _LABEL_TO_KEY.get(m.group("label").strip().strip("*").strip().lower()) if m else None
    if key is None:
        lead = strip_runs(runs)
        if lead and lead[0].bold:
            label = lead[0].text.strip().rstrip(":").strip()
            if _LABEL_TO_KEY.get(label.lower()):
                body = strip_runs(slice_runs(lead, len(lead[0].text)), " :–—-")
                return _LABEL_TO_KEY[label.lower()], label, body
    if not m:
        return None
    label = m.group("label").strip().strip("*").strip()
    if key is None:
        # an unknown label counts when the source marked it as one (bold), or when it is short
        # and capitalised like one ("Feasibility Step: …" once its bold was lost)
        head = slice_runs(runs, 0, m.end("label"))
        bold = bool(head) and all(r.bold for r in head if r.text.strip())
        looks = len(label.split()) <= 3 and label[:1].isupper() and not re.search(r"[\d✨]", label)
        if not (bold or looks) or len(label.split()) > 5:
            return None
        key = "other"
    body = strip_runs(slice_runs(runs, m.end()))
    # "**Motivation**: text" leaves nothing dangling; "**Motivation:** text" neither.
    return key, label, [r.model_copy(update={"bold": False}) if r.bold and not plain(body).strip() else r for r in body]


_LABEL_ALT = "|".join(re.escape(label) for label in sorted(_LABEL_TO_KEY, key=len, reverse=True))
# a field label inside a line: after a separator, or in bold ("… · **Key novelty:** …")
_CHAINED_RE = re.compile(rf"(?P<sep>[·•‣|]\s*|\s)(?P<label>{_LABEL_ALT})\s*:", re.IGNORECASE)
_STEP_RE = re.compile(r"^\s*(?:Bước|Step)\s*(?P<num>[1-9][0-9]?)\s*[:.)–—-]\s*", re.IGNORECASE)
_IDEA_LINE_RE = re.compile(rf"^\s*(?:✨|\**\s*(?:Idea|Ý tưởng)\s*#?\s*\d|[*_]*\s*(?:{_LABEL_ALT})\s*[*_]*\s*:"
                           rf"|\*\*[^*]{{1,40}}:\s*\*\*|\*\*[^*]{{1,40}}\*\*\s*:|\*\*(?:{_LABEL_ALT})\*\*|(?:Bước|Step)\s*\d)",
                           re.IGNORECASE)


def _starts_idea_line(text: str) -> bool:
    """An unmarked line that is an idea's field, step or heading, not the line above continued."""
    return bool(_IDEA_LINE_RE.match(text))


def _chained(runs: Runs) -> list[Runs]:
    """A line holding several labelled fields ("**Motivation:** … · **Key novelty:** …") cut
    before each label; the separators between them are markup.  One piece when none."""
    text = plain(runs)
    cuts = []
    for m in _CHAINED_RE.finditer(text):
        start = m.start("label")
        if start == 0 or not (m.group("sep").strip() or _bold_at(runs, start)):
            continue
        # "Key novelty": "novelty" alone is a label too; only the longest label ending here counts
        longest = re.search(rf"(?:{_LABEL_ALT})$", text[:m.end("label")], re.IGNORECASE)
        if longest is not None and longest.start() < start:
            continue
        cuts.append((m.start(), start))
    if not cuts:
        return [runs]
    pieces, pos = [], 0
    for cut, label_start in cuts:
        piece = strip_runs(slice_runs(runs, pos, cut), " ·•‣|")
        if piece:
            pieces.append(piece)
        pos = label_start
    pieces.append(strip_runs(slice_runs(runs, pos)))
    return pieces


def _bold_at(runs: Runs, offset: int) -> bool:
    pos = 0
    for r in runs:
        if pos <= offset < pos + len(r.text):
            return r.bold
        pos += len(r.text)
    return False


def _parse_ideas(section: IdeasSection, items: list[_Item], ctx: _Ctx) -> None:
    idea: Idea | None = None
    for it in items:
        if it.table is not None:
            ctx.unplaced(section, [it], "a table among the ideas")
            continue
        pieces = _chained(parse_inline(it.text))
        runs = pieces[0]
        f = _field_of(runs)
        if f is None and _is_idea_heading(it, runs):
            idea = _idea_heading(runs, it.no)
            section.ideas.append(idea)
            for piece in pieces[1:]:  # fields chained onto the title line
                _idea_runs(idea, piece, it, [], ctx, section)
            # fields written as children of the heading line
            for child in it.children:
                _idea_item(idea, child, ctx, section)
            continue
        if idea is None:
            ctx.unplaced(section, [it], "text before the first idea")
            continue
        _idea_item(idea, it, ctx, section)


def _idea_heading(runs: Runs, line: int) -> Idea:
    runs = strip_runs(runs, " ✨")
    runs = strip_runs(unwrap_emphasis(runs))
    text = plain(runs)
    number = prefix = label = None
    m = _IDEA_PREFIX_RE.match(text)
    if m:
        number, prefix = int(m.group("num")), m.group("prefix")
        runs = strip_runs(slice_runs(runs, m.end()))
        text = plain(runs)
    lm = _IDEA_LABEL_RE.search(text)
    if lm and IDEA_LABEL_WORDS.search(lm.group("label")):
        label = lm.group("label").strip().strip("*_ ").strip()
        runs = strip_runs(slice_runs(runs, 0, lm.start()))
    return Idea(number=number, prefix=prefix, title=unwrap_emphasis(runs), label=label, line=line)


def _idea_item(idea: Idea, it: _Item, ctx: _Ctx, section: IdeasSection) -> None:
    pieces = _chained(parse_inline(it.text))
    for k, piece in enumerate(pieces):
        # the item's children belong to the last field of the line
        _idea_runs(idea, piece, it, it.children if k == len(pieces) - 1 else [], ctx, section)


def _idea_runs(idea: Idea, runs: Runs, it: _Item, children: list[_Item], ctx: _Ctx, section: IdeasSection) -> None:
    last = idea.fields[-1] if idea.fields else None
    if it.line.number is not None and last is not None and (last.key == "approach" or last.steps):
        # "1. **Tokenization**: …" after "Approach:" is its step, whatever its bold lead says
        last.steps.append(_step_of(runs, it))
        return
    f = _field_of(runs)
    if f is not None:
        key, label, text = f
        fld = IdeaField(key=key, label=label, text=text, line=it.no)
        idea.fields.append(fld)
        _field_children(fld, children)
        return
    step = _step_of(runs, it)
    if last is not None and step is not None:
        last.steps.append(step)  # a step written at the field's own level, after "Approach:"
        return
    if last is not None:
        last.blocks.append(Block(runs=runs, bullet=it.line.bullet, ordered=it.line.number, line=it.no))
        last.blocks.extend(_blocks(children, 1))
        return
    ctx.unplaced(section, [it], "text in an idea that is not a labelled field")


def _step_of(runs: Runs, it: _Item) -> Step | None:
    """A numbered step: "1." / "1)" as the list marker, or "Bước 1:" / "Step 1:" in the text."""
    if it.line.number is not None:
        return Step(runs=runs, number=it.line.number, substeps=_blocks(it.children), line=it.no)
    m = _STEP_RE.match(plain(runs))
    if m:
        return Step(runs=strip_runs(slice_runs(runs, m.end())), number=int(m.group("num")),
                    substeps=_blocks(it.children), line=it.no)
    return None


def _field_children(fld: IdeaField, children: list[_Item]) -> None:
    for child in children:
        step = _step_of(parse_inline(child.text), child) if child.table is None else None
        if step is not None:
            fld.steps.append(step)
        else:
            fld.blocks.extend(_blocks([child]))


# ---- reading list

_NAME_SEP_RE = re.compile(r"\s*[·•]\s*|\s+[–—]\s+|\s+\|\s+")


def _parse_reading_list(section: ReadingListSection, items: list[_Item], ctx: _Ctx) -> None:
    for it in items:
        runs = parse_inline(it.text) if it.table is None else []
        text = plain(runs)
        m = re.match(rf"^\s*(?P<id>{_ID})\s*(?P<sep>[–—:|·-])?\s*", text)
        if not m or not arxiv.is_valid(m.group("id")):
            ctx.check_ids(text[:20], it.no)
            ctx.unplaced(section, [it], "reading-list item without a leading paper id")
            continue
        rest = strip_runs(slice_runs(runs, m.end()))
        rtext = plain(rest)
        s = _NAME_SEP_RE.search(rtext)
        if s:
            name, reason = slice_runs(rest, 0, s.start()), slice_runs(rest, s.end())
        else:
            name, reason = [], rest
        section.items.append(ReadingItem(paper=m.group("id"), name=strip_runs(unwrap_emphasis(name)),
                                         reason=strip_runs(unwrap_emphasis(reason)), line=it.no))
        if it.children:
            ctx.unplaced(section, it.children, "text nested under a reading-list item")


# ---- reflection, unknown


def _parse_blocks(section, items: list[_Item], ctx: _Ctx) -> None:
    section.blocks.extend(_blocks(items))


# Lines that begin an item of their section even without a list marker (see ``_tree``)
_STARTS_ITEM = {
    "ideas": _starts_idea_line,
    "topic_tree": lambda text: bool(_ALMOST_ENTRY_RE.match(text.strip("`*"))),
}

_PARSERS = {
    "topic_tree": (TopicTreeSection, _parse_topic_tree),
    "highlights": (HighlightsSection, _parse_highlights),
    "contributions": (ContributionsSection, _parse_contributions),
    "gaps": (GapsSection, _parse_gaps),
    "ideas": (IdeasSection, _parse_ideas),
    "reading_list": (ReadingListSection, _parse_reading_list),
    "reflection": (ReflectionSection, _parse_blocks),
    "unknown": (UnknownSection, _parse_blocks),
}

# --------------------------------------------------------------------------- entry points


def read_text(text: str, source: str = "<digest>") -> Digest:
    """Parse digest text.  Raises ``InputError`` when no section is found.  The model's
    derived fields (paper index, period, title) are the pipeline's to fill in
    (``derive.derive``): the reader only reads."""
    ctx = _Ctx(source)
    lines = _lines(normalise(text))
    digest = Digest(source=source)
    current = None
    body: list[_Line] = []
    preamble: list[_Line] = []
    seen: dict[str, int] = {}

    def close():
        if current is None:
            return
        cls, parse = _PARSERS[current.kind]
        parse(current, _tree(body, _STARTS_ITEM.get(current.kind)), ctx)

    for ln in lines:
        h = _heading(ln)
        if h is None:
            (body if current is not None else preamble).append(ln)
            continue
        close()
        cls, _ = _PARSERS[h.kind]
        current = cls(number=h.number, heading=h.name, suffix=parse_inline(h.suffix) if h.suffix else [],
                      line=ln.no)
        if h.kind != "unknown":
            if h.kind in seen:
                ctx.warn("duplicate", ln.no, f"section {h.name} appears again (first at line {seen[h.kind]})")
            seen.setdefault(h.kind, ln.no)
        else:
            ctx.warn("unknown-section", ln.no, f"unknown section {h.name}; kept as it is")
        digest.sections.append(current)
        body = []
    close()
    if current is None:
        first = next((ln.no for ln in lines if not ln.blank), 1)
        raise InputError("no digest section found (expected headings such as '1. **TOPIC_TREE**')",
                         source, first)
    digest.preamble = _blocks(_tree(preamble))
    for kind in _PARSERS:
        if kind != "unknown" and kind not in seen:
            ctx.warn("missing-section", 0, f"section {kind.upper()} is missing")
    digest.warnings = ctx.warnings
    return digest


def decode(data: bytes, source: str) -> str:
    """Bytes -> text, or one clear InputError naming the file, line and byte."""
    if not data.strip():
        raise InputError("the file is empty", source)
    if b"\x00" in data[:8192]:
        raise InputError("this is a binary file, not a digest (it contains NUL bytes)", source)
    if len(data) > MAX_BYTES:
        raise InputError(f"the file is {len(data) // (1024 * 1024)} MB; a digest is at most "
                         f"{MAX_BYTES // (1024 * 1024)} MB", source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(f"not UTF-8: byte 0x{data[e.start]:02x} at offset {e.start} cannot be decoded",
                         source, line) from None


def read_file(path: str | Path) -> Digest:
    """Read a digest (markdown-like text) or its JSON model from ``path``."""
    p = Path(path)
    name = str(path)
    try:
        exists = p.exists()
    except OSError as e:  # "File name too long" escaped as an OSError (found by tests/test_fuzz.py)
        raise InputError(f"cannot read: {e.strerror}", name[:200]) from None
    if not exists:
        raise InputError("no such file", name)
    if p.is_dir():
        raise InputError("is a directory, not a digest file", name)
    if not p.is_file():
        # /dev/zero would be read without end, a FIFO would block forever
        raise InputError("not a regular file (a device, pipe or socket), not a digest", name)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:  # refuse before reading it all into memory
            raise InputError(f"the file is {size // (1024 * 1024)} MB; a digest is at most "
                             f"{MAX_BYTES // (1024 * 1024)} MB", name)
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", name) from None
    text = decode(data, name)
    if p.suffix.lower() == ".json" or text.lstrip("\ufeff \n\r\t").startswith("{"):
        return read_json(text, name)
    return read_text(text, p.name)  # the model names its source portably: no machine paths


def read_json(text: str, source: str) -> Digest:
    """The model's own JSON (``reportgen parse``) back into a ``Digest``."""
    from pydantic import ValidationError

    from .model import DERIVED_FIELDS

    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"invalid JSON: {e.msg}", source, e.lineno) from None
    except RecursionError:  # "[[[[…" 100,000 deep: json has no depth limit of its own
        raise InputError("the JSON is nested too deeply to be a digest", source) from None
    if not isinstance(data, dict):
        raise InputError("the JSON is not a digest object", source)
    for key in DERIVED_FIELDS:
        data.pop(key, None)
    data.pop("$schema", None)
    try:
        digest = Digest.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise InputError(f"not a digest model: {loc}: {err['msg']}", source) from None
    if not digest.sections:
        # the text reader never yields a digest without sections; neither may its JSON
        raise InputError("no digest section found in the JSON model", source)
    return digest

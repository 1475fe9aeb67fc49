"""Drift transforms: text -> text, each imitating one way a real month's digest drifts
(DESIGN §2).  Applied to a corpus digest, a *faithful* transform must leave what readers
see unchanged (tests/test_drift.py compares editions); a *destructive* one must make the
structure check speak (suspect-structure).

Every transform, with the drift it imitates:

- ``swap_markers(m)``         bullets written with another marker: · • ‣ – - + instead of *
- ``unmark_idea_fields``      an idea's fields as plain indented lines, no marker at all
- ``translate_labels``        idea field labels in the other language (English <-> Vietnamese)
- ``drop_bold``               no bold anywhere (headings, topic names, field labels, leads)
- ``chain_fields``            an idea's short fields chained on one line: "· **Motivation:** … · **Key novelty:** …"
- ``steps_as_words``          approach steps written "Bước 1:" instead of "1."
- ``reindent(n)``             another indent width (2 or 3 spaces a level instead of 4)
- ``backtick_entries``        topic-tree entry lines wrapped in backticks, after the marker or around it
- ``chatbot_frame``           a greeting and "Dưới đây là…" before section 1, an offer of help after the last
- ``empty_other_area``        an area "Khác (Other)" with no paper, its only text "(Trống)"
- ``title_prefix``            "Moon-shot: " written at the head of an idea's title
- destructive: ``glue_idea_fields``  the fields' line breaks and labels lost: all one title line
- destructive: ``unlabel_fields``    the field labels lost: the fields are bare sentences
"""
from __future__ import annotations

import re

SECTION_RE = re.compile(r"^(?:#+\s*)?\d+\.\s+\**(?P<name>[A-Z][A-Z_]{3,})", re.M)


def _sections(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each numbered section, by character offset."""
    marks = [(m.group("name"), m.start()) for m in SECTION_RE.finditer(text)]
    return [(name, start, marks[k + 1][1] if k + 1 < len(marks) else len(text)) for k, (name, start) in enumerate(marks)]


def _in_section(text: str, name: str, edit) -> str:
    for sec, start, end in _sections(text):
        if sec == name:
            return text[:start] + edit(text[start:end]) + text[end:]
    return text


def _lines(text: str, edit) -> str:
    return "\n".join(edit(line) for line in text.split("\n"))


# --------------------------------------------------------------------------- faithful


def swap_markers(marker: str):
    def run(text: str) -> str:
        return _lines(text, lambda ln: re.sub(r"^(\s*)[*-](\s+)(?=\S)", rf"\g<1>{marker}\g<2>", ln)
                      if not re.match(r"^\s*\*\*", ln) else ln)
    run.__name__ = f"swap_markers({marker})"
    return run


_KNOWN = "Motivation|Key novelty|Approach|Dataset \\+ Metrics|Risk/Feasibility|Động lực|Điểm mới|Cách tiếp cận|" \
         "Dữ liệu \\+ Đánh giá|Rủi ro/Khả thi"
FIELD = rf"(?:\*\*[^*\n]+(?::\*\*|\*\*:)|(?:{_KNOWN}):)"  # "**Motivation:**", "**Motivation**:", "Motivation:"


def unmark_idea_fields(text: str) -> str:
    def edit(body):
        return _lines(body, lambda ln: re.sub(rf"^(\s*)[*\-•·]\s+(?={FIELD})", r"\1    ", ln))
    return _in_section(text, "FUTURE_IDEAS", edit)


_EN_VI = [("Motivation", "Động lực"), ("Key novelty", "Điểm mới"), ("Approach", "Cách tiếp cận"),
          ("Dataset + Metrics", "Dữ liệu + Đánh giá"), ("Risk/Feasibility", "Rủi ro/Khả thi")]


def translate_labels(text: str) -> str:
    def edit(body):
        for en, vi in _EN_VI:
            for a, b in ((f"**{en}:**", f"**{vi}:**"), (f"**{en}**:", f"**{vi}**:")):
                body = body.replace(a, b) if a in body else body.replace(b, a)
            # plain labels at the head of a line
            body = re.sub(rf"(?m)^(\s*[*\-•·]?\s*){re.escape(en)}:", rf"\g<1>{vi}:", body) \
                if re.search(rf"(?m)^\s*[*\-•·]?\s*{re.escape(en)}:", body) else \
                re.sub(rf"(?m)^(\s*[*\-•·]?\s*){re.escape(vi)}:", rf"\g<1>{en}:", body)
        return body
    return _in_section(text, "FUTURE_IDEAS", edit)


def drop_bold(text: str) -> str:
    return text.replace("**", "")


def chain_fields(text: str) -> str:
    """Motivation and Key novelty (and Dataset + Risk) of each idea on one line."""
    def edit(body):
        lines = body.split("\n")
        out = []
        for ln in lines:
            m = re.match(rf"^(\s*)[*\-•·]\s+({FIELD}.*)$", ln)
            prev = re.match(rf"^(\s*)[*\-•·]\s+{FIELD}\s*\S.*$", out[-1]) if out else None
            if m and prev and prev.group(1) == m.group(1) and not out[-1].endswith("<chained>"):
                out[-1] = out[-1] + " · " + m.group(2) + "<chained>"
            else:
                out.append(ln)
        return "\n".join(x.replace("<chained>", "") for x in out)
    return _in_section(text, "FUTURE_IDEAS", edit)


def steps_as_words(text: str) -> str:
    def edit(body):
        return _lines(body, lambda ln: re.sub(r"^(\s+)(\d+)\.\s+", r"\1*   Bước \2: ", ln))
    return _in_section(text, "FUTURE_IDEAS", edit)


def reindent(width: int):
    def run(text: str) -> str:
        def edit(ln):
            m = re.match(r"^( +)", ln)
            if not m:
                return ln
            n = len(m.group(1))
            return " " * (n // 4 * width + n % 4) + ln[n:]
        return _lines(text, edit)
    run.__name__ = f"reindent({width})"
    return run


def backtick_entries(text: str) -> str:
    """Every other entry line in backticks after the marker, the rest around the whole line
    (backticks around its ids taken off first: one pair of backticks wraps the line)."""
    def edit(body):
        out, k = [], 0
        for ln in body.split("\n"):
            m = re.match(r"^(\s*)([*\-])\s+(`?\d{4}\.\d{4,5}.*\|.*)$", ln)
            if m and m.group(3).count("`") % 2 == 0 and "``" not in m.group(3):
                m = re.match(r"^(\s*)([*\-])\s+(.*)$", ln.replace("`", ""))  # ids in backticks: the line is
                k += 1
                ln = f"{m.group(1)}{m.group(2)}   `{m.group(3).strip()}`" if k % 2 else \
                    f"{m.group(1)}`{m.group(2)}   {m.group(3).strip()}`"
            out.append(ln)
        return "\n".join(out)
    return _in_section(text, "TOPIC_TREE", edit)


PREAMBLE = ("Chào bạn! Tôi đã phân tích kỹ các bài báo trong tháng này.\n\n"
            "Dưới đây là kết quả phân tích theo định dạng yêu cầu:\n\n")
OUTRO = ("\n\nHy vọng bản phân tích này hữu ích cho bạn! Nếu bạn cần thêm chi tiết về bài báo nào, "
         "hãy cho tôi biết nhé.\n")


def chatbot_frame(text: str) -> str:
    return PREAMBLE + text.rstrip("\n") + OUTRO


def empty_other_area(text: str) -> str:
    def edit(body):
        body = body.rstrip("\n")
        fence = body.endswith("```")
        if fence:
            body = body[:-3].rstrip("\n")
        body += "\n    *   **Khác (Other)**\n        *   (Trống)\n"
        return body + ("```\n" if fence else "") + "\n"
    return _in_section(text, "TOPIC_TREE", edit)


def title_prefix(text: str) -> str:
    """The first idea whose title has no label gets "Moon-shot: " at its head."""
    def edit(body):
        return re.sub(r"(✨\s*\**\s*(?:Idea|Ý tưởng)\s*\d+\s*:\s*)(?!\(|Moon)", r"\1Moon-shot: ", body, count=1)
    return _in_section(text, "FUTURE_IDEAS", edit)


FAITHFUL = [swap_markers("·"), swap_markers("•"), swap_markers("‣"), swap_markers("–"), swap_markers("+"),
            unmark_idea_fields, translate_labels, drop_bold, chain_fields, steps_as_words, reindent(2), reindent(3),
            backtick_entries, chatbot_frame, empty_other_area]


# --------------------------------------------------------------------------- destructive


def glue_idea_fields(text: str) -> str:
    """Every field line of an idea glued to its title, labels and markers lost."""
    def edit(body):
        out = []
        for ln in body.split("\n"):
            if out and re.match(r"^\s+[*\-]\s+", ln) and not ln.strip().startswith("✨"):
                content = re.sub(rf"^\s+[*\-]\s+(?:{FIELD})?\s*", "", ln).replace("**", "")
                out[-1] = out[-1].rstrip("*") + " " + content + ("**" if out[-1].endswith("**") else "")
            elif re.match(r"^\s+\d+\.\s+", ln) and out:
                out[-1] = out[-1] + " " + re.sub(r"^\s+\d+\.\s+", "", ln)
            else:
                out.append(ln)
        return "\n".join(out)
    return _in_section(text, "FUTURE_IDEAS", edit)


def unlabel_fields(text: str) -> str:
    def edit(body):
        return re.sub(rf"{FIELD}\s*", "", body)
    return _in_section(text, "FUTURE_IDEAS", edit)


DESTRUCTIVE = [glue_idea_fields, unlabel_fields]

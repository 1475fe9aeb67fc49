"""arXiv identifiers: recognise them anywhere in text, check them, link them.

New style ``YYMM.NNNNN`` (4 digits after the dot before 2015, 5 since), with an
optional version ``v2``; old style ``archive(.SUBJ)/YYMMNNN`` such as
``hep-th/9901001``.
"""
from __future__ import annotations

import re

_NEW = r"\d{4}\.\d{4,5}(?:v\d+)?"
_OLD = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"

# An id standing on its own: not glued to other word characters, dots or slashes
# (so "1.2406.17557" or "x2406.17557" are not ids).
ID_RE = re.compile(rf"(?<![\w./-])(?:{_NEW}|{_OLD})(?![\w/]|\.\d)")

# Something that looks like it wanted to be a new-style id but is not one:
# wrong digit counts, used where an id is expected.
ALMOST_ID_RE = re.compile(r"(?<![\w.])\d{3,5}\.\d{2,7}(?:v\d+)?(?![\w.])")

_VERSION_RE = re.compile(r"v\d+$")


def base_id(pid: str) -> str:
    """``2406.17557v2`` -> ``2406.17557``."""
    return _VERSION_RE.sub("", pid)


def is_valid(pid: str) -> bool:
    """Whether ``pid`` is a well-formed id with a real month."""
    m = re.fullmatch(rf"({_NEW})|({_OLD})", pid)
    if not m:
        return False
    if m.group(1):
        yymm, num = base_id(pid).split(".")
        month = int(yymm[2:])
        if not 1 <= month <= 12:
            return False
        # 4-digit numbers until 1412, 5-digit from 1501 on.
        return (len(num) == 5) == (int(yymm) >= 1501)
    digits = base_id(pid).rsplit("/", 1)[1]
    return 1 <= int(digits[2:4]) <= 12


def year_month(pid: str) -> tuple[int, int] | None:
    """The submission year and month an id encodes, or None."""
    if not is_valid(pid):
        return None
    pid = base_id(pid)
    yymm = pid.split(".")[0] if "/" not in pid else pid.rsplit("/", 1)[1][:4]
    yy, mm = int(yymm[:2]), int(yymm[2:])
    return (2000 + yy if yy < 91 else 1900 + yy), mm


def url(pid: str) -> str:
    return f"https://arxiv.org/abs/{pid}"


def find_ids(text: str) -> list[str]:
    """Valid ids in ``text``, in order, repeats kept."""
    return [m.group(0) for m in ID_RE.finditer(text) if is_valid(m.group(0))]

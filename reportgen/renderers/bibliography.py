"""Bibliography exports of the reading list: BibLaTeX, RIS, CSL-JSON.

All three come from ``transforms.reading_entries``; keys are stable
(``arxiv2405_21060``), URLs point to ``/abs/``, and the arXiv DOI
(10.48550/arXiv.ID) lets Zotero and citeproc resolve each paper.
"""
from __future__ import annotations

import json

from .. import arxiv
from ..latex import escape
from ..model import plain
from ..transforms import ReadingEntry


def _doi(pid: str) -> str:
    return f"10.48550/arXiv.{arxiv.base_id(pid)}"


def _title(e: ReadingEntry) -> str:
    return plain(e.name).strip() or f"arXiv:{e.paper}"


def to_biblatex(entries: list[ReadingEntry]) -> str:
    """BibLaTeX ``@online`` entries; raw UTF-8, TeX specials escaped."""
    out = []
    for e in entries:
        fields = [
            ("title", escape(_title(e))),
            ("eprint", arxiv.base_id(e.paper)),
            ("eprinttype", "arxiv"),
            ("url", arxiv.url(e.paper)),
            ("doi", _doi(e.paper)),
        ]
        ym = arxiv.year_month(e.paper)
        if ym:
            fields.append(("date", f"{ym[0]}-{ym[1]:02d}"))
        reason = plain(e.reason).strip()
        if reason:
            fields.append(("annotation", escape(reason)))
        body = ",\n".join(f"  {k:<10} = {{{v}}}" for k, v in fields)
        out.append(f"@online{{{e.key},\n{body}\n}}\n")
    return "\n".join(out)


def to_ris(entries: list[ReadingEntry]) -> str:
    lines = []
    for e in entries:
        lines += ["TY  - UNPB", f"ID  - {e.key}", f"TI  - {_title(e)}", f"UR  - {arxiv.url(e.paper)}",
                  f"DO  - {_doi(e.paper)}", "DB  - arXiv", f"AN  - arXiv:{arxiv.base_id(e.paper)}"]
        ym = arxiv.year_month(e.paper)
        if ym:
            lines += [f"PY  - {ym[0]}", f"DA  - {ym[0]}/{ym[1]:02d}"]
        reason = " ".join(plain(e.reason).split())
        if reason:
            lines.append(f"N1  - {reason}")
        lines += ["ER  - ", ""]
    return "\n".join(lines)


def to_csljson(entries: list[ReadingEntry]) -> str:
    items = []
    for e in entries:
        item = {
            "id": e.key,
            "type": "article",  # CSL: "a preprint, working paper, …"
            "title": _title(e),
            "URL": arxiv.url(e.paper),
            "DOI": _doi(e.paper),
            "number": f"arXiv:{arxiv.base_id(e.paper)}",
            "publisher": "arXiv",
        }
        ym = arxiv.year_month(e.paper)
        if ym:
            item["issued"] = {"date-parts": [[ym[0], ym[1]]]}
        reason = plain(e.reason).strip()
        if reason:
            item["note"] = reason
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


FORMATS = {"bib": (to_biblatex, ".bib"), "ris": (to_ris, ".ris"), "csljson": (to_csljson, ".json")}

"""Bibliography exports of the reading list: BibLaTeX, RIS, CSL-JSON (three formats).

All three come from ``renderers.common.reading_entries``; keys are stable
(``arxiv2405_21060``), URLs point to ``/abs/``, and the arXiv DOI
(10.48550/arXiv.ID) lets Zotero and citeproc resolve each paper.
"""
from __future__ import annotations

import json

from .. import arxiv
from ..latex import escape
from typing import TYPE_CHECKING

from ..model import Digest, plain
from ..settings import Settings
from . import Format, Rendered
from .reading_list import require_entries

if TYPE_CHECKING:  # pragma: no cover
    from ..renderers.common import ReadingEntry


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


def _export(write):
    def render(digest: Digest, settings: Settings) -> Rendered:
        from ..renderers.common import reading_entries

        require_entries(digest, settings)
        return Rendered(write(reading_entries(digest, settings.include_highlights)).encode("utf-8"))
    return render


def _format(variant: str, title: str, write, suffix: str, build_name: str, media_type: str) -> Format:
    return Format(name=variant, title=title, render=_export(write), build_name=build_name, suffix=suffix,
                  reads=("include",), command="reading-list", variant=variant, media_type=media_type,
                  covers=("reading_list",))


BIBLATEX = _format("bib", "BibLaTeX", to_biblatex, ".bib", "reading-list.bib", "application/x-bibtex")
RIS = _format("ris", "RIS", to_ris, ".ris", "reading-list.ris", "application/x-research-info-systems")
CSLJSON = _format("csljson", "CSL-JSON", to_csljson, ".json", "reading-list.csl.json", "application/vnd.citationstyles.csl+json")

"""The .pptx archive: written deterministically, and checked for what makes viewers repair it.

The same input and ``SOURCE_DATE_EPOCH`` give the same bytes: zip entries with fixed
timestamps (the epoch, else 1980-01-01) and attributes, in python-pptx's own order of
parts (which depends only on the content), the chart's embedded workbook normalised too.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import PurePosixPath

from lxml import etree

from .template import P as _P
from .template import R as _R

ZIP_EPOCH = _dt.datetime(1980, 1, 1)

def _w3cdtf(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


_DCTERMS_RE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def deterministic_zip(blob: bytes, when: _dt.datetime | None = None) -> bytes:
    """The same archive with fixed entry timestamps (``when``, default
    1980-01-01), fixed attributes, ``[Content_Types].xml`` first and the rest
    sorted; embedded workbooks (the chart's data) are normalised too, their
    creation date included."""
    when = max(when or ZIP_EPOCH, ZIP_EPOCH)
    date_time = when.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        ordered = [n for n in names if n == "[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
        for name in ordered:
            data = zin.read(name)
            if name.endswith(".xlsx"):
                data = deterministic_zip(data, when)
            elif name == "docProps/core.xml" and "xl/workbook.xml" in names:  # XlsxWriter stamps "now"
                stamp = _w3cdtf(when).encode()
                data = _DCTERMS_RE.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, data, compresslevel=6)
    return out.getvalue()


# --------------------------------------------------------------------------- checks


def package_problems(blob: bytes) -> list[str]:
    """What would make a viewer offer to repair the file: relationship targets
    that are missing, parts no relationship chain from the package reaches (the
    dangling parts of deleted slides), relationship files of absent parts, parts
    without a content type and content types for absent parts."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        names = set(z.namelist())
        ct = etree.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in ct if o.get("PartName")}
        defaults = {o.get("Extension").lower() for o in ct if o.get("Extension")}

        def rels_name(part: str) -> str:
            p = PurePosixPath(part)
            return str(p.parent / "_rels" / (p.name + ".rels")) if part else "_rels/.rels"

        reached, todo = {""}, [""]
        while todo:
            part = todo.pop()
            rn = rels_name(part)
            if rn not in names:
                continue
            folder = PurePosixPath(part).parent if part else PurePosixPath("")
            for rel in etree.fromstring(z.read(rn)):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                path = (target.lstrip("/") if target.startswith("/")
                        else "/".join(_norm((folder / target).parts)))
                if path not in names:
                    problems.append(f"{rn}: {rel.get('Id')} -> missing {path}")
                elif path not in reached:
                    reached.add(path)
                    todo.append(path)
        for name in sorted(names):
            if name == "[Content_Types].xml":
                continue
            if name.endswith(".rels"):
                owner = name.replace("_rels/", "")[:-len(".rels")]
                if owner.endswith("/"):
                    owner = ""
                if owner and owner not in names:
                    problems.append(f"{name}: relationships of an absent part")
                continue
            if name not in reached:
                problems.append(f"{name}: no relationship chain from the package reaches it")
            if name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"{name}: no content type")
        for name in sorted(overrides - names):
            problems.append(f"[Content_Types].xml names absent part /{name}")
        # a slide related to the presentation but not in its slide list: a slide deleted
        # by removing its sldId only (python-pptx #310)
        if "ppt/presentation.xml" in names and "ppt/_rels/presentation.xml.rels" in names:
            pres = etree.fromstring(z.read("ppt/presentation.xml"))
            listed = {el.get(f"{{{_R}}}id") for el in pres.iter(f"{{{_P}}}sldId")}
            for rel in etree.fromstring(z.read("ppt/_rels/presentation.xml.rels")):
                if rel.get("Type", "").endswith("/slide") and rel.get("Id") not in listed:
                    problems.append(f"ppt/presentation.xml: slide {rel.get('Target')} related but not listed")
    return problems


def _norm(parts) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p not in (".", "", "/"):
            out.append(p)
    return out


class _FixedZip:
    """python-pptx's physical package writer, with fixed entry timestamps and attributes."""

    def __init__(self, buf, when: _dt.datetime | None):
        self.when = max(when or ZIP_EPOCH, ZIP_EPOCH)
        self.zip = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        if name.endswith(".xlsx"):  # the chart's workbook: XlsxWriter stamps it with "now"
            blob = deterministic_zip(blob, self.when)
        info = zipfile.ZipInfo(name, self.when.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0
        self.zip.writestr(info, blob, compresslevel=6)


def save_deterministic(prs, when: _dt.datetime | None) -> bytes:
    """The package, written once, deterministically (python-pptx's own order of parts,
    which depends only on the content).  Falls back to save-then-rewrite should
    python-pptx's writer internals change."""
    buf = io.BytesIO()
    try:
        from pptx.opc.serialized import PackageWriter

        package = prs.part.package
        writer = PackageWriter(buf, package._rels, tuple(package.iter_parts()))
        fixed = _FixedZip(buf, when)
        writer._write_content_types_stream(fixed)
        writer._write_pkg_rels(fixed)
        writer._write_parts(fixed)
        fixed.zip.close()
        return buf.getvalue()
    except (ImportError, AttributeError, TypeError):
        buf = io.BytesIO()
        prs.save(buf)
        return deterministic_zip(buf.getvalue(), when)


def update_app_props(prs, n_slides: int) -> None:
    """docProps/app.xml (if the template has one): the slide and notes counts."""
    for rel in list(prs.part.package._rels.values()):
        if rel.reltype.endswith("/extended-properties") and not rel.is_external:
            part = rel.target_part
            blob = part.blob
            for tag in (b"Slides", b"Notes"):
                blob = re.sub(rb"<" + tag + rb">\d*</" + tag + rb">",
                              b"<" + tag + b">" + str(n_slides).encode() + b"</" + tag + b">", blob)
            part._blob = blob

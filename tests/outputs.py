"""Reading back any output by its media type, for the format contract (tests/test_formats.py):
its text, the language it declares, the colours it paints, the images it holds.

One function per question, each dispatching on the format's ``media_type``, so a new
format of a known type is checked without new test code, and a format of a new type
fails loudly here until someone says how to read it.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

PDF = "application/pdf"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_A_T = re.compile(rb"<a:t>([^<]*)</a:t>")


def _xml_text(raw: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(raw.decode("utf-8"), {"&quot;": '"', "&apos;": "'"})


def text_of(media_type: str, data: bytes) -> str:
    """Everything a reader of the output can read: a PDF's text layer, a deck's slides and
    notes, a text file's text (a JSON file's strings)."""
    if media_type == PDF:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(data)
            f.flush()
            out = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8")
    if media_type == PPTX:
        parts = []
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in sorted(z.namelist()):
                if re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", name):
                    parts.append("\n".join(_xml_text(m) for m in _A_T.findall(z.read(name))))
        return "\n".join(parts)
    if media_type.endswith("json"):
        strings = []

        def walk(x):
            if isinstance(x, str):
                strings.append(x)
            elif isinstance(x, dict):
                for k, v in x.items():
                    walk(v)
            elif isinstance(x, list):
                for v in x:
                    walk(v)

        walk(json.loads(data.decode("utf-8")))
        return "\n".join(strings)
    if media_type.startswith(("text/", "application/x-")):
        return data.decode("utf-8")
    raise AssertionError(f"no way to read {media_type} yet: teach tests/outputs.py")


def language_of(media_type: str, data: bytes) -> set[str]:
    """The languages the output declares (PDF /Lang, the deck's run languages); empty for
    file types that declare none."""
    if media_type == PDF:
        from pypdf import PdfReader

        lang = PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang")
        return {str(lang)} if lang else set()
    if media_type == PPTX:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("ppt/slides/slide"))
        return {m.decode() for m in re.findall(rb'<a:rPr[^>]* lang="([^"]+)"', xml)}
    return set()


def paints(media_type: str, data: bytes, rgb: str) -> bool:
    """Does the output paint the colour ``#RRGGBB`` (PDF: a fill or stroke operator in a
    page's content; deck: an srgbClr in a slide or chart part)?"""
    r, g, b = (int(rgb[k:k + 2], 16) / 255 for k in (1, 3, 5))
    if media_type == PDF:
        from pypdf import PdfReader

        number = rb"(\d*\.?\d+)"
        op = re.compile(number + rb"\s+" + number + rb"\s+" + number + rb"\s+(?:rg|RG|sc|SC|scn|SCN)\b")
        for page in PdfReader(io.BytesIO(data)).pages:
            content = page.get_contents()
            stream = content.get_data() if content is not None else b""
            for m in op.finditer(stream):
                values = [float(x) for x in m.groups()]
                if all(abs(v - want) < 0.004 for v, want in zip(values, (r, g, b))):
                    return True
        return False
    if media_type == PPTX:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(f'srgbClr val="{rgb[1:].upper()}"'.encode() in z.read(n) for n in z.namelist()
                       if n.endswith(".xml") and ("slides/" in n or "charts/" in n))
    raise AssertionError(f"no way to see colours in {media_type} yet: teach tests/outputs.py")


def images_of(media_type: str, data: bytes) -> int:
    """How many images the output holds (PDF: on its first page; deck: media parts)."""
    if media_type == PDF:
        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data)).pages[0].images)
    if media_type == PPTX:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(1 for n in z.namelist() if n.startswith("ppt/media/"))
    raise AssertionError(f"no way to count images in {media_type} yet: teach tests/outputs.py")


def write_png(path: Path, rgb=(138, 43, 43), size=(300, 100)) -> Path:
    from PIL import Image

    Image.new("RGB", size, rgb).save(path)
    return path

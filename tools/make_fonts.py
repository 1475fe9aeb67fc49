#!/usr/bin/env python3
"""Build the bundled fonts in fonts/ (trimmed copies, licence files, README).

Usage:
    python tools/make_fonts.py            # build fonts/ and verify it
    python tools/make_fonts.py --check    # only verify the files already in fonts/
    python tools/make_fonts.py --corpus DIR   # also check coverage of DIR/*.md

Sources (installed with the ordinary clients; nothing else is downloaded):
    apt-get install -y fonts-noto-core fonts-noto-mono fonts-noto-cjk fonts-liberation2 \
        fonts-crosextra-carlito
    pip install fonttools
    Noto Emoji (monochrome outlines) comes from the PyPI wheel manimgx-fonts,
    which ships the unmodified Noto Emoji variable font; the script fetches the
    wheel with `pip download --no-deps` when the package is not installed.

What it does:
  * Noto Serif / Noto Sans / Noto Sans Mono / Noto Sans Math / Noto Sans
    Symbols 2 / Noto Emoji are trimmed with fontTools.subset to the Unicode
    blocks below, keeping every OpenType layout feature (GPOS mark/mkmk,
    kern, GSUB ccmp/liga, MATH where present), every name record (family names unchanged)
    and dropping TrueType hinting. None of these fonts has a Reserved Font Name.
  * Noto Emoji is a variable font (wght 300-700); it is pinned to its default
    instance wght=400 (a static TrueType, as XeLaTeX wants) and then trimmed.
  * Liberation Sans and Carlito are copied byte-for-byte, NOT trimmed: their
    OFL declares Reserved Font Names ("Liberation", "Carlito"), and a trimmed
    font is a Modified Version that could not keep those names.
  * Licence texts are written next to the fonts, and fonts/README.md is
    regenerated from the same table.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tempfile
import zipfile
from dataclasses import dataclass, field

import logging

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fonts")

NOTO_DIR = "/usr/share/fonts/truetype/noto"
EMOJI_PYPI = "manimgx-fonts"
EMOJI_PYPI_VERSION = "2026.9.26.post1"
EMOJI_MEMBER = "manimgx_fonts/NotoEmoji[wght].ttf"
EMOJI_LICENSE_MEMBER_RE = r"\.dist-info/licenses/LICENSE$"

# ---------------------------------------------------------------- Unicode sets
# (first, last, name) -- inclusive.
B = {
    "latin": [
        (0x0020, 0x007E, "Basic Latin"),
        (0x00A0, 0x00FF, "Latin-1 Supplement"),
        (0x0100, 0x017F, "Latin Extended-A"),
        (0x0180, 0x024F, "Latin Extended-B"),
        (0x02B0, 0x02FF, "Spacing Modifier Letters"),
        (0x0300, 0x036F, "Combining Diacritical Marks"),
        (0x1E00, 0x1EFF, "Latin Extended Additional (Vietnamese)"),
    ],
    "greek": [(0x0370, 0x03FF, "Greek and Coptic")],
    # Stray Russian words occur inside Vietnamese sentences (digest-2024-03: "стохастик")
    "cyrillic": [(0x0400, 0x04FF, "Cyrillic"), (0x0500, 0x052F, "Cyrillic Supplement")],
    "punct": [
        (0x2000, 0x206F, "General Punctuation"),
        (0x2070, 0x209F, "Superscripts and Subscripts"),
        (0x20A0, 0x20CF, "Currency Symbols"),
        (0x2100, 0x214F, "Letterlike Symbols"),
        (0x2150, 0x218F, "Number Forms"),
        (0xFB00, 0xFB06, "Latin ligatures fi fl ..."),
        (0xFFFD, 0xFFFD, "Replacement Character"),
    ],
    "symbols": [
        (0x2190, 0x21FF, "Arrows"),
        (0x2200, 0x22FF, "Mathematical Operators"),
        (0x2300, 0x23FF, "Miscellaneous Technical"),
        (0x25A0, 0x25FF, "Geometric Shapes"),
        (0x2610, 0x2612, "Ballot boxes"),
        (0x27E8, 0x27E9, "Mathematical angle brackets"),
    ],
    "math": [
        (0x20D0, 0x20FF, "Combining Marks for Symbols"),
        (0x27C0, 0x27EF, "Miscellaneous Mathematical Symbols-A"),
        (0x27F0, 0x27FF, "Supplemental Arrows-A"),
        (0x2900, 0x297F, "Supplemental Arrows-B"),
        (0x2980, 0x29FF, "Miscellaneous Mathematical Symbols-B"),
        (0x2A00, 0x2AFF, "Supplemental Mathematical Operators"),
        # Mathematical Alphanumeric Symbols U+1D400-1D7FF (𝑥 𝐁 ...) would add
        # about 160 KiB; this Noto Sans Math build has no MATH table anyway.
    ],
    "dingbats": [
        (0x2190, 0x21FF, "Arrows"),
        (0x2300, 0x23FF, "Miscellaneous Technical"),
        (0x2460, 0x24FF, "Enclosed Alphanumerics"),
        (0x25A0, 0x25FF, "Geometric Shapes"),
        (0x2600, 0x26FF, "Miscellaneous Symbols (incl. ballot boxes)"),
        (0x2700, 0x27BF, "Dingbats"),
        (0x27F0, 0x27FF, "Supplemental Arrows-A"),
        (0x2900, 0x297F, "Supplemental Arrows-B"),
        (0x2B00, 0x2BFF, "Miscellaneous Symbols and Arrows"),
    ],
    # Emoji: the BMP symbol blocks (✨ U+2728 is in Dingbats). The astral
    # pictographs (U+1F300 and up) are only kept with EMOJI_PICTOGRAPHS.
    "emoji": [
        (0x0020, 0x0020, "space"),
        (0x00A9, 0x00A9, "copyright"),
        (0x00AE, 0x00AE, "registered"),
        (0x200D, 0x200D, "ZWJ"),
        (0x203C, 0x203C, "‼"),
        (0x2049, 0x2049, "⁉"),
        (0x20E3, 0x20E3, "keycap"),
        (0x2122, 0x2122, "™"),
        (0x2139, 0x2139, "ℹ"),
        (0x2190, 0x21FF, "Arrows"),
        (0x2300, 0x23FF, "Miscellaneous Technical"),
        (0x24C2, 0x24C2, "Ⓜ"),
        (0x25A0, 0x25FF, "Geometric Shapes"),
        (0x2600, 0x26FF, "Miscellaneous Symbols"),
        (0x2700, 0x27BF, "Dingbats (incl. U+2728 ✨)"),
        (0x2900, 0x297F, "Supplemental Arrows-B"),
        (0x2B00, 0x2BFF, "Miscellaneous Symbols and Arrows"),
        (0x3030, 0x3030, "〰"),
        (0x303D, 0x303D, "〽"),
        (0x3297, 0x3299, "㊗ ㊙"),
        (0xFE0E, 0xFE0F, "Variation selectors 15/16"),
    ],
    "pictographs": [
        (0x1F300, 0x1F5FF, "Miscellaneous Symbols and Pictographs"),
        (0x1F600, 0x1F64F, "Emoticons"),
        (0x1F680, 0x1F6FF, "Transport and Map Symbols"),
        (0x1F900, 0x1F9FF, "Supplemental Symbols and Pictographs"),
    ],
}

TEXT = B["latin"] + B["greek"] + B["cyrillic"] + B["punct"] + B["symbols"]
MATH = (B["latin"][:2] + B["latin"][5:6] + B["greek"] + B["punct"][:4]
        + B["symbols"] + B["math"])
DINGBATS = B["dingbats"]
# The astral emoji pictographs (🚀 📊 😀 ...) cost about 690 KiB; a language model
# slips them into a digest now and then, so they are kept (issue 15).
EMOJI_PICTOGRAPHS = True
EMOJI = B["emoji"] + (B["pictographs"] if EMOJI_PICTOGRAPHS else [])

# Scripts a language model may slip into a Vietnamese sentence (issue 15): one regular face each.
# Each keeps ASCII and the joiners/direction marks too: a text engine gives the space next to a
# word of the script to that word's font, and a font without a space draws .notdef for it.
SHARED = [(0x0020, 0x007E, "ASCII"), (0x00A0, 0x00A0, "no-break space"),
          (0x200B, 0x200F, "zero-width and direction marks"), (0x2010, 0x2027, "dashes and quotes")]
THAI = SHARED + [(0x0E00, 0x0E7F, "Thai")]
ARABIC = SHARED + [(0x0600, 0x06FF, "Arabic"), (0x0750, 0x077F, "Arabic Supplement"),
                   (0xFB50, 0xFDFF, "Arabic Presentation Forms-A"), (0xFE70, 0xFEFF, "Arabic Presentation Forms-B")]
HEBREW = SHARED + [(0x0590, 0x05FF, "Hebrew"), (0xFB1D, 0xFB4F, "Hebrew presentation forms")]


def _ranges(cps, name):
    """Consecutive code points as (first, last, name) ranges."""
    out, run = [], []
    for cp in sorted(cps):
        if run and cp != run[-1] + 1:
            out.append((run[0], run[-1], name))
            run = []
        run.append(cp)
    if run:
        out.append((run[0], run[-1], name))
    return out


def cjk_common():
    """The commonly used CJK characters: GB 2312 level 1 hanzi (the 3,755 most frequent), JIS X
    0208 level 1 kanji (2,965), the 2,350 Hangul syllables of KS X 1001, kana, CJK punctuation
    and full-width forms — defined by the standards, through Python's codecs."""
    cps = set()
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        try:
            gb = ch.encode("gb2312")
            if 0xB0 <= gb[0] <= 0xD7:
                cps.add(cp)
        except UnicodeEncodeError:
            pass
        try:
            sj = ch.encode("shift_jis")
            if 0x889F <= int.from_bytes(sj, "big") <= 0x9872:
                cps.add(cp)
        except UnicodeEncodeError:
            pass
    for cp in range(0xAC00, 0xD7A4):
        try:
            if len(chr(cp).encode("euc_kr")) == 2:
                cps.add(cp)
        except UnicodeEncodeError:
            pass
    cps |= set(range(0x3000, 0x3100)) | set(range(0x3130, 0x3190)) | set(range(0xFF00, 0xFFF0))
    cps |= {cp for a, b, _ in SHARED for cp in range(a, b + 1)}
    return _ranges(cps, "CJK common")


CJK = cjk_common()


@dataclass
class Font:
    out: str            # file name in fonts/
    family: str         # expected name ID 1 (or 16 when present)
    style: str          # expected name ID 2 (or 17 when present)
    src: str            # source path (Debian) or member name (wheel)
    package: str        # Debian package or "pypi:<name>"
    licence: str        # licence file in fonts/
    ranges: list = field(default_factory=list)   # empty => copied unmodified
    instance: dict | None = None                 # variable-font location
    role: str = "text"  # text | math | symbols | emoji | metrics | script
    number: int = 0     # the face, in a collection (.ttc)

    @property
    def copied(self) -> bool:
        return not self.ranges


def noto(name):
    return os.path.join(NOTO_DIR, name)


FONTS: list[Font] = []
for fam, stem, pkg in (("Noto Serif", "NotoSerif", "fonts-noto-core"),
                       ("Noto Sans", "NotoSans", "fonts-noto-core")):
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        FONTS.append(Font(f"{stem}-{style}.ttf", fam,
                          {"BoldItalic": "Bold Italic"}.get(style, style),
                          noto(f"{stem}-{style}.ttf"), pkg,
                          "LICENSE-Noto-OFL.txt", TEXT))
for style in ("Regular", "Bold"):
    FONTS.append(Font(f"NotoSansMono-{style}.ttf", "Noto Sans Mono", style,
                      noto(f"NotoSansMono-{style}.ttf"), "fonts-noto-mono",
                      "LICENSE-Noto-OFL.txt", TEXT))
FONTS.append(Font("NotoSansMath-Regular.ttf", "Noto Sans Math", "Regular",
                  noto("NotoSansMath-Regular.ttf"), "fonts-noto-core",
                  "LICENSE-Noto-OFL.txt", MATH, role="math"))
FONTS.append(Font("NotoSansSymbols2-Regular.ttf", "Noto Sans Symbols2",
                  "Regular", noto("NotoSansSymbols2-Regular.ttf"),
                  "fonts-noto-core", "LICENSE-Noto-OFL.txt", DINGBATS,
                  role="symbols"))
FONTS.append(Font("NotoEmoji-Regular.ttf", "Noto Emoji", "Regular",
                  EMOJI_MEMBER, f"pypi:{EMOJI_PYPI}", "LICENSE-Noto-OFL.txt",
                  EMOJI, instance={"wght": 400}, role="emoji"))
for out, fam, src, ranges in (("NotoSansThai-Regular.ttf", "Noto Sans Thai", "NotoSansThai-Regular.ttf", THAI),
                               ("NotoSansArabic-Regular.ttf", "Noto Sans Arabic", "NotoSansArabic-Regular.ttf", ARABIC),
                               ("NotoSansHebrew-Regular.ttf", "Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", HEBREW)):
    FONTS.append(Font(out, fam, "Regular", noto(src), "fonts-noto-core", "LICENSE-Noto-OFL.txt", ranges, role="script"))
# Simplified Chinese face of the Pan-CJK font (its glyphs serve Japanese and Korean too); CFF outlines
FONTS.append(Font("NotoSansCJKsc-Regular.otf", "Noto Sans CJK SC", "Regular",
                  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk",
                  "LICENSE-Noto-OFL.txt", CJK, role="script", number=2))
for style in ("Regular", "Bold", "Italic", "BoldItalic"):
    FONTS.append(Font(f"LiberationSans-{style}.ttf", "Liberation Sans",
                      {"BoldItalic": "Bold Italic"}.get(style, style),
                      f"/usr/share/fonts/truetype/liberation2/LiberationSans-{style}.ttf",
                      "fonts-liberation2", "LICENSE-Liberation.txt", role="metrics"))
for style in ("Regular", "Bold", "Italic", "BoldItalic"):
    FONTS.append(Font(f"Carlito-{style}.ttf", "Carlito",
                      {"BoldItalic": "Bold Italic"}.get(style, style),
                      f"/usr/share/fonts/truetype/crosextra/Carlito-{style}.ttf",
                      "fonts-crosextra-carlito", "LICENSE-Carlito.txt", role="metrics"))

VIETNAMESE_LOWER = ("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộ"
                    "ơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ")
VIETNAMESE = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
VIETNAMESE_ALPHABET = "abcdeghiklmnopqrstuvxy"  # plus the letters above
VIETNAMESE_ALL = "".join(sorted(set(VIETNAMESE + VIETNAMESE_ALPHABET
                                    + VIETNAMESE_ALPHABET.upper())))

# ---------------------------------------------------------------- helpers


def deb_version(pkg: str) -> str:
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                              check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"


def deb_copyright_fields(pkg: str) -> tuple[str, str, str]:
    """(Copyright, licence name, licence text) of the 'Files: *' stanza."""
    text = open(f"/usr/share/doc/{pkg}/copyright", encoding="utf-8").read()
    stanzas = [s for s in re.split(r"\n\s*\n", text) if s.strip()]

    def fields(stanza):
        out, key = {}, None
        for line in stanza.splitlines():
            if line[:1] in (" ", "\t") and key:
                out[key].append(line)
            elif ":" in line:
                key, val = line.split(":", 1)
                out[key] = [val.strip()] if val.strip() else []
        return out

    def deformat(lines):
        res = []
        for ln in lines:
            ln = ln[1:] if ln.startswith(" ") else ln
            res.append("" if ln.strip() == "." else ln)
        return "\n".join(res).strip("\n")

    parsed = [fields(s) for s in stanzas]
    main = next(p for p in parsed if p.get("Files", [""])[0] == "*")
    lic_lines = main["License"]
    lic_name, lic_text = lic_lines[0], deformat(lic_lines[1:])
    if not lic_text:
        for p in parsed:
            if "Files" not in p and p.get("License", [""])[0] == lic_name:
                lic_text = deformat(p["License"][1:])
    copyright_ = deformat(main.get("Copyright", []))
    return copyright_, lic_name, lic_text


_wheel_cache: dict = {}


def emoji_wheel() -> zipfile.ZipFile | None:
    """The manimgx-fonts wheel (installed copy preferred, else pip download)."""
    if "zip" in _wheel_cache:
        return _wheel_cache["zip"]
    zf = None
    tmp = tempfile.mkdtemp(prefix="reportgen-fonts-")
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
           "--only-binary=:all:", f"{EMOJI_PYPI}=={EMOJI_PYPI_VERSION}", "-d", tmp]
    try:
        subprocess.run(cmd, check=True)
        whl = glob.glob(os.path.join(tmp, "*.whl"))[0]
        zf = zipfile.ZipFile(io.BytesIO(open(whl, "rb").read()))
    except (OSError, subprocess.CalledProcessError, IndexError) as exc:
        print(f"!! could not fetch {EMOJI_PYPI}: {exc}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _wheel_cache["zip"] = zf
    return zf


def open_source(f: Font) -> bytes:
    if f.package.startswith("pypi:"):
        zf = emoji_wheel()
        if zf is None:
            raise SystemExit(f"missing source for {f.out}: pip download {EMOJI_PYPI}")
        return zf.read(f.src)
    if not os.path.exists(f.src):
        raise SystemExit(f"missing {f.src}: apt-get install -y {f.package}")
    return open(f.src, "rb").read()


def subset_options() -> subset.Options:
    o = subset.Options()
    o.layout_features = ["*"]      # keep GPOS mark/mkmk/kern, GSUB ccmp/liga...
    o.layout_scripts = ["*"]
    o.name_IDs = ["*"]             # keep every name record: family names unchanged
    o.name_languages = ["*"]
    o.name_legacy = True
    o.hinting = False              # drop TrueType instructions (fpgm/prep/cvt)
    o.legacy_kern = True           # keep a legacy 'kern' table if there is one
    o.glyph_names = False          # post format 3: smaller; PDFs carry ToUnicode
    o.notdef_outline = True
    o.recalc_timestamp = False     # reproducible output
    o.drop_tables = [t for t in o.drop_tables if t != "MATH"]
    return o


def codepoints(ranges) -> set[int]:
    cps = set()
    for a, b, _ in ranges:
        cps.update(range(a, b + 1))
    return cps


def name_of(font: TTFont, *ids) -> str:
    for i in ids:
        n = font["name"].getDebugName(i)
        if n:
            return n
    return ""


def build_one(f: Font) -> None:
    data = open_source(f)
    dst = os.path.join(OUT, f.out)
    if f.copied:
        with open(dst, "wb") as fh:
            fh.write(data)
        return
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, fontNumber=f.number)
    if f.instance:
        from fontTools.varLib import instancer
        font = instancer.instantiateVariableFont(font, f.instance,
                                                 updateFontNames=False)
        font = TTFont(_to_bytes(font), recalcTimestamp=False)
    sub = subset.Subsetter(subset_options())
    cmap = font.getBestCmap()
    sub.populate(unicodes=[c for c in codepoints(f.ranges) if c in cmap])
    sub.subset(font)
    if "CFF " in font:
        # a collection's faces share one CFF table named after its first face (…CJKjp…);
        # PDFs embed the CFF name, so it is made the face's own PostScript name
        font["CFF "].cff.fontNames = [font["name"].getDebugName(6)]
    font.save(dst)


def _to_bytes(font: TTFont) -> io.BytesIO:
    buf = io.BytesIO()
    font.recalcTimestamp = False
    font.save(buf)
    buf.seek(0)
    return buf


# ---------------------------------------------------------------- licences

OFL_HEADER = """\
{title}

The font files listed below are distributed under the SIL Open Font License,
Version 1.1 (full text at the end of this file).

{files}

Copyright notices:
{copyright}

{modified}
------------------------------------------------------------------------
"""


def write_licences() -> None:
    by_lic: dict[str, list[Font]] = {}
    for f in FONTS:
        by_lic.setdefault(f.licence, []).append(f)

    # Noto (Debian fonts-noto-core / fonts-noto-mono + Noto Emoji from the wheel)
    noto_fonts = by_lic["LICENSE-Noto-OFL.txt"]
    cr, _, ofl = deb_copyright_fields("fonts-noto-core")
    cr_lines = ["  Copyright " + ln.strip() for ln in cr.splitlines() if ln.strip()]
    cr_lines.append("  Noto Emoji: Copyright 2013 Google LLC.")
    cr_lines.append("  Noto Sans CJK: Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font\n"
                    "  Name 'Source'. Noto is a trademark of Google Inc.")
    files = "\n".join(f"  {f.out}  ({f.family} {f.style}; from {src_label(f)})"
                      for f in noto_fonts)
    text = OFL_HEADER.format(
        title=textwrap.fill("Noto fonts (" + ", ".join(dict.fromkeys(f.family for f in noto_fonts)) + ")", 72),
        files=files, copyright="\n".join(cr_lines),
        modified="These files are Modified Versions: trimmed to a subset of Unicode\n"
                 "(see README.md) and without TrueType hinting; Noto Emoji is the\n"
                 "wght=400 instance of the variable font; Noto Sans CJK SC is one face\n"
                 "of the collection, trimmed to the common CJK characters. The family\n"
                 "names are kept: Noto declares no Reserved Font Name, and the CJK\n"
                 "font's reserved name 'Source' is not its name.")
    _write("LICENSE-Noto-OFL.txt", text + "\n" + ofl + "\n")

    for lic, pkg, fam in (("LICENSE-Liberation.txt", "fonts-liberation2", "Liberation Sans"),
                          ("LICENSE-Carlito.txt", "fonts-crosextra-carlito", "Carlito")):
        cr, _, body = deb_copyright_fields(pkg)
        files = "\n".join(f"  {f.out}  ({f.family} {f.style}; from {src_label(f)})"
                          for f in by_lic[lic])
        text = OFL_HEADER.format(
            title=f"{fam}", files=files,
            copyright="\n".join("  " + ln.strip() for ln in cr.splitlines() if ln.strip()),
            modified="These files are exact, unmodified copies of the packaged fonts:\n"
                     "the licence reserves the font name, so they are not trimmed.")
        # Debian embeds the copyright line(s) at the top of the licence text too.
        _write(lic, text + "\n" + body + "\n")


def _write(name: str, text: str) -> None:
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as fh:
        fh.write(text)


def src_label(f: Font) -> str:
    if f.package.startswith("pypi:"):
        return f"PyPI {f.package[5:]} {EMOJI_PYPI_VERSION}, {os.path.basename(f.src)}"
    return f"Debian {f.package} {deb_version(f.package)}, {os.path.basename(f.src)}"


# ---------------------------------------------------------------- README

README_HEAD = """\
# Bundled fonts

Fonts that reportgen uses **by path** (WeasyPrint `@font-face {{ src: url(...) }}`,
XeLaTeX `fontspec` with `Path=`, and the PowerPoint text-measurement code).
They are never looked up through the system fontconfig, so output is the same
on every machine. Do not edit these files by hand: regenerate them with

    python tools/make_fonts.py

(needs `apt-get install -y fonts-noto-core fonts-noto-mono fonts-noto-cjk fonts-liberation2
fonts-crosextra-carlito` and `pip install fonttools`; the script fetches the
PyPI wheel `{emoji_pkg}=={emoji_ver}` with `pip download` for Noto Emoji).
`python tools/make_fonts.py --check` re-runs only the checks.

Trimming: the Noto files are subset with fontTools {ftver} to the Unicode blocks
listed below, keeping all OpenType layout features (GPOS `mark`/`mkmk`, which
Vietnamese stacked diacritics need, `kern`, GSUB `ccmp`/`liga`, and the `MATH`
table where the source has one), all name records (family names unchanged) and no TrueType hinting.
**Liberation Sans and Carlito are exact copies** of the Debian files: their
OFL reserves the names "Liberation" and "Carlito", and a trimmed font is a
Modified Version that may not keep the name.

## Families to use (name ID 1; none of these fonts has a name ID 16)

| role | family name for CSS `font-family` / fontspec | files |
| --- | --- | --- |
| body text | `Noto Serif` | NotoSerif-{{Regular,Bold,Italic,BoldItalic}}.ttf |
| headings, UI | `Noto Sans` | NotoSans-{{Regular,Bold,Italic,BoldItalic}}.ttf |
| code | `Noto Sans Mono` | NotoSansMono-{{Regular,Bold}}.ttf |
| math-symbol fallback (∇ ≤ ∆ ⟨ ⟩ ≻ ∞, Greek; this 2.001 build has no OpenType MATH table) | `Noto Sans Math` | NotoSansMath-Regular.ttf |
| symbol fallback (→ ↑ ☐ ☑ ☒, dingbats, shapes) | `Noto Sans Symbols2` | NotoSansSymbols2-Regular.ttf |
| emoji fallback, monochrome outlines (✨ U+2728) | `Noto Emoji` | NotoEmoji-Regular.ttf |
| PowerPoint measurement, metric twin of Arial | `Liberation Sans` | LiberationSans-{{Regular,Bold,Italic,BoldItalic}}.ttf |
| PowerPoint measurement, metric twin of Calibri | `Carlito` | Carlito-{{Regular,Bold,Italic,BoldItalic}}.ttf |

Example (WeasyPrint; one `@font-face` per file, `font-weight`/`font-style` set to match):

    @font-face {{ font-family: "Noto Serif"; src: url("fonts/NotoSerif-BoldItalic.ttf");
                 font-weight: bold; font-style: italic; }}
    body {{ font-family: "Noto Serif", "Noto Sans Math", "Noto Sans Symbols2", "Noto Emoji"; }}

XeLaTeX: `\setmainfont{{NotoSerif}}[Path=fonts/, Extension=.ttf, UprightFont=*-Regular,
BoldFont=*-Bold, ItalicFont=*-Italic, BoldItalicFont=*-BoldItalic]` (fontspec loads
by file name here; the family name inside is still `Noto Serif`).

Suggested fallback order for text: the text family, then `Noto Sans Math`,
`Noto Sans Symbols2`, `Noto Emoji`. Noto Serif/Sans 2.004 have no arrows or
math operators, so → ↑ ≤ ∞ come from the fallbacks (Noto Sans Mono has them).

Caveat: for emoji-presentation characters such as ✨, Pango (WeasyPrint)
prefers a *colour* font if the system has one: with Debian's
`fonts-noto-color-emoji` installed, ✨ came out in Noto Color Emoji even though
`Noto Emoji` was given by path. Keep that package off the build machines.

## Files

| file | family | style | source (package version, file) | licence | Unicode coverage kept | size |
| --- | --- | --- | --- | --- | --- | --- |
"""

README_TAIL = """
Total: {total}.

Block sets: **text** = {text}; **math** = {math}; **symbols** = {dingbats};
**emoji** = {emoji}; **Thai**, **Arabic**, **Hebrew**: their Unicode blocks; **CJK common**:
GB 2312 level 1 hanzi, JIS X 0208 level 1 kanji, the 2,350 Hangul syllables of KS X 1001, kana,
CJK punctuation and full-width forms ({cjk} code points; Noto Sans CJK SC, whose glyphs serve
Japanese and Korean too). Code points a source font does not have are simply absent.

## Checks run by the script

* every file loads with fontTools; family (ID 1/16) and style names equal the source's;
* each text font (Noto Serif, Noto Sans, Noto Sans Mono, Liberation Sans,
  Carlito) maps all 146 Vietnamese vowel letters with tones and đ/Đ
  (`{vi}` and upper case) and the rest of the Vietnamese alphabet;
* Noto Serif and Noto Sans keep GPOS with `mark` and `mkmk`;
* the union of all files covers every non-ASCII character in the corpus
  digests (`--corpus DIR`, default `../shared/corpus` beside the repository).
"""


def human(n: int) -> str:
    return f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 1048576:.2f} MiB"


def block_list(ranges) -> str:
    return ", ".join(f"{name} U+{a:04X}–{b:04X}" if a != b else f"{name} U+{a:04X}"
                     for a, b, name in ranges)


def write_readme() -> None:
    import fontTools
    sets = {id(TEXT): "text", id(MATH): "math", id(DINGBATS): "symbols",
            id(EMOJI): "emoji", id(THAI): "Thai", id(ARABIC): "Arabic", id(HEBREW): "Hebrew", id(CJK): "CJK common"}
    rows = []
    total = 0
    for f in FONTS:
        size = os.path.getsize(os.path.join(OUT, f.out))
        total += size
        cover = (f"**{sets[id(f.ranges)]}** blocks" if f.ranges
                 else "whole font, unmodified (Latin, Latin Ext., Vietnamese, Greek, Cyrillic, punctuation, some math)")
        if f.instance:
            cover += ", static instance wght=400"
        src = src_label(f).replace(", ", ", `", 1) + "`"
        rows.append(f"| `{f.out}` | {f.family} | {f.style} | {src} | "
                    f"[{f.licence}]({f.licence}) | {cover} | {human(size)} |")
    total += sum(os.path.getsize(os.path.join(OUT, n))
                 for n in os.listdir(OUT) if n.startswith("LICENSE"))
    text = (README_HEAD.format(emoji_pkg=EMOJI_PYPI, emoji_ver=EMOJI_PYPI_VERSION,
                               ftver=fontTools.version)
            + "\n".join(rows) + "\n"
            + README_TAIL.format(total=human(total) + " for the font and licence files",
                                 text=block_list(TEXT), math=block_list(MATH),
                                 dingbats=block_list(DINGBATS), emoji=block_list(EMOJI),
                                 cjk=sum(b - a + 1 for a, b, _ in CJK),
                                 vi=VIETNAMESE_LOWER))
    _write("README.md", text)


# ---------------------------------------------------------------- checks


def default_corpus() -> str:
    return os.path.join(os.path.dirname(ROOT), "shared", "corpus")


def _source_font(f: Font) -> TTFont:
    src = TTFont(io.BytesIO(open_source(f)), fontNumber=f.number)
    if f.instance:
        from fontTools.varLib import instancer
        src = instancer.instantiateVariableFont(src, f.instance, updateFontNames=False)
    return src


def check(corpus: str | None, compare_sources: bool) -> bool:
    ok = True
    union: dict[int, list[str]] = {}
    for f in FONTS:
        path = os.path.join(OUT, f.out)
        font = TTFont(path)                       # loads
        for tag in font.keys():                   # decompile every table
            font[tag]
        cmap = font.getBestCmap()
        for cp in cmap:
            union.setdefault(cp, []).append(f.out)
        fam, sty = name_of(font, 16, 1), name_of(font, 17, 2)
        if (fam, sty) != (f.family, f.style):
            print(f"FAIL {f.out}: names {fam!r}/{sty!r}, expected {f.family!r}/{f.style!r}")
            ok = False
        if compare_sources:
            src = _source_font(f)
            for nid in (1, 2, 4, 6, 16, 17):
                if src["name"].getDebugName(nid) != font["name"].getDebugName(nid):
                    print(f"FAIL {f.out}: name ID {nid} differs from source")
                    ok = False
            if f.copied:
                same = hashlib.sha256(open(path, "rb").read()).hexdigest() == \
                    hashlib.sha256(open_source(f)).hexdigest()
                if not same:
                    print(f"FAIL {f.out}: not byte-identical to {f.src}")
                    ok = False
        if f.role in ("text", "metrics"):
            missing = [c for c in VIETNAMESE_ALL if ord(c) not in cmap]
            if missing:
                print(f"FAIL {f.out}: missing Vietnamese {''.join(missing)}")
                ok = False
        if f.family in ("Noto Serif", "Noto Sans"):
            feats = set()
            if "GPOS" in font:
                feats = {fr.FeatureTag for fr in font["GPOS"].table.FeatureList.FeatureRecord}
            if not {"mark", "mkmk"} <= feats:
                print(f"FAIL {f.out}: GPOS mark/mkmk missing ({sorted(feats)})")
                ok = False
        if compare_sources and f.role == "math" and "MATH" in src and "MATH" not in font:
            print(f"FAIL {f.out}: MATH table lost in trimming")
            ok = False
        if "CBDT" in font or "sbix" in font or "COLR" in font or ("glyf" not in font and "CFF " not in font):
            print(f"FAIL {f.out}: not a plain outline font (TrueType or CFF)")
            ok = False
    print(f"ok: {len(FONTS)} fonts load; names match; Vietnamese "
          f"({len(VIETNAMESE_ALL)} letters) in every text font; GPOS mark/mkmk kept"
          if ok else "some checks FAILED")

    if corpus is None and os.path.isdir(default_corpus()):
        corpus = default_corpus()
    if corpus:
        chars: set[str] = set()
        for md in sorted(glob.glob(os.path.join(corpus, "*.md"))):
            chars.update(ch for ch in open(md, encoding="utf-8").read() if ord(ch) > 127)
        missing = sorted(c for c in chars if ord(c) not in union)
        if missing:
            ok = False
            print("FAIL corpus characters not covered: "
                  + " ".join(f"U+{ord(c):04X}{c}" for c in missing))
        else:
            print(f"ok: all {len(chars)} non-ASCII characters of {corpus}/*.md are covered")
        for ch in "✨→↑°·∇≤∆⟨⟩≻∞ϕµ":
            if ch in chars:
                print(f"   U+{ord(ch):04X} {ch}: {', '.join(union.get(ord(ch), ['-']))}")
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"fonts/ total: {total} bytes ({human(total)})")
    return ok


def main() -> int:
    # Carlito's head.created is 0 (1904); fontTools warns about it on every load.
    logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only verify fonts/")
    ap.add_argument("--corpus", help="folder of *.md digests whose characters must be covered")
    args = ap.parse_args()
    if not args.check:
        os.makedirs(OUT, exist_ok=True)
        for f in FONTS:
            build_one(f)
            print(f"built {f.out:32s} {os.path.getsize(os.path.join(OUT, f.out)):>9d} bytes")
        write_licences()
        write_readme()
    return 0 if check(args.corpus, compare_sources=not args.check) else 1


if __name__ == "__main__":
    sys.exit(main())

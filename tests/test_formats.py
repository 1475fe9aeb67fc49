"""The contract every registered format keeps (nbconvert's shared exporter tests): one
test body per promise, parametrized over ``FORMATS`` and the corpus.

- same input + ``SOURCE_DATE_EPOCH`` -> identical bytes;
- every word and every arXiv id of what the format covers is in what it renders;
- ``--strict`` with a warning writes nothing;
- the settings it says it reads change it (lang, accent, logo arrive where a reader sees
  them), the settings it does not read leave it byte-identical (the incremental build
  relies on that declaration);
- a hostile digest makes it open no file outside the bundled assets and no connection.

A format that reads ``engine`` keeps the contract with each engine it is made by every
day: Typst (the default) and WeasyPrint (``--engine html``); the LaTeX engine, which needs
TeX, keeps its promises in tests/test_pdf_latex.py.

Format-specific promises stay in the format's own test file.
"""
from __future__ import annotations

import sys
from dataclasses import replace

import pytest
from conftest import CORPUS, EPOCH, REFERENCE
from outputs import images_of, language_of, paints, text_of, write_png
from pdfcheck import fidelity, needs_pdftotext

from reportgen import arxiv
from reportgen.errors import StrictWarnings
from reportgen.editorial import edition
from reportgen.formats import FORMATS
from reportgen.model import iter_text, plain
from reportgen.pipeline import load, load_text, make, render
from reportgen.settings import Settings

NAMES = sorted(FORMATS)
CONTRACT_ENGINES = ("typst", "html")


def _cases() -> list[tuple[str, str | None]]:
    """(format, engine) pairs: every engine for the formats that read it, else the format alone."""
    return [(n, e) for n in NAMES for e in (CONTRACT_ENGINES if "engine" in FORMATS[n].reads else (None,))]


def case_id(name: str, engine: str | None) -> str:
    return f"{name}:{engine}" if engine else name


def base(engine: str | None) -> Settings:
    """The settings a case is made with: the defaults, and its engine."""
    return Settings(engine=engine) if engine else Settings()


CASES = _cases()


def cases(reading: str | None = None):
    chosen = [(n, e) for n, e in CASES if reading is None or reading in FORMATS[n].reads]
    return pytest.mark.parametrize("name,engine", chosen, ids=[case_id(n, e) for n, e in chosen])


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def rendered(made):
    """(format, digest[, settings]) -> bytes, built once per session (conftest.made)."""
    return lambda name, path, settings=None: made(name, path, settings).output.read_bytes()


def grid():
    return pytest.mark.parametrize("name,engine,path", [(n, e, p) for p in CORPUS for n, e in CASES],
                                   ids=[f"{case_id(n, e)}-{p.stem}" for p in CORPUS for n, e in CASES])


def covered_text(name, digest) -> str:
    """The source text a format promises to show: all of it, or its sections' content — of
    what readers see (the editor hides chatter and empty areas; the model's JSON keeps them)."""
    covers = FORMATS[name].covers
    if FORMATS[name].edited:
        digest = edition(digest)
    items = [it for it in iter_text(digest)
             if "*" in covers or (it.section in covers and it.where != "heading")]
    return "\n".join(plain(it.runs) if it.kind == "runs" else it.text for it in items)


# --------------------------------------------------------------------------- every digest


@grid()
def test_same_input_and_epoch_give_identical_bytes(name, engine, path, rendered):
    again = render(FORMATS[name], load(path), base(engine)).data
    assert again == rendered(name, path, base(engine)), f"{name} of {path.name} differs between two runs"


@needs_pdftotext
@grid()
def test_every_word_and_id_it_covers_is_in_it(name, engine, path, rendered):
    fmt = FORMATS[name]
    assert fmt.covers, f"format {name} does not say what it covers"
    d = load(path)
    source = covered_text(name, d)
    text = text_of(fmt.media_type, rendered(name, path, base(engine)))
    token, flat, missing = fidelity(source, text)
    assert flat == 100.0 and token >= 99.9, (name, missing[:20])
    ids = {arxiv.base_id(i) for i in arxiv.find_ids(source)}
    assert ids, "nothing covered: the test would prove nothing"
    assert sorted(i for i in ids if i not in text) == []


# --------------------------------------------------------------------------- the promises of settings


CLEAN = REFERENCE.read_text(encoding="utf-8")


@cases()
def test_strict_with_a_warning_writes_nothing(name, engine, tmp_path):
    text = CLEAN.replace("6.  **READING_LIST**", "6.  **READING_LIST**\n    *   **2406.99999 – Lạ · Không có trong cây.**", 1)
    digest = load_text(text, "w.md")
    assert any(w.code == "not-in-tree" for w in digest.warnings), "the fixture must warn"
    target = tmp_path / "out.bin"
    with pytest.raises(StrictWarnings):
        make(FORMATS[name], digest, replace(base(engine), strict=True), target)
    assert not target.exists() and not list(tmp_path.iterdir())


SETTINGS_PROBED = {
    "lang": "en",
    "paper": "letter",
    "organisation": "Phòng thí nghiệm Kiểm thử",
    "accent": "#8A2B2B",
    "include": ("highlights",),
}


@pytest.fixture(scope="module")
def logo(tmp_path_factory) -> str:
    return str(write_png(tmp_path_factory.mktemp("logo") / "logo.png"))


@pytest.mark.parametrize("setting", sorted(SETTINGS_PROBED) + ["logo"])
@cases()
def test_a_setting_changes_the_output_exactly_when_the_format_reads_it(name, engine, setting, rendered, logo):
    value = SETTINGS_PROBED.get(setting) or logo
    before = rendered(name, REFERENCE, base(engine))
    changed = rendered(name, REFERENCE, replace(base(engine), **{setting: value}))
    if setting in FORMATS[name].reads:
        assert changed != before, f"{name} reads {setting} but {setting}={value!r} changes nothing"
    else:
        assert changed == before, f"{name} does not declare {setting} but {setting}={value!r} changes it"


@cases("engine")
def test_the_engine_changes_the_output_of_the_formats_that_read_it(name, engine, rendered):
    others = [e for e in CONTRACT_ENGINES if e != engine]
    assert all(rendered(name, REFERENCE, base(engine)) != rendered(name, REFERENCE, base(e)) for e in others)


def test_formats_that_do_not_read_the_engine_are_the_same_with_any(rendered):
    for name in NAMES:
        if "engine" not in FORMATS[name].reads:
            assert rendered(name, REFERENCE, Settings(engine="html")) == rendered(name, REFERENCE), name


@cases("lang")
def test_lang_arrives(name, engine, rendered):
    fmt = FORMATS[name]
    english = rendered(name, REFERENCE, replace(base(engine), lang="en"))
    declared = language_of(fmt.media_type, english)
    assert declared and all(lang.startswith("en") for lang in declared), declared
    assert all(lang.startswith("vi") for lang in language_of(fmt.media_type, rendered(name, REFERENCE, base(engine))))


@cases("accent")
def test_accent_arrives_and_each_output_has_its_own_default(name, engine, rendered):
    fmt = FORMATS[name]
    assert fmt.accent, f"{name} reads the accent: it must declare its default"
    assert paints(fmt.media_type, rendered(name, REFERENCE, base(engine)), fmt.accent), \
        f"{name} does not paint its default"
    red = rendered(name, REFERENCE, replace(base(engine), accent="#8A2B2B"))
    assert paints(fmt.media_type, red, "#8A2B2B")


@cases("logo")
def test_logo_arrives(name, engine, rendered, logo):
    fmt = FORMATS[name]
    with_logo = rendered(name, REFERENCE, replace(base(engine), logo=logo))
    without = rendered(name, REFERENCE, base(engine))
    assert images_of(fmt.media_type, with_logo) == images_of(fmt.media_type, without) + 1


# --------------------------------------------------------------------------- nothing fetched

HOSTILE = CLEAN.replace(
    "7.  **META_REFLECTION**",
    "7.  **META_REFLECTION**\n"
    "    *   Xem [tệp](file:///etc/hostname), ![ảnh](file:///etc/passwd), <img src=\"http://127.0.0.1:9/x.png\">,"
    " [web](http://127.0.0.1:9/p) và <link rel=stylesheet href=\"file:///etc/hostname\">.", 1)


@pytest.fixture(scope="module")
def audit():
    """Every file opened and every connection tried while ``audit.on`` (an audit hook cannot
    be removed: it only records while switched on)."""
    class Log:
        on = False
        opened: list = []
        connected: list = []

    def hook(event, args):
        if not Log.on:
            return
        if event == "open" and isinstance(args[0], (str, bytes)):
            Log.opened.append(str(args[0]))
        elif event in ("socket.connect", "socket.getaddrinfo"):
            Log.connected.append(args)

    sys.addaudithook(hook)
    return Log


@cases()
def test_a_hostile_digest_fetches_nothing(name, engine, audit, tmp_path):
    digest = load_text(HOSTILE, "hostile.md")
    audit.opened.clear()
    audit.connected.clear()
    audit.on = True
    try:
        make(FORMATS[name], digest, base(engine), tmp_path / "out")
    finally:
        audit.on = False
    assert not [p for p in audit.opened if p.startswith(("/etc/hostname", "/etc/passwd"))]
    assert audit.connected == []

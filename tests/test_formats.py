"""The contract every registered format keeps (nbconvert's shared exporter tests): one
test body per promise, parametrized over ``FORMATS`` and the corpus.

- same input + ``SOURCE_DATE_EPOCH`` -> identical bytes;
- every word and every arXiv id of what the format covers is in what it renders;
- ``--strict`` with a warning writes nothing;
- the settings it says it reads change it (lang, accent, logo arrive where a reader sees
  them), the settings it does not read leave it byte-identical (the incremental build
  relies on that declaration);
- a hostile digest makes it open no file outside the bundled assets and no connection.

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


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def rendered(made):
    """(format, digest[, settings]) -> bytes, built once per session (conftest.made)."""
    return lambda name, path, settings=None: made(name, path, settings).output.read_bytes()


def grid():
    return pytest.mark.parametrize("name,path", [(n, p) for p in CORPUS for n in NAMES],
                                   ids=[f"{n}-{p.stem}" for p in CORPUS for n in NAMES])


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
def test_same_input_and_epoch_give_identical_bytes(name, path, rendered):
    again = render(FORMATS[name], load(path), Settings()).data
    assert again == rendered(name, path), f"{name} of {path.name} differs between two runs"


@needs_pdftotext
@grid()
def test_every_word_and_id_it_covers_is_in_it(name, path, rendered):
    fmt = FORMATS[name]
    assert fmt.covers, f"format {name} does not say what it covers"
    d = load(path)
    source = covered_text(name, d)
    text = text_of(fmt.media_type, rendered(name, path))
    token, flat, missing = fidelity(source, text)
    assert flat == 100.0 and token >= 99.9, (name, missing[:20])
    ids = {arxiv.base_id(i) for i in arxiv.find_ids(source)}
    assert ids, "nothing covered: the test would prove nothing"
    assert sorted(i for i in ids if i not in text) == []


# --------------------------------------------------------------------------- the promises of settings


CLEAN = REFERENCE.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_strict_with_a_warning_writes_nothing(name, tmp_path):
    text = CLEAN.replace("6.  **READING_LIST**", "6.  **READING_LIST**\n    *   **2406.99999 – Lạ · Không có trong cây.**", 1)
    digest = load_text(text, "w.md")
    assert any(w.code == "not-in-tree" for w in digest.warnings), "the fixture must warn"
    target = tmp_path / "out.bin"
    with pytest.raises(StrictWarnings):
        make(FORMATS[name], digest, Settings(strict=True), target)
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
@pytest.mark.parametrize("name", NAMES)
def test_a_setting_changes_the_output_exactly_when_the_format_reads_it(name, setting, rendered, logo):
    value = SETTINGS_PROBED.get(setting) or logo
    base = rendered(name, REFERENCE)
    changed = rendered(name, REFERENCE, replace(Settings(), **{setting: value}))
    if setting in FORMATS[name].reads:
        assert changed != base, f"{name} reads {setting} but {setting}={value!r} changes nothing"
    else:
        assert changed == base, f"{name} does not declare {setting} but {setting}={value!r} changes it"


def _reading(name):
    return [n for n in NAMES if name in FORMATS[n].reads]


@pytest.mark.parametrize("name", _reading("lang"))
def test_lang_arrives(name, rendered):
    fmt = FORMATS[name]
    english = rendered(name, REFERENCE, Settings(lang="en"))
    declared = language_of(fmt.media_type, english)
    assert declared and all(lang.startswith("en") for lang in declared), declared
    assert all(lang.startswith("vi") for lang in language_of(fmt.media_type, rendered(name, REFERENCE)))


@pytest.mark.parametrize("name", _reading("accent"))
def test_accent_arrives_and_each_output_has_its_own_default(name, rendered):
    fmt = FORMATS[name]
    assert fmt.accent, f"{name} reads the accent: it must declare its default"
    assert paints(fmt.media_type, rendered(name, REFERENCE), fmt.accent), f"{name} does not paint its default"
    red = rendered(name, REFERENCE, Settings(accent="#8A2B2B"))
    assert paints(fmt.media_type, red, "#8A2B2B")


@pytest.mark.parametrize("name", _reading("logo"))
def test_logo_arrives(name, rendered, logo):
    fmt = FORMATS[name]
    with_logo = rendered(name, REFERENCE, Settings(logo=logo))
    assert images_of(fmt.media_type, with_logo) == images_of(fmt.media_type, rendered(name, REFERENCE)) + 1


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


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_digest_fetches_nothing(name, audit, tmp_path):
    digest = load_text(HOSTILE, "hostile.md")
    audit.opened.clear()
    audit.connected.clear()
    audit.on = True
    try:
        make(FORMATS[name], digest, Settings(), tmp_path / "out")
    finally:
        audit.on = False
    assert not [p for p in audit.opened if p.startswith(("/etc/hostname", "/etc/passwd"))]
    assert audit.connected == []

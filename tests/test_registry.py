"""The format registry, the settings object and the generated command line: one module +
one registry line makes an output, reachable from `build` and from its own command."""
from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT
from typer.testing import CliRunner

from reportgen import formats
from reportgen.build import build_all, build_formats
from reportgen.errors import InputError
from reportgen.formats import FORMATS, Format, Rendered, commands
from reportgen.settings import Settings, load_settings


def _cli(*args, cwd=None):
    import os

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


# --------------------------------------------------------------------------- a tiny format


def _tiny_render(digest, settings):
    """The whole of a format: the digest's title and paper count, in the chosen language."""
    hello = {"vi": "Xin chào", "en": "Hello"}[settings.lang]
    return Rendered(f"{hello}: {digest.title} — {len(digest.papers)}\n".encode())


TINY = Format(name="tiny", render=_tiny_render, build_name="tiny.txt", suffix=".tiny.txt", reads=("lang",),
              command="tiny", help="A tiny test format.", media_type="text/plain", covers=())


@pytest.fixture
def tiny():
    formats.register(TINY)
    yield TINY
    formats.unregister("tiny")


def test_a_format_registered_in_process_is_built_by_build(tiny, tmp_path):
    report = build_all([REFERENCE], Settings(out_dir=str(tmp_path), jobs=1, lang="en"))
    out = tmp_path / REFERENCE.stem / "tiny.txt"
    assert out.read_text(encoding="utf-8") == "Hello: Tổng quan nghiên cứu arXiv tháng 6/2024 — 101\n"
    assert {t.output for t in report.tasks} == {f.build_name for f in FORMATS.values()}
    manifest = json.loads((tmp_path / REFERENCE.stem / "manifest.json").read_text(encoding="utf-8"))
    assert "tiny.txt" in manifest
    again = build_all([REFERENCE], Settings(out_dir=str(tmp_path), jobs=1, lang="en"))
    assert {t.output: t.status for t in again.tasks}["tiny.txt"] == "unchanged"
    changed = build_all([REFERENCE], Settings(out_dir=str(tmp_path), jobs=1, lang="vi"))
    statuses = {t.output: t.status for t in changed.tasks}
    assert statuses["tiny.txt"] == "built"  # it reads lang
    assert statuses["reading-list.bib"] == "unchanged"  # it does not


def test_a_registered_format_gets_its_own_command(tiny, tmp_path):
    import reportgen.cli

    cli = importlib.reload(reportgen.cli)  # the commands are made from the registry when the CLI loads
    try:
        result = CliRunner().invoke(cli.app, ["tiny", str(REFERENCE), "-o", str(tmp_path / "t.txt"), "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / "t.txt").read_text(encoding="utf-8").startswith("Hello: ")
        help_text = CliRunner().invoke(cli.app, ["tiny", "--help"]).output
        assert "--lang" in help_text and "--paper" not in help_text  # only what it reads
    finally:
        formats.unregister("tiny")
        importlib.reload(reportgen.cli)


def test_a_format_from_an_entry_point_is_registered(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "reportgen_hello-1.0.dist-info").mkdir(parents=True)
    (site / "reportgen_hello-1.0.dist-info" / "METADATA").write_text("Name: reportgen-hello\nVersion: 1.0\n")
    (site / "reportgen_hello-1.0.dist-info" / "entry_points.txt").write_text(
        "[reportgen.formats]\nhello = reportgen_hello:FORMAT\n")
    (site / "reportgen_hello.py").write_text(
        "from reportgen.formats import Format, Rendered\n"
        "FORMAT = Format(name='hello', render=lambda d, s: Rendered(b'hi'), build_name='hello.txt',"
        " suffix='.hello.txt', media_type='text/plain')\n")
    monkeypatch.syspath_prepend(str(site))
    try:
        formats._load_entry_points()
        assert FORMATS["hello"].build_name == "hello.txt"
        assert "hello.txt" in [f.build_name for f in build_formats()]
    finally:
        formats.unregister("hello")


def test_two_formats_may_not_write_the_same_file():
    with pytest.raises(ValueError, match="report.pdf"):
        formats.register(Format(name="other", render=_tiny_render, build_name="report.pdf", suffix=".pdf"))
    assert "other" not in FORMATS


# --------------------------------------------------------------------------- reachable from the CLI


def test_every_registered_format_is_reachable_from_build_and_its_own_command(tmp_path):
    names = {f.build_name for f in build_formats()}
    assert names == {f.build_name for f in FORMATS.values()}
    by_command = commands()
    assert set(by_command) == {"pdf", "reading-list", "slides", "parse"}
    for command, fmts in by_command.items():
        r = _cli(command, "--help")
        assert r.returncode == 0, r.stderr
        if len(fmts) > 1:
            for f in fmts:
                assert f.variant in r.stdout, (command, f.variant)
    # each format through its own command, on the reference
    for command, fmts in by_command.items():
        for f in fmts:
            out = tmp_path / f"{command}-{f.name}{f.suffix}"
            args = [command, REFERENCE, "-o", out] + (["--format", f.variant] if len(fmts) > 1 else [])
            r = _cli(*args, cwd=tmp_path)
            assert r.returncode == 0, (args, r.stderr)
            assert out.stat().st_size > 0


def test_help_loses_no_characters_and_shows_no_bool_metavar():
    for command in ["build", *commands()]:
        r = _cli(command, "--help")
        assert r.returncode == 0, r.stderr
        assert "[tool.reportgen]" in r.stdout, command  # was eaten as rich markup
        assert "<bool>" not in r.stdout, command
    r = _cli("build", "--help")
    assert "--engine <typst|html|latex>" in r.stdout and "--lang <vi|en>" in r.stdout  # choices shown as choices


def test_the_cli_declares_each_setting_once():
    """No option is written out per command: cli.py holds no typer.Option for a setting's flag."""
    source = (ROOT / "reportgen" / "cli.py").read_text(encoding="utf-8")
    for flag in ("--engine", "--lang", "--paper", "--org", "--accent", "--logo", "--template-dir", "--jobs"):
        assert f'"{flag}"' not in source, flag


# --------------------------------------------------------------------------- the settings object


def test_settings_are_immutable_and_checked_when_made():
    s = Settings()
    with pytest.raises(FrozenInstanceError):
        s.lang = "en"
    for bad in (dict(lang="fr"), dict(engine="word"), dict(paper="a5"), dict(accent="blue"), dict(jobs=0),
                dict(include=("everything",)), dict(logo="/no/such/logo.png")):
        with pytest.raises(ValueError):
            Settings(**bad)


def test_defaults_then_the_config_file_then_flags(tmp_path):
    assert load_settings(cwd=tmp_path) == Settings()
    (tmp_path / "pyproject.toml").write_text('[tool.reportgen]\nlang = "en"\npaper = "letter"\n', encoding="utf-8")
    s = load_settings(cwd=tmp_path)
    assert (s.lang, s.paper, s.engine) == ("en", "letter", "typst")
    s = load_settings(cwd=tmp_path, paper="a4", organisation="Lab B")
    assert (s.lang, s.paper, s.organisation) == ("en", "a4", "Lab B")
    (tmp_path / "reportgen.toml").write_text('lang = "vi"\n', encoding="utf-8")  # wins over pyproject.toml
    assert load_settings(cwd=tmp_path).lang == "vi"


def test_a_bad_config_value_names_the_file(tmp_path):
    (tmp_path / "reportgen.toml").write_text('accent = "blue"\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_settings(cwd=tmp_path)
    assert str(e.value).startswith(str(tmp_path / "reportgen.toml")) and "colour" in str(e.value)
    (tmp_path / "reportgen.toml").write_text('lang = "fr"\n', encoding="utf-8")
    with pytest.raises(InputError, match="choose from vi, en"):
        load_settings(cwd=tmp_path)
    (tmp_path / "reportgen.toml").write_text('keep_tex = true\n', encoding="utf-8")  # a flag only
    with pytest.raises(InputError, match="unknown key 'keep_tex'"):
        load_settings(cwd=tmp_path)


def test_a_logo_in_the_config_is_relative_to_the_config(tmp_path):
    from outputs import write_png

    (tmp_path / "conf").mkdir()
    write_png(tmp_path / "conf" / "logo.png")
    (tmp_path / "conf" / "reportgen.toml").write_text('logo = "logo.png"\n', encoding="utf-8")
    s = load_settings(tmp_path / "conf" / "reportgen.toml", cwd=tmp_path)
    assert Path(s.logo) == (tmp_path / "conf" / "logo.png").resolve()


# --------------------------------------------------------------------------- stages


def test_the_reader_imports_nothing_from_later_stages():
    tree = ast.parse((ROOT / "reportgen" / "reader.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            imported.add(node.module or "")
        elif isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
    ours = {m for m in imported if m in {"arxiv", "errors", "inline", "model"} or "reportgen" in m}
    assert imported & {"derive", "editorial", "pipeline", "formats", "renderers", "build"} == set(), imported
    assert ours <= {"arxiv", "errors", "inline", "model"}, ours


def test_build_parses_each_digest_once(tmp_path, monkeypatch):
    import reportgen.pipeline as pipeline
    from reportgen import reader

    calls = []
    real = reader.read_file

    def counting(path):
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(pipeline, "read_file", counting)
    build_all([REFERENCE], Settings(out_dir=str(tmp_path), jobs=1))
    assert calls == [REFERENCE.name]


# --------------------------------------------------------------------------- build says what went wrong


def test_build_groups_warnings_by_digest_and_code(tmp_path):
    digest = tmp_path / "w.md"
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "6.  **READING_LIST**", "6.  **READING_LIST**\n    *   **2406.99991 – A · x.**\n    *   **2406.99992 – B · y.**", 1)
    digest.write_text(text, encoding="utf-8")
    r = _cli("build", digest, "--out-dir", tmp_path / "o", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert "w.md: 7 built, 0 unchanged, 0 failed, 3 warnings" in lines  # and the editor's empty-area
    group = [ln for ln in lines if "not-in-tree" in ln]
    assert len(group) == 1, r.stderr  # once per digest, not once per output
    assert " 2  first at w.md:325: 2406.99991" in group[0]
    r = _cli("build", digest, "--out-dir", tmp_path / "o", "--verbose", cwd=tmp_path)
    listed = [ln for ln in r.stderr.splitlines() if "warning [not-in-tree]" in ln]
    assert [ln.strip().split(":")[1] for ln in listed] == ["325", "326"]
    assert "0 built, 7 unchanged, 0 failed, 3 warnings" in r.stderr  # an unchanged build still tells


# --------------------------------------------------------------------------- the README says it


README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_setting_with_its_flag():
    from dataclasses import fields

    section = README[README.index("## Settings and the configuration file"):README.index("## Adding an output format")]
    for f in fields(Settings):
        flag = f.metadata["flag"]
        assert f"(`{flag}`" in section, f"{f.name}'s flag {flag} is not in the README's settings table"
        if f.metadata["config"]:
            assert f"| `{f.name}` (`{flag}`" in section, f"config key {f.name} is not in the README's table"
    for fmt in FORMATS.values():
        if fmt.accent:
            assert f"`{fmt.accent}`" in section, f"{fmt.name}'s default accent is not documented"


def test_the_readme_example_format_works(tmp_path):
    """The module shown under "Adding an output format", run as it is written."""
    import re
    import types

    section = README[README.index("## Adding an output format"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    module = types.ModuleType("reportgen.formats.wordcount")
    module.__package__ = "reportgen.formats"
    exec(compile(code, "README.md", "exec"), module.__dict__)
    formats.register(module.FORMAT)
    try:
        build_all([REFERENCE], Settings(out_dir=str(tmp_path), jobs=1))
        text = (tmp_path / REFERENCE.stem / "wordcount.txt").read_text(encoding="utf-8")
        assert text.startswith("Tổng quan nghiên cứu arXiv tháng 6/2024: ") and text.endswith(" words\n")
        assert int(text.split(": ")[1].split()[0]) > 5000
    finally:
        formats.unregister("wordcount")

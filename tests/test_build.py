"""`reportgen build`: every output, parallel, incremental, configured, and safe to kill."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CORPUS, REFERENCE, ROOT

from reportgen.build import build_formats
from reportgen.pipeline import build_one

OUTPUTS = [f.build_name for f in build_formats()]

SECOND = next((p for p in CORPUS if p != REFERENCE), REFERENCE)


def run(*args, cwd, timeout=600):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def complete(path: Path) -> bool:
    """The file is a whole output of its kind, not a fragment."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") and len(PdfReader(str(path)).pages) > 0
    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as z:
            return z.testzip() is None and "ppt/presentation.xml" in z.namelist()
    if path.suffix == ".json":
        json.loads(data)
        return True
    return len(data) > 0


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two real digests and a bad one, built once with two jobs."""
    work = tmp_path_factory.mktemp("build")
    bad = work / "broken.md"
    bad.write_bytes(b"\xff\xfe not utf-8")
    r = run("build", REFERENCE, SECOND, bad, "--out-dir", work / "out", "--jobs", "2", "-v", cwd=work)
    return work, r, bad


def test_every_output_of_every_good_digest(built):
    work, r, _ = built
    for digest in {REFERENCE, SECOND}:
        folder = work / "out" / digest.stem
        for name in OUTPUTS:
            assert complete(folder / name), name
        manifest = json.loads((folder / "manifest.json").read_text())
        assert set(manifest) == set(OUTPUTS)


def test_one_bad_digest_does_not_stop_the_others_and_sets_the_exit_code(built):
    work, r, bad = built
    assert r.returncode == 2, r.stderr
    assert "broken.md" in r.stderr and "not UTF-8" in r.stderr and "Traceback" not in r.stderr
    assert f"{REFERENCE.name}: 7 built, 0 unchanged, 0 failed" in r.stderr
    assert "broken.md: 0 built, 0 unchanged, 1 failed" in r.stderr
    assert not (work / "out" / "broken").exists() or not any((work / "out" / "broken").iterdir())


def test_unchanged_inputs_are_not_rebuilt_and_changes_are(built, tmp_path):
    work, _, _ = built
    out = work / "out" / REFERENCE.stem
    before = {n: (out / n).stat().st_mtime_ns for n in OUTPUTS}
    r = run("build", REFERENCE, "--out-dir", work / "out", cwd=work)
    assert r.returncode == 0 and f"{REFERENCE.name}: 0 built, 7 unchanged" in r.stderr
    assert {n: (out / n).stat().st_mtime_ns for n in OUTPUTS} == before
    # an option that changes only some outputs rebuilds only those
    r = run("build", REFERENCE, "--out-dir", work / "out", "--paper", "letter", "-v", cwd=work)
    rebuilt = {line.split()[1] for line in r.stderr.splitlines() if line.strip().endswith("s") and " built " in line}
    assert {"report.pdf", "reading-list.pdf"} <= rebuilt
    # a changed digest rebuilds its outputs (content, not mtime, decides)
    copy = tmp_path / REFERENCE.name
    copy.write_bytes(REFERENCE.read_bytes())
    r1 = run("build", copy, "--out-dir", tmp_path / "o", cwd=tmp_path)
    os.utime(copy, None)
    r2 = run("build", copy, "--out-dir", tmp_path / "o", cwd=tmp_path)
    assert "0 built, 7 unchanged" in r2.stderr
    copy.write_bytes(REFERENCE.read_bytes() + "\n    *   Thêm một dòng.\n".encode())
    r3 = run("build", copy, "--out-dir", tmp_path / "o", cwd=tmp_path)
    assert "7 built, 0 unchanged" in r3.stderr, (r1.stderr, r3.stderr)


def test_config_file_flags_override_and_unknown_keys(tmp_path):
    from pypdf import PdfReader

    (tmp_path / "pyproject.toml").write_text('[tool.reportgen]\norganisation = "Phòng thí nghiệm A"\n'
                                             'paper = "letter"\n', encoding="utf-8")
    r = run("build", REFERENCE, "--out-dir", tmp_path / "o", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    pdf = PdfReader(str(tmp_path / "o" / REFERENCE.stem / "report.pdf"))
    assert pdf.metadata.author == "Phòng thí nghiệm A"
    assert abs(float(pdf.pages[0].mediabox.width) - 612) < 1  # letter, from the config
    r = run("build", REFERENCE, "--out-dir", tmp_path / "o2", "--org", "Lab B", "--paper", "a4", cwd=tmp_path)
    pdf = PdfReader(str(tmp_path / "o2" / REFERENCE.stem / "report.pdf"))
    assert pdf.metadata.author == "Lab B" and abs(float(pdf.pages[0].mediabox.width) - 595.3) < 1
    (tmp_path / "reportgen.toml").write_text('organisation = "x"\ncolour = "red"\n', encoding="utf-8")
    r = run("build", REFERENCE, "--out-dir", tmp_path / "o3", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert "reportgen.toml" in r.stderr and "unknown key 'colour'" in r.stderr


def test_a_killed_build_leaves_previous_outputs_intact(tmp_path):
    """Kill `reportgen build` at random moments, many times: every output file that
    exists is whole (the previous one or a new one), and the next build finishes."""
    out = tmp_path / "o"
    r = run("build", REFERENCE, "--out-dir", out, "--jobs", "2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    folder = out / REFERENCE.stem
    rng = random.Random(1234)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for i in range(8):
        # a changed option forces a rebuild of the PDFs; kill somewhere in it
        proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(REFERENCE), "--out-dir", str(out),
                                 "--jobs", "2", "--lang", ("en", "vi")[i % 2]], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.2, 6.0))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        for name in OUTPUTS:
            assert complete(folder / name), f"{name} damaged by a kill (round {i})"
    r = run("build", REFERENCE, "--out-dir", out, cwd=tmp_path)
    assert r.returncode == 0
    assert not list(folder.glob(".*.part")), "temporary files of killed builds are cleared"
    assert all(complete(folder / n) for n in OUTPUTS)


def test_watch_rebuilds_when_the_digest_changes(tmp_path):
    digest = tmp_path / "w.md"
    digest.write_bytes(REFERENCE.read_bytes())
    out = tmp_path / "o"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(digest), "--out-dir", str(out),
                             "--watch"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        model = out / "w" / "model.json"
        deadline = time.time() + 240

        def first_build_done():
            manifest = out / "w" / "manifest.json"
            return manifest.exists() and len(json.loads(manifest.read_text() or "{}")) == len(OUTPUTS)

        while time.time() < deadline and not first_build_done():
            time.sleep(0.5)
        first = model.read_text(encoding="utf-8")
        time.sleep(1)
        digest.write_bytes(REFERENCE.read_bytes() + "\n    *   Một dòng mới khi đang theo dõi.\n".encode())
        while time.time() < deadline and model.read_text(encoding="utf-8") == first:
            time.sleep(0.5)
        assert "Một dòng mới khi đang theo dõi." in model.read_text(encoding="utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_watch_keeps_its_workers_between_builds(tmp_path):
    """--watch builds with the same worker processes every time: their imports and warm Typst
    compilers are kept (a new digest is a new PDF in a fraction of a cold build)."""
    from reportgen.build import Workers, build_all
    from reportgen.settings import Settings

    digest = tmp_path / "w.md"
    digest.write_bytes(REFERENCE.read_bytes())
    settings = Settings(out_dir=str(tmp_path / "o"), jobs=2)
    with Workers(settings) as workers:
        first = build_all([digest], settings, workers=workers)
        pids = set(workers.pool._processes)
        digest.write_bytes(REFERENCE.read_bytes() + "\n    *   Một dòng mới.\n".encode())
        second = build_all([digest], settings, workers=workers)
        assert set(workers.pool._processes) == pids and len(pids) == 2
    assert [t.status for t in first.tasks] == ["built"] * len(OUTPUTS)
    assert [t.status for t in second.tasks] == ["built"] * len(OUTPUTS)  # every output reads the digest
    assert second.tasks[0].output == "report.pdf"  # the report first, on its own: what a watching user waits for
    with Workers(Settings(jobs=1)) as alone:
        assert alone.pool is None  # one job: the tasks run in this process, as warm


def test_logo_and_accent_from_the_config_reach_every_output(tmp_path):
    """reportgen.toml's logo and accent: the report's cover, the reading list's header and the
    deck's title slide carry the logo; the accent colours each of them."""
    from PIL import Image
    from pptx import Presentation
    from pypdf import PdfReader

    Image.new("RGB", (300, 100), (138, 43, 43)).save(tmp_path / "logo.png")
    (tmp_path / "reportgen.toml").write_text('logo = "logo.png"\naccent = "#8A2B2B"\n', encoding="utf-8")
    r = run("build", REFERENCE, "--out-dir", tmp_path / "o", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "o" / REFERENCE.stem
    assert len(PdfReader(str(folder / "report.pdf")).pages[0].images) == 1
    assert len(PdfReader(str(folder / "reading-list.pdf")).pages[0].images) == 1
    deck = Presentation(str(folder / "deck.pptx"))
    title = deck.slides[0]
    pictures = [s for s in title.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    pic = pictures[0]
    assert abs(pic.width / pic.height - 3.0) < 0.05  # the image's own proportions
    assert pic.left + pic.width <= deck.slide_width and pic.top >= 0
    for shape in title.shapes:  # above the title and the subtitle, not over them
        if shape.has_text_frame and shape.text_frame.text.strip():
            assert pic.top + pic.height <= shape.top or pic.left >= shape.left + shape.width
    charts = [s.chart for sl in deck.slides for s in sl.shapes if s.has_chart]
    assert charts and str(charts[0].plots[0].series[0].format.fill.fore_color.rgb) == "8A2B2B"
    # the reading list's header rule and the report's headings take the accent; black by default
    from reportgen.pipeline import load
    from reportgen.renderers.html import render_reading_list, render_report
    from reportgen.settings import Settings

    d = load(REFERENCE)
    assert "solid #8A2B2B" in render_reading_list(d, Settings(accent="#8A2B2B"))
    assert "#8A2B2B" in render_report(d, Settings(accent="#8A2B2B")).html


def test_single_commands_read_the_config_and_flags_override_it(tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    (tmp_path / "reportgen.toml").write_text('organisation = "Phòng thí nghiệm A"\npaper = "letter"\n'
                                             'accent = "#1B6E3A"\n', encoding="utf-8")
    r = run("pdf", REFERENCE, "-o", tmp_path / "a.pdf", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    pdf = PdfReader(str(tmp_path / "a.pdf"))
    assert pdf.metadata.author == "Phòng thí nghiệm A" and abs(float(pdf.pages[0].mediabox.width) - 612) < 1
    r = run("reading-list", REFERENCE, "-o", tmp_path / "b.pdf", "--org", "Lab B", "--paper", "a4", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    pdf = PdfReader(str(tmp_path / "b.pdf"))
    assert pdf.metadata.author == "Lab B" and abs(float(pdf.pages[0].mediabox.width) - 595.3) < 1
    def bar_colour(deck):
        charts = [s.chart for sl in Presentation(str(deck)).slides for s in sl.shapes if s.has_chart]
        return str(charts[0].plots[0].series[0].format.fill.fore_color.rgb)

    r = run("slides", REFERENCE, "-o", tmp_path / "c.pptx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert bar_colour(tmp_path / "c.pptx") == "1B6E3A"  # the file's accent
    r = run("slides", REFERENCE, "-o", tmp_path / "c.pptx", "--accent", "#8A2B2B", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert bar_colour(tmp_path / "c.pptx") == "8A2B2B"  # the flag wins over the file
    (tmp_path / "fake.png").write_bytes(b"not a picture at all")
    for args in (["pdf", "--accent", "blue"], ["slides", "--logo", "missing.png"], ["reading-list", "--logo", "x.gif"],
                 ["slides", "--logo", "fake.png"], ["pdf", "--logo", "fake.png"]):
        r = run(args[0], REFERENCE, *args[1:], "-o", tmp_path / "never", cwd=tmp_path)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, args
        assert not (tmp_path / "never").exists()


def test_an_svg_logo_is_left_off_the_deck_with_a_warning(tmp_path):
    from pptx import Presentation

    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="30" height="10">'
                                       '<rect width="30" height="10" fill="#8A2B2B"/></svg>', encoding="utf-8")
    result = build_one("deck", REFERENCE, tmp_path / "d.pptx", logo=str(tmp_path / "logo.svg"))
    assert [w.code for w in result.warnings if w.code == "logo"] == ["logo"]
    assert not [s for s in Presentation(str(tmp_path / "d.pptx")).slides[0].shapes if s.shape_type == 13]

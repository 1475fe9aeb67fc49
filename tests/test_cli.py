"""The command line as a user meets it: a real subprocess, run from elsewhere.

Every test runs ``python -m reportgen`` with the working directory a fresh tmp
dir and PYTHONPATH pointing at the repository, so nothing depends on the
repository being the current directory.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REFERENCE

import reportgen

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- helpers


def run(*args, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("PYTHONHOME", None)
    return subprocess.run([sys.executable, "-m", "reportgen", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout)


def one_error_line(r: subprocess.CompletedProcess) -> str:
    """The contract for every user error: exit 2, exactly one non-empty line on
    stderr, never a traceback.  Returns that line."""
    assert "Traceback" not in r.stderr, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one stderr line, got {len(lines)}:\n{r.stderr}"
    assert r.returncode == 2, (r.returncode, r.stderr)
    return lines[0]


# A complete digest (every section present) the reader has nothing to warn about.
CLEAN = """\
1. **TOPIC_TREE**
    * I. Language models
        * A. Pre-training
            * 2406.17557, 2406.11794 | Open pre-training corpora at scale.
        * B. Efficiency
            * 2405.21060 | State space models catch up with transformers.
2. **SOTA_HIGHLIGHTS**

    | Rank | PaperID | Keywords | Đột phá | Ảnh hưởng |
    | :--- | :--- | :--- | :--- | :--- |
    | 1 | 2405.21060 | SSM, Mamba-2 | A faster SSD algorithm. | May replace transformers for long contexts. |

3. **NOVEL_TECH_CONTRIBUTIONS**
    * **2406.17557 – FineWeb: an open pre-training corpus. – Transparent data work.**
4. **GAPS_AND_OPPORTUNITIES**
    * **Evaluation:**
        * Benchmarks that update themselves.
5. **FUTURE_IDEAS**
    ✨ **Idea 1: A data curator (Khả thi cao)**
    * **Motivation:** Good data is expensive.
    * **Key novelty:** Learn the curation strategy.
    * **Approach:**
        1. Score candidate documents.
        2. Keep the best.
    * **Risk/Feasibility:** Cao.
6. **READING_LIST**
    * **2405.21060 – Mamba-2 · Theory and speed for SSMs.**
    * **2406.17557 – FineWeb · A transparent corpus.**
7. **META_REFLECTION**
    * Efficiency is the common thread this month.
"""

# The same digest with one reading-list id (line 22) the topic tree never mentions.
WITH_WARNING = CLEAN.replace(
    "    * **2406.17557 – FineWeb · A transparent corpus.**\n",
    "    * **2406.17557 – FineWeb · A transparent corpus.**\n"
    "    * **2406.99999 – Stranger · Never in the tree.**\n")
WARNING_LINE = WITH_WARNING.splitlines().index("    * **2406.99999 – Stranger · Never in the tree.**") + 1


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    d = tmp_path / "work"
    d.mkdir()
    return d


@pytest.fixture(scope="module")
def reference_json(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("ref")
    r = run("parse", REFERENCE, cwd=d)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    r = run("schema", cwd=tmp_path_factory.mktemp("schema"))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# --------------------------------------------------------------------------- basics


def test_version(cwd):
    r = run("--version", cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"reportgen {reportgen.__version__}"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'^version = "{re.escape(reportgen.__version__)}"$', pyproject, re.M), \
        "reportgen.__version__ and pyproject.toml disagree"


def test_no_arguments_shows_help(cwd):
    r = run(cwd=cwd)
    assert "Traceback" not in r.stderr
    assert "parse" in r.stdout + r.stderr and "check" in r.stdout + r.stderr


# --------------------------------------------------------------------------- parse


def test_parse_to_stdout_is_json(reference_json):
    data = json.loads(reference_json)
    assert isinstance(data, dict)
    kinds = [s["kind"] for s in data["sections"]]
    assert kinds[:7] == ["topic_tree", "highlights", "contributions", "gaps", "ideas", "reading_list",
                         "reflection"]
    assert data["source"] == REFERENCE.name
    assert reference_json.endswith("\n")


def test_parse_is_stable_across_runs(cwd, reference_json):
    again = run("parse", REFERENCE, cwd=cwd)
    assert again.returncode == 0
    assert again.stdout == reference_json  # byte-identical


def test_parse_to_output_file(cwd, reference_json):
    r = run("parse", REFERENCE, "-o", "out/model.json", cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    out = cwd / "out" / "model.json"
    assert out.read_bytes() == reference_json.encode("utf-8")
    # the atomic write leaves no temporary file behind
    assert sorted(p.name for p in out.parent.iterdir()) == ["model.json"]
    # and a second run over an existing file replaces it with the same bytes
    r = run("parse", REFERENCE, "--output", out, cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == reference_json.encode("utf-8")


def test_parse_dash_output_is_stdout(cwd, reference_json):
    r = run("parse", REFERENCE, "-o", "-", cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout == reference_json
    assert not (cwd / "-").exists()


def test_json_round_trip_is_lossless(cwd, reference_json):
    (cwd / "model.json").write_text(reference_json, encoding="utf-8")
    r = run("parse", "model.json", cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout == reference_json
    # the JSON is accepted whatever the file is called: content, not suffix, decides
    (cwd / "model.txt").write_text(reference_json, encoding="utf-8")
    r = run("parse", "model.txt", cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert r.stdout == reference_json


def test_json_round_trip_keeps_warnings(cwd):
    (cwd / "warn.md").write_text(WITH_WARNING, encoding="utf-8")
    first = run("parse", "warn.md", cwd=cwd)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["warnings"], "the model should carry the warning"
    (cwd / "warn.json").write_text(first.stdout, encoding="utf-8")
    second = run("parse", "warn.json", cwd=cwd)
    assert second.stdout == first.stdout
    # check reads the JSON exactly as it reads the digest
    a, b = run("check", "warn.md", cwd=cwd), run("check", "warn.json", cwd=cwd)
    assert a.stdout.splitlines()[1:] == b.stdout.splitlines()[1:]


# --------------------------------------------------------------------------- schema


def test_schema_is_valid_json_schema(schema):
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert schema.get("type") == "object"
    assert "sections" in schema.get("properties", {})


def test_parse_output_validates_against_schema(schema, reference_json, cwd):
    jsonschema = pytest.importorskip("jsonschema")
    cls = jsonschema.validators.validator_for(schema)
    cls(schema).validate(json.loads(reference_json))
    (cwd / "warn.md").write_text(WITH_WARNING, encoding="utf-8")
    r = run("parse", "warn.md", cwd=cwd)
    cls(schema).validate(json.loads(r.stdout))


def test_schema_is_stable(cwd, schema):
    r = run("schema", cwd=cwd)
    assert json.loads(r.stdout) == schema


# --------------------------------------------------------------------------- check


def _counts(stdout: str) -> dict[str, int]:
    out = {}
    for ln in stdout.splitlines():
        m = re.match(r"^\s+([a-z][a-z ]+?)\s{2,}(\d+)\b", ln)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def test_check_reference_counts(cwd):
    r = run("check", REFERENCE, cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    counts = _counts(r.stdout)
    assert counts["highlights"] == 6
    assert counts["distinct papers"] == 101
    assert counts["reading list"] == 7
    assert counts["ideas"] == 3
    for label in ("topic areas", "topics", "trend entries", "contributions", "gap groups",
                  "reflection paragraphs", "warnings"):
        assert label in counts, f"check does not print '{label}'"
    assert str(REFERENCE) in r.stdout.splitlines()[0]


def test_check_strict_fails_on_warnings(cwd):
    (cwd / "warn.md").write_text(WITH_WARNING, encoding="utf-8")
    lax = run("check", "warn.md", cwd=cwd)
    assert lax.returncode == 0, lax.stderr
    strict = run("check", "--strict", "warn.md", cwd=cwd)
    assert strict.returncode == 1, strict.stderr
    assert "Traceback" not in strict.stderr
    assert _counts(strict.stdout)["warnings"] >= 1
    # the warning names the id, its kind and where it is: file:line
    warn = [ln for ln in strict.stdout.splitlines() if "2406.99999" in ln]
    assert len(warn) == 1, strict.stdout
    assert f"warn.md:{WARNING_LINE}:" in warn[0]
    assert "not-in-tree" in warn[0]


def test_check_strict_passes_clean_digest(cwd):
    (cwd / "clean.md").write_text(CLEAN, encoding="utf-8")
    r = run("check", "--strict", "clean.md", cwd=cwd)
    assert r.returncode == 0, r.stdout + r.stderr
    assert _counts(r.stdout)["warnings"] == 0
    assert r.stderr == ""


def test_check_warning_kinds_carry_file_and_line(cwd):
    """Unplaced text, malformed ids, ids outside the tree, duplicates: each
    warning line says file:line."""
    text = CLEAN.replace(
        "    * **2406.17557 – FineWeb · A transparent corpus.**\n",
        "    * **2406.17557 – FineWeb · A transparent corpus.**\n"
        "    * **2405.21060 – Mamba-2 again · Twice.**\n"
        "    * Some text with no paper id at all.\n"
        "    * **2406.1234 – Bad id · A post-2015 id needs five digits.**\n"
        "    * **2406.88888 – Stranger · Never in the tree.**\n",
    )
    lines = text.splitlines()
    (cwd / "many.md").write_text(text, encoding="utf-8")
    r = run("check", "many.md", cwd=cwd)
    assert r.returncode == 0, r.stderr
    warnings = [ln.strip() for ln in r.stdout.splitlines() if ": warning [" in ln]
    by_code: dict[str, list[str]] = {}
    for w in warnings:
        by_code.setdefault(re.search(r"warning \[([\w-]+)\]", w).group(1), []).append(w)
    assert {"not-in-tree", "duplicate", "unplaced", "malformed-id"} <= set(by_code), r.stdout

    def line_of(fragment: str) -> int:
        return next(i for i, ln in enumerate(lines, 1) if fragment in ln)

    assert any(w.startswith(f"many.md:{line_of('2406.88888')}:") for w in by_code["not-in-tree"])
    assert any(w.startswith(f"many.md:{line_of('Mamba-2 again')}:") for w in by_code["duplicate"])
    assert any(w.startswith(f"many.md:{line_of('no paper id')}:") for w in by_code["unplaced"])
    assert any(w.startswith(f"many.md:{line_of('2406.1234 ')}:") and "2406.1234" in w
               for w in by_code["malformed-id"])
    for w in warnings:
        if "[missing-section]" not in w:  # a missing section has no line to point at
            assert re.match(r"^many\.md:\d+: warning \[", w), w
    assert run("check", "--strict", "many.md", cwd=cwd).returncode == 1


def test_check_malformed_id_in_topic_tree(cwd):
    text = CLEAN.replace(
        "            * 2405.21060 | State space models catch up with transformers.\n",
        "            * 2405.21060 | State space models catch up with transformers.\n"
        "            * 2406.1234 | A malformed id.\n",
    )
    (cwd / "tree.md").write_text(text, encoding="utf-8")
    r = run("check", "tree.md", cwd=cwd)
    line = text.splitlines().index("            * 2406.1234 | A malformed id.") + 1
    assert f"tree.md:{line}: warning [malformed-id]" in r.stdout, r.stdout


def test_check_several_files(cwd):
    (cwd / "clean.md").write_text(CLEAN, encoding="utf-8")
    (cwd / "warn.md").write_text(WITH_WARNING, encoding="utf-8")
    r = run("check", "clean.md", "warn.md", cwd=cwd)
    assert r.returncode == 0
    assert r.stdout.count("distinct papers") == 2
    assert run("check", "--strict", "clean.md", "warn.md", cwd=cwd).returncode == 1


# --------------------------------------------------------------------------- bad input


LATIN1 = b"1. **TOPIC_TREE**\n* I. Models\n* caf\xe9 au lait\n"


def _make_bad_input(kind: str, d: Path) -> tuple[str, str | None]:
    """Create a bad input in ``d``; returns (argument, text the error must contain)."""
    if kind == "not-utf8":
        # a lone Latin-1 'é' on line 3, after two good lines
        (d / "latin1.md").write_bytes(LATIN1)
        return "latin1.md", "latin1.md:3:"
    if kind == "empty":
        (d / "empty.md").write_bytes(b"")
        return "empty.md", "empty.md"
    if kind == "whitespace-only":
        (d / "blank.md").write_bytes(b"  \n\n\t\n")
        return "blank.md", "blank.md"
    if kind == "binary":
        (d / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
        return "image.md", "image.md"
    if kind == "no-section":
        (d / "prose.md").write_text("\n\nJust a letter.\nNo headings in here.\n", encoding="utf-8")
        return "prose.md", "prose.md:3:"
    if kind == "directory":
        (d / "folder.md").mkdir()
        return "folder.md", "folder.md"
    if kind == "missing":
        return "nowhere.md", "nowhere.md"
    if kind == "device":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero here")
        return "/dev/zero", "/dev/zero"  # endless: must be refused, not read
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(d / "pipe.md")  # nobody writes: reading it would block forever
        return "pipe.md", "pipe.md"
    if kind == "bad-json":
        (d / "broken.json").write_text('{\n "sections": [\n', encoding="utf-8")
        return "broken.json", "broken.json"
    if kind == "json-not-a-model":
        (d / "other.json").write_text('{"sections": 5}\n', encoding="utf-8")
        return "other.json", "other.json"
    if kind == "json-no-section":
        (d / "nothing.json").write_text("{}\n", encoding="utf-8")
        return "nothing.json", "nothing.json"
    raise AssertionError(kind)


BAD_INPUTS = ["not-utf8", "empty", "whitespace-only", "binary", "no-section", "directory", "missing",
              "device", "fifo", "bad-json", "json-not-a-model", "json-no-section"]


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_parse_bad_input_to_stdout(kind, cwd):
    arg, expect = _make_bad_input(kind, cwd)
    r = run("parse", arg, cwd=cwd)
    line = one_error_line(r)
    assert expect in line, line
    assert r.stdout == ""


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_parse_bad_input_leaves_no_output_file(kind, cwd):
    arg, expect = _make_bad_input(kind, cwd)
    r = run("parse", arg, "-o", "out/new.json", cwd=cwd)
    assert expect in one_error_line(r)
    assert not (cwd / "out").exists(), "an output folder appeared for a failed parse"
    # an existing output is left exactly as it was, with nothing beside it
    prev = cwd / "prev.json"
    prev.write_bytes(b'{"previous": true}\n')
    before = sorted(p.name for p in cwd.iterdir())
    r = run("parse", arg, "-o", "prev.json", cwd=cwd)
    assert expect in one_error_line(r)
    assert prev.read_bytes() == b'{"previous": true}\n'
    assert sorted(p.name for p in cwd.iterdir()) == before


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_check_bad_input(kind, cwd):
    arg, expect = _make_bad_input(kind, cwd)
    r = run("check", arg, cwd=cwd)
    assert expect in one_error_line(r)


def test_not_utf8_names_line_and_byte(cwd):
    arg, _ = _make_bad_input("not-utf8", cwd)
    line = one_error_line(run("parse", arg, cwd=cwd))
    assert "latin1.md:3:" in line
    assert "UTF-8" in line
    offset = LATIN1.index(b"\xe9")  # 35
    assert re.search(rf"\b{offset}\b", line), f"the byte offset {offset} is not in: {line}"


def test_check_bad_file_among_good_ones(cwd):
    (cwd / "clean.md").write_text(CLEAN, encoding="utf-8")
    (cwd / "empty.md").write_bytes(b"")
    r = run("check", "clean.md", "empty.md", cwd=cwd)
    assert "empty.md" in one_error_line(r)
    assert "distinct papers" in r.stdout  # the good one is still reported


# --------------------------------------------------------------------------- bad output


def _assert_unwritable(cwd: Path, out: str, must_not_exist: Path) -> None:
    (cwd / "clean.md").write_text(CLEAN, encoding="utf-8")
    r = run("parse", "clean.md", "-o", out, cwd=cwd)
    line = one_error_line(r)
    assert out in line, line
    assert r.stdout == ""
    assert not must_not_exist.exists()


def test_output_parent_is_a_file(cwd):
    (cwd / "afile").write_text("I am a file\n", encoding="utf-8")
    _assert_unwritable(cwd, "afile/out.json", cwd / "afile" / "out.json")
    assert (cwd / "afile").read_text(encoding="utf-8") == "I am a file\n"


def test_output_under_a_file_deeper(cwd):
    """A non-existent folder below a path that is a file (tests run as root,
    so a chmod'ed read-only folder would not stop the write)."""
    (cwd / "afile").write_text("I am a file\n", encoding="utf-8")
    _assert_unwritable(cwd, "afile/sub/dir/out.json", cwd / "afile" / "sub")
    assert (cwd / "afile").read_text(encoding="utf-8") == "I am a file\n"


def test_output_is_a_directory(cwd):
    (cwd / "outdir").mkdir()
    _assert_unwritable(cwd, "outdir", cwd / "outdir" / "clean.json")
    assert list((cwd / "outdir").iterdir()) == []


# --------------------------------------------------------------------------- large junk


def _junk(path: Path, size: int, newlines: bool) -> None:
    """Random printable ASCII (optionally with newlines), written in chunks."""
    alphabet = bytes(range(0x21, 0x7F)) + b" "  # no NUL, nothing that looks binary
    table = bytes(alphabet[i % len(alphabet)] for i in range(256))
    with path.open("wb") as f:
        left = size
        while left:
            chunk = bytearray(os.urandom(min(left, 4 << 20)).translate(table))
            if chunk[:1] == b"{":
                chunk[0] = ord("x")
            if newlines:
                chunk[::97] = b"\n" * len(chunk[::97])
            f.write(chunk)
            left -= len(chunk)


@pytest.mark.parametrize("newlines", [False, True], ids=["one-line", "lines"])
def test_50mb_junk_is_refused_quickly(newlines, cwd):
    _junk(cwd / "junk.md", 50 * 1024 * 1024, newlines)
    t0 = time.monotonic()
    r = run("parse", "junk.md", "-o", "out.json", cwd=cwd, timeout=60)
    elapsed = time.monotonic() - t0
    line = one_error_line(r)
    assert "junk.md" in line
    assert re.search(r"MB|large|section", line), line
    assert not (cwd / "out.json").exists()
    assert elapsed < 30, f"refusing 50 MB of junk took {elapsed:.1f}s"


def test_writing_to_a_device_does_not_replace_it(tmp_path):
    """`-o /dev/null` must write to the device, not rename a file over it."""
    import stat

    r = run("parse", REFERENCE, "-o", "/dev/null", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)

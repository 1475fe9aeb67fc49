"""The built wheel: templates and fonts inside it, and it runs on its own.

The wheel is built once per session from a copy of the repository (so the
build neither writes build/ and *.egg-info into the checkout nor picks up a
stale build/lib from an earlier build), unzipped, and run with PYTHONPATH set
only to the unzipped folder and the working directory somewhere else.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REFERENCE

ROOT = Path(__file__).resolve().parent.parent

# Messages pip prints when it cannot fetch the build requirements (setuptools,
# wheel) for an isolated build: the only reason to skip rather than fail.
_NO_NETWORK = re.compile(
    r"No matching distribution found|Could not find a version that satisfies|NewConnectionError|"
    r"Network is unreachable|Temporary failure in name resolution|Failed to establish a new connection|"
    r"ConnectTimeoutError|ProxyError|Max retries exceeded",
    re.IGNORECASE)

_NOT_SOURCE = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc",
                                     ".pytest_cache", ".hypothesis", ".venv", "output", ".data")


def _pip_wheel(src: Path, dest: Path, isolated: bool) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dest), str(src)]
    if not isolated:
        cmd.insert(4, "--no-build-isolation")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=dest.parent)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=_NOT_SOURCE)
    dest = base / "dist"
    dest.mkdir()
    r = _pip_wheel(src, dest, isolated=True)
    if r.returncode != 0 and _NO_NETWORK.search(r.stdout + r.stderr):
        # No index reachable for the isolated build: use the setuptools at hand if there is one.
        try:
            import setuptools  # noqa: F401
            import wheel  # noqa: F401
        except ImportError:
            pytest.skip("pip cannot fetch setuptools/wheel for an isolated build (no network) and "
                        "they are not installed here")
        r = _pip_wheel(src, dest, isolated=False)
        if r.returncode != 0 and _NO_NETWORK.search(r.stdout + r.stderr):
            pytest.skip("pip cannot build the wheel offline (no network)")
    assert r.returncode == 0, f"pip wheel failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    wheels = list(dest.glob("reportgen-*.whl"))
    assert len(wheels) == 1, list(dest.iterdir())
    return wheels[0]


@pytest.fixture(scope="session")
def names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


@pytest.fixture(scope="session")
def unzipped(wheel, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(d)
    return d


def _run_from(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env["PYTHONPATH"] = str(site)  # the unzipped wheel and nothing else
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


# --------------------------------------------------------------------------- contents


def test_wheel_has_the_templates(names):
    expected = [p.relative_to(ROOT / "templates").as_posix()
                for p in (ROOT / "templates").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert expected, "templates/ is empty in the repository"
    missing = [e for e in expected if f"reportgen/templates/{e}" not in names]
    assert not missing, f"templates not in the wheel: {missing}"


def test_wheel_has_the_fonts(names):
    ttfs = sorted(p.name for p in (ROOT / "fonts").glob("*.ttf"))
    assert "reportgen/fonts/NotoSerif-Regular.ttf" in names
    missing = [t for t in ttfs if f"reportgen/fonts/{t}" not in names]
    assert not missing, f"fonts not in the wheel: {missing}"


def test_wheel_has_the_compiled_catalogs(names):
    for lang in ("vi", "en"):
        assert f"reportgen/locale/{lang}/LC_MESSAGES/reportgen.mo" in names


def test_wheel_holds_only_the_package(names):
    stray = sorted(n for n in names if not n.startswith(("reportgen/", "reportgen-")))
    assert not stray, f"files outside the package in the wheel: {stray[:20]}"
    assert not any(n.startswith("reportgen/tests/") or "/__pycache__/" in n for n in names)
    assert "reportgen/__main__.py" in names and "reportgen/cli.py" in names


def test_wheel_declares_the_console_script(wheel, names):
    ep = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as z:
        text = z.read(ep).decode("utf-8")
    assert re.search(r"^\[console_scripts\]\s*$", text, re.M), text
    assert re.search(r"^reportgen\s*=\s*reportgen\.cli:main\s*$", text, re.M), text


# --------------------------------------------------------------------------- runs on its own


def test_unzipped_wheel_parses_the_reference(unzipped, tmp_path):
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    r = _run_from(unzipped, cwd, "-m", "reportgen", "parse", str(REFERENCE))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    data = json.loads(r.stdout)
    assert data["source"] == REFERENCE.name
    assert len(data["papers"]) == 101
    # the code that ran is the wheel's, not the checkout's
    r = _run_from(unzipped, cwd, "-c", "import reportgen; print(reportgen.__file__)")
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()).resolve().is_relative_to(unzipped.resolve()), r.stdout


def test_assets_resolve_inside_the_unzipped_wheel(unzipped, tmp_path):
    code = ("from reportgen.resources import asset_dir\n"
            "print(asset_dir('templates'))\n"
            "print(asset_dir('fonts'))\n")
    r = _run_from(unzipped, tmp_path, "-c", code)
    assert r.returncode == 0, r.stderr
    templates, fonts = (Path(s).resolve() for s in r.stdout.split("\n")[:2])
    site = unzipped.resolve()
    assert templates == site / "reportgen" / "templates", templates
    assert fonts == site / "reportgen" / "fonts", fonts
    assert not templates.is_relative_to(ROOT.resolve())
    if list((ROOT / "fonts").glob("*.ttf")):  # see the TODO(fonts) above
        assert (fonts / "NotoSerif-Regular.ttf").is_file()


def test_installed_console_script_runs_from_another_directory(wheel, tmp_path):
    """``pip install`` into a fresh venv, then the ``reportgen`` command from elsewhere.
    The venv must not borrow from the *system* Python (a fresh machine's has no typer):
    it sees the dependencies of the environment running the tests, through a ``.pth``
    file naming that environment's site-packages, so nothing is downloaded and the test
    passes or fails the same on every machine."""
    import sysconfig

    venv = tmp_path / "venv"
    r = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        pytest.skip(f"cannot create a venv here: {r.stderr.strip()[-300:]}")
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    # appended after the venv's own site-packages: the wheel's reportgen, installed there, wins
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "test-deps.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    # --ignore-installed: the environment named by the .pth may hold reportgen itself (CI installs
    # it with `pip install .`), and pip would call the wheel "already satisfied" and install nothing
    r = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "--quiet", str(wheel)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    exe = bindir / "reportgen"
    assert exe.exists(), "pip did not install the reportgen console script"
    r = subprocess.run([str(exe), "--version"], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("reportgen ")
    r = subprocess.run([str(exe), "parse", str(REFERENCE), "-o", "model.json"], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert json.loads((cwd / "model.json").read_text(encoding="utf-8"))["source"] == REFERENCE.name
    r = subprocess.run([str(py), "-c", "import reportgen; print(reportgen.__file__)"], cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=60)
    assert Path(r.stdout.strip()).resolve().is_relative_to(venv.resolve()), r.stdout

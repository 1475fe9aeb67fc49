"""One settings object for every stage: defaults, then the configuration file, then flags.

``Settings`` is the single declaration of every option reportgen has: its default,
its flag, its help, its allowed values and whether ``reportgen.toml`` may set it.  The
command line (``cli.py``) is generated from these declarations and the format registry;
every renderer reads the same frozen object.  Values are checked once, when the object
is made (``load_settings``): a bad value is one ``InputError`` naming where it came from
(the configuration file, or the flag).

Allowed values live here and nowhere else, as ``Enum``s (the CLI shows them as
choices); the formats themselves are listed by the registry (``formats.FORMATS``).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from enum import Enum
from pathlib import Path
from typing import Any

from .errors import InputError


class Engine(str, Enum):
    """How the PDF report and reading list are typeset."""

    typst = "typst"  # the typst wheel (the default: fastest)
    html = "html"  # WeasyPrint (HTML/CSS templates)
    latex = "latex"  # XeLaTeX / LuaLaTeX (the report; the reading list is typeset by Typst)


class LatexEngine(str, Enum):
    xelatex = "xelatex"
    lualatex = "lualatex"


class Lang(str, Enum):
    """The language of the outputs' own words (labels, dates); the digest stays as written."""

    vi = "vi"
    en = "en"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


class Density(str, Enum):
    """The reading list's layouts, loosest first: the first that fits one page is used, or
    else the first that fits two."""

    normal = "normal"
    compact = "compact"
    dense = "dense"


class Include(str, Enum):
    """What ``--include`` may add to the reading list."""

    highlights = "highlights"


LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")
ACCENT_RE = re.compile(r"#[0-9A-Fa-f]{6}")


def option(default: Any, flag: str | None, help: str, *, choices: type[Enum] | None = None,
           short: str | None = None, config: bool = True, path: bool = False) -> Any:
    """A field of ``Settings`` with what the CLI and the configuration file need to know.
    ``path``: a file or folder, relative to the configuration file when set there."""
    return field(default=default, metadata=dict(flag=flag, help=help, choices=choices, short=short,
                                                config=config, path=path))


@dataclass(frozen=True)
class Settings:
    """Every option of every output.  Immutable; make changed copies with ``replace``."""

    engine: str = option("typst", "--engine", "Typesetting engine of the report and the reading list (latex: the "
                                              "report; its reading list is typeset by Typst).", choices=Engine)
    latex_engine: str = option("xelatex", "--latex-engine", "With --engine latex: the TeX engine.",
                               choices=LatexEngine)
    lang: str = option("vi", "--lang", "Language of the outputs' own words (labels, dates).", choices=Lang)
    paper: str = option("a4", "--paper", "Paper size of the PDFs.", choices=Paper)
    organisation: str | None = option(None, "--org", "Organisation shown on the outputs.")
    accent: str | None = option(None, "--accent", "Accent colour, e.g. '#2B5D8A' (default: each output's own).")
    logo: str | None = option(None, "--logo", "A PNG, JPEG or SVG logo (the deck and the LaTeX cover take PNG "
                                              "or JPEG).", path=True)
    template_dir: str | None = option(None, "--template-dir", "Templates found here override the bundled ones.",
                                      path=True)
    deck_template: str | None = option(None, "--template", "A lab's own .pptx for the deck; its layouts are "
                                                           "mapped by name.", path=True)
    include: tuple[str, ...] = option((), "--include", "'highlights' adds the SOTA highlights to the reading list.",
                                      choices=Include)
    minutes: int = option(40, "--minutes", "The deck: length of the meeting; about one visible slide per two "
                                           "minutes.")
    appendix: bool = option(True, "--appendix/--no-appendix", "The deck: the full detail as hidden slides after "
                                                              "a divider.")
    keep_tex: bool = option(False, "--keep-tex", "With --engine latex: keep report.tex and its log next to the "
                                                 "PDF (<name>-tex/).", config=False)
    timeout: float = option(120.0, "--timeout", "With --engine latex: seconds per TeX pass.")
    strict: bool = option(False, "--strict", "Fail (exit 1, nothing written) on any warning.", config=False)
    jobs: int | None = option(None, "--jobs", "Worker processes (default: the cores).", short="-j")
    out_dir: str = option("output", "--out-dir", "Where outputs go (build: OUT_DIR/<digest-name>/).", path=True)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = _check(f.name, getattr(self, f.name), f.metadata)
            object.__setattr__(self, f.name, value)

    @property
    def include_highlights(self) -> bool:
        return Include.highlights.value in self.include

    def accent_for(self, default: str | None) -> str | None:
        """The accent an output uses: the configured one, else the output's own default."""
        return self.accent or default

    def values(self, names: tuple[str, ...] | None = None) -> dict:
        """Name -> value (for hashing what an output read)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if names is None or f.name in names}


class SettingError(ValueError):
    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(message)


def _check(name: str, value: Any, meta) -> Any:
    """One value, checked and normalised (Enums to their values, paths to strings)."""
    if value is None:
        return None
    choices = meta.get("choices")
    if name == "include":
        items = (value,) if isinstance(value, (str, Enum)) else tuple(value)
        items = tuple(_choice(name, v, choices) for v in items)
        return tuple(dict.fromkeys(items))
    if choices is not None:
        return _choice(name, value, choices)
    if name in ("keep_tex", "strict", "appendix"):
        if not isinstance(value, bool):
            raise SettingError(name, f"'{name}' must be true or false")
        return value
    if name == "minutes":
        if isinstance(value, bool) or not isinstance(value, int) or not 10 <= value <= 240:
            raise SettingError(name, "'minutes' must be a whole number of minutes from 10 to 240")
        return value
    if name == "jobs":
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError(name, "'jobs' must be a whole number")
        if value < 1:
            raise SettingError(name, "'jobs' must be at least 1")
        return value
    if name == "timeout":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise SettingError(name, "'timeout' must be a number of seconds above 0")
        return float(value)
    if isinstance(value, Path):
        value = str(value)
    if not isinstance(value, str):
        raise SettingError(name, f"'{name}' must be a string")
    if name == "accent" and not ACCENT_RE.fullmatch(value):
        raise SettingError(name, f"the accent must be a colour like \"#2B5D8A\", not '{value}'")
    if name == "logo":
        _check_logo(value)
    if name in ("template_dir",) and not Path(value).is_dir():
        raise SettingError(name, f"template folder not found: {value}")
    if name == "deck_template" and not Path(value).is_file():
        raise SettingError(name, f"template not found: {value}")
    return value


def _choice(name: str, value: Any, choices: type[Enum]) -> str:
    value = value.value if isinstance(value, Enum) else value
    allowed = [c.value for c in choices]
    if value not in allowed:
        raise SettingError(name, f"unknown {name.replace('_', ' ')} '{value}' (choose from {', '.join(allowed)})")
    return value


def _check_logo(logo: str) -> None:
    """The logo is checked once, here, for every output: its type, that it exists and is an image."""
    p = Path(logo)
    if p.suffix.lower() not in LOGO_TYPES:
        raise SettingError("logo", f"a logo must be a {', '.join(LOGO_TYPES)} file: {logo}")
    if not p.is_file():
        raise SettingError("logo", f"logo file not found: {logo}")
    if p.suffix.lower() != ".svg":  # a bitmap must really be one (PIL, the deck and TeX read it)
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(p) as im:
                im.verify()
        except (OSError, UnidentifiedImageError, SyntaxError) as e:
            raise SettingError("logo", f"the logo is not a readable image ({type(e).__name__}): {logo}") from None


# --------------------------------------------------------------------------- the configuration file


def config_keys() -> dict[str, Any]:
    """The keys reportgen.toml may hold: setting name -> its field."""
    return {f.name: f for f in fields(Settings) if f.metadata["config"]}


def find_config(path: str | Path | None = None, cwd: str | Path = ".") -> tuple[Path | None, dict]:
    """The configuration in force and its table: ``path``, else ./reportgen.toml, else
    ./pyproject.toml's ``[tool.reportgen]``, else none."""
    cwd = Path(cwd)
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise InputError("configuration file not found", str(p))
        table = _read_toml(p)
        return p, (table.get("tool", {}).get("reportgen", {}) if p.name == "pyproject.toml" else table)
    if (cwd / "reportgen.toml").is_file():
        p = cwd / "reportgen.toml"
        return p, _read_toml(p)
    if (cwd / "pyproject.toml").is_file():
        p = cwd / "pyproject.toml"
        return p, _read_toml(p).get("tool", {}).get("reportgen", {})
    return None, {}


def _read_toml(p: Path) -> dict:
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise InputError(f"invalid TOML: {e}", str(p), int(m.group(1)) if m else 0) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", str(p)) from None


def _config_values(p: Path, table: dict) -> dict:
    known = config_keys()
    out = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise InputError(f"unknown key '{key}' (known keys: {', '.join(sorted(known))})", str(p))
        if known[name].metadata["path"] and isinstance(value, str):
            value = str((p.parent / value).resolve())  # relative to the file, not the working folder
        out[name] = value
    return out


def load_settings(config: str | Path | None = None, cwd: str | Path = ".", **flags: Any) -> Settings:
    """Defaults < the configuration file < the flags that were given (None: not given)."""
    path, table = find_config(config, cwd)
    values = _config_values(path, table) if path is not None else {}
    source = {name: str(path) for name in values}
    for name, value in flags.items():
        if value is not None and value != ():
            values[name] = value
            source[name] = ""
    try:
        return Settings(**values)
    except SettingError as e:
        raise InputError(str(e), source.get(e.name, "")) from None
    except TypeError as e:  # a flag that is no setting: a programming error, not a user's
        raise InputError(str(e)) from None


__all__ = ["Settings", "load_settings", "find_config", "replace", "Engine", "LatexEngine", "Lang", "Paper",
           "Density", "Include", "LOGO_TYPES", "ACCENT_RE"]

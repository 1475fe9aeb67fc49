"""Project configuration: ``reportgen.toml``, or ``[tool.reportgen]`` in ``pyproject.toml``.

Looked up in the working directory (or given with ``--config``).  Every key is
known; an unknown one is an error naming it (a typo should not be silently
ignored).  Command-line flags override the file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import InputError


@dataclass
class Config:
    organisation: str | None = None
    logo: str | None = None  # an image file shown on the report's cover
    accent: str | None = None  # "#RRGGBB", the report's accent colour
    paper: str | None = None  # a4 | letter
    engine: str | None = None  # html | latex
    lang: str | None = None  # vi | en
    jobs: int | None = None
    out_dir: str | None = None
    source: str = ""  # the file it came from, for messages

    def merged(self, **flags) -> dict:
        """Flags that were given win; then the file; then nothing (the caller's default)."""
        out = {}
        for f in fields(self):
            if f.name == "source":
                continue
            value = flags.get(f.name)
            out[f.name] = value if value is not None else getattr(self, f.name)
        return out


_TYPES = {"organisation": str, "logo": str, "accent": str, "paper": str, "engine": str, "lang": str,
          "jobs": int, "out_dir": str}
ACCENT_RE = r"#[0-9A-Fa-f]{6}"  # the one check of an accent colour (config file and flags)
_CHOICES = {"paper": ("a4", "letter"), "engine": ("html", "latex"), "lang": ("vi", "en")}


def load_config(path: str | Path | None = None, cwd: str | Path = ".") -> Config:
    """The configuration in force: ``path``, else ./reportgen.toml, else ./pyproject.toml's
    ``[tool.reportgen]``, else defaults."""
    cwd = Path(cwd)
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise InputError("configuration file not found", str(p))
        table = _read(p)
        if p.name == "pyproject.toml":
            table = table.get("tool", {}).get("reportgen", {})
    elif (cwd / "reportgen.toml").is_file():
        p = cwd / "reportgen.toml"
        table = _read(p)
    elif (cwd / "pyproject.toml").is_file():
        p = cwd / "pyproject.toml"
        table = _read(p).get("tool", {}).get("reportgen", {})
    else:
        return Config()
    return _validate(table, p)


def _read(p: Path) -> dict:
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise InputError(f"invalid TOML: {e}", str(p), int(m.group(1)) if m else 0) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", str(p)) from None


def _validate(table: dict, p: Path) -> Config:
    values = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in _TYPES:
            raise InputError(f"unknown key '{key}' (known keys: {', '.join(sorted(_TYPES))})", str(p))
        if not isinstance(value, _TYPES[name]) or isinstance(value, bool):
            raise InputError(f"'{key}' must be a {_TYPES[name].__name__}", str(p))
        if name in _CHOICES and value not in _CHOICES[name]:
            raise InputError(f"'{key}' must be one of {', '.join(_CHOICES[name])}, not '{value}'", str(p))
        if name == "accent" and not re.fullmatch(ACCENT_RE, value):
            raise InputError(f"'accent' must be a colour like \"#2B5D8A\", not '{value}'", str(p))
        if name == "jobs" and value < 1:
            raise InputError("'jobs' must be at least 1", str(p))
        if name == "logo":
            logo = (p.parent / value)
            if not logo.is_file():
                raise InputError(f"logo file not found: {value}", str(p))
            value = str(logo.resolve())
        values[name] = value
    return Config(**values, source=str(p))

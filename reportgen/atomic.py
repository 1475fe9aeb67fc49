"""Every output file goes through ``atomic_write``.

The bytes go to a temporary file in the target's folder and are renamed over
the target only when complete, so a failed or killed build leaves the
previous output intact and never a half-written file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    p = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if p.is_dir():
        raise OutputError("is a directory; give a file name", str(p))
    if p.exists() and not p.is_file():
        # /dev/null, /dev/stdout, a FIFO: renaming over it would replace the device with a
        # regular file (as root, for everyone); such a target is written to directly
        try:
            with open(p, "wb") as f:
                f.write(data)
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror}", str(p)) from None
        return p
    parent = p.parent if str(p.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=parent)
    except (FileExistsError, NotADirectoryError):
        # mkdir's "File exists" would mislead: a folder on the way is a file
        raise OutputError("cannot write here: a parent folder on this path is a file", str(p)) from None
    except OSError as e:
        raise OutputError(f"cannot write here: {e.strerror}", str(p)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OutputError(f"cannot write: {e.strerror}", str(p)) from None
        raise
    return p

"""Temporary files and folders that a killed process would otherwise leave behind for ever.

An export or import works in a folder of its own under the system's temporary folder
(``adjudicator-export-<host>-<pid>-…``), an evidence file being added in the store's ``tmp``
folder. A normal end removes them; a process killed half way (power cut, task manager) cannot.
Such a leftover is named after the computer and the process that made it, so the next process
that makes one of the same kind sweeps it: at once if that process (on this computer) is gone,
else once it is a day old (another computer's, or one whose name says nothing).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import time
from pathlib import Path

#: A leftover this old is abandoned, whoever made it.
STALE_SECONDS = 24 * 3600

_swept: set[str] = set()


def host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"


def owner_tag() -> str:
    """``<host>-<pid>-``: what a temporary name starts with after its prefix."""
    return f"{host()}-{os.getpid()}-"


def process_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap check: such leftovers are swept by age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def abandoned(rest: str, mtime: float, now: float) -> bool:
    """Whether a leftover whose name after its prefix is ``rest`` (modified at ``mtime``) may go."""
    parts = rest.split("-")
    ours = len(parts) >= 3 and parts[0] == host() and parts[1].isdigit()
    dead = ours and int(parts[1]) != os.getpid() and not process_alive(int(parts[1]))
    return dead or now - mtime > STALE_SECONDS


def work_dir(prefix: str) -> Path:
    """A new owner-only folder in the temporary folder, named for this process; the first one of
    its kind in a process sweeps what killed processes left (see the module docstring)."""
    if prefix not in _swept:
        _swept.add(prefix)
        sweep_work_dirs(prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{owner_tag()}"))


def sweep_work_dirs(prefix: str, now: float | None = None) -> list[Path]:
    """Remove the abandoned folders named ``<prefix>…`` in the temporary folder; returns them."""
    return sweep(Path(tempfile.gettempdir()), prefix, folders=True, now=now)


def sweep(folder: Path, prefix: str, *, folders: bool, now: float | None = None) -> list[Path]:
    """Remove the abandoned folders (or files) named ``<prefix>…`` in ``folder``; returns what went."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        kind_ok = entry.is_dir(follow_symlinks=False) if folders else entry.is_file(follow_symlinks=False)
        if not entry.name.startswith(prefix) or not kind_ok:
            continue
        try:
            if not abandoned(entry.name[len(prefix):], entry.stat(follow_symlinks=False).st_mtime, now):
                continue
            if folders:
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed

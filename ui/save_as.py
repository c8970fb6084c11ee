"""Every "save as" of the desktop program: the file dialog, then the core's output-path guard.

A clerk must not be able to pick the open database, its ``-wal``/``-shm``/``-journal`` files, a backup
or a file of the evidence store as the place for a PDF or an export: :func:`choose_output` runs the
chosen name through :func:`adjudicator.outputs.check_output_path` and, when it is refused, says why
in one Chinese sentence and returns None, so nothing is written. :func:`write_bytes` writes through
:func:`adjudicator.outputs.write_output` (checked again, all or nothing).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from adjudicator.database import Database
from adjudicator.outputs import UnsafeOutput, check_output_path, write_output
from ui import dialogs


def choose_output(parent: QWidget | None, db: Database | None, title: str, suggested: str,
                  file_filter: str) -> Path | None:
    """Ask where to save; the checked path, or None when cancelled or refused (the refusal shown)."""
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not name:
        return None
    return checked_output(parent, db, name)


def checked_output(parent: QWidget | None, db: Database | None, name: str | Path) -> Path | None:
    """``name`` if an output may be written there; else None, after saying why."""
    try:
        return check_output_path(db, name)
    except UnsafeOutput as exc:
        dialogs.show_error(parent, str(exc))
        return None


def write_bytes(parent: QWidget | None, db: Database | None, path: str | Path, data: bytes) -> Path | None:
    """Write ``data`` to ``path`` through the guard; None (the reason shown) if it was refused or failed."""
    try:
        return write_output(db, path, data)
    except UnsafeOutput as exc:
        dialogs.show_error(parent, str(exc))
        return None

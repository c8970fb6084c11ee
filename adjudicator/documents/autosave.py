"""Autosave of drafts being written (草稿自动保存): to a local file, not to the case's history.

Saving a draft records a change in the case's history (the audit trail). A clerk writing a
decision for an hour would flood it if every pause were saved there, so the drafting window
autosaves to a small JSON file per draft in a local directory and writes to the database only
when the clerk saves (or closes the window). After a crash the autosaved text is offered back.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path


class AutosaveStore:
    """Autosaved fields of drafts, one file per draft in ``directory``."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _path(self, doc_id: uuid.UUID) -> Path:
        return self.directory / f"{doc_id}.json"

    def save(self, doc_id: uuid.UUID, fields: dict[str, str]) -> None:
        """Write the fields atomically (a crash leaves the old file or the new one, never half of one)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self._path(doc_id)
        temp = target.with_suffix(".tmp")
        temp.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, target)

    def load(self, doc_id: uuid.UUID) -> dict[str, str] | None:
        """The autosaved fields of a draft, or None (none, or unreadable)."""
        try:
            data = json.loads(self._path(doc_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None

    def clear(self, doc_id: uuid.UUID) -> None:
        self._path(doc_id).unlink(missing_ok=True)

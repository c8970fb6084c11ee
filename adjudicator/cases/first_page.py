"""The first screenful of the case list, read straight from a SQLite file with the standard library.

When the application starts, the list shows the newest cases first (the default
:class:`~adjudicator.cases.query.CaseQuery`). Through SQLAlchemy the first screenful costs
the first compilation of two statements and a hand-over between threads, some hundreds of
milliseconds before the list shows anything; the same rows read here take a few milliseconds,
so the window opens already filled while the whole list loads in the background.

The statement mirrors :func:`adjudicator.cases.service.where_clauses` and
:func:`~adjudicator.cases.service.order_by` for the default query only, and the rows have the
shape :func:`adjudicator.cases.listing.case_rows_by_keys` gives (a test compares the two).
Anything unexpected (no file, another schema, a locked file) answers None and the caller
takes the ordinary path. No SQLAlchemy here.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date
from pathlib import Path
from typing import Any

_COLUMNS = ("case_no", "kind", "party_summary", "patent_no", "received_on", "status", "handler",
            "owner_station", "version")
_SQL = (f"SELECT id, {', '.join(_COLUMNS)} FROM cases WHERE deleted_at IS NULL "
        "ORDER BY received_on DESC, case_year DESC, case_seq DESC LIMIT ?")


def read_first_page(path: Path, limit: int) -> tuple[list[str], dict[str, dict[str, Any]]] | None:
    """The keys of the newest ``limit`` cases in list order, and their list columns by key.

    None if the file cannot be read this way (the caller then asks through SQLAlchemy).
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        rows = conn.execute(_SQL, (limit,)).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    keys: list[str] = []
    by_key: dict[str, dict[str, Any]] = {}
    try:
        for key, *values in rows:
            row = dict(zip(_COLUMNS, values, strict=True))
            row["key"] = key
            row["id"] = uuid.UUID(key)
            row["received_on"] = date.fromisoformat(row["received_on"])
            keys.append(key)
            by_key[key] = row
    except (TypeError, ValueError):  # not the schema this was written for
        return None
    return keys, by_key

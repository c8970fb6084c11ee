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

:func:`first_look` goes one step further for the desktop application's start: for a station's
SQLite file at the newest schema (judged as :func:`adjudicator.store.database.open_database`
judges it, before reading anything else) it also reads who the database belongs to, so the
window can show the list before SQLAlchemy and the services are imported at all (they are
most of the start-up time). The database is then opened the ordinary way, checks and all,
while the list is already on screen.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from adjudicator.store.sqlite_file import default_database_path, is_current_database, read_only_connection

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


@dataclass(frozen=True)
class FirstLook:
    """A station database as the window first shows it: whose it is, and its newest cases."""

    path: Path
    station_code: str | None
    role: str  # ``station`` or ``supervisor`` (an uninitialised database gets no first look)
    station_name: str | None  # None if the registry in the file does not name the station
    keys: list[str]
    rows: dict[str, dict[str, Any]]


def first_look(target: str | None, limit: int) -> FirstLook | None:
    """The first look at the database ``target`` (a path; None: this user's), or None.

    None unless ``target`` is an existing, writable SQLite file of ours at the newest schema with
    its station chosen: anything else (a server URL, a new, older, foreign or locked file) is
    opened the ordinary way, which creates, migrates or refuses it with its sentence.
    """
    if target is not None and ("://" in target or not target.strip()
                               or any(ord(c) < 32 for c in target)):
        return None
    try:
        path = (default_database_path() if target is None else Path(target).expanduser()).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not is_current_database(path):
        return None
    try:
        con = read_only_connection(path)
    except sqlite3.Error:
        return None
    try:
        settings = {key: json.loads(value) for key, value in con.execute(
            "SELECT key, value FROM settings WHERE key IN ('role', 'station_code')")}
        role, code = settings.get("role"), settings.get("station_code")
        if role not in ("station", "supervisor"):
            return None
        name = None
        if code:
            found = con.execute("SELECT name FROM stations WHERE code = ? AND deleted_at IS NULL",
                                (str(code),)).fetchone()
            name = str(found[0]) if found else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        con.close()
    page = read_first_page(path, limit)
    if page is None:
        return None
    return FirstLook(path, str(code) if code else None, str(role), name, *page)

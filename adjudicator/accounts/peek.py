"""Does a SQLite database need a sign-in? Asked at the desktop's start-up, with the standard library only.

The first look (:mod:`adjudicator.cases.first_page`) shows a database's newest cases before
SQLAlchemy is loaded; a database with accounts must not show anything before someone signs in,
so the start-up asks this first and takes the ordinary path (sign-in, then the list) when it does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from adjudicator.store.sqlite_file import read_only_connection


def needs_sign_in(path: Path) -> bool:
    """True if the SQLite file at ``path`` has any account (or cannot be asked: then be careful)."""
    try:
        con = read_only_connection(path)
    except sqlite3.Error:
        return True
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "accounts" not in tables:
            return False
        return con.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return True
    finally:
        con.close()

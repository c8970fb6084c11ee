"""Storage, the bottom layer: SQLAlchemy models, engine and unit of work, migrations, the audit trail.

It imports nothing of ours but itself and :mod:`adjudicator.errors`; clients hold the database
through :mod:`adjudicator.database`. The names below load on first use, so that
:mod:`adjudicator.store.sqlite_file` can judge a file at start-up without importing SQLAlchemy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from adjudicator.store.base import Base, SyncedMixin
    from adjudicator.store.database import Database, open_database

__all__ = ["Base", "Database", "SyncedMixin", "open_database"]


def __getattr__(name: str) -> Any:
    if name in ("Base", "SyncedMixin"):
        from adjudicator.store import base

        return getattr(base, name)
    if name in ("Database", "open_database"):
        from adjudicator.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

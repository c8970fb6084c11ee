"""Storage: SQLAlchemy models, engine and session setup, migrations and the audit trail."""

from adjudicator.store.base import Base, SyncedMixin
from adjudicator.store.database import Database, open_database

__all__ = ["Base", "Database", "SyncedMixin", "open_database"]

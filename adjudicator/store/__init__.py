"""Storage, the bottom layer: SQLAlchemy models, engine and unit of work, migrations, the audit trail.

It imports nothing of ours but itself and :mod:`adjudicator.errors`; clients hold the database
through :mod:`adjudicator.database`.
"""

from adjudicator.store.base import Base, SyncedMixin
from adjudicator.store.database import Database, open_database

__all__ = ["Base", "Database", "SyncedMixin", "open_database"]

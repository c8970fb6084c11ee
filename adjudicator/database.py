"""The open database as its clients hold it: :func:`open_database` and the :class:`Database` handle.

The desktop UI and the command line pass this handle to the service functions and never
reach into storage themselves (models, sessions, SQL stay inside the core), so they import
it from here rather than from :mod:`adjudicator.store`.
"""

from adjudicator.store.database import Database, default_database_path, open_database

__all__ = ["Database", "default_database_path", "open_database"]

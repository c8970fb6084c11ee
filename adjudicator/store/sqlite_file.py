"""Looking at a SQLite file before SQLAlchemy is loaded: is it ours, and is its schema current?

:func:`adjudicator.store.database.open_database` judges every file this way before it touches
it, and the desktop application asks the same question at start-up to show the case list
before SQLAlchemy (most of the start-up time) is imported. Standard library only: importing
this module must not import SQLAlchemy (a test checks).
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path

from adjudicator.errors import DatabaseRefused
from adjudicator.store import migrate

APP_NAME = "adjudicator"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15000
#: Tables every database of ours has had since the first migration: told apart from another
#: program's database that also happens to use Alembic.
OUR_TABLES = frozenset({"settings", "cases", "number_sequences", "stations", "audit_entries"})


def default_database_path() -> Path:
    """This user's station database, in the platform's user data directory."""
    override = os.environ.get("ADJUDICATOR_DB")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "station.db"


def sqlite_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only ``file:`` URI for ``path`` (``immutable``: no lock and no ``-shm`` either)."""
    return f"file:{urllib.parse.quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot change a byte of ``path``.

    Without a ``-wal`` beside it the file is opened immutable (no lock, no ``-shm``); with one it
    is in use in WAL mode and is read through an ordinary read-only connection.
    """
    wal = path.with_name(path.name + "-wal").exists()
    return sqlite3.connect(sqlite_uri(path, immutable=not wal), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def inspect_sqlite(path: Path) -> tuple[set[str], str | None]:
    """The tables and Alembic revision of an existing SQLite file, read without changing a byte."""
    try:
        with open(path, "rb") as fh:
            magic = fh.read(16)
    except OSError as exc:
        raise DatabaseRefused(f"无法读取数据库文件“{path}”：{exc.strerror or exc}。") from None
    if magic != SQLITE_MAGIC:
        raise DatabaseRefused(f"文件“{path}”不是本系统的数据库（不是 SQLite 数据库文件），未作任何修改。")
    try:
        con = read_only_connection(path)
    except sqlite3.Error as exc:
        raise DatabaseRefused(f"无法打开数据库文件“{path}”：{exc}。未作任何修改。") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            version = row[0] if row else None
        return tables, version
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseRefused(f"数据库“{path}”正被其他程序锁定；请稍后再试。未作任何修改。") from None
        raise DatabaseRefused(f"文件“{path}”不是本系统的数据库或已损坏（{exc}），未作任何修改。") from None
    finally:
        con.close()


def judge_schema(tables: set[str], current: str | None) -> str:
    """``new`` (empty), ``current``, ``older``; refuses what is not ours or newer than this program."""
    if not tables or (tables == {"alembic_version"} and current is None):
        return "new"
    if "alembic_version" not in tables or not OUR_TABLES <= tables:
        raise DatabaseRefused("该数据库不是本系统的数据库（缺少本系统的数据表），未作任何修改。")
    if current not in migrate.known_revisions():
        raise DatabaseRefused(
            f"该数据库的结构版本（{current}）比本程序更新；请升级本程序后再打开，数据库未作任何修改。"
        )
    return "current" if current == migrate.head_revision() else "older"


def is_current_database(path: Path) -> bool:
    """True only for an existing SQLite file of ours at the newest schema, writable as a station's is.

    Anything else (no file, an empty one, another program's, an older or newer schema, a
    read-only file, a locked one) answers False without a word: the caller then opens the
    database the ordinary way, which migrates or refuses with its sentence.
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        if not (os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
            return False
        return judge_schema(*inspect_sqlite(path)) == "current"
    except (DatabaseRefused, OSError, RuntimeError):
        return False

"""Opening a database: the station's SQLite file or a PostgreSQL URL, checked and migrated.

``open_database`` refuses a file that is not ours or whose schema is newer than this
program, migrates an older schema after writing a backup copy next to it, and creates
a new database at the newest schema. SQLite connections get foreign keys, WAL, a busy
timeout, and ``BEGIN IMMEDIATE`` for write transactions so two clerks' programs
allocating case numbers at once queue instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from adjudicator.errors import DatabaseRefused
from adjudicator.store import audit, local_edits, migrate
from adjudicator.store.models import Setting

APP_NAME = "adjudicator"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15000


def default_database_path() -> Path:
    """This user's station database, in the platform's user data directory."""
    override = os.environ.get("ADJUDICATOR_DB")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "station.db"


def database_url(target: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL for a path, a URL, or None (the default station database)."""
    if target is None:
        return f"sqlite:///{default_database_path()}"
    raw = os.fspath(target)
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


class Database:
    """An open database: the engine, session factories, and this database's identity."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._write_engine = engine.execution_options(adjudicator_write=True)
        self._read_factory = sessionmaker(engine, expire_on_commit=False)
        self._write_factory = sessionmaker(self._write_engine, expire_on_commit=False)
        audit.install(self._write_factory)
        local_edits.install(self._write_factory)
        self.actor = os.environ.get("ADJUDICATOR_USER") or _login_name()
        self._station_code: str | None = None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        return Path(self.engine.url.database) if self.is_sqlite and self.engine.url.database else None

    def session(self) -> Session:
        """A session for reading. Use :meth:`write` for anything that changes data."""
        return self._read_factory()

    @contextmanager
    def write(self, actor: str | None = None, **info: Any) -> Iterator[Session]:
        """A write transaction, committed on success; the audit trail records ``actor``."""
        session = self._write_factory()
        session.info["actor"] = actor or self.actor
        session.info["station"] = self.station_code
        session.info.update(info)
        try:
            with session.begin():
                yield session
        finally:
            session.close()

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.session() as s:
            row = s.get(Setting, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: Any) -> None:
        with self.write() as s:
            row = s.get(Setting, key)
            if row is None:
                s.add(Setting(key=key, value=value))
            else:
                row.value = value
        if key == "station_code":
            self._station_code = None

    @property
    def station_code(self) -> str | None:
        """The station this database belongs to (None until initialised, or for a supervisor).

        Read once it is set: ``init`` never changes it afterwards, and every write transaction asks.
        """
        if self._station_code is None:
            value = self.get_setting("station_code")
            self._station_code = str(value) if value else None
        return self._station_code

    @property
    def role(self) -> str:
        """``station`` or ``supervisor``; ``uninitialised`` before ``init``."""
        return str(self.get_setting("role", "uninitialised"))

    def close(self) -> None:
        self.engine.dispose()


def _login_name() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER") or os.environ.get("USERNAME") or "未知用户"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        # Take transaction control from pysqlite so BEGIN IMMEDIATE is ours to issue.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("adjudicator_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseRefused(f"“{path}”是一个文件夹，不是数据库文件；请选择一个 .db 文件。")
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        magic = fh.read(16)
    if magic != SQLITE_MAGIC:
        raise DatabaseRefused(f"文件“{path}”不是本系统的数据库（不是 SQLite 数据库文件），未作任何修改。")


def create_db_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            _check_sqlite_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def backup_sqlite(engine: Engine, path: Path, label: str) -> Path:
    """Copy a live SQLite database consistently (backup API) to ``<name>.<label>-<time>.bak``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def open_database(target: str | os.PathLike[str] | None = None, *, create: bool = True) -> Database:
    """Open (and if needed create or migrate) the database at a path or URL.

    Raises :class:`DatabaseRefused` with a sentence for the user when the target is not
    one of ours, is newer than this program, or does not exist and ``create`` is False.
    """
    url = database_url(target)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not create and parsed.database:
        if not Path(parsed.database).exists():
            raise DatabaseRefused(f"数据库文件“{parsed.database}”不存在；请先运行 adjudicator init。")
    engine = create_db_engine(url)
    try:
        _prepare_schema(engine)
    except DatabaseRefused:
        engine.dispose()
        raise
    except Exception as exc:  # a server that is down, a locked file...
        engine.dispose()
        raise DatabaseRefused(f"无法打开数据库“{parsed.render_as_string(hide_password=True)}”：{exc}") from exc
    return Database(engine)


def _prepare_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not tables or (tables == {"alembic_version"} and current is None):
        migrate.upgrade(engine)
        return
    if "alembic_version" not in tables or "settings" not in tables:
        raise DatabaseRefused("该数据库不是本系统的数据库（缺少本系统的数据表），未作任何修改。")
    known = migrate.known_revisions()
    if current not in known:
        raise DatabaseRefused(
            f"该数据库的结构版本（{current}）比本程序更新；请升级本程序后再打开，数据库未作任何修改。"
        )
    if current != migrate.head_revision():
        if engine.dialect.name == "sqlite" and engine.url.database:
            backup_sqlite(engine, Path(engine.url.database), f"before-{migrate.head_revision()}")
        migrate.upgrade(engine)


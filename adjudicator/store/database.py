"""Opening a database: the station's SQLite file or a PostgreSQL URL, checked and migrated.

``open_database`` refuses a file that is not ours or whose schema is newer than this
program, migrates an older schema after writing a backup copy next to it, and creates
a new database at the newest schema. A SQLite file is inspected through a read-only
connection *before* anything else touches it, so a file that is not ours is left byte for
byte as it was (no WAL switch, no journal). SQLite connections get foreign keys, WAL, a
busy timeout, and ``BEGIN IMMEDIATE`` for write transactions so two clerks' programs
allocating case numbers at once queue instead of failing. A write that waited the whole busy
timeout (another copy of the program importing, migrating or restoring a backup) is refused with
one sentence, :class:`DatabaseBusy`, and nothing changed.

Once the database has accounts (:mod:`adjudicator.accounts`), :meth:`Database.write` refuses
unless someone is signed in (``Database.user``) with an enabled account, and the audit trail
names that person whatever actor a caller passes; a database without accounts writes as before.

``readonly=True`` opens without creating, migrating or changing the journal mode (the
command line's reading commands); such a database refuses :meth:`Database.write` with a
sentence, and a read-only file can be read. Every failure is a :class:`DatabaseRefused`
with one sentence: a bad URL, a server that cannot be reached (password masked), a locked
file. PostgreSQL reading sessions carry a statement timeout so an abandoned query stops.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from adjudicator.errors import DatabaseBusy, DatabaseRefused, PermissionRefused
from adjudicator.store import audit, limits, local_edits, migrate
from adjudicator.store.models import Setting
from adjudicator.store.models_accounts import Account, SignedIn
from adjudicator.store.sqlite_file import (  # noqa: F401 - APP_NAME, OUR_TABLES, SQLITE_MAGIC: named here too
    APP_NAME,
    BUSY_TIMEOUT_MS,
    OUR_TABLES,
    SQLITE_MAGIC,
    default_database_path,
)
from adjudicator.store.sqlite_file import inspect_sqlite as _inspect_sqlite
from adjudicator.store.sqlite_file import judge_schema as _judge_schema
from adjudicator.store.sqlite_file import sqlite_uri as _sqlite_uri

#: What a write is told that waited the whole busy timeout for another program's lock.
BUSY_SENTENCE = ("数据库正被另一个程序（另一个窗口或命令）写入，可能正在导入、升级或恢复备份；"
                 "请稍后再试。本次操作未作任何修改。")
#: A reading statement on PostgreSQL is cancelled after this long (a runaway filter, a client gone).
READ_STATEMENT_TIMEOUT_MS = 30000
_BACKENDS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def database_url(target: str | os.PathLike[str] | None) -> str:
    """A SQLAlchemy URL for a path, a URL, or None (the default station database).

    Refuses (DatabaseRefused, one sentence) anything but a file path, a ``sqlite://`` URL or a
    PostgreSQL URL; ``postgresql://`` means the psycopg driver this program ships with.
    """
    if target is None:
        return f"sqlite:///{default_database_path()}"
    raw = os.fspath(target)
    if not raw.strip():
        raise DatabaseRefused("数据库路径为空；请给出数据库文件的路径或 PostgreSQL 地址。")
    if "\x00" in raw or any(ord(c) < 32 for c in raw):
        raise DatabaseRefused("数据库路径含有控制字符；请检查后重新输入。")
    if "://" not in raw:
        try:
            return f"sqlite:///{Path(raw).expanduser().resolve()}"
        except (OSError, RuntimeError, ValueError) as exc:
            raise DatabaseRefused(f"数据库路径“{raw[:80]}”无法使用：{exc}。") from None
    try:
        parsed = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseRefused(f"“{_mask(raw)}”不是有效的数据库地址（{_first_line(exc)}）；"
                              "请给出文件路径或 postgresql+psycopg://用户@主机/库名。") from None
    backend = parsed.get_backend_name()
    if backend not in _BACKENDS:
        hint = "文件请直接给出路径" if backend == "file" else "只支持 SQLite 文件和 PostgreSQL"
        raise DatabaseRefused(f"不支持的数据库地址“{_mask(raw)}”（{backend}）；{hint}，"
                              "例如 station.db 或 postgresql+psycopg://用户@主机/库名。")
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername=_BACKENDS["postgresql"])
    if backend == "postgresql" and not parsed.database:
        raise DatabaseRefused(f"PostgreSQL 地址“{_mask(raw)}”没有写明数据库名；请写成 postgresql+psycopg://用户@主机/库名。")
    return parsed.render_as_string(hide_password=False)


def _mask(raw: str) -> str:
    """A URL as it may be shown: any password replaced by ***."""
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return re.sub(r"(//[^/:@]*:)[^@]*@", r"\1***@", raw)[:200]


def _first_line(exc: BaseException) -> str:
    text_ = str(getattr(exc, "orig", None) or exc).strip()
    return (text_.splitlines() or [type(exc).__name__])[0][:200]


def is_memory_url(url: str) -> bool:
    """True for an in-memory SQLite database (``sqlite://``): nothing written there is kept."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


class Database:
    """An open database: the engine, session factories, and this database's identity."""

    def __init__(self, engine: Engine, *, readonly: bool = False):
        self.engine = engine
        self.readonly = readonly
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._write_engine = engine.execution_options(adjudicator_write=True)
        self._read_factory = sessionmaker(engine, expire_on_commit=False)
        self._write_factory = sessionmaker(self._write_engine, expire_on_commit=False)
        limits.install(self._write_factory)  # before the audit listener: users' values, not generated ones
        audit.install(self._write_factory)
        local_edits.install(self._write_factory)
        if engine.dialect.name == "postgresql":
            event.listen(self._read_factory, "after_begin", _read_timeout)
        self._actor = os.environ.get("ADJUDICATOR_USER") or _login_name()
        #: The account signed in on this handle (set by :mod:`adjudicator.accounts`), None if nobody is.
        self.user: SignedIn | None = None
        self._station_code: str | None = None
        self._role: str | None = None

    @property
    def actor(self) -> str:
        """Who the audit trail names: the signed-in account, else the name given (OS user, ``--user``)."""
        return self.user.actor if self.user is not None else self._actor

    @actor.setter
    def actor(self, name: str) -> None:
        self._actor = name

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
        if self.readonly:
            raise DatabaseRefused("数据库以只读方式打开（文件或其所在文件夹不可写），不能修改；"
                                  "请检查文件权限，或把数据库复制到可写的位置。")
        session = self._write_factory()
        session.info["actor"] = self.user.actor if self.user is not None else (actor or self.actor)
        session.info["station"] = self.station_code
        bookkeeping = bool(info.pop("accounts_bookkeeping", False))
        session.info.update(info)
        try:
            with busy_refused(), session.begin():
                if not bookkeeping:
                    self._check_signed_in(session)
                yield session
        finally:
            session.close()

    def _check_signed_in(self, session: Session) -> None:
        """Refuse the write if this database has accounts and nobody (enabled) is signed in.

        Asked inside the write transaction, so an account disabled by another program since the
        sign-in takes effect at once; one indexed lookup per transaction.
        """
        if self.user is None:
            if session.execute(select(Account.id).limit(1)).first() is not None:
                raise PermissionRefused("此数据库已启用登录，请先登录后再修改；未作任何修改。")
            return
        enabled = session.execute(select(Account.enabled).where(Account.username == self.user.username)).scalar()
        if not enabled:
            raise PermissionRefused(f"账户“{self.user.username}”已被停用或删除，不能再修改；请联系负责人。未作任何修改。")

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
        if key == "role":
            self._role = None

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
        """``station`` or ``supervisor``; ``uninitialised`` before ``init``.

        Read once it is set, as :attr:`station_code`: the main window asks whenever the
        selection changes, and a query there cost a filter keystroke some milliseconds.
        """
        if self._role is None:
            role = str(self.get_setting("role", "uninitialised"))
            if role == "uninitialised":
                return role
            self._role = role
        return self._role

    def close(self) -> None:
        self.engine.dispose()


def is_busy(exc: BaseException) -> bool:
    """Whether a storage error is SQLite's "database is locked": another program held the write lock."""
    detail = str(getattr(exc, "orig", None) or exc).lower()
    return isinstance(exc, (OperationalError, sqlite3.OperationalError)) and ("locked" in detail or "busy" in detail)


@contextmanager
def busy_refused() -> Iterator[None]:
    """Around a write: SQLite's "database is locked" after the whole busy timeout becomes :class:`DatabaseBusy`."""
    try:
        yield
    except OperationalError as exc:
        if is_busy(exc):
            raise DatabaseBusy(BUSY_SENTENCE) from None
        raise


def _read_timeout(session: Session, transaction: Any, connection: Any) -> None:
    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {READ_STATEMENT_TIMEOUT_MS}")


def _login_name() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER") or os.environ.get("USERNAME") or "未知用户"


def _configure_sqlite(engine: Engine, *, readonly: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        # Take transaction control from pysqlite so BEGIN IMMEDIATE is ours to issue.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if readonly:
            cur.execute("PRAGMA query_only=ON")  # and never switch the journal mode on a read
        else:
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
    _judge_schema(*_inspect_sqlite(path))


def create_db_engine(url: str, *, readonly: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database) if parsed.database and parsed.database != ":memory:" else None
        if path is not None:
            _check_sqlite_file(path)
        if readonly and path is not None:
            uri = _sqlite_uri(path)
            engine = create_engine(url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        else:
            engine = create_engine(url)
        _configure_sqlite(engine, readonly=readonly)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseRefused(f"无法使用数据库地址“{_mask(url)}”：缺少驱动（{_first_line(exc)}）。") from None


def backup_sqlite(engine: Engine, path: Path, label: str) -> Path:
    """Copy a live SQLite database consistently (backup API) to ``<name>.<label>-<time>.bak``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    n = 1
    while target.exists():  # two backups in one second: never overwrite (or later delete) the first
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}.bak")
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


def open_database(target: str | os.PathLike[str] | None = None, *, create: bool = True,
                  readonly: bool = False) -> Database:
    """Open (and if needed create or migrate) the database at a path or URL.

    Raises :class:`DatabaseRefused` with a sentence for the user when the target is not
    one of ours, is newer than this program, cannot be reached, or does not exist and
    ``create`` is False. ``readonly`` never creates, migrates or changes the file (an older
    schema is migrated first only if the file can be written).
    """
    url = database_url(target)
    parsed = make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    path = _sqlite_path(parsed)
    if path is not None:
        _check_path(path, create=create and not readonly, readonly=readonly)
        if readonly and _writable(path) and _judge_schema(*_inspect_sqlite(path)) == "older":
            open_database(target, create=False).close()  # migrate (after a backup), then read
    engine = create_db_engine(url, readonly=readonly)
    try:
        _prepare_schema(engine, readonly=readonly)
    except DatabaseRefused:
        engine.dispose()
        raise
    except OperationalError as exc:  # a server that is down, a locked file...
        engine.dispose()
        raise DatabaseRefused(_operational_sentence(exc, shown)) from None
    except (DBAPIError, SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise DatabaseRefused(f"无法打开数据库“{shown}”：{_clean(_first_line(exc), url)}。") from None
    return Database(engine, readonly=readonly)


def _sqlite_path(parsed: URL) -> Path | None:
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def _writable(path: Path) -> bool:
    """Whether the file and its folder (for the WAL's companions) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _check_path(path: Path, *, create: bool, readonly: bool) -> None:
    try:
        exists = path.exists()
        if path.is_dir():
            raise DatabaseRefused(f"“{path}”是一个文件夹，不是数据库文件；请选择一个 .db 文件。")
    except OSError as exc:
        raise DatabaseRefused(f"数据库路径“{str(path)[:120]}”无法使用：{exc.strerror or exc}。") from None
    empty = exists and path.stat().st_size == 0
    if not exists or empty:
        if not create:
            raise DatabaseRefused(f"数据库文件“{path}”不存在；请先运行 adjudicator init。")
        if not path.parent.is_dir():
            if path == default_database_path():
                path.parent.mkdir(parents=True, exist_ok=True)
            else:
                raise DatabaseRefused(f"文件夹“{path.parent}”不存在；请先建立该文件夹或另选位置。")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise DatabaseRefused(f"没有在文件夹“{path.parent}”中建立数据库的权限；请另选位置。")
        return
    if not os.access(path, os.R_OK):
        raise DatabaseRefused(f"没有读取数据库文件“{path}”的权限；请检查文件权限。")
    if not readonly and not _writable(path):
        raise DatabaseRefused(f"数据库文件“{path}”（或其所在文件夹）是只读的；可以查看，不能修改。"
                              "请检查文件权限，或把数据库复制到可写的位置。")


def _clean(message: str, url: str) -> str:
    password = make_url(url).password
    return message.replace(str(password), "***") if password else message


def _operational_sentence(exc: OperationalError, shown: str) -> str:
    detail = _clean(_first_line(exc), shown)
    if "locked" in detail or "busy" in detail:
        return f"数据库“{shown}”正被其他程序锁定（可能正在升级或写入）；请稍后再试。未作任何修改。"
    return f"无法连接数据库“{shown}”：{detail}。请检查地址、网络和用户名密码。"


def _prepare_schema(engine: Engine, *, readonly: bool = False) -> None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    state = _judge_schema(tables, current)
    if readonly:
        if state != "current":
            raise DatabaseRefused("该数据库尚未建立或结构版本较旧，只读打开时不能升级；"
                                  "请先用本程序以可写方式打开一次（例如在可写的位置运行任一修改命令）。")
        return
    if state == "new":
        migrate.upgrade(engine)
    elif state == "older":
        if engine.dialect.name == "sqlite" and engine.url.database:
            backup_sqlite(engine, Path(engine.url.database), f"before-{migrate.head_revision()}")
        migrate.upgrade(engine)

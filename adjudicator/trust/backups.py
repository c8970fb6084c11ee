"""Backups of a station's SQLite database: automatic and rotating, listed, described and restored.

Every copy is taken with SQLite's backup API (:func:`adjudicator.store.database.backup_sqlite`), so
it is a consistent snapshot even while the program writes, and lies beside the database as
``station.db.<label>-<time>.bak``: ``auto`` (on start and then at most once a day, the newest
``backup_keep`` kept, 7 unless set), ``manual``, ``before-<revision>`` (each migration),
``before-import`` (each supervisor import) and ``before-restore``.

Restoring first reads the backup through a read-only connection and checks it whole (``PRAGMA
integrity_check``, our tables, a schema this program knows, and — for a backup at today's schema —
its rows against its own audit trail, which catches damage inside records that the integrity check
cannot see); a damaged or foreign file is refused
with a sentence and nothing is touched. Then the current database is itself backed up, and the
backup's pages are copied over it with the backup API; an older schema is migrated on the way out.
A PostgreSQL database is backed up and restored with the server's own tools, not here.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from adjudicator.accounts.peek import needs_sign_in
from adjudicator.accounts.roles import require
from adjudicator.errors import DomainError
from adjudicator.progress import Progress
from adjudicator.store import Database, migrate
from adjudicator.store.database import SQLITE_MAGIC, backup_sqlite, open_database
from adjudicator.store.sqlite_file import sqlite_uri

#: How many automatic backups are kept unless the ``backup_keep`` setting says otherwise.
DEFAULT_KEEP = 7
KEEP_SETTING = "backup_keep"
MAX_KEEP = 365
AUTO = "auto"
_NAME = re.compile(r"^(?P<db>.+)\.(?P<label>[A-Za-z0-9_-]+?)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.bak$")
_LABELS = {"auto": "自动备份", "manual": "手动备份", "before-import": "导入前", "before-restore": "恢复前"}


class BackupRefused(DomainError):
    """A backup that cannot be used, or a database that cannot be backed up here; one sentence."""


@dataclass(frozen=True)
class BackupFile:
    """One backup beside the database: its file, kind and the moment it was taken."""

    path: Path
    label: str
    taken: datetime
    size: int

    @property
    def kind(self) -> str:
        if self.label.startswith("before-") and self.label not in _LABELS:
            return f"升级前（{self.label.removeprefix('before-')}）"
        return _LABELS.get(self.label, self.label)


@dataclass(frozen=True)
class BackupInfo:
    """What a backup holds, read without changing it."""

    path: Path
    station: str
    cases: int
    last_change: datetime | None
    revision: str
    current_revision: str

    def sentence(self) -> str:
        last = self.last_change.astimezone().strftime("%Y-%m-%d %H:%M") if self.last_change else "无"
        older = "" if self.revision == self.current_revision else "（较旧，恢复后自动升级）"
        return (f"备份“{self.path.name}”：裁决所 {self.station or '（市局）'}，案件 {self.cases} 件，"
                f"最后修改 {last}，结构版本 {self.revision}{older}。")

    def as_json(self) -> dict[str, object]:
        return {"file": str(self.path), "station": self.station, "cases": self.cases,
                "last_change": self.last_change.isoformat() if self.last_change else None,
                "revision": self.revision, "current_revision": self.current_revision}


def _db_path(db: Database) -> Path:
    if db.path is None:
        raise BackupRefused("这是服务器数据库（PostgreSQL），请由管理员用 pg_dump 备份、pg_restore 恢复；"
                            "本程序只备份 SQLite 数据库文件。")
    return db.path


def list_backups(db_path: Path) -> list[BackupFile]:
    """The backups beside a database file, newest first."""
    found = []
    prefix = db_path.name + "."
    for path in db_path.parent.glob(f"{_glob_escape(db_path.name)}.*.bak"):
        match = _NAME.match(path.name)
        if not match or not path.name.startswith(prefix) or match["db"] != db_path.name:
            continue
        try:
            taken = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S").astimezone()
            size = path.stat().st_size
        except (OSError, ValueError):
            continue
        found.append(BackupFile(path, match["label"], taken, size))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def keep_count(db: Database) -> int:
    """How many automatic backups to keep (the ``backup_keep`` setting, else 7)."""
    try:
        value = int(db.get_setting(KEEP_SETTING, DEFAULT_KEEP))
    except (TypeError, ValueError):
        return DEFAULT_KEEP
    return min(max(value, 1), MAX_KEEP)


def set_keep_count(db: Database, keep: int) -> None:
    if not 1 <= keep <= MAX_KEEP:
        raise BackupRefused(f"保留的自动备份份数应在 1 到 {MAX_KEEP} 之间，输入为 {keep}。")
    db.set_setting(KEEP_SETTING, keep)


def backup_now(db: Database, label: str = "manual") -> BackupFile:
    """Take a consistent copy of the database now."""
    path = _db_path(db)
    try:
        target = backup_sqlite(db.engine, path, label)
    except (OSError, sqlite3.Error) as exc:
        raise BackupRefused(f"无法在“{path.parent}”中写入备份（{exc}）；请检查磁盘空间和文件夹权限。") from None
    return BackupFile(target, label, datetime.now().astimezone(), target.stat().st_size)


def auto_backup(db: Database, *, now: datetime | None = None) -> BackupFile | None:
    """An automatic backup unless one was taken in the last day; the oldest beyond ``keep_count`` removed.

    Called when the program starts and again from time to time; returns None when none was due
    (or for a database that is not a SQLite file).
    """
    if db.path is None or db.readonly:
        return None
    now = now or datetime.now().astimezone()
    autos = [b for b in list_backups(db.path) if b.label == AUTO]
    if autos and now - autos[0].taken < timedelta(days=1):
        return None
    made = backup_now(db, AUTO)
    for old in [b for b in list_backups(db.path) if b.label == AUTO][keep_count(db):]:
        old.path.unlink(missing_ok=True)
    return made


def describe_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """Check a backup whole and say what it holds; :class:`BackupRefused` for a damaged or foreign file."""
    file = Path(path)
    shown = file.name
    try:
        with open(file, "rb") as fh:
            magic = fh.read(16)
    except OSError as exc:
        raise BackupRefused(f"无法读取备份文件“{shown}”（{exc.strerror or exc}）；请检查路径。") from None
    if magic != SQLITE_MAGIC:
        raise BackupRefused(f"“{shown}”不是本系统的数据库备份（不是 SQLite 数据库文件），未作任何修改。")
    try:
        con = sqlite3.connect(sqlite_uri(file, immutable=True), uri=True)
    except sqlite3.Error as exc:
        raise BackupRefused(f"备份文件“{shown}”无法打开（{exc}），未作任何修改。") from None
    try:
        check = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise BackupRefused(f"备份文件“{shown}”已损坏（{check[0][:80]}），不能用于恢复；数据库未作任何修改。")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"alembic_version", "cases", "settings", "audit_entries"} <= tables:
            raise BackupRefused(f"“{shown}”不是本系统的数据库备份（缺少本系统的数据表），未作任何修改。")
        revision = str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        if revision not in migrate.known_revisions():
            raise BackupRefused(f"备份“{shown}”的结构版本（{revision}）比本程序更新；请升级本程序后再恢复，数据库未作任何修改。")
        station_row = con.execute("SELECT value FROM settings WHERE key = 'station_code'").fetchone()
        cases = int(con.execute("SELECT count(*) FROM cases WHERE deleted_at IS NULL").fetchone()[0])
        last = con.execute("SELECT max(at) FROM audit_entries").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"备份文件“{shown}”已损坏（{exc}），不能用于恢复；数据库未作任何修改。") from None
    finally:
        con.close()
    station = _setting_text(station_row[0]) if station_row and station_row[0] else ""
    last_change = datetime.fromisoformat(last).replace(tzinfo=UTC) if last else None
    return BackupInfo(file, station, cases, last_change, revision, migrate.head_revision())


def check_contents(info: BackupInfo) -> None:
    """Refuse a backup whose rows disagree with its own audit trail (damage ``integrity_check`` cannot see).

    ``PRAGMA integrity_check`` checks the file's structure, not the bytes inside a record; the audit
    chain and the record replay of :func:`adjudicator.trust.audit_verify.verify_audit` do. Run on a
    backup at this program's schema (an older one cannot be read by today's models), read through an
    immutable connection so not a byte beside it changes.
    """
    if info.revision != info.current_revision:
        return
    from sqlalchemy import create_engine

    from adjudicator.trust.audit_verify import verify_audit

    uri = sqlite_uri(info.path, immutable=True)
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    try:
        report = verify_audit(Database(engine, readonly=True))
    except Exception as exc:  # noqa: BLE001 - any failure to read it is a damaged backup
        raise BackupRefused(f"备份文件“{info.path.name}”无法完整读取（{str(exc).splitlines()[0][:80]}），"
                            "不能用于恢复；数据库未作任何修改。") from None
    finally:
        engine.dispose()
    if not report.ok:
        raise BackupRefused(f"备份“{info.path.name}”的内容与其审计记录不符（{report.summary()[:60]}…），"
                            "文件可能已损坏或被改动，不能用于恢复；数据库未作任何修改。")


def examine_backup(path: str | os.PathLike[str]) -> BackupInfo:
    """:func:`describe_backup` and :func:`check_contents`: everything checked before a restore is offered."""
    info = describe_backup(path)
    check_contents(info)
    return info


def _setting_text(raw: object) -> str:
    try:
        value = json.loads(str(raw))
    except ValueError:
        value = raw
    return str(value or "")


def restore_backup(db: Database, backup: str | os.PathLike[str], *,
                   progress: Progress | None = None) -> tuple[BackupInfo, BackupFile]:
    """Replace the database's contents with a backup's, after checking it and backing up what is there.

    Returns what was restored and the backup taken of the database just before. The database's
    connections are closed first; the handle reconnects on its next use. With accounts on it is a
    head's act, and a backup without accounts (from before sign-in was turned on) is refused.
    """
    path = _db_path(db)
    source = Path(backup)
    if source.resolve() == path.resolve():
        raise BackupRefused("不能用数据库文件本身作为备份来恢复；请选择一个 .bak 备份文件。")
    if require(db, "restore") is not None and source.is_file() and not needs_sign_in(source):
        raise BackupRefused(f"备份“{source.name}”是启用登录以前的，其中没有账户：恢复后任何人不登录即可修改数据；"
                            "请选择启用登录以后的备份。未作任何修改。")
    if progress:
        progress(0.05, "正在检查备份…")
    info = describe_backup(source)
    check_contents(info)
    ours = db.station_code or ""
    if info.station != ours:
        raise BackupRefused(f"备份“{source.name}”属于裁决所 {info.station or '（市局）'}，"
                            f"而本数据库属于裁决所 {ours or '（市局）'}；不能用别的数据库的备份恢复，未作任何修改。")
    if progress:
        progress(0.2, "正在备份当前数据库…")
    before = backup_now(db, "before-restore")
    if progress:
        progress(0.5, "正在恢复…")
    db.engine.dispose()
    src = sqlite3.connect(sqlite_uri(source, immutable=True), uri=True)
    try:
        dest = sqlite3.connect(path, timeout=15)
        try:
            src.backup(dest)
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise BackupRefused(f"恢复时出错（{exc}）；恢复前的数据库已备份为“{before.path.name}”，"
                            "请用它恢复或联系技术支持。") from None
    finally:
        src.close()
    if info.revision != info.current_revision:
        if progress:
            progress(0.8, "正在升级数据库结构…")
        open_database(path, create=False).close()
    db.engine.dispose()
    if progress:
        progress(1.0, "恢复完成")
    return info, before

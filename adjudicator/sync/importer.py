"""Importing package files: every check first, then a backup, then one transaction per package.

A supervisor database imports stations' packages; a station database imports the supervisors'
reference-data packages (signed with the one supervisor key it was set up with). For each file:

1. :func:`~adjudicator.sync.package.check_package` verifies it completely; a refusal names the
   check and what to do, and the database is not touched;
2. a package id already recorded here is reported as a repeat and changes nothing (it is looked up
   right after the signature check, before any member is hashed or unpacked);
3. before the first package that will change anything, a SQLite database is backed up beside
   itself (the backup is removed again if, in the end, nothing was imported);
4. its evidence files enter the file store (content-addressed: each once), then its rows are
   merged (:mod:`adjudicator.sync.merge`) and its id recorded, all in one transaction. If that
   fails, the files this import added are removed again and the database is as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.chain import chain_problem
from adjudicator.store.database import BUSY_SENTENCE, backup_sqlite, is_busy
from adjudicator.store.models_sync import SUPERVISOR_OWNER, StationKey, SyncPackage
from adjudicator.sync import Progress
from adjudicator.sync.export import reference_tables, station_tables
from adjudicator.sync.keys import SUPERVISOR_KEY_SETTING
from adjudicator.sync.merge import attach_snapshot, detach_snapshot, merge, record_package, stage
from adjudicator.sync.package import CheckedPackage, PackageRefused, check_package


@dataclass
class PackageOutcome:
    """What became of one package file: ``imported``, ``repeat`` or ``refused``."""

    file: str
    status: str
    message: str
    station: str = ""
    sequence: int | None = None
    package_id: str = ""
    check: str = ""
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def as_json(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "message": self.message, "station": self.station,
                "sequence": self.sequence, "package_id": self.package_id, "check": self.check or None,
                **self.summary}


@dataclass
class ImportRun:
    """The outcome of one ``import``: each package, and the backup taken (if any)."""

    outcomes: list[PackageOutcome]
    backup: Path | None

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "backup": str(self.backup) if self.backup else None,
                "packages": [o.as_json() for o in self.outcomes]}


def _expectation(db: Database) -> tuple[str, list[Table]]:
    role = db.role
    if role == "supervisor":
        return "station", station_tables()
    if role == "station":
        return "reference", reference_tables()
    raise DomainError("本数据库尚未初始化；请先运行 adjudicator init --station 代码 或 init --supervisor。")


def _key_lookup(db: Database) -> Any:
    with db.session() as s:
        station_keys = {row.code: row.public_key for row in s.scalars(select(StationKey))}
    supervisor_key = db.get_setting(SUPERVISOR_KEY_SETTING)

    def lookup(kind: str, signer: str) -> str | None:
        if kind == "reference":
            return str(supervisor_key) if signer == SUPERVISOR_OWNER and supervisor_key else None
        return station_keys.get(signer)

    return lookup


def _already_imported(db: Database, package_id: str) -> SyncPackage | None:
    import uuid

    with db.session() as s:
        return s.get(SyncPackage, uuid.UUID(package_id))


def _last_sequence(db: Database, station: str) -> int | None:
    from sqlalchemy import func

    with db.session() as s:
        return s.scalar(select(func.max(SyncPackage.sequence)).where(SyncPackage.station == station))


def _add_files(db: Database, pkg: CheckedPackage) -> list[str]:
    """Copy the package's evidence files into the store; returns the digests this call created.

    Like :meth:`FileStore.add_stream` (a temporary file renamed into place, read-only), but with
    one ``os.sync()`` for the whole package instead of two ``fsync`` per file: a station sends
    hundreds of files, and on these disks each ``fsync`` costs about 10 ms.
    """
    if not pkg.attachments:
        return []
    import hashlib
    import os
    import stat
    import tempfile

    from adjudicator import leftovers
    from adjudicator.evidence.blobs import TEMP_PREFIX
    from adjudicator.evidence.filestore import file_store

    store = file_store(db)
    created: list[str] = []
    temp_dir = store.root / "tmp"
    try:
        temp_dir.mkdir(parents=True, exist_ok=True)
        for digest in pkg.attachments:
            target = store.path_for(digest)
            if target.is_file():
                continue
            fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{leftovers.owner_tag()}", dir=temp_dir)
            temp = Path(name)
            try:
                hashed = hashlib.sha256()
                with os.fdopen(fd, "wb") as out, pkg.open_attachment(digest) as source:
                    while chunk := source.read(1024 * 1024):
                        hashed.update(chunk)
                        out.write(chunk)
                if hashed.hexdigest() != digest:
                    raise PackageRefused(f"数据包“{pkg.path.name}”中的证据文件与其名称不符，未导入任何数据；"
                                         "请对方重新导出后再导入。", "hash")
                target.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(temp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
                os.replace(temp, target)
                created.append(digest)
            finally:
                temp.unlink(missing_ok=True)
        if created and hasattr(os, "sync"):  # Windows has none: NTFS journals the renames
            os.sync()
    except OSError as exc:
        _discard(db, created)
        raise PackageRefused(f"无法把数据包“{pkg.path.name}”中的证据文件存入证据文件库（{exc.strerror or exc}），"
                             "未导入任何数据；请检查磁盘空间和证据文件目录。", "files") from None
    except BaseException:
        _discard(db, created)
        raise
    return created


def _discard(db: Database, digests: list[str]) -> None:
    """Remove the files this import wrote, unless an evidence add linked one meanwhile (under the store lock)."""
    if digests:
        from adjudicator.evidence.filestore import discard_unreferenced

        discard_unreferenced(db, digests)


def _describe(pkg: CheckedPackage, summary: dict[str, Any], last: int | None) -> str:
    totals = summary["totals"]
    who = "市局参考数据包" if pkg.kind == "reference" else f"裁决所 {pkg.station} 第 {pkg.sequence} 号数据包"
    text = (f"{who}：新增 {totals['new']:,} 行，更新 {totals['updated']:,} 行，未变 {totals['unchanged']:,} 行，"
            f"冲突 {totals['conflicts']:,} 行")
    if last is not None and pkg.sequence < last:
        text += f"（比已导入的第 {last} 号旧：其中较旧的版本未覆盖较新的数据）"
    text += "。"
    if summary.get("audit_chain"):
        text += f"注意：{summary['audit_chain']}请用 adjudicator audit verify 核查。"
    return text


def _merge_one(db: Database, pkg: CheckedPackage, tables: list[Table], progress: Progress | None) -> dict[str, Any]:
    last = _last_sequence(db, pkg.station)
    created = _add_files(db, pkg)
    conn = db.engine.execution_options(adjudicator_write=True).connect()
    try:
        if db.is_sqlite:
            attach_snapshot(conn, pkg)
        try:
            with conn.begin():
                staged = stage(conn, pkg, tables)
                result = merge(conn, pkg, tables, staged, progress)
                summary = {"tables": {k: v.as_json() for k, v in result.tables.items()},
                           "totals": result.totals().as_json(), "audit_new": result.audit_new,
                           "files_added": len(created), "older_than": last if last and pkg.sequence < last else None}
                if result.audit_new:  # the station's chain as it now stands here (issue #14)
                    summary["audit_chain"] = chain_problem(conn, pkg.station)
                record_package(conn, pkg, db.actor, summary)
        finally:
            if db.is_sqlite:
                detach_snapshot(conn)
    except IntegrityError as exc:
        _discard(db, created)
        raise PackageRefused(f"数据包“{pkg.path.name}”与本库已有的数据冲突（{_short(exc)}），未导入任何数据；"
                             "请核实该数据包的来源，或联系技术支持。", "integrity") from None
    except DBAPIError as exc:
        _discard(db, created)
        if is_busy(exc):  # the package is fine: another program held the database
            raise PackageRefused(f"数据包“{pkg.path.name}”未导入：{BUSY_SENTENCE}", "busy") from None
        raise PackageRefused(f"数据包“{pkg.path.name}”中的数据无法写入（{_short(exc)}），未导入任何数据；"
                             "请对方重新导出后再导入。", "data") from None
    except BaseException:
        _discard(db, created)
        raise
    finally:
        conn.close()
    summary["text"] = _describe(pkg, summary, last)
    return summary


def _short(exc: DBAPIError) -> str:
    return str(exc.orig).splitlines()[0][:160] if exc.orig is not None else type(exc).__name__


def import_packages(db: Database, paths: Sequence[Path], progress: Progress | None = None) -> ImportRun:
    """Import each package file in turn (see the module docstring); refusals do not stop the others."""
    kind, tables = _expectation(db)
    lookup = _key_lookup(db)
    allowed = {t.name: t for t in tables}
    outcomes: list[PackageOutcome] = []
    backup: Path | None = None
    imported = 0
    for n, path in enumerate(paths):
        def step(fraction: float, message: str, n: int = n, name: str = Path(path).name) -> None:
            if progress:
                progress((n + 0.1 + 0.9 * fraction) / len(paths), f"{name}：{message}")

        step(0.0, "正在校验签名和文件…")
        try:
            # PostgreSQL's staging tables refuse a value of the wrong type by themselves; SQLite would store it.
            pkg = check_package(Path(path), lookup, expect_kind=kind, synced_tables=allowed,
                                seen=lambda package_id: _already_imported(db, package_id), value_types=db.is_sqlite)
        except PackageRefused as exc:
            outcomes.append(PackageOutcome(Path(path).name, "refused", str(exc), check=exc.check))
            continue
        try:
            outcome = PackageOutcome(pkg.path.name, "", "", station=pkg.station, sequence=pkg.sequence,
                                     package_id=pkg.package_id)
            previous = pkg.previous
            if previous is not None:
                outcome.status = "repeat"
                outcome.message = (f"该数据包（裁决所 {pkg.station} 第 {pkg.sequence} 号）已于 "
                                   f"{previous.imported_at.astimezone():%Y-%m-%d %H:%M} 导入过，本次未作任何改动。")
                outcomes.append(outcome)
                continue
            if backup is None and db.is_sqlite and db.path is not None:
                step(0.05, "正在备份数据库…")
                backup = backup_sqlite(db.engine, db.path, "before-import")
            try:
                summary = _merge_one(db, pkg, tables, step)
            except PackageRefused as exc:
                outcome.status, outcome.message, outcome.check = "refused", str(exc), exc.check
                outcomes.append(outcome)
                continue
            except DomainError as exc:
                outcome.status, outcome.message, outcome.check = "refused", str(exc), "schema"
                outcomes.append(outcome)
                continue
            imported += 1
            outcome.status, outcome.message, outcome.summary = "imported", summary.pop("text"), summary
            outcomes.append(outcome)
        finally:
            pkg.cleanup()
    if backup is not None and not imported:
        backup.unlink(missing_ok=True)  # nothing changed: a backup would only be clutter
        backup = None
    if progress:
        progress(1.0, "导入完成")
    return ImportRun(outcomes, backup)

"""Writing packages: a station's export (its own rows and files), the supervisors' reference data.

The snapshot is a new SQLite file holding only what travels: the synced rows the signer owns and,
for a station, its audit entries. Caches and search indexes (``case_search`` and its FTS index,
``deadline_cache``), numbering and local settings stay behind; the receiving database rebuilds
what it needs. Tables are copied without their indexes, so the file is small and quick to write.

From a SQLite station the copy is one read transaction on a separate connection with the
snapshot attached (``CREATE TABLE pkg.x AS SELECT … FROM main.x``): consistent while the program
keeps writing (WAL lets readers and the writer pass each other), and a few hundred milliseconds
for 10,000 cases. A database on a server is copied row by row through SQLAlchemy instead.

The export sequence (per station) is allocated only once the package file is complete, so a
failed export uses up no number and leaves no file.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, MetaData, Table, create_engine, insert, select, text

import adjudicator
from adjudicator import leftovers
from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.base import Base, utcnow
from adjudicator.store.models import NumberSequence
from adjudicator.store.models_sync import SUPERVISOR_OWNER
from adjudicator.store.numbering import allocate_number
from adjudicator.sync import Progress
from adjudicator.sync.keys import private_key, sign
from adjudicator.sync.package import write_package

#: Supervisor-owned reference data that flows down to the stations.
REFERENCE_TABLES = ("stations", "calendar_years", "calendar_days")
#: Supervisor-owned tables that stay with the supervisors.
SUPERVISOR_ONLY_TABLES = ("supervisor_notes",)
EXPORT_SERIES = "sync_export"


def synced_tables() -> list[Table]:
    """Every table of synced rows (UUID, owner, version, tombstone), parents before children."""
    import adjudicator.store.all_models  # noqa: F401  (every table on the metadata)

    return [t for t in Base.metadata.sorted_tables if "owner_station" in t.c and "version" in t.c]


def station_tables() -> list[Table]:
    """The tables a station's package carries (all synced tables but reference data and supervisor notes)."""
    return [t for t in synced_tables() if t.name not in REFERENCE_TABLES + SUPERVISOR_ONLY_TABLES]


def reference_tables() -> list[Table]:
    return [t for t in synced_tables() if t.name in REFERENCE_TABLES]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    package_id: str
    station: str
    sequence: int
    tables: dict[str, int]
    size: int
    attachments: int
    missing_files: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "package_id": self.package_id, "station": self.station,
                "sequence": self.sequence, "tables": self.tables, "size": self.size,
                "attachments": self.attachments, "missing_files": list(self.missing_files)}


def schema_revision(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def _sqlite_snapshot(source: Path, dest: Path, tables: list[Table], owner: str, with_audit: bool) -> dict[str, int]:
    conn = sqlite3.connect(source, timeout=15)
    conn.isolation_level = None
    try:
        conn.execute("ATTACH DATABASE ? AS pkg", (str(dest),))
        conn.execute("PRAGMA pkg.journal_mode=OFF")
        conn.execute("BEGIN")
        for table in tables:
            conn.execute(f'CREATE TABLE pkg."{table.name}" AS SELECT * FROM main."{table.name}" '
                         "WHERE owner_station = ?", (owner,))
        if with_audit:
            conn.execute('CREATE TABLE pkg.audit_entries AS SELECT * FROM main.audit_entries WHERE station = ?',
                         (owner,))
        counts = {str(name): 0 for name in [t.name for t in tables] + (["audit_entries"] if with_audit else [])}
        for name in counts:
            counts[name] = int(conn.execute(f'SELECT count(*) FROM pkg."{name}"').fetchone()[0])
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE pkg")
    finally:
        conn.close()
    return counts


def _generic_snapshot(db: Database, dest: Path, tables: list[Table], owner: str, with_audit: bool) -> dict[str, int]:
    """The same snapshot from any database, through SQLAlchemy (a server database, small reference data)."""
    from adjudicator.store.models import AuditEntry
    from adjudicator.sync.merge import table_of

    sources = list(tables) + ([table_of(AuditEntry)] if with_audit else [])
    target = create_engine(f"sqlite:///{dest}")
    counts: dict[str, int] = {}
    try:
        with db.engine.connect() as src, target.begin() as out:
            if not db.is_sqlite:
                src.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            for table in sources:
                plain = Table(table.name, MetaData(), *[Column(c.name, c.type) for c in table.columns])
                plain.create(out)
                where = table.c.station == owner if table.name == "audit_entries" else table.c.owner_station == owner
                rows = [dict(r) for r in src.execute(select(table).where(where)).mappings()]
                if rows:
                    out.execute(insert(plain), rows)
                counts[table.name] = len(rows)
    finally:
        target.dispose()
    return counts


def _attachments(snapshot: Path, db: Database) -> tuple[dict[str, Path], list[str]]:
    from adjudicator.evidence.filestore import file_store

    conn = sqlite3.connect(snapshot)
    try:
        try:
            digests = sorted({r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM exhibit_files")})
        except sqlite3.OperationalError:  # a schema without evidence
            digests = []
    finally:
        conn.close()
    if not digests:
        return {}, []
    store = file_store(db)
    found: dict[str, Path] = {}
    missing: list[str] = []
    for digest in digests:
        try:
            path = store.path_for(digest)
        except ValueError:
            missing.append(str(digest))
            continue
        if path.is_file():
            found[digest] = path
        else:
            missing.append(digest)
    return found, missing


def _next_sequence(db: Database, owner: str) -> int:
    with db.session() as s:
        row = s.get(NumberSequence, (owner, 0, EXPORT_SERIES))
        return (row.last if row is not None else 0) + 1


def _export(db: Database, target: Path, *, kind: str, owner: str, tables: list[Table], with_audit: bool,
            with_files: bool, progress: Progress | None) -> ExportResult:
    report = progress or (lambda fraction, message: None)
    key = private_key(db)
    sequence = _next_sequence(db, owner)
    workdir = leftovers.work_dir("adjudicator-export-")
    try:
        report(0.05, "正在生成数据快照…")
        snapshot = workdir / "data.sqlite"
        if db.is_sqlite and db.path is not None:
            counts = _sqlite_snapshot(db.path, snapshot, tables, owner, with_audit)
        else:
            counts = _generic_snapshot(db, snapshot, tables, owner, with_audit)
        attachments, missing = _attachments(snapshot, db) if with_files else ({}, [])
        report(0.4, f"正在写入数据包（{sum(counts.values()):,} 行，{len(attachments)} 个证据文件）…")
        manifest = {
            "kind": kind, "package_id": str(uuid.uuid4()), "station": owner, "sequence": sequence,
            "schema_revision": schema_revision(db), "exported_at": utcnow().isoformat(timespec="seconds"),
            "program_version": adjudicator.__version__, "tables": counts, "missing_files": missing,
        }
        size = write_package(target, manifest, snapshot, attachments, lambda data: sign(key, data))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    with db.write() as s:
        issued = allocate_number(s, owner, 0, EXPORT_SERIES)
        if issued != sequence:  # another export ran meanwhile: this file's number is taken
            target.unlink(missing_ok=True)
            raise DomainError("另一次导出同时进行，本次导出已取消；请稍后再导出一次。")
    report(1.0, "导出完成")
    return ExportResult(target, str(manifest["package_id"]), owner, sequence, counts, size, len(attachments),
                        tuple(missing))


def export_station(db: Database, target: Path, progress: Progress | None = None) -> ExportResult:
    """Write this station's package (its rows, audit entries and evidence files) to ``target``."""
    code = db.station_code
    if db.role != "station" or not code:
        raise DomainError("只有裁决所数据库可以导出数据包；市局数据库请导出参考数据包。")
    return _export(db, Path(target), kind="station", owner=code, tables=station_tables(), with_audit=True,
                   with_files=True, progress=progress)


def export_reference(db: Database, target: Path, progress: Progress | None = None) -> ExportResult:
    """Supervisor: write the reference-data package (station registry, calendar) for the stations."""
    if db.role != "supervisor":
        raise DomainError("只有市局监督数据库可以导出参考数据包。")
    return _export(db, Path(target), kind="reference", owner=SUPERVISOR_OWNER, tables=reference_tables(),
                   with_audit=False, with_files=False, progress=progress)

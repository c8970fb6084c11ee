"""Merging one checked package into this database, in one transaction.

The package's snapshot is first *staged* where SQL can see it beside our tables: on SQLite it
is attached as schema ``pkg``; on PostgreSQL its rows are copied (``COPY``) into temporary
tables dropped at commit. Everything after that is the same SQLAlchemy Core on both:

1. a row whose id we hold under another station's name refuses the whole package;
2. a row changed on this side (``sync_edits``) and changed again by its station goes to
   ``sync_conflicts`` with both versions, and stays as it is here until a supervisor decides;
3. every other row is upserted with the dialect's ``INSERT … ON CONFLICT DO UPDATE … WHERE
   ours.version < theirs.version``: the higher version wins, an equal or older one changes
   nothing, a tombstone (``deleted_at``) travels like any other column;
4. audit entries are inserted unless their ``entry_id`` is already here (a grow-only set);
5. the search text of every case that changed is rebuilt (it is never in a package), and new
   cases get a local ``list_key``; the deadline cache's triggers mark their rows stale;
6. the package id is recorded, so importing the same file again is a no-op.

Nothing orders changes by wall-clock time: only versions decide.

Over 400 lines: staging, conflicts, upserts and the search rebuild run in one order inside one
transaction, and reading them in that order is how the merge is checked.
"""

from __future__ import annotations

import base64
import sqlite3
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    and_,
    case,
    cast as cast_,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    true,
    update,
)

from adjudicator.cases import inputs as C
from adjudicator.errors import DomainError
from adjudicator.store.base import UTCDateTime, utcnow
from adjudicator.store.models import AuditEntry, CaseSearch, NumberSequence
from adjudicator.store.models_sync import SyncConflict, SyncEdit, SyncPackage
from adjudicator.store.numbering import LIST_KEY_SERIES
from adjudicator.store.sqlite_file import sqlite_uri
from adjudicator.sync import Progress
from adjudicator.sync.package import CheckedPackage, PackageRefused, shown


def table_of(model: Any) -> Table:
    """A model's table, typed as a Table (``__table__`` is typed as any FromClause)."""
    return cast(Table, model.__table__)

#: Columns an incoming row never changes here: identity, ownership, first creation, local list key.
_KEEP = {"id", "owner_station", "created_at", "list_key"}
#: Tables whose rows are matched by a natural key instead of the id (the registry, seeded per database).
NATURAL_KEYS = {"stations": "code"}
#: Tables whose rows feed a case's search text.
_SEARCH_SOURCES = {"cases": "id", "parties": "case_id", "patents": "case_id", "ecommerce_details": "case_id"}


@dataclass
class TableCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0

    def as_json(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "conflicts": self.conflicts}


@dataclass
class MergeResult:
    tables: dict[str, TableCounts] = field(default_factory=dict)
    audit_new: int = 0
    cases_reindexed: int = 0

    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.tables.values():
            total.new += counts.new
            total.updated += counts.updated
            total.unchanged += counts.unchanged
            total.conflicts += counts.conflicts
        return total


def _upsert_insert(conn: Connection) -> Any:
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _snapshot_columns(pkg: CheckedPackage) -> dict[str, list[str]]:
    conn = sqlite3.connect(sqlite_uri(pkg.snapshot, immutable=True), uri=True)  # a stranger's file: only read it
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: [r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        conn.close()


#: Staged tables by (name, schema, columns): the same objects for every package, so SQLAlchemy's
#: statement cache compiles each merge statement once per process, not once per package.
_STAGED: dict[tuple[str, str | None, tuple[str, ...]], Table] = {}


def _stage_table(table: Table, columns: list[str], name: str, schema: str | None) -> Table:
    present = [c for c in table.columns if c.name in columns]
    missing = [c.name for c in table.columns if c.name not in columns and not c.nullable
               and c.server_default is None and c.name != "list_key" and c.name != "seq"]
    if missing:
        raise DomainError(f"数据包缺少“{table.name}”表的字段 {', '.join(missing)}（导出它的程序太旧）；"
                          "请该所升级程序后重新导出。")
    key = (name, schema, tuple(c.name for c in present))
    staged = _STAGED.get(key)
    if staged is None:
        staged = _STAGED[key] = Table(name, MetaData(schema=schema), *[Column(c.name, c.type) for c in present])
    return staged


#: SQLite page cache while merging (KiB, as ``PRAGMA cache_size`` takes it when negative). With the
#: default 2 MB a merge into a supervisor database of several hundred megabytes re-reads index pages
#: for every row; 256 MB holds them and cut the CPU time of a 10,000-case merge by about a third.
MERGE_CACHE_KIB = 256 * 1024


def attach_snapshot(conn: Connection, pkg: CheckedPackage) -> None:
    """SQLite: attach the snapshot as ``pkg`` and enlarge the page cache (outside a transaction)."""
    raw = conn.connection.driver_connection
    raw.execute("ATTACH DATABASE ? AS pkg", (str(pkg.snapshot),))  # type: ignore[union-attr]
    conn.info["cache_size"] = raw.execute("PRAGMA main.cache_size").fetchone()[0]  # type: ignore[union-attr]
    raw.execute(f"PRAGMA main.cache_size = -{MERGE_CACHE_KIB}")  # type: ignore[union-attr]


def detach_snapshot(conn: Connection) -> None:
    """Undo :func:`attach_snapshot` (the connection goes back to the pool with its usual cache)."""
    raw = conn.connection.driver_connection
    try:
        raw.execute("DETACH DATABASE pkg")  # type: ignore[union-attr]
    except sqlite3.Error:
        pass
    if "cache_size" in conn.info:
        raw.execute(f"PRAGMA main.cache_size = {int(conn.info.pop('cache_size'))}")  # type: ignore[union-attr]


def stage(conn: Connection, pkg: CheckedPackage, tables: list[Table]) -> dict[str, Table]:
    """Make the snapshot's tables visible to SQL in this transaction (see the module docstring)."""
    columns = _snapshot_columns(pkg)
    wanted = [t for t in tables if t.name in columns]
    if "audit_entries" in columns:
        wanted.append(table_of(AuditEntry))
    if conn.dialect.name == "sqlite":
        return {t.name: _stage_table(t, columns[t.name], t.name, "pkg") for t in wanted}
    import psycopg

    conn.execute(text("SET LOCAL TIME ZONE 'UTC'"))  # the snapshot's timestamps are UTC without a zone
    staged: dict[str, Table] = {}
    source = sqlite3.connect(sqlite_uri(pkg.snapshot, immutable=True), uri=True)
    try:
        raw = conn.connection.driver_connection
        for table in wanted:
            staged_table = _stage_table(table, columns[table.name], f"stage_{table.name}", None)
            conn.execute(text(f'CREATE TEMP TABLE "{staged_table.name}" ON COMMIT DROP AS '
                              f'SELECT * FROM "{table.name}" WITH NO DATA'))
            names = [c.name for c in staged_table.columns]
            quoted = ", ".join(f'"{n}"' for n in names)
            try:
                with raw.cursor() as cur, cur.copy(  # type: ignore[union-attr]
                        f'COPY "{staged_table.name}" ({quoted}) FROM STDIN') as copy:
                    for row in source.execute(f'SELECT {quoted} FROM "{table.name}"'):
                        copy.write_row(row)
            except psycopg.Error as exc:  # the driver's own, not wrapped by SQLAlchemy: a value of the wrong type
                raise PackageRefused(f"数据包“{shown(pkg.path.name, 120)}”中“{table.name}”表的数据无法写入"
                                     f"（{shown(str(exc).splitlines()[0] if str(exc) else exc, 160)}），未导入任何数据；"
                                     "请对方重新导出后再导入。", "data") from None
            conn.execute(text(f'ANALYZE "{staged_table.name}"'))
            staged[table.name] = staged_table
    finally:
        source.close()
    return staged


# -- JSON form of a row, for the conflicts table -------------------------------------------------------

def row_to_json(table: Table, row: Any) -> dict[str, Any]:
    """A row as JSON-safe values (ids and dates as text, bytes as base64)."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in row:
            continue
        value = row[column.name]
        if isinstance(value, bytes):
            value = {"base64": base64.b64encode(value).decode("ascii")}
        elif isinstance(value, (datetime, date)):
            value = value.isoformat()
        elif isinstance(value, uuid.UUID):
            value = str(value)
        out[column.name] = value
    return out


def row_from_json(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`row_to_json`, typed for ``table``'s columns."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in data:
            continue
        value = data[column.name]
        kind = column.type
        if value is None or isinstance(kind, JSON):
            pass
        elif isinstance(kind, LargeBinary):
            value = base64.b64decode(value["base64"])
        elif isinstance(kind, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            value = date.fromisoformat(value)
        elif isinstance(kind, Uuid):
            value = uuid.UUID(value)
        out[column.name] = value
    return out


# -- the merge ----------------------------------------------------------------------------------------

def _key(table: Table) -> str:
    return NATURAL_KEYS.get(table.name, "id")


def _edited(table: Table) -> Any:
    edits = table_of(SyncEdit)
    return select(edits.c.record_id).where(edits.c.table_name == table.name)


def _record_conflicts(conn: Connection, table: Table, staged: Table, pkg: CheckedPackage) -> int:
    """Keep both versions of rows changed here and changed again by their station; returns how many."""
    edits = table_of(SyncEdit)
    rows = conn.execute(
        select(staged).join(edits, and_(edits.c.table_name == table.name, edits.c.record_id == staged.c.id))
        .where(staged.c.version > edits.c.base_version)).mappings().all()
    conflicts = table_of(SyncConflict)
    count = 0
    for incoming in rows:
        local = conn.execute(select(table).where(table.c.id == incoming["id"])).mappings().one_or_none()
        if local is None:
            continue
        open_one = conn.execute(select(conflicts.c.id, conflicts.c.incoming_version).where(
            conflicts.c.table_name == table.name, conflicts.c.record_id == incoming["id"],
            conflicts.c.resolved_at.is_(None))).first()
        values = {"incoming_row": row_to_json(table, incoming), "incoming_version": incoming["version"],
                  "package_id": uuid.UUID(pkg.package_id), "local_row": row_to_json(table, local),
                  "local_version": local["version"]}
        if open_one is not None:
            if incoming["version"] > open_one.incoming_version:
                conn.execute(update(conflicts).where(conflicts.c.id == open_one.id).values(**values))
                count += 1
            continue
        case_id = incoming["id"] if table.name == "cases" else incoming.get("case_id")
        conn.execute(insert(conflicts).values(id=uuid.uuid4(), table_name=table.name, record_id=incoming["id"],
                                              case_id=case_id, station=pkg.station, detected_at=utcnow(),
                                              resolution="", resolved_by="", **values))
        count += 1
    return count


#: The cases whose search text must be rebuilt, gathered by SQL during a merge (never through Python).
_TOUCHED = Table("sync_touched_cases", MetaData(), Column("case_id", Uuid, primary_key=True),
                 prefixes=["TEMPORARY"], postgresql_on_commit="DROP")
#: The search texts computed in Python, staged where one statement can move them into ``case_search``.
_SEARCH_STAGE = Table("sync_search_stage", MetaData(), Column("case_key", Integer, primary_key=True),
                      Column("text", Text, nullable=False), prefixes=["TEMPORARY"],
                      postgresql_on_commit="DROP")


def _fresh_temp(conn: Connection, table: Table) -> None:
    table.drop(conn, checkfirst=True)
    table.create(conn)


def _drop_temp(conn: Connection, table: Table) -> None:
    if conn.dialect.name == "sqlite":  # PostgreSQL drops them at commit; SQLite keeps them per connection
        table.drop(conn, checkfirst=True)


def _note_changed_cases(conn: Connection, table: Table, staged: Table) -> None:
    """Add the cases whose rows in ``table`` this package adds or makes newer to ``_TOUCHED``."""
    column = _SEARCH_SOURCES.get(table.name)
    if column is None or column not in staged.c:
        return
    newer = select(staged.c[column]).outerjoin(table, table.c.id == staged.c.id).where(
        (table.c.id.is_(None)) | (staged.c.version > table.c.version)).distinct()
    stmt = _upsert_insert(conn)(_TOUCHED).from_select(["case_id"], newer)
    conn.execute(stmt.on_conflict_do_nothing(index_elements=["case_id"]))


def _upsert(conn: Connection, table: Table, staged: Table, edited: bool) -> None:
    key = _key(table)
    names = [c.name for c in staged.columns]
    chosen: list[Any] = [staged.c[n] for n in names]
    if table.name == "cases" and "list_key" in table.c:
        # A local key for new cases, after every key in use (the station's own keys collide across stations).
        base = select(func.coalesce(func.max(table.c.list_key), 0)).scalar_subquery()
        chosen[names.index("list_key")] = (base + func.row_number().over()).label("list_key")
    stmt = _upsert_insert(conn)(table).from_select(
        names, select(*chosen).where(staged.c[key].not_in(_edited(table)) if edited and key == "id" else true()))
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[key]],
        set_={n: stmt.excluded[n] for n in names if n not in _KEEP},
        where=table.c.version < stmt.excluded.version)
    conn.execute(stmt)


def _merge_table(conn: Connection, table: Table, staged: Table, pkg: CheckedPackage,
                 edited: bool) -> TableCounts:
    """Merge one table; ``edited``: some of its rows were changed here (see :class:`SyncEdit`)."""
    key = _key(table)
    match = staged.outerjoin(table, table.c[key] == staged.c[key])
    newer = staged.c.version > table.c.version
    if edited:
        newer = and_(newer, staged.c.id.not_in(_edited(table)))
    one = literal(1)
    total, new, updated, clash = conn.execute(select(
        func.count(),
        func.coalesce(func.sum(case((table.c[key].is_(None), one), else_=0)), 0),
        func.coalesce(func.sum(case((and_(table.c[key].is_not(None), newer), one), else_=0)), 0),
        func.coalesce(func.sum(case((and_(table.c[key].is_not(None),
                                          table.c.owner_station != staged.c.owner_station), one), else_=0)), 0),
    ).select_from(match)).one()
    if clash:
        raise PackageRefused(
            f"数据包“{pkg.path.name}”中有 {clash} 行“{table.name}”数据在本库中属于其他裁决所，未导入任何数据；"
            "一个裁决所不能改动其他所的案件，请核实该数据包的来源。", "foreign-rows")
    counts = TableCounts(new=int(new), updated=int(updated))
    if edited and key == "id":
        counts.conflicts = _record_conflicts(conn, table, staged, pkg)
    counts.unchanged = int(total) - counts.new - counts.updated - counts.conflicts
    if counts.new or counts.updated:
        _note_changed_cases(conn, table, staged)
        _upsert(conn, table, staged, edited)
    return counts


def _merge_audit(conn: Connection, staged: Table) -> int:
    audit = table_of(AuditEntry)
    names = [c.name for c in staged.columns if c.name != "seq"]
    new = conn.execute(select(func.count()).select_from(
        staged.outerjoin(audit, audit.c.entry_id == staged.c.entry_id)).where(audit.c.entry_id.is_(None))).scalar_one()
    if new:
        stmt = _upsert_insert(conn)(audit).from_select(
            names, select(*[staged.c[n] for n in names]).where(true()).order_by(staged.c.seq))
        conn.execute(stmt.on_conflict_do_nothing(index_elements=[audit.c.entry_id]))
    return int(new)


def rebuild_search(conn: Connection, case_ids: set[uuid.UUID] | None = None) -> int:
    """Rebuild the search text (``case_search``) of these cases (default: those a merge noted) from their rows.

    The texts are computed in Python (:func:`~adjudicator.cases.inputs.search_text`, as a save
    does) from three joins against the noted cases, ids read as plain text (no UUID objects),
    staged in a temporary table and moved into ``case_search`` by one ``DELETE`` and one
    ``INSERT … SELECT``. On SQLite the full-text index's triggers then run inside a single
    statement: row by row, each trigger call would flush FTS5's pending terms to a new segment
    (about 0.4 ms a case: 4 s for a 10,000-case package instead of 0.6 s).
    """
    from adjudicator.store.models import Case, EcommerceDetail, Party

    if case_ids is not None:
        _fresh_temp(conn, _TOUCHED)
        if case_ids:
            conn.execute(insert(_TOUCHED), [{"case_id": c} for c in case_ids])
    cases, parties, shops = table_of(Case), table_of(Party), table_of(EcommerceDetail)
    search = table_of(CaseSearch)
    ours = _TOUCHED.c.case_id

    def key(column: Any) -> Any:
        return cast_(column, String)

    names: dict[str, list[Any]] = {}
    for case_id, name in conn.execute(
            select(key(parties.c.case_id), parties.c.name).join(_TOUCHED, ours == parties.c.case_id)
            .where(parties.c.deleted_at.is_(None)).order_by(parties.c.case_id, parties.c.sort_order)):
        names.setdefault(case_id, []).append(SimpleNamespace(name=name))
    shop = dict(conn.execute(select(key(shops.c.case_id), shops.c.shop).join(_TOUCHED, ours == shops.c.case_id)
                             .where(shops.c.deleted_at.is_(None))).all())
    values = [{"case_key": list_key, "text": C.search_text(case_no, names.get(case_id, []), patent_no,
                                                          shop.get(case_id) or "")}
              for case_id, list_key, case_no, patent_no in conn.execute(
                  select(key(cases.c.id), cases.c.list_key, cases.c.case_no, cases.c.patent_no)
                  .join(_TOUCHED, ours == cases.c.id))]
    _fresh_temp(conn, _SEARCH_STAGE)
    if values:
        conn.execute(insert(_SEARCH_STAGE), values)
    staged = select(_SEARCH_STAGE.c.case_key)
    conn.execute(delete(search).where(search.c.case_key.in_(staged)))
    conn.execute(insert(search).from_select(["case_key", "text"],
                                            select(_SEARCH_STAGE.c.case_key, _SEARCH_STAGE.c.text)))
    _drop_temp(conn, _SEARCH_STAGE)
    _drop_temp(conn, _TOUCHED)
    return len(values)


def _advance_list_keys(conn: Connection) -> None:
    from adjudicator.store.models import Case

    highest = conn.execute(select(func.max(table_of(Case).c.list_key))).scalar() or 0
    sequences = table_of(NumberSequence)
    station, series = LIST_KEY_SERIES
    stmt = _upsert_insert(conn)(sequences).values(station=station, year=0, series=series, last=highest)
    conn.execute(stmt.on_conflict_do_update(index_elements=["station", "year", "series"],
                                            set_={"last": func.max(sequences.c.last, stmt.excluded["last"])}
                                            if conn.dialect.name == "sqlite" else
                                            {"last": func.greatest(sequences.c.last, stmt.excluded["last"])}))


def merge(conn: Connection, pkg: CheckedPackage, tables: list[Table], staged: dict[str, Table],
          progress: Progress | None = None) -> MergeResult:
    """Merge the staged package into this database (the caller holds the transaction)."""
    result = MergeResult()
    edits = table_of(SyncEdit)
    edited = set(conn.execute(select(edits.c.table_name).distinct()).scalars())
    present = [t for t in tables if t.name in staged]
    _fresh_temp(conn, _TOUCHED)
    for n, table in enumerate(present):
        if progress:
            progress(n / (len(present) + 2), f"正在合并“{table.name}”…")
        result.tables[table.name] = _merge_table(conn, table, staged[table.name], pkg, table.name in edited)
    if "audit_entries" in staged:
        result.audit_new = _merge_audit(conn, staged["audit_entries"])
    if progress:
        progress(len(present) / (len(present) + 2), "正在重建检索索引…")
    result.cases_reindexed = rebuild_search(conn)
    if result.tables.get("cases", TableCounts()).new:
        _advance_list_keys(conn)
    return result


def record_package(conn: Connection, pkg: CheckedPackage, actor: str, summary: dict[str, Any]) -> None:
    conn.execute(insert(table_of(SyncPackage)).values(
        package_id=uuid.UUID(pkg.package_id), kind=pkg.kind, station=pkg.station, sequence=pkg.sequence,
        schema_revision=str(pkg.manifest["schema_revision"]), exported_at=str(pkg.manifest.get("exported_at", ""))[:40],
        imported_at=utcnow(), imported_by=actor, file_name=pkg.path.name[:255], summary=summary))

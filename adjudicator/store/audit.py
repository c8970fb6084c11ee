"""The audit trail: every create, change, delete and restore of a synced row, written in the same flush.

A session-level ``before_flush`` hook inspects the unit of work, so no service can forget
to log. The actor and station come from ``session.info`` (set by :meth:`Database.write`).
It also stamps ``owner_station`` on new rows and ``updated_at`` on changed ones, and links the
new entries into the writer's hash chain (:mod:`adjudicator.store.chain`).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from adjudicator.store import chain
from adjudicator.store.base import SyncedMixin, utcnow
from adjudicator.store.models import AuditEntry

#: Columns kept out of the "which fields changed" list: bookkeeping, not user data.
_BOOKKEEPING = {"version", "created_at", "updated_at", "deleted_at", "owner_station", "id"}


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value for the audit record."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _column_values(obj: SyncedMixin) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    values = {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _BOOKKEEPING
    }
    # A key set through a relationship (party.case = case) reaches its column only during the flush:
    # take it from the parent, so the entry holds what the row will (``audit verify`` compares them).
    for rel in mapper.relationships:
        if rel.direction.name != "MANYTOONE":
            continue
        parent = obj.__dict__.get(rel.key)
        for local, remote in rel.local_remote_pairs:
            if parent is not None and values.get(local.key) is None and local.key in values:
                values[local.key] = _plain(getattr(parent, remote.key))
    return values


def _changed_values(obj: SyncedMixin) -> tuple[dict[str, list[Any]], str | None]:
    """Changed user fields as ``{field: [old, new]}`` and a delete/restore action if the tombstone moved."""
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    tombstone: str | None = None
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if attr.key == "deleted_at":
            if old is None and new is not None:
                tombstone = "delete"
            elif old is not None and new is None:
                tombstone = "restore"
            continue
        if attr.key in _BOOKKEEPING or _plain(old) == _plain(new):
            continue
        changes[attr.key] = [_plain(old), _plain(new)]
    return changes, tombstone


def _entry(session: Session, obj: SyncedMixin, action: str, changes: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        entry_id=uuid.uuid4(),
        at=utcnow(),
        actor=str(session.info.get("actor") or "未知用户"),
        station=str(session.info.get("station") or obj.owner_station or ""),
        table_name=type(obj).__tablename__,  # type: ignore[attr-defined]
        record_id=obj.id,
        record_label=obj.audit_name(),
        case_id=obj.audit_case_id(),
        action=action,
        changes=changes,
    )


def _before_flush(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    entries: list[AuditEntry] = []
    station = session.info.get("station")
    new = [obj for obj in session.new if isinstance(obj, SyncedMixin)]
    for obj in new:  # ids first: a child's audit entry names its parent case
        if obj.id is None:
            obj.id = uuid.uuid4()
    for obj in new:
        if not obj.owner_station:
            obj.owner_station = str(station or "")
        if not session.info.get("importing"):
            entries.append(_entry(session, obj, "create", _column_values(obj)))
    for obj in list(session.dirty):
        if not isinstance(obj, SyncedMixin) or not session.is_modified(obj, include_collections=False):
            continue
        changes, tombstone = _changed_values(obj)
        if not changes and tombstone is None:
            continue
        obj.updated_at = utcnow()
        if session.info.get("importing"):
            continue
        if tombstone:
            entries.append(_entry(session, obj, tombstone, changes))
        elif changes:
            entries.append(_entry(session, obj, "update", changes))
    for obj in list(session.deleted):
        if isinstance(obj, SyncedMixin):
            raise RuntimeError(
                f"{type(obj).__name__} rows are never hard-deleted; set deleted_at (tombstone) instead"
            )
    link_entries(session, entries)
    session.add_all(entries)


def chain_of(session: Session) -> str:
    """The chain a session's new entries join: its station's, else the supervisor's own."""
    return str(session.info.get("station") or chain.SUPERVISOR_CHAIN)


def link_entries(session: Session, entries: list[AuditEntry]) -> None:
    """Chain new (not yet flushed) entries after the writer's chain head, in this transaction."""
    if not entries:
        return
    rows = [{name: getattr(e, name) for name in chain.HASHED_FIELDS} for e in entries]
    chain.append(session.connection(), rows, chain_of(session))
    for entry, row in zip(entries, rows, strict=True):
        entry.chain, entry.chain_seq, entry.prev_hash, entry.hash = (
            row["chain"], row["chain_seq"], row["prev_hash"], row["hash"])


def install(session_factory: Any) -> None:
    """Attach the audit hook to a ``sessionmaker`` (or Session class)."""
    event.listen(session_factory, "before_flush", _before_flush)


#: The tables of a case's own record, parents first: what ``audit verify`` replays and compares.
CASE_TABLES = ("cases", "parties", "patents", "ecommerce_details", "case_events", "documents",
               "service_records", "exhibits", "exhibit_files")
#: Columns kept out of the comparison: local numbering and bytes whose hash is a column of their own.
LOCAL_COLUMNS = {"list_key", "pdf"}


def record_created(session: Session, case_ids: list[uuid.UUID], actor: str) -> int:
    """Write a chained ``create`` entry for every row of these cases, as it stands (rows written by Core inserts).

    For data put in wholesale (the demo generator), so the audit trail describes every row it made.
    Returns the number of entries written.
    """
    import adjudicator.store.all_models  # noqa: F401  (every case table on the metadata)
    from adjudicator.store.base import Base

    session.flush()
    tables: dict[str, Any] = {t.name: t for t in Base.metadata.sorted_tables}
    station = str(session.info.get("station") or "")
    now = utcnow()
    entries: list[dict[str, Any]] = []
    for name in CASE_TABLES:
        table = tables[name]
        key = table.c.id if name == "cases" else table.c.case_id
        cols = [c for c in table.columns if c.name not in LOCAL_COLUMNS]
        for start in range(0, len(case_ids), 500):
            rows = session.connection().execute(
                select(*cols).where(key.in_(case_ids[start:start + 500]))).mappings().all()
            for row in rows:
                entries.append({
                    "entry_id": uuid.uuid4(), "at": now, "actor": actor, "station": station or row["owner_station"],
                    "table_name": name, "record_id": row["id"], "record_label": _label_of(name, row),
                    "case_id": row["id"] if name == "cases" else row["case_id"], "action": "create",
                    "changes": {k: _plain(v) for k, v in row.items() if k not in _BOOKKEEPING},
                })
    if entries:
        chain.append(session.connection(), entries, chain_of(session))
        session.connection().execute(insert(AuditEntry.__table__), entries)  # type: ignore[arg-type]
    return len(entries)


def _label_of(table: str, row: Any) -> str:
    for key in ("case_no", "name", "title", "number", "recipient", "platform", "kind"):
        if row.get(key):
            return str(row[key])[:200]
    return ""


def recorded_state(session: Session, table: str, record_id: uuid.UUID) -> tuple[dict[str, Any], bool]:
    """A row's fields as its audit entries describe them, and whether every one of those entries is intact.

    The entries are replayed in order (``create`` gives the fields, ``update`` the new values); an
    entry whose content no longer matches its hash makes the second value False.
    """
    audit: Any = AuditEntry.__table__
    rows = session.connection().execute(
        select(audit).where(audit.c.table_name == table, audit.c.record_id == record_id)
        .order_by(audit.c.chain_seq, audit.c.seq)).mappings().all()
    state: dict[str, Any] = {}
    intact = bool(rows)
    for row in rows:
        intact = intact and chain.entry_hash(row) == row["hash"]
        changes = row["changes"] or {}
        if row["action"] == "create":
            state.update(changes)
        else:
            state.update({k: v[1] for k, v in changes.items() if isinstance(v, list) and len(v) == 2})
    return state, intact

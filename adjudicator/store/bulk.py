"""Inserting many new rows at once (an import), with the audit trail the flush hook would write.

The ORM's unit of work costs about a millisecond per object; a referral import of 2,000 cases
is 12,000 objects with their audit entries. :func:`insert_new` takes the same mapped objects a
service builds (so the field rules stay in one place), turns them into rows and inserts each
table with one ``executemany``, and writes one ``create`` audit entry per synced row exactly as
:mod:`adjudicator.store.audit` does. The objects stay transient: read their ids and numbers,
do not add them to a session afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from adjudicator.store import chain
from adjudicator.store.audit import _plain, chain_of
from adjudicator.store.base import Base, SyncedMixin, utcnow
from adjudicator.store.models import AuditEntry

_BOOKKEEPING = {"version", "created_at", "updated_at", "deleted_at", "owner_station", "id"}
_Columns = list[tuple[str, str, Callable[[], Any] | None]]
_columns_of: dict[type, _Columns] = {}


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _called(fn: Callable[[Any], Any]) -> Callable[[], Any]:
    return lambda: fn(None)


def _columns(cls: type) -> _Columns:
    """``(attribute, column, default)`` of a mapped class, computed once."""
    found = _columns_of.get(cls)
    if found is None:
        found = []
        mapper: Any = inspect(cls)
        for attr in mapper.column_attrs:
            column: Any = attr.columns[0]
            default: Any = column.default
            make: Callable[[], Any] | None = None
            if default is not None and default.is_scalar:
                make = _constant(default.arg)
            elif default is not None and default.is_callable:
                make = _called(default.arg)
            found.append((attr.key, column.key, make))
        _columns_of[cls] = found
    return found


def _row(obj: Base, station: str, now: Any) -> dict[str, Any]:
    # Read the instance dict, not the instrumented attributes: 2,000 cases are 100,000 reads.
    values = obj.__dict__
    row: dict[str, Any] = {}
    for key, column, default in _columns(type(obj)):
        value = values.get(key)
        if value is None and default is not None:
            value = default()
        row[column] = value
    if isinstance(obj, SyncedMixin):
        if row.get("id") is None:
            row["id"] = obj.id = uuid.uuid4()
        row["version"] = 1
        row["owner_station"] = row.get("owner_station") or station
        row["created_at"] = row["updated_at"] = now
    return row


def insert_new(session: Session, objects: Sequence[Base]) -> None:
    """Insert new (transient) objects table by table, parents first, with their audit entries."""
    station = str(session.info.get("station") or "")
    actor = str(session.info.get("actor") or "未知用户")
    audited = not session.info.get("importing")
    now = utcnow()
    by_table: dict[Any, list[dict[str, Any]]] = {}
    audit: list[dict[str, Any]] = []
    for obj in objects:
        row = _row(obj, station, now)
        table: Any = type(obj).__table__
        by_table.setdefault(table, []).append(row)
        if audited and isinstance(obj, SyncedMixin):
            audit.append({
                "entry_id": uuid.uuid4(), "at": now, "actor": actor, "station": station or row["owner_station"],
                "table_name": table.name, "record_id": row["id"], "record_label": obj.audit_name(),
                "case_id": obj.audit_case_id(), "action": "create",
                "changes": {k: _plain(v) for k, v in row.items() if k not in _BOOKKEEPING},
            })
    for table in Base.metadata.sorted_tables:
        rows = by_table.get(table)
        if rows:
            session.execute(insert(table), rows)
    if audit:
        chain.append(session.connection(), audit, chain_of(session))
        audit_table: Any = AuditEntry.__table__
        session.execute(insert(audit_table), audit)

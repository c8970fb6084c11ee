"""The audit trail: every create, change, delete and restore of a synced row, written in the same flush.

A session-level ``before_flush`` hook inspects the unit of work, so no service can forget
to log. The actor and station come from ``session.info`` (set by :meth:`Database.write`).
It also stamps ``owner_station`` on new rows and ``updated_at`` on changed ones.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

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
    return {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _BOOKKEEPING
    }


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
    session.add_all(entries)


def install(session_factory: Any) -> None:
    """Attach the audit hook to a ``sessionmaker`` (or Session class)."""
    event.listen(session_factory, "before_flush", _before_flush)

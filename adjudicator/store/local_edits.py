"""Remember station-owned rows changed in a supervisor database, so an import never overwrites them silently.

Only the owning station edits its cases; a supervisor's own input goes to supervisor-owned
tables. If a station-owned row is changed here anyway (a script, an older program), this
``before_flush`` hook records the row and the version it was changed from in ``sync_edits``;
the next import of a newer version of that row keeps both versions as a conflict
(:mod:`adjudicator.sync.merge`) instead of choosing one.

A station database is recognised by ``session.info["station"]`` (set by ``Database.write``):
there every row it can change is its own, and the hook does nothing. Imports (``importing``)
are not edits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from adjudicator.store.base import SyncedMixin
from adjudicator.store.models_sync import SUPERVISOR_OWNER, SyncEdit


def _before_flush(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    if session.info.get("station") or session.info.get("importing"):
        return
    for obj in list(session.dirty):
        if not isinstance(obj, SyncedMixin) or obj.owner_station in ("", SUPERVISOR_OWNER):
            continue
        if not session.is_modified(obj, include_collections=False):
            continue
        table = type(obj).__tablename__  # type: ignore[attr-defined]
        committed = inspect(obj).committed_state.get("version", obj.version)
        with session.no_autoflush:
            if session.get(SyncEdit, (table, obj.id)) is None:
                session.add(SyncEdit(table_name=table, record_id=obj.id, base_version=int(committed),
                                     actor=str(session.info.get("actor") or "")))


def install(session_factory: Any) -> None:
    """Attach the hook to a ``sessionmaker`` (as :func:`adjudicator.store.audit.install` does)."""
    event.listen(session_factory, "before_flush", _before_flush)

"""What the supervisors see and do beside the merged cases: stations heard from, conflicts, notes.

- :func:`station_status`: per station, its registered key, the last package imported (when, which
  sequence), how many cases it has here, and whether it has been silent longer than the
  configured number of days (setting ``sync.stale_days``).
- :func:`list_conflicts` / :func:`resolve_conflict`: rows a station changed that were also changed
  here; the supervisor keeps the station's version (the owner's, normally) or this one.
- :func:`add_note` / :func:`case_notes`: review notes and flags (监督意见) in the supervisor-owned
  ``supervisor_notes`` table, so no import ever touches them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, select, update

from adjudicator.errors import DomainError, NotFoundError
from adjudicator.store import Database
from adjudicator.store.base import Base, utcnow
from adjudicator.store.database import busy_refused
from adjudicator.store.models import Case
from adjudicator.store.models_sync import (
    SUPERVISOR_OWNER,
    StationKey,
    SupervisorNote,
    SyncConflict,
    SyncEdit,
    SyncPackage,
)

STALE_DAYS_SETTING = "sync.stale_days"
DEFAULT_STALE_DAYS = 14


def _require_supervisor(db: Database) -> None:
    if db.role != "supervisor":
        raise DomainError("这是市局监督功能，只能在市局监督数据库中使用。")


@dataclass(frozen=True)
class StationStatus:
    """One station as the supervisor's registry shows it."""

    code: str
    name: str
    fingerprint: str  # "" if no key is registered
    registered_at: datetime | None
    last_import: datetime | None
    last_sequence: int | None
    packages: int
    cases: int
    days_silent: int | None  # None: never heard from
    stale: bool

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "fingerprint": self.fingerprint or None,
                "registered_at": self.registered_at.isoformat() if self.registered_at else None,
                "last_import": self.last_import.isoformat() if self.last_import else None,
                "last_sequence": self.last_sequence, "packages": self.packages, "cases": self.cases,
                "days_silent": self.days_silent, "stale": self.stale}


def stale_days(db: Database) -> int:
    return int(db.get_setting(STALE_DAYS_SETTING, DEFAULT_STALE_DAYS))


def set_stale_days(db: Database, days: int) -> None:
    if not 1 <= days <= 365:
        raise DomainError("提醒天数应在 1 到 365 天之间。")
    db.set_setting(STALE_DAYS_SETTING, days)


def station_status(db: Database, *, now: datetime | None = None) -> list[StationStatus]:
    """Every station in the registry, with its key and when it was last heard from."""
    from adjudicator.stations.registry import registry

    _require_supervisor(db)
    now = now or utcnow()
    limit = stale_days(db)
    with db.session() as s:
        keys = {k.code: k for k in s.scalars(select(StationKey))}
        packages = {r.station: r for r in s.execute(
            select(SyncPackage.station, func.max(SyncPackage.imported_at).label("last"),
                   func.max(SyncPackage.sequence).label("seq"), func.count().label("n"))
            .where(SyncPackage.kind == "station").group_by(SyncPackage.station))}
        cases = dict(s.execute(select(Case.owner_station, func.count()).where(Case.deleted_at.is_(None))
                               .group_by(Case.owner_station)).all())
    out = []
    for info in registry(db):
        key = keys.get(info.code)
        pkg = packages.get(info.code)
        last = pkg.last if pkg is not None else None
        if last is not None and last.tzinfo is None:
            from datetime import UTC

            last = last.replace(tzinfo=UTC)
        days = (now - last).days if last is not None else None
        out.append(StationStatus(
            code=info.code, name=info.name, fingerprint=key.fingerprint if key else "",
            registered_at=key.registered_at if key else None, last_import=last,
            last_sequence=pkg.seq if pkg is not None else None, packages=pkg.n if pkg is not None else 0,
            cases=int(cases.get(info.code, 0)), days_silent=days,
            stale=key is not None and (days is None or days >= limit)))
    return out


def import_history(db: Database, limit: int = 200) -> list[dict[str, Any]]:
    """The packages imported here, newest first."""
    with db.session() as s:
        rows = s.scalars(select(SyncPackage).order_by(SyncPackage.imported_at.desc()).limit(limit)).all()
    return [{"package_id": str(r.package_id), "kind": r.kind, "station": r.station, "sequence": r.sequence,
             "imported_at": r.imported_at, "imported_by": r.imported_by, "file": r.file_name,
             "totals": dict((r.summary or {}).get("totals", {}))} for r in rows]


# -- conflicts -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConflictView:
    """A conflict as the supervisor sees it: which record, and each field that differs."""

    id: uuid.UUID
    table_name: str
    record_id: uuid.UUID
    case_id: uuid.UUID | None
    case_no: str
    station: str
    local_version: int
    incoming_version: int
    differences: tuple[tuple[str, Any, Any], ...]  # (field, here, station's)
    detected_at: datetime
    resolution: str
    resolved_by: str

    def as_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "table": self.table_name, "record_id": str(self.record_id),
                "case_id": str(self.case_id) if self.case_id else None, "case_no": self.case_no,
                "station": self.station, "local_version": self.local_version,
                "incoming_version": self.incoming_version,
                "differences": [{"field": f, "here": a, "station": b} for f, a, b in self.differences],
                "detected_at": self.detected_at.isoformat(), "resolution": self.resolution or None,
                "resolved_by": self.resolved_by or None}


_BOOKKEEPING = {"version", "updated_at", "created_at", "list_key"}


def _view(row: SyncConflict, case_no: str) -> ConflictView:
    local, incoming = row.local_row or {}, row.incoming_row or {}
    diffs = tuple((k, local.get(k), incoming.get(k)) for k in sorted(set(local) | set(incoming))
                  if k not in _BOOKKEEPING and local.get(k) != incoming.get(k))
    return ConflictView(row.id, row.table_name, row.record_id, row.case_id, case_no, row.station,
                        row.local_version, row.incoming_version, diffs, row.detected_at, row.resolution,
                        row.resolved_by)


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[ConflictView]:
    with db.session() as s:
        stmt = select(SyncConflict, Case.case_no).outerjoin(Case, Case.id == SyncConflict.case_id)
        if not include_resolved:
            stmt = stmt.where(SyncConflict.resolved_at.is_(None))
        rows = s.execute(stmt.order_by(SyncConflict.detected_at)).all()
        return [_view(c, case_no or "") for c, case_no in rows]


def _table(name: str) -> Table:
    import adjudicator.store.all_models  # noqa: F401

    return Base.metadata.tables[name]


def resolve_conflict(db: Database, conflict_id: uuid.UUID, keep: str, *, actor: str | None = None) -> ConflictView:
    """Keep the station's version (``station``) or this database's (``supervisor``) of a conflicting row.

    Keeping the station's writes its row here as it came; keeping this one leaves the row and
    raises a new conflict only when the station changes the row again.
    """
    from adjudicator.sync.merge import rebuild_search, row_from_json, table_of

    _require_supervisor(db)
    if keep not in ("station", "supervisor"):
        raise DomainError("请选择保留裁决所的版本（station）或市局的版本（supervisor）。")
    who = actor or db.actor
    with busy_refused(), db.engine.execution_options(adjudicator_write=True).begin() as conn:
        conflicts = table_of(SyncConflict)
        row = conn.execute(select(conflicts).where(conflicts.c.id == conflict_id)).mappings().one_or_none()
        if row is None:
            raise NotFoundError("找不到该冲突记录。")
        if row["resolved_at"] is not None:
            raise DomainError(f"该冲突已于 {row['resolved_at']:%Y-%m-%d %H:%M} 由{row['resolved_by']}处理。")
        table = _table(row["table_name"])
        edits = table_of(SyncEdit)
        edit_key = (edits.c.table_name == row["table_name"]) & (edits.c.record_id == row["record_id"])
        if keep == "station":
            values = row_from_json(table, row["incoming_row"])
            for kept in ("id", "list_key", "owner_station", "created_at"):
                values.pop(kept, None)
            conn.execute(update(table).where(table.c.id == row["record_id"]).values(**values))
            conn.execute(delete(edits).where(edit_key))
            case_id = row["case_id"]
            if case_id is not None and row["table_name"] in ("cases", "parties", "patents", "ecommerce_details"):
                rebuild_search(conn, {case_id})
        else:
            conn.execute(update(edits).where(edit_key).values(base_version=row["incoming_version"]))
        conn.execute(update(conflicts).where(conflicts.c.id == conflict_id).values(
            resolved_at=utcnow(), resolution=keep, resolved_by=who))
    for view in list_conflicts(db, include_resolved=True):
        if view.id == conflict_id:
            return view
    raise NotFoundError("找不到该冲突记录。")


# -- review notes and flags -------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteView:
    id: uuid.UUID
    case_id: uuid.UUID
    flagged: bool
    text: str
    author: str
    created_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "case_id": str(self.case_id), "flagged": self.flagged, "text": self.text,
                "author": self.author, "created_at": self.created_at.isoformat()}


def add_note(db: Database, case_id: uuid.UUID, text: str, *, flagged: bool = False,
             actor: str | None = None) -> NoteView:
    """A supervisor's review note on a case (and a flag, if asked)."""
    _require_supervisor(db)
    text = text.strip()
    if not text and not flagged:
        raise DomainError("请填写监督意见，或标记该案件。")
    if len(text) > 5000:
        raise DomainError("监督意见不能超过 5000 字。")
    with db.write(actor) as s:
        if s.get(Case, case_id) is None:
            raise NotFoundError("找不到该案件。")
        note = SupervisorNote(id=uuid.uuid4(), owner_station=SUPERVISOR_OWNER, case_id=case_id, flagged=flagged,
                              text=text, author=actor or db.actor)
        s.add(note)
        s.flush()
        view = NoteView(note.id, note.case_id, note.flagged, note.text, note.author, note.created_at)
    return view


def case_notes(db: Database, case_id: uuid.UUID) -> list[NoteView]:
    with db.session() as s:
        rows = s.scalars(select(SupervisorNote).where(SupervisorNote.case_id == case_id,
                                                      SupervisorNote.deleted_at.is_(None))
                         .order_by(SupervisorNote.created_at)).all()
        return [NoteView(n.id, n.case_id, n.flagged, n.text, n.author, n.created_at) for n in rows]


def flagged_case_ids(db: Database) -> set[uuid.UUID]:
    with db.session() as s:
        return set(s.scalars(select(SupervisorNote.case_id).where(SupervisorNote.flagged.is_(True),
                                                                  SupervisorNote.deleted_at.is_(None))))


# -- the city-wide case list ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CityCase:
    """One case in the supervisor's city-wide list."""

    id: uuid.UUID
    case_no: str
    station: str
    kind: str
    status: str
    parties: str
    received_on: Any
    handler: str
    flagged: bool


def city_cases(db: Database, *, station: str | None = None, text: str = "",
               limit: int = 2000) -> tuple[list[CityCase], int]:
    """The newest cases of every station (or one), matching ``text``; and how many match in all."""
    from adjudicator.cases.service import CaseQuery, where_clauses

    clauses = where_clauses(CaseQuery(text=text), db.is_sqlite)
    if station:
        clauses.append(Case.owner_station == station)
    flagged = select(SupervisorNote.case_id).where(SupervisorNote.flagged.is_(True),
                                                   SupervisorNote.deleted_at.is_(None))
    with db.session() as s:
        total = int(s.scalar(select(func.count()).select_from(Case).where(*clauses)) or 0)
        rows = s.execute(select(Case.id, Case.case_no, Case.owner_station, Case.kind, Case.status,
                                Case.party_summary, Case.received_on, Case.handler, Case.id.in_(flagged))
                         .where(*clauses).order_by(Case.received_on.desc(), Case.case_no).limit(limit)).all()
    return [CityCase(*r) for r in rows], total

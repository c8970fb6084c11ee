"""Recording a case's events (登记案件进程): the functions the timeline tab and the command line share.

Every change (add, edit, remove) replays the case's whole event sequence with the new version
of it inside the write transaction; if the replay refuses, the transaction rolls back and the
sentence says why. On success the case's status follows its events (立案 → 已立案审理,
中止 → 中止处理, 恢复 → 已立案审理, 裁决/调解/撤销/不予受理, 归档), its version is bumped
(so other views notice the change) and its row in the deadline cache is rewritten.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adjudicator.accounts.approval import Approval, Cosigner, approval_for, check_approval_in
from adjudicator.accounts.approval import describe as describe_approval
from adjudicator.calendar.store import CountingRules, counting_rules
from adjudicator.cases.guard import writable_case
from adjudicator.errors import DomainError, NotFoundError
from adjudicator.procedure.case_deadlines import CaseDeadlines, derive_deadlines
from adjudicator.procedure.deadline_cache import store_cache_row
from adjudicator.procedure.kinds import (
    APPROVAL_KEY,
    RESERVED_FOR_HEAD,
    EventKind,
    event_kind,
    normalize_details,
)
from adjudicator.procedure.transitions import (
    EventRecord,
    EventRefused,
    Procedure,
    allowed_kinds,
    replay,
    replay_stored,
)
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models import Case, Party
from adjudicator.store.models_procedure import CaseEvent


@dataclass(frozen=True)
class EventInput:
    """What a clerk records: the kind, the date, the receipt date where it matters, details and a note."""

    kind: str
    date: dt.date
    received_on: dt.date | None = None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class EventView:
    """A recorded event as the timeline and the command line show it."""

    id: uuid.UUID
    kind: str
    label: str
    date: dt.date
    received_on: dt.date | None
    details: dict[str, Any]
    note: str
    sequence: int

    def detail_lines(self) -> list[str]:
        """The details in words: 批准人：张所长, 口头审理日期：2026-05-12 …"""
        kind = event_kind(self.kind)
        lines = []
        if self.received_on is not None and kind.received_label:
            lines.append(f"{kind.received_label}：{self.received_on}")
        for spec in kind.fields:
            value = self.details.get(spec.key)
            if value in (None, "", False):
                continue
            shown = "是" if value is True else spec.choice_label(str(value))
            lines.append(f"{spec.label.split('（')[0]}：{shown}")
        if self.details.get(APPROVAL_KEY):
            lines.append(f"负责人批准：{describe_approval(self.details[APPROVAL_KEY])}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "kind": self.kind, "label": self.label, "date": self.date.isoformat(),
                "received_on": self.received_on.isoformat() if self.received_on else None,
                "details": self.details, "note": self.note, "sequence": self.sequence}


@dataclass(frozen=True)
class CaseProcedure:
    """One case's procedure: its events, the state they lead to, its deadlines and what may come next."""

    case_id: uuid.UUID
    case_no: str
    case_kind: str
    status: str
    received_on: date
    events: tuple[EventView, ...]
    procedure: Procedure
    deadlines: CaseDeadlines
    allowed: tuple[EventKind, ...]
    today: date
    version: int
    """The case's version as read: give it back as ``expected_version`` to change the events."""
    problem: str | None = None
    """Why the stored events do not fit the procedure (possible only for imported data), else None."""


def _record(row: CaseEvent) -> EventRecord:
    return EventRecord(row.kind, row.date, row.received_on, dict(row.details or {}), row.note, row.sequence, row.id)


def _view(record: EventRecord) -> EventView:
    assert record.id is not None
    return EventView(record.id, record.kind, record.label, record.date, record.received_on, record.details,
                     record.note, record.sequence)


def _live_events(s: Session, case_id: uuid.UUID) -> list[CaseEvent]:
    return list(s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.deleted_at.is_(None))
                          .order_by(CaseEvent.date, CaseEvent.sequence)))


def load_procedure(db: Database, case_id: uuid.UUID, *, today: date | None = None) -> CaseProcedure:
    """A case's events, state, deadlines and the events allowed next (for the timeline tab)."""
    today = today or date.today()
    rules = counting_rules(db)
    with db.session() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFoundError("找不到该案件，可能已被删除。")
        records = [_record(row) for row in _live_events(s, case_id)]
        proc, problem = replay_stored(case.received_on, records, case.kind)
        return _procedure_view(case, proc, rules, today, problem)


def _procedure_view(case: Case, proc: Procedure, rules: CountingRules, today: date,
                    problem: str | None = None) -> CaseProcedure:
    deadlines = derive_deadlines(proc, rules.calendar, today=today, public_notice_days=rules.public_notice_days)
    views = tuple(_view(e) for e in proc.events if e.id is not None)
    allowed = tuple(allowed_kinds(proc)) if case.deleted_at is None else ()
    return CaseProcedure(case.id, case.case_no, case.kind, proc.status, case.received_on, views, proc, deadlines,
                         allowed, today, case.version, problem)


# -- changing events ----------------------------------------------------------------------------------


def _case_for_update(db: Database, s: Session, case_id: uuid.UUID, expected_version: int | None) -> Case:
    return writable_case(s, db, case_id, expected_version=expected_version, doing="登记进程事件")


def _check_input(inp: EventInput, today: date) -> dict[str, Any]:
    kind = event_kind(inp.kind)
    if inp.date > today:
        raise EventRefused(f"“{kind.label}”的日期 {inp.date} 晚于今天（{today}），不能登记尚未发生的事件。")
    if inp.received_on is not None and inp.received_on > today:
        raise EventRefused(f"“{kind.label}”的{kind.received_label or '收到日期'} {inp.received_on} 晚于今天（{today}）。")
    if APPROVAL_KEY in inp.details:
        raise EventRefused(f"“{kind.label}”的批准记录由系统在负责人批准时填写，不能直接输入。")
    try:
        return normalize_details(kind, inp.details)
    except DomainError as error:
        raise EventRefused(str(error)) from None


def approve(db: Database, kind: str, cosigner: Cosigner | None = None) -> Approval | None:
    """The head's approval an event of ``kind`` needs (None if it needs none, or without accounts).

    Asked before the event's write transaction, so a co-signer's wrong password stays counted while
    the event is refused; PermissionRefused says why (a clerk alone, a co-signer who is not a head).
    """
    if kind not in RESERVED_FOR_HEAD:
        return None
    return approval_for(db, event_kind(kind).label, cosigner)


def _approved(s: Session, db: Database, kind: str, approval: Approval | None) -> Approval | None:
    if kind not in RESERVED_FOR_HEAD:
        return None
    return check_approval_in(s, db, event_kind(kind).label, approval)


def _default_details(s: Session, case: Case, inp: EventInput, approval: Approval | None = None) -> dict[str, Any]:
    details = dict(inp.details)
    if approval is not None and not str(details.get("approver") or "").strip() and \
            any(f.key == "approver" for f in event_kind(inp.kind).fields):
        details["approver"] = approval.name  # the head who approved, unless a higher department's name was given
    if inp.kind == "request_served" and "abroad" not in details:
        abroad = s.scalar(select(func.count()).select_from(Party).where(
            Party.case_id == case.id, Party.role == "respondent", Party.abroad.is_(True), Party.deleted_at.is_(None)))
        details["abroad"] = bool(abroad)
    return details


def _commit(s: Session, case: Case, proc: Procedure, rules: CountingRules) -> None:
    """After a replay succeeded: move the case's status, bump its version, rewrite its cache row."""
    if case.status != proc.status:
        case.status = proc.status
    case.updated_at = utcnow()  # bumps the version even when the status stays: the events changed
    s.flush()
    store_cache_row(s, case, proc, rules)


def _replay(case: Case, rows: list[CaseEvent]) -> Procedure:
    return replay(case.received_on, [_record(r) for r in rows], today=date.max, case_kind=case.kind)


def add_event_in(s: Session, db: Database, case_id: uuid.UUID, inp: EventInput, *,
                 expected_version: int | None = None, today: date | None = None,
                 rules: CountingRules | None = None, approval: Approval | None = None) -> CaseProcedure:
    """Record an event inside the open write session ``s`` (the inner form of :func:`add_event`).

    ``approval``: the head's (from :func:`approve`), which an act reserved for the head needs once
    the database has accounts; it is stored with the event's details.
    """
    today = today or date.today()
    rules = rules or counting_rules(db)
    approval = _approved(s, db, inp.kind, approval)
    case = _case_for_update(db, s, case_id, expected_version)
    details = _check_input(EventInput(inp.kind, inp.date, inp.received_on, _default_details(s, case, inp, approval)),
                           today)
    if approval is not None:
        details[APPROVAL_KEY] = approval.to_details()
    rows = _live_events(s, case_id)
    last = s.scalar(select(func.max(CaseEvent.sequence)).where(CaseEvent.case_id == case_id)) or 0
    row = CaseEvent(id=uuid.uuid4(), case_id=case_id, kind=inp.kind, date=inp.date, received_on=inp.received_on,
                    details=details, note=inp.note.strip(), sequence=last + 1, owner_station=case.owner_station)
    proc = _replay(case, [*rows, row])
    s.add(row)
    _commit(s, case, proc, rules)
    return _procedure_view(case, proc, rules, today)


def add_event(db: Database, case_id: uuid.UUID, inp: EventInput, *, expected_version: int | None = None,
              actor: str | None = None, today: date | None = None,
              cosigner: Cosigner | None = None) -> CaseProcedure:
    """Record an event; EventRefused (a DomainError) says why if it does not fit, and nothing changes.

    ``expected_version``: the case version the user saw (:attr:`CaseProcedure.version`); a
    case saved by someone else since is refused with :class:`~adjudicator.errors.StaleError`.
    ``cosigner``: a head's name and password approving a reserved act a clerk records (see :func:`approve`).
    """
    approval = approve(db, inp.kind, cosigner)
    rules = counting_rules(db)
    with db.write(actor) as s:
        return add_event_in(s, db, case_id, inp, expected_version=expected_version, today=today, rules=rules,
                            approval=approval)


def _event_for_update(db: Database, s: Session, event_id: uuid.UUID,
                      expected_version: int | None) -> tuple[CaseEvent, Case]:
    row = s.get(CaseEvent, event_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("找不到该事件，可能已被删除。")
    return row, _case_for_update(db, s, row.case_id, expected_version)


def update_event_in(s: Session, db: Database, event_id: uuid.UUID, inp: EventInput, *,
                    expected_version: int | None = None, today: date | None = None,
                    rules: CountingRules | None = None, approval: Approval | None = None) -> CaseProcedure:
    """Change an event inside the open write session ``s`` (the inner form of :func:`update_event`).

    A reserved act changed needs the head's approval again (which replaces the one stored);
    without accounts the stored approval, if any, is kept.
    """
    today = today or date.today()
    rules = rules or counting_rules(db)
    row, case = _event_for_update(db, s, event_id, expected_version)
    if inp.kind != row.kind:
        raise EventRefused(f"事件类型不能修改（原为“{event_kind(row.kind).label}”）；请删除后重新登记。")
    approval = _approved(s, db, row.kind, approval)
    details = _check_input(inp, today)
    kept = (row.details or {}).get(APPROVAL_KEY)
    if approval is not None:
        details[APPROVAL_KEY] = approval.to_details()
    elif kept:
        details[APPROVAL_KEY] = kept
    rows = _live_events(s, case.id)
    changed = CaseEvent(id=row.id, case_id=case.id, kind=row.kind, date=inp.date, received_on=inp.received_on,
                        details=details, note=inp.note.strip(), sequence=row.sequence)
    proc = _replay(case, [changed if r.id == row.id else r for r in rows])
    if row.date != inp.date:
        row.date = inp.date
    if row.received_on != inp.received_on:
        row.received_on = inp.received_on
    if row.details != details:
        row.details = details
    if row.note != inp.note.strip():
        row.note = inp.note.strip()
    _commit(s, case, proc, rules)
    return _procedure_view(case, proc, rules, today)


def update_event(db: Database, event_id: uuid.UUID, inp: EventInput, *, expected_version: int | None = None,
                 actor: str | None = None, today: date | None = None,
                 cosigner: Cosigner | None = None) -> CaseProcedure:
    """Change an event's date, receipt date, details or note (its kind stays); replayed like an addition."""
    approval = approve(db, inp.kind, cosigner)
    rules = counting_rules(db)
    with db.write(actor) as s:
        return update_event_in(s, db, event_id, inp, expected_version=expected_version, today=today, rules=rules,
                               approval=approval)


def remove_event_in(s: Session, db: Database, event_id: uuid.UUID, *, expected_version: int | None = None,
                    today: date | None = None, rules: CountingRules | None = None,
                    approval: Approval | None = None) -> CaseProcedure:
    """Remove an event inside the open write session ``s`` (the inner form of :func:`remove_event`).

    Removing a reserved act needs the head's approval as recording it does.
    """
    today = today or date.today()
    rules = rules or counting_rules(db)
    row, case = _event_for_update(db, s, event_id, expected_version)
    _approved(s, db, row.kind, approval)
    rows = [r for r in _live_events(s, case.id) if r.id != row.id]
    try:
        proc = _replay(case, rows)
    except EventRefused as refused:
        raise EventRefused(f"不能删除“{event_kind(row.kind).label}”（{row.date}）：删除后{refused}") from None
    row.deleted_at = utcnow()
    _commit(s, case, proc, rules)
    return _procedure_view(case, proc, rules, today)


def remove_event(db: Database, event_id: uuid.UUID, *, expected_version: int | None = None,
                 actor: str | None = None, today: date | None = None,
                 cosigner: Cosigner | None = None) -> CaseProcedure:
    """Remove (tombstone) an event, if the events left still fit the procedure."""
    with db.session() as s:
        row = s.get(CaseEvent, event_id)
        kind = row.kind if row is not None else ""
    approval = approve(db, kind, cosigner)
    rules = counting_rules(db)
    with db.write(actor) as s:
        return remove_event_in(s, db, event_id, expected_version=expected_version, today=today, rules=rules,
                               approval=approval)


def find_event(db: Database, case_id: uuid.UUID, sequence: int) -> uuid.UUID:
    """The id of a case's live event by its sequence number (as ``case events`` lists it)."""
    with db.session() as s:
        found = s.scalar(select(CaseEvent.id).where(CaseEvent.case_id == case_id, CaseEvent.sequence == sequence,
                                                    CaseEvent.deleted_at.is_(None)))
    if found is None:
        raise NotFoundError(f"该案件没有序号为 {sequence} 的事件。")
    return found

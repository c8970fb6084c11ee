"""Scheduled events for the month calendar (月历): oral hearings (口头审理) fixed for a day.

A hearing is scheduled by a 确定口头审理 event whose details carry the hearing date, time and
place; a later such event of the same case reschedules it, a 取消口头审理 takes it off. Hearings already held are shown too
(the calendar is also a record of the month), marked as held.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_procedure import CaseEvent


@dataclass(frozen=True)
class ScheduledHearing:
    """One case's oral hearing on a day."""

    case_id: uuid.UUID
    case_no: str
    handler: str
    day: date
    time: str
    place: str
    online: bool
    held: bool

    @property
    def words(self) -> str:
        """口头审理 上午9时30分 本局第一审理室（在线）."""
        where = "在线" if self.online and not self.place else self.place
        return " ".join(p for p in ("口头审理", self.time, where) if p) + ("（已进行）" if self.held else "")


def hearings_between(db: Database, first: date, last: date) -> list[ScheduledHearing]:
    """The hearings scheduled from ``first`` to ``last`` (inclusive) in cases not deleted, by day then case number."""
    with db.session() as s:
        rows = s.execute(
            select(CaseEvent, Case.case_no, Case.handler).join(Case, Case.id == CaseEvent.case_id)
            .where(CaseEvent.kind.in_(("hearing_scheduled", "hearing_held", "hearing_cancelled")), CaseEvent.deleted_at.is_(None),
                   Case.deleted_at.is_(None))
            .order_by(CaseEvent.case_id, CaseEvent.sequence)
        ).all()
    latest: dict[uuid.UUID, tuple[CaseEvent, str, str]] = {}
    held: set[uuid.UUID] = set()
    for event, case_no, handler in rows:
        if event.kind == "hearing_held":
            held.add(event.case_id)
        elif event.kind == "hearing_cancelled":  # not held on that day: off the calendar
            latest.pop(event.case_id, None)
        else:
            latest[event.case_id] = (event, case_no, handler)  # a later scheduling replaces an earlier one
    out = []
    for case_id, (event, case_no, handler) in latest.items():
        try:
            day = date.fromisoformat(str((event.details or {}).get("hearing_on", "")))
        except ValueError:
            continue
        if first <= day <= last:
            d = event.details or {}
            out.append(ScheduledHearing(case_id, case_no, handler, day, str(d.get("time") or ""),
                                        str(d.get("place") or ""), bool(d.get("online")), case_id in held))
    return sorted(out, key=lambda h: (h.day, h.case_no))

"""Tables of the procedure feature: case events (案件进程), the working-day calendar, a deadline cache.

- :class:`CaseEvent`: one dated step of a case (立案, 送达, 中止…), owned by the case's station.
  ``received_on`` is the second date some rules count from (the day the respondent received
  the request, the day a party received the decision); ``details`` holds what the kind needs
  (approver, months, ground, hearing time and place, outcome). Removing an event is a tombstone.
- :class:`CalendarDay` and :class:`CalendarYear`: the product's own holiday calendar, reference
  data owned by the supervisors (``owner_station`` ``SUP``). Their ids are derived from the day
  or the year (:func:`calendar_day_id`), so every database seeds the same rows and a supervisor's
  package updates them in place instead of adding duplicates.
- :class:`DeadlineCache`: the unresolved deadlines of each case, derived from its events and kept
  for the deadline dashboard; local, never synced, rebuilt whenever its key no longer matches.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from adjudicator.store.base import Base, SyncedMixin
from adjudicator.store.labels import label

#: Namespace of the derived ids of calendar rows (uuid5).
CALENDAR_NAMESPACE = uuid.UUID("6f1d3c52-3f0b-4b8e-9a55-2a8a0c6b7e21")


def calendar_day_id(day: dt.date) -> uuid.UUID:
    """The id of the calendar row of ``day``: the same in every database."""
    return uuid.uuid5(CALENDAR_NAMESPACE, f"day:{day.isoformat()}")


def calendar_year_id(year: int) -> uuid.UUID:
    """The id of the calendar row of ``year``: the same in every database."""
    return uuid.uuid5(CALENDAR_NAMESPACE, f"year:{year}")


class CaseEvent(SyncedMixin, Base):
    """One dated event of a case's procedure (案件进程事件); kinds and rules in :mod:`adjudicator.procedure.transitions`."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id_sequence", "case_id", "sequence"),)
    audit_label = "案件进程"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))  # indexed with sequence
    kind: Mapped[str] = mapped_column(String(30))
    date: Mapped[dt.date] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    sequence: Mapped[int] = mapped_column(Integer, default=0)

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id

    def audit_name(self) -> str:
        return f"{label('event', self.kind)} {self.date.isoformat() if self.date else ''}".strip()


class CalendarDay(SyncedMixin, Base):
    """One day the State Council schedule changes: a holiday (放假) or a make-up working day (调休上班)."""

    __tablename__ = "calendar_days"
    audit_label = "工作日历"

    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50))

    def audit_name(self) -> str:
        return f"{self.day.isoformat() if self.day else ''} {self.name}".strip()


class CalendarYear(SyncedMixin, Base):
    """A year of the calendar: whether its schedule is announced, and where it came from."""

    __tablename__ = "calendar_years"
    audit_label = "工作日历年度"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    announced: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(200), default="")

    def audit_name(self) -> str:
        return f"{self.year} 年"


class DeadlineCache(Base):
    """The unresolved deadlines of one case and what the dashboard shows of the case (derived, local, never synced).

    Valid while ``case_version`` equals the case's version (every event change bumps it) and
    ``rules_key`` equals the key of the calendar and counting settings it was computed with.
    ``relevant_until``: the last day the row can put anything on the dashboard (NULL: nothing
    unresolved; 9999-12-31 while an office deadline is unresolved, overdue or not).

    Database triggers (migration ``0002_procedure``) keep the dashboard from missing a change made
    by any program: a new case gets a placeholder row (``case_version`` -1), and a case whose
    version changes has its row marked stale (``case_version`` -1) and relevant (9999-12-31), so
    the dashboard, which reads only relevant rows, recomputes it. Format: :mod:`adjudicator.procedure.deadline_cache`.
    """

    __tablename__ = "deadline_cache"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    case_version: Mapped[int] = mapped_column(Integer)
    rules_key: Mapped[int] = mapped_column(BigInteger)
    relevant_until: Mapped[dt.date | None] = mapped_column(Date, index=True, default=None)
    case_no: Mapped[str] = mapped_column(String(60), default="")
    case_kind: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(20), default="")
    handler: Mapped[str] = mapped_column(String(50), default="")
    pending: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)

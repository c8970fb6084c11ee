"""Tables of the reports feature: the statistical facts of each case (derived, local, never synced).

:class:`ReportFacts` holds, per case, the dates and outcomes the supervisors' figures are counted
from (:mod:`adjudicator.reports.facts`), computed from the case's events at one case version under
one set of counting rules. A row whose ``case_version`` or ``rules_key`` no longer matches is
recomputed before any figure is read, so an edited event, an imported package (which raises the
case's version) or a changed calendar can never leave a figure counted from old facts.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from adjudicator.store.base import Base


class ReportFacts(Base):
    """The facts of one case that statistics count (derived from its events; rebuilt when stale)."""

    __tablename__ = "report_facts"
    __table_args__ = (Index("ix_report_facts_station_last_on", "station", "last_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    case_version: Mapped[int] = mapped_column(Integer)
    rules_key: Mapped[int] = mapped_column(BigInteger)
    station: Mapped[str] = mapped_column(String(16))
    received_on: Mapped[dt.date] = mapped_column(Date)
    #: The last day anything about the case can be counted: its latest event, 9999-12-31 while it is open.
    last_on: Mapped[dt.date] = mapped_column(Date)
    #: The facts as a JSON list in the order of :class:`adjudicator.reports.facts.CaseFacts`.
    facts: Mapped[str] = mapped_column(Text)

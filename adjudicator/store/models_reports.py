"""Tables of the reports feature: the statistical facts of each case (derived, local, never synced).

:class:`ReportFacts` holds, per case, the dates and outcomes the supervisors' figures are counted
from (:mod:`adjudicator.reports.facts`), computed from the case's events at one case version under
one set of counting rules. A row whose ``case_version`` or ``rules_key`` no longer matches is
recomputed before any figure is read, so an edited event, an imported package (which raises the
case's version) or a changed calendar can never leave a figure counted from old facts. The
figures are SQL conditions over these columns (:mod:`adjudicator.reports.figures`), so a year of
nine stations is counted by the database in one grouped query.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from adjudicator.store.base import Base


class ReportFacts(Base):
    """The facts of one case that statistics count (derived from its events; rebuilt when stale).

    Dates are None when the event has not happened. ``closed_on``: decided, mediated or withdrawn
    (结案), never a refusal to file (``refused_on``). ``limit_due``: the case limit with extensions
    and not-counted periods (None before filing or while such a period runs). ``net_days``: filing
    to closing less the not-counted days. ``suspended_from``/``suspended_until``: the first
    suspension's start and the last resumption (until None while one runs). ``last_on``: the last
    day anything about the case can be counted (its latest event; 9999-12-31 while it is open).
    """

    __tablename__ = "report_facts"
    __table_args__ = (Index("ix_report_facts_station_last_on", "station", "last_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    case_version: Mapped[int] = mapped_column(Integer)
    rules_key: Mapped[int] = mapped_column(BigInteger)
    station: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(20))
    patent_kind: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[dt.date] = mapped_column(Date)
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    refused_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(20))
    limit_due: Mapped[dt.date | None] = mapped_column(Date)
    net_days: Mapped[int | None] = mapped_column(Integer)
    suspended_from: Mapped[dt.date | None] = mapped_column(Date)
    suspended_until: Mapped[dt.date | None] = mapped_column(Date)
    extended_on: Mapped[dt.date | None] = mapped_column(Date)
    extension_months: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    publish_due: Mapped[dt.date | None] = mapped_column(Date)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    lawsuit_on: Mapped[dt.date | None] = mapped_column(Date)
    lawsuit_result: Mapped[str | None] = mapped_column(String(20))
    enforcement_on: Mapped[dt.date | None] = mapped_column(Date)
    enforcement_by: Mapped[str | None] = mapped_column(String(20))
    last_on: Mapped[dt.date] = mapped_column(Date)


class ReportKey(Base):
    """One key a case is matched on across stations: a respondent, its shop or its patent, normalised.

    ``kind`` is respondent, shop or patent; ``key`` the normalised form
    (:mod:`adjudicator.reports.keys`: ``id:…``/``name:…``, ``shop:…|…``, ``patent:ZL…``); ``label``
    what a person reads. Derived like :class:`ReportFacts` and rebuilt with it (same case version),
    so cross-station matching is a grouped query over this table.
    """

    __tablename__ = "report_keys"
    __table_args__ = (Index("ix_report_keys_key", "key"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    label: Mapped[str] = mapped_column(String(300))

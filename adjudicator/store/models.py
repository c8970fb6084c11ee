"""Tables of the station's own workflow: stations, cases, parties, patents, e-commerce details.

Codes (kind, status, role...) are stored as short English identifiers; their Chinese
labels live in :mod:`adjudicator.cases.inputs` so that reports, documents and the UI agree.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from adjudicator.store.base import Base, SyncedMixin, utcnow
from adjudicator.store.chain import CanonicalJSON


class Setting(Base):
    """Local key/value settings of this database (station code, role, document options)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Station(SyncedMixin, Base):
    """An adjudication station (知识产权行政裁决所): reference data owned by the supervisors."""

    __tablename__ = "stations"
    audit_label = "裁决所"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    office_name: Mapped[str] = mapped_column(String(100))
    doc_prefix: Mapped[str] = mapped_column(String(40))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    court: Mapped[str] = mapped_column(String(100), default="")

    def audit_name(self) -> str:
        return self.name


class Case(SyncedMixin, Base):
    """A patent dispute case (案件). ``party_summary`` and ``patent_no`` are derived for the list."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("owner_station", "case_year", "case_seq", name="uq_cases_station_year_seq"),
        Index("ix_cases_received_on", "received_on"),
        Index("ix_cases_status", "status"),
        Index("ix_cases_list_order", "received_on", "case_year", "case_seq"),
    )
    audit_label = "案件"

    case_no: Mapped[str] = mapped_column(String(60), unique=True)
    #: A small local integer naming the case in list and search indexes (not synced; see CaseSearch).
    list_key: Mapped[int] = mapped_column(Integer, unique=True)
    case_year: Mapped[int] = mapped_column(Integer)
    case_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date)
    handler: Mapped[str] = mapped_column(String(50), default="")
    panel: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="received")
    claims_summary: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    party_summary: Mapped[str] = mapped_column(String(300), default="")
    patent_no: Mapped[str] = mapped_column(String(30), default="")

    parties: Mapped[list[Party]] = relationship(
        back_populates="case", order_by="Party.sort_order", cascade="all, delete-orphan"
    )
    patent: Mapped[Patent | None] = relationship(back_populates="case", cascade="all, delete-orphan")
    ecommerce: Mapped[EcommerceDetail | None] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )

    def audit_case_id(self) -> uuid.UUID | None:
        return self.id

    def audit_name(self) -> str:
        return self.case_no


class Party(SyncedMixin, Base):
    """A party (当事人): requester, respondent or third party; a person or an organisation."""

    __tablename__ = "parties"
    audit_label = "当事人"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(20))
    party_type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    legal_rep: Mapped[str] = mapped_column(String(50), default="")
    legal_rep_title: Mapped[str] = mapped_column(String(50), default="")
    agents: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    abroad: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="parties")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id or (self.case.id if self.case is not None else None)

    def audit_name(self) -> str:
        return self.name


class Patent(SyncedMixin, Base):
    """The patent the requester relies on (涉案专利)."""

    __tablename__ = "patents"
    audit_label = "涉案专利"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    number: Mapped[str] = mapped_column(String(30), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    pct: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(300), default="")
    patentee: Mapped[str] = mapped_column(String(200), default="")
    application_date: Mapped[date | None] = mapped_column(Date, default=None)
    grant_date: Mapped[date | None] = mapped_column(Date, default=None)
    claims: Mapped[str] = mapped_column(String(300), default="")

    case: Mapped[Case] = relationship(back_populates="patent")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id or (self.case.id if self.case is not None else None)

    def audit_name(self) -> str:
        return self.number


class EcommerceDetail(SyncedMixin, Base):
    """E-commerce details (电商平台信息): platform, shop, listing links, platform complaint number."""

    __tablename__ = "ecommerce_details"
    audit_label = "电商信息"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), unique=True)
    platform: Mapped[str] = mapped_column(String(50), default="")
    shop: Mapped[str] = mapped_column(String(200), default="")
    listing_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The platform's complaint number; several (a referral gathering complaints) separated by "、".
    complaint_no: Mapped[str] = mapped_column(Text, default="")
    #: The day the platform forwarded the seller's non-infringement statement (E-commerce Law Art. 43).
    statement_forwarded_on: Mapped[date | None] = mapped_column(Date, default=None)

    case: Mapped[Case] = relationship(back_populates="ecommerce")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id or (self.case.id if self.case is not None else None)

    def audit_name(self) -> str:
        return self.platform


class CaseSearch(Base):
    """What type-to-filter searches, one narrow row per case (derived, rebuilt locally, never synced).

    Kept apart from ``cases`` so a scan reads a few megabytes, not the whole case table. On
    SQLite a trigram FTS5 index (``case_search_fts``, kept by triggers) answers queries of
    three or more characters without scanning.
    """

    __tablename__ = "case_search"

    case_key: Mapped[int] = mapped_column(ForeignKey("cases.list_key"), primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text, default="")


class NumberSequence(Base):
    """Last number issued per station, year and series (``case`` or a document kind); never reused."""

    __tablename__ = "number_sequences"

    station: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(40), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """One append-only line of the audit trail (审计记录): who changed which fields of which record."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_case_id", "case_id"),
                      Index("ix_audit_entries_chain_seq", "chain", "chain_seq"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(50))
    station: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[uuid.UUID] = mapped_column()
    record_label: Mapped[str] = mapped_column(String(200), default="")
    case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    action: Mapped[str] = mapped_column(String(10))
    #: Stored in canonical JSON (sorted keys): the bytes its hash covers, so the chain checks fast.
    changes: Mapped[dict[str, Any]] = mapped_column(CanonicalJSON, default=dict)
    #: The hash chain (:mod:`adjudicator.store.chain`): whose chain, the place in it, the previous
    #: entry's SHA-256 and this entry's.
    chain: Mapped[str] = mapped_column(String(16), default="", server_default="")
    chain_seq: Mapped[int | None] = mapped_column(Integer, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    hash: Mapped[str] = mapped_column(String(64), default="", server_default="")

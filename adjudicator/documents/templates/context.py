"""What a document template reads: the case, its parties and patent, the station, events and the draft's fields.

A :class:`DocumentContext` is plain, detached data (no session), so templates are pure functions
of it and a document can be rendered again from the same context byte for byte.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from adjudicator.calendar.periods import CaseLimit
from adjudicator.calendar.workdays import WorkCalendar
from adjudicator.cases.inputs import PATENT_KINDS
from adjudicator.errors import DomainError
from adjudicator.stations.registry import StationInfo

from ..layout import Block


@dataclass(frozen=True)
class PartyView:
    """A party (当事人) as documents print it."""

    role: str
    name: str
    party_type: str = "organisation"
    id_number: str = ""
    address: str = ""
    phone: str = ""
    legal_rep: str = ""
    legal_rep_title: str = ""
    agents: tuple[Mapping[str, str], ...] = ()
    abroad: bool = False


@dataclass(frozen=True)
class PatentView:
    number: str
    kind: str
    title: str = ""
    patentee: str = ""
    application_date: date | None = None
    grant_date: date | None = None
    claims: str = ""

    @property
    def kind_label(self) -> str:
        return PATENT_KINDS.get(self.kind, "")


@dataclass(frozen=True)
class EcommerceView:
    platform: str = ""
    shop: str = ""
    listing_links: tuple[str, ...] = ()
    complaint_no: str = ""


@dataclass(frozen=True)
class EventView:
    """The last event of one kind (案件进程), if the procedure feature recorded it."""

    kind: str
    date: _dt.date  # the module-qualified type: this field's name would shadow ``date``
    received_on: _dt.date | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    sequence: int = 0


@dataclass(frozen=True)
class DocumentContext:
    """Everything one document is built from."""

    kind: str
    case_no: str
    case_kind: str
    received_on: date
    station: StationInfo
    handler: str = ""
    panel: tuple[str, ...] = ()
    #: The station allows the handler alone to hear a case without a panel (独任审理).
    sole_handler: bool = False
    claims_summary: str = ""
    parties: tuple[PartyView, ...] = ()
    patent: PatentView | None = None
    ecommerce: EcommerceView | None = None
    events: Mapping[str, EventView] = field(default_factory=dict)
    """The last event of each kind."""
    history: tuple[EventView, ...] = ()
    """Every event of the case in procedure order (date, then the order recorded)."""
    fields: Mapping[str, str] = field(default_factory=dict)
    number: str | None = None  # None: a draft
    issue_date: date = field(default_factory=date.today)
    corrects_number: str | None = None
    calendar: WorkCalendar | None = None
    case_limit: CaseLimit | None = None
    """The case's time limit with its extensions and not-counted periods, from its events."""
    platform_operator: str = ""
    """The legal name of the e-commerce platform's operator, from the platform registry ("" if unknown)."""

    def role(self, role: str) -> list[PartyView]:
        return [p for p in self.parties if p.role == role]

    def names(self, role: str) -> str:
        return "、".join(p.name for p in self.role(role))

    def text(self, key: str) -> str:
        return str(self.fields.get(key) or "").strip()

    def lines(self, key: str) -> list[str]:
        """A multi-line field as its non-empty lines (one item, fact or order per line)."""
        return [line.strip() for line in self.text(key).splitlines() if line.strip()]

    def day(self, key: str) -> date | None:
        """A date field (``YYYY-MM-DD``); DomainError naming the field when it is not a date."""
        raw = self.text(key)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise DomainError(f"“{key}”应为日期，请写成 2026-03-02 这样的格式；输入为 {raw}。") from None

    def event_day(self, kind: str) -> date | None:
        event = self.events.get(kind)
        return event.date if event else None

    def all_of(self, kind: str) -> list[EventView]:
        """Every event of ``kind``, in procedure order."""
        return [e for e in self.history if e.kind == kind]

    @property
    def is_draft(self) -> bool:
        return self.number is None

    @property
    def number_text(self) -> str:
        """The document number, or the blank a draft shows in its place."""
        if self.number:
            return self.number
        from . import document_prefix  # the package imports this module

        return f"{document_prefix(self.station.doc_prefix, self.kind)}〔{self.issue_date.year}〕　　号"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a draft the clerk fills in (or checks after it was pre-filled from the case)."""

    key: str
    label: str
    required: bool = False
    multiline: bool = False
    kind: str = "text"  # text | date | choice | table
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """For ``choice``: (stored code, label) pairs; the label is also accepted as input."""
    patent_kinds: tuple[str, ...] = ()
    """Only for these patent kinds (e.g. the overall-visual-impression comparison: designs); empty: all."""


Builder = Callable[[DocumentContext], list[Block]]
Prefill = Callable[[DocumentContext], dict[str, str]]
CaseCheck = Callable[[DocumentContext], list[str]]


@dataclass(frozen=True)
class Template:
    """A document kind: its title, its fields, what it needs from the case, and how to build it."""

    kind: str
    title: str
    build: Builder
    fields: Sequence[FieldSpec] = ()
    prefill: Prefill | None = None
    needs: CaseCheck | None = None
    version: str = "1"
    extra_fields: Callable[[DocumentContext], list[FieldSpec]] | None = None
    """Fields that depend on the case, e.g. one defence per answering respondent (``defence:张小明``)."""
    field_prefixes: tuple[str, ...] = ()
    """Key prefixes of :attr:`extra_fields` (accepted when a draft is saved)."""

    def all_fields(self, ctx: DocumentContext) -> list[FieldSpec]:
        """The fixed fields and those the case adds."""
        kind = ctx.patent.kind if ctx.patent else ""
        fixed = [f for f in self.fields if not f.patent_kinds or kind in f.patent_kinds]
        return [*fixed, *(self.extra_fields(ctx) if self.extra_fields else [])]

    def missing_fields(self, ctx: DocumentContext) -> list[str]:
        """What must still be filled in before this document can be issued (Chinese labels)."""
        missing = [spec.label for spec in self.all_fields(ctx) if spec.required and not ctx.text(spec.key)]
        if self.needs is not None:
            missing += self.needs(ctx)
        return missing

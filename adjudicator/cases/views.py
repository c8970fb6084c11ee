"""A saved case as its readers see it: frozen views, detached from the database.

The UI and the command line receive these from :func:`adjudicator.cases.service.get_case`,
never ORM rows, so nothing they hold can be changed behind their back or lazily load
from a closed session. ``version`` is the version the reader saw: write services take
it back and refuse the write if someone else saved the case since.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from adjudicator.store.models import Case, EcommerceDetail, Party, Patent


@dataclass(frozen=True)
class PartyView:
    """One party (当事人) of a case, with its agents as ``{name, firm, phone}`` mappings."""

    id: uuid.UUID
    sort_order: int
    role: str
    party_type: str
    name: str
    id_number: str
    address: str
    phone: str
    legal_rep: str
    legal_rep_title: str
    agents: tuple[dict[str, str], ...]
    abroad: bool
    owner_station: str
    version: int


@dataclass(frozen=True)
class PatentView:
    """The patent the requester relies on (涉案专利)."""

    number: str
    kind: str
    pct: bool
    title: str
    patentee: str
    application_date: date | None
    grant_date: date | None
    claims: str


@dataclass(frozen=True)
class EcommerceView:
    """Where an e-commerce case's listing is (电商信息)."""

    platform: str
    shop: str
    listing_links: tuple[str, ...]
    complaint_no: str


@dataclass(frozen=True)
class CaseView:
    """A case with its live parties, patent and e-commerce details, as it was when read."""

    id: uuid.UUID
    case_no: str
    case_year: int
    case_seq: int
    kind: str
    source: str
    received_on: date
    handler: str
    panel: tuple[str, ...]
    status: str
    claims_summary: str
    notes: str
    party_summary: str
    patent_no: str
    owner_station: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    parties: tuple[PartyView, ...]
    patent: PatentView | None
    ecommerce: EcommerceView | None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "case_no": self.case_no, "kind": self.kind, "status": self.status,
                "received_on": self.received_on.isoformat(), "handler": self.handler, "version": self.version,
                "deleted": self.is_deleted}


def _party(p: Party) -> PartyView:
    return PartyView(p.id, p.sort_order, p.role, p.party_type, p.name, p.id_number, p.address, p.phone,
                     p.legal_rep, p.legal_rep_title, tuple(dict(a) for a in p.agents or ()), bool(p.abroad), p.owner_station,
                     p.version)


def _patent(p: Patent | None) -> PatentView | None:
    if p is None:
        return None
    return PatentView(p.number, p.kind, bool(p.pct), p.title, p.patentee, p.application_date, p.grant_date, p.claims)


def _ecommerce(e: EcommerceDetail | None) -> EcommerceView | None:
    if e is None or e.deleted_at is not None:
        return None
    return EcommerceView(e.platform, e.shop, tuple(e.listing_links or ()), e.complaint_no)


def case_view(case: Case) -> CaseView:
    """The view of a loaded case row (its parties, patent and e-commerce details loaded)."""
    return CaseView(
        id=case.id, case_no=case.case_no, case_year=case.case_year, case_seq=case.case_seq, kind=case.kind,
        source=case.source, received_on=case.received_on, handler=case.handler, panel=tuple(case.panel or ()),
        status=case.status, claims_summary=case.claims_summary, notes=case.notes,
        party_summary=case.party_summary, patent_no=case.patent_no, owner_station=case.owner_station,
        version=case.version, created_at=case.created_at, updated_at=case.updated_at, deleted_at=case.deleted_at,
        parties=tuple(_party(p) for p in sorted(case.parties, key=lambda p: p.sort_order) if p.deleted_at is None),
        patent=_patent(case.patent), ecommerce=_ecommerce(case.ecommerce),
    )

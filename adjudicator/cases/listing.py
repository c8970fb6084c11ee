"""Small services the desktop UI needs beside :mod:`adjudicator.cases.service` (no Qt here)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from sqlalchemy import String, cast, select, type_coerce

from adjudicator.cases import inputs as C
from adjudicator.cases import service as S
from adjudicator.cases.query import CaseQuery
from adjudicator.cases.views import CaseView
from adjudicator.store import Database
from adjudicator.store.models import Case, CaseSearch


def case_input_of(case: CaseView) -> C.CaseInput:
    """The editable input of a saved case (as returned by ``get_case``), for an editor to show."""
    parties = [
        C.PartyInput(
            role=p.role, party_type=p.party_type, name=p.name, id_number=p.id_number, address=p.address,
            phone=p.phone, legal_rep=p.legal_rep, legal_rep_title=p.legal_rep_title,
            agents=[C.AgentInput(a.get("name", ""), a.get("firm", ""), a.get("phone", "")) for a in p.agents or []],
            abroad=bool(p.abroad), id=p.id,
        )
        for p in case.parties
    ]
    patent = None
    if case.patent is not None:
        pt = case.patent
        patent = C.PatentInput(number=pt.number, kind=pt.kind, title=pt.title, patentee=pt.patentee,
                               application_date=pt.application_date, grant_date=pt.grant_date, claims=pt.claims)
    ecommerce = None
    if case.ecommerce is not None:
        e = case.ecommerce
        ecommerce = C.EcommerceInput(platform=e.platform, shop=e.shop, listing_links=list(e.listing_links or []),
                                     complaint_no=e.complaint_no)
    return C.CaseInput(
        kind=case.kind, source=case.source, received_on=case.received_on, parties=parties, patent=patent,
        handler=case.handler, panel=list(case.panel or []), claims_summary=case.claims_summary, notes=case.notes,
        ecommerce=ecommerce,
    )


def query_case_keys(db: Database, q: CaseQuery, limit: int | None = None) -> list[str]:
    """Like :func:`~adjudicator.cases.service.query_case_ids`, but the ids as text, optionally the first few.

    The case list holds 100,000 ids: turning each into a :class:`uuid.UUID` costs more than the
    query itself, so the list keeps the text and converts only the rows it shows. ``limit``
    lets it show the first screenful at once while the full list is fetched.
    """
    stmt = select(cast(Case.id, String)).where(*S.where_clauses(q, db.is_sqlite)).order_by(*S.order_by(q))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [key for (key,) in _raw_rows(db, stmt)]


def _raw_rows(db: Database, stmt: Any) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        result = conn.execute(stmt)
        try:
            # Text needs no conversion, so skip the Result machinery: half the time for 100,000 rows.
            return list(result.cursor.fetchall())
        finally:
            result.close()


def query_case_keys_and_texts(db: Database, q: CaseQuery) -> tuple[list[str], list[str]]:
    """Every case matching ``q`` *without its filter text*, in order, with the text the filter searches.

    The case list keeps these so that typing in the filter box narrows the list in memory
    (:class:`adjudicator.cases.filtering.TextFilter`, by the rule of the SQL filter,
    :func:`case_service.where_clauses`) instead of asking the database at each keystroke.
    """
    rows = query_case_list(db, q)
    return [r[0] for r in rows], [r[1] for r in rows]


#: The list columns :func:`query_case_list` gives after a case's key and search text, in this order.
LIST_FIELDS = ("case_no", "kind", "party_summary", "patent_no", "received_on", "status", "handler",
               "owner_station", "version")


def query_case_list(db: Database, q: CaseQuery) -> list[tuple[Any, ...]]:
    """Every case matching ``q`` *without its filter text*, in order: key, search text, :data:`LIST_FIELDS`.

    The case list loads this once per query, so a keystroke in the filter box narrows it and
    paints the matches without asking the database. The rows come as the driver gives them
    (``received_on`` is ISO text on SQLite): converting 100,000 rows would cost more than the query.
    """
    base = replace(q, text="")
    stmt = (select(cast(Case.id, String), CaseSearch.text, *(getattr(Case, name) for name in LIST_FIELDS))
            .join(CaseSearch, CaseSearch.case_key == Case.list_key)
            .where(*S.where_clauses(base, db.is_sqlite)).order_by(*S.order_by(base)))
    return _raw_rows(db, stmt)


def handler_names(db: Database) -> list[str]:
    """Every handler's name that a case carries (deleted cases too), each once, in no particular order.

    The case list sorts these by pinyin and passes them as :attr:`CaseQuery.handler_order`.
    """
    stmt = select(Case.handler).where(Case.handler != "").distinct()
    return [name for (name,) in _raw_rows(db, stmt)]


def id_to_key(db: Database, case_id: uuid.UUID) -> str:
    """The text key of a case id, as the database stores it (hex on SQLite, dashed on PostgreSQL)."""
    return case_id.hex if db.is_sqlite else str(case_id)


def key_to_id(key: str) -> uuid.UUID:
    """A case id from the text :func:`query_case_keys` returned (hex on SQLite, dashed on PostgreSQL)."""
    return uuid.UUID(key)


def case_rows_by_keys(db: Database, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The list columns of the cases with these keys (as :func:`query_case_keys` gave them)."""
    if not keys:
        return {}
    if db.is_sqlite:  # the stored form is the text key itself: compare as text, use the primary key
        clause = type_coerce(Case.id, String).in_(keys)
    else:
        clause = Case.id.in_([key_to_id(k) for k in keys])
    with db.session() as s:
        rows = s.execute(select(type_coerce(Case.id, String).label("key"), *S.LIST_COLUMNS).where(clause))
        return {str(r["key"]): dict(r) for r in rows.mappings()}

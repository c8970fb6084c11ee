"""Saving, finding, deleting and restoring cases: the functions the UI and the command line share."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Integer, bindparam, case, func, select, text
from sqlalchemy.orm import Session, selectinload

from adjudicator.cases import inputs as C
from adjudicator.cases.guard import writable_case
from adjudicator.cases.query import CaseQuery as CaseQuery  # re-exported: callers know it from here
from adjudicator.cases.query import MAX_FILTER_LENGTH as MAX_FILTER_LENGTH
from adjudicator.cases.query import MAX_FILTER_WORDS as MAX_FILTER_WORDS
from adjudicator.cases.query import filter_words as filter_words
from adjudicator.cases.identifiers import parse_patent_number
from adjudicator.cases.views import CaseView, case_view
from adjudicator.errors import NotFoundError, ValidationError
from adjudicator.progress import Progress
from adjudicator.stations.registry import StationInfo
from adjudicator.stations.registry import station as station_info
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.bulk import insert_new
from adjudicator.store.models import Case, CaseSearch, EcommerceDetail, Party, Patent
from adjudicator.store.numbering import LIST_KEY_SERIES, allocate_number


def _require_valid(case: C.CaseInput, today: date | None) -> None:
    problems = C.validate_case(case, today)
    if problems:
        raise ValidationError(problems)


def _apply_party(row: Party, p: C.PartyInput, order: int) -> None:
    row.sort_order = order
    row.role = p.role
    row.party_type = p.party_type
    row.name = p.name.strip()
    row.id_number = p.id_number.strip().upper().replace(" ", "")
    row.address = p.address.strip()
    row.phone = p.phone.strip()
    row.legal_rep = p.legal_rep.strip()
    row.legal_rep_title = p.legal_rep_title.strip()
    agents = [{"name": a.name.strip(), "firm": a.firm.strip(), "phone": a.phone.strip()}
              for a in p.agents if a.name.strip()]
    if agents != row.agents:
        row.agents = agents
    row.abroad = p.abroad


def _apply_patent(case: Case, p: C.PatentInput) -> str:
    parsed = parse_patent_number(p.number)
    row = case.patent or Patent()
    row.number = parsed.normalized
    row.kind = parsed.kind
    row.pct = parsed.pct
    row.title = p.title.strip()
    row.patentee = p.patentee.strip()
    row.application_date = p.application_date
    row.grant_date = p.grant_date
    row.claims = p.claims.strip()
    if case.patent is None:
        case.patent = row
    return parsed.normalized


def _apply_ecommerce(case: Case, e: C.EcommerceInput | None) -> str:
    if e is None:
        if case.ecommerce is not None and case.ecommerce.deleted_at is None:
            case.ecommerce.deleted_at = utcnow()
        return ""
    row = case.ecommerce or EcommerceDetail()
    row.deleted_at = None
    row.platform = e.platform.strip()
    row.shop = e.shop.strip()
    links = [link.strip() for link in e.listing_links if link.strip()]
    if links != row.listing_links:
        row.listing_links = links
    row.complaint_no = e.complaint_no.strip()
    if case.ecommerce is None:
        # Only a new case takes the forwarded-statement day from its input (an import); later
        # changes go through the e-commerce track, which the case form never overwrites.
        row.statement_forwarded_on = e.statement_forwarded_on
        case.ecommerce = row
    return row.shop


def _apply_parties(case: Case, parties: list[C.PartyInput]) -> None:
    existing = {p.id: p for p in case.parties}
    kept: set[uuid.UUID] = set()
    for order, p in enumerate(parties):
        row = existing.get(p.id) if p.id else None
        if row is None:
            row = Party()
            case.parties.append(row)
        else:
            kept.add(row.id)
            row.deleted_at = None
        _apply_party(row, p, order)
    for pid, row in existing.items():
        if pid not in kept and row.deleted_at is None:
            row.deleted_at = utcnow()


def _store_search(s: Session, case: Case, inp: C.CaseInput) -> None:
    shop = inp.ecommerce.shop.strip() if inp.kind == "ecommerce" and inp.ecommerce else ""
    value = C.search_text(case.case_no, inp.parties, case.patent_no, shop)
    row = s.get(CaseSearch, case.list_key)
    if row is None:
        s.add(CaseSearch(case_key=case.list_key, text=value))
    elif row.text != value:
        row.text = value


def _apply_case(case: Case, inp: C.CaseInput) -> None:
    case.kind = inp.kind
    case.source = inp.source
    assert inp.received_on is not None
    case.received_on = inp.received_on
    case.handler = inp.handler.strip()
    panel = [p.strip() for p in inp.panel if p.strip()]
    if panel != case.panel:
        case.panel = panel
    case.claims_summary = inp.claims_summary.strip()
    case.notes = inp.notes.strip()
    _apply_parties(case, inp.parties)
    case.patent_no = _apply_patent(case, inp.patent) if inp.patent else ""
    _apply_ecommerce(case, inp.ecommerce if inp.kind == "ecommerce" else None)
    case.party_summary = C.party_summary(inp.parties)


def create_case_in(s: Session, db: Database, inp: C.CaseInput, *, today: date | None = None,
                   info: StationInfo | None = None) -> Case:
    """Validate and add a new case inside the open write session ``s`` (the inner form).

    Several calls compose into one transaction; the number is allocated in ``s``, so a rollback
    never uses one. ``info``: this station, when the caller has read it already.
    """
    _require_valid(inp, today)
    info = info or station_info(db)
    assert inp.received_on is not None
    year = inp.received_on.year
    case = _new_case(info, inp, year, allocate_number(s, info.code, year),
                     allocate_number(s, LIST_KEY_SERIES[0], 0, LIST_KEY_SERIES[1]))
    s.add(case)
    s.flush()
    _store_search(s, case, inp)
    return case


def _new_case(info: StationInfo, inp: C.CaseInput, year: int, seq: int, list_key: int) -> Case:
    case = Case(id=uuid.uuid4(), case_no=C.format_case_no(info.doc_prefix, year, seq), case_year=year,
                case_seq=seq, list_key=list_key, status="received", owner_station=info.code)
    _apply_case(case, inp)
    return case


def create_cases_in(s: Session, db: Database, inputs: Sequence[C.CaseInput], *, today: date | None = None,
                    info: StationInfo | None = None, progress: Progress | None = None) -> list[Case]:
    """Validate and insert many new cases inside ``s`` (a referral import): all are saved or none.

    Every input is validated before anything is written (ValidationError names the first bad
    one). Case numbers are taken per year as one block, and the rows are inserted table by table
    (:func:`~adjudicator.store.bulk.insert_new`, audit entries included), so 2,000 cases cost a
    few statements. The returned cases are not attached to ``s``: read them, do not change them.
    """
    for inp in inputs:
        _require_valid(inp, today)
    info = info or station_info(db)
    next_seq: dict[int, int] = {}
    by_year: dict[int, int] = {}
    for inp in inputs:
        assert inp.received_on is not None
        by_year[inp.received_on.year] = by_year.get(inp.received_on.year, 0) + 1
    for year, count in sorted(by_year.items()):
        next_seq[year] = allocate_number(s, info.code, year, count=count) - count + 1
    key = allocate_number(s, LIST_KEY_SERIES[0], 0, LIST_KEY_SERIES[1], count=len(inputs)) - len(inputs) + 1
    cases: list[Case] = []
    rows: list[Any] = []
    total = len(inputs)
    for i, inp in enumerate(inputs):
        if progress is not None and i % 50 == 0:
            progress(0.9 * i / total, f"正在登记第 {i + 1}/{total} 件案件…")
        assert inp.received_on is not None
        year = inp.received_on.year
        case = _new_case(info, inp, year, next_seq[year], key + i)
        next_seq[year] += 1
        children: list[Any] = [*case.parties, case.patent, case.ecommerce]
        for child in children:
            if child is not None:
                child.id = uuid.uuid4()
                child.case_id = case.id
        shop = inp.ecommerce.shop.strip() if inp.kind == "ecommerce" and inp.ecommerce else ""
        search = CaseSearch(case_key=case.list_key, text=C.search_text(case.case_no, inp.parties, case.patent_no, shop))
        rows.extend([case, *(c for c in children if c is not None), search])
        cases.append(case)
    if progress is not None:
        progress(0.9, f"正在保存 {total} 件案件…")
    insert_new(s, rows)
    return cases


def create_case(db: Database, inp: C.CaseInput, *, actor: str | None = None,
                today: date | None = None) -> CaseView:
    """Validate and save a new case; its number is allocated in the same transaction."""
    _require_valid(inp, today)
    info = station_info(db)
    with db.write(actor) as s:
        case_id = create_case_in(s, db, inp, today=today, info=info).id
    return get_case(db, case_id)


def _load(s: Session, case_id: uuid.UUID) -> Case:
    case = s.get(Case, case_id, options=[selectinload(Case.parties), selectinload(Case.patent),
                                          selectinload(Case.ecommerce)])
    if case is None:
        raise NotFoundError("找不到该案件，可能已被删除。")
    return case


def update_case_in(s: Session, db: Database, case_id: uuid.UUID, inp: C.CaseInput, *,
                   expected_version: int | None = None, today: date | None = None) -> Case:
    """Apply edits to a case inside the open write session ``s`` (the inner form of :func:`update_case`)."""
    _require_valid(inp, today)
    writable_case(s, db, case_id, expected_version=expected_version)
    case = _load(s, case_id)
    _apply_case(case, inp)
    # Touch the case row on every save so its version moves even when only a party, the
    # patent or the e-commerce details changed: the next stale editor is then refused.
    case.updated_at = utcnow()
    _store_search(s, case, inp)
    s.flush()
    return case


def update_case(db: Database, case_id: uuid.UUID, inp: C.CaseInput, *, expected_version: int | None = None,
                actor: str | None = None, today: date | None = None) -> CaseView:
    """Save edits to a case; refuses (StaleError) if someone else saved it since ``expected_version``."""
    _require_valid(inp, today)
    with db.write(actor) as s:
        update_case_in(s, db, case_id, inp, expected_version=expected_version, today=today)
    return get_case(db, case_id)


def set_deleted_in(s: Session, db: Database, case_id: uuid.UUID, deleted: bool, *,
                   expected_version: int | None = None) -> Case:
    """Delete (tombstone) or restore a case inside the open write session ``s``."""
    case = writable_case(s, db, case_id, expected_version=expected_version, allow_deleted=True,
                         doing="删除或恢复")
    if deleted and case.deleted_at is None:
        case.deleted_at = utcnow()
    elif not deleted and case.deleted_at is not None:
        case.deleted_at = None
    s.flush()
    return case


def set_deleted(db: Database, case_id: uuid.UUID, deleted: bool, *, expected_version: int | None = None,
                actor: str | None = None) -> CaseView:
    """Delete (tombstone) or restore a case. Deleted cases keep their number and their history."""
    with db.write(actor) as s:
        set_deleted_in(s, db, case_id, deleted, expected_version=expected_version)
    return get_case(db, case_id)


def get_case(db: Database, case_id: uuid.UUID) -> CaseView:
    """A case with its live parties, patent and e-commerce details, as a frozen view."""
    with db.session() as s:
        return case_view(_load(s, case_id))


def find_case(db: Database, case_no_or_id: str) -> CaseView:
    """A case by its number (``呼新市监专裁字〔2026〕7号``, also with ``[]`` for 〔〕) or its UUID."""
    text = case_no_or_id.strip().replace("[", "〔").replace("]", "〕")
    with db.session() as s:
        try:
            cid: Any = uuid.UUID(text)
        except ValueError:
            cid = s.scalar(select(Case.id).where(Case.case_no == text))
        if cid is None:
            raise NotFoundError(f"找不到案号为“{case_no_or_id}”的案件。")
    return get_case(db, cid)


SORTABLE = {
    "case_no": (Case.case_year, Case.case_seq),
    "kind": (Case.kind,),
    "party_summary": (Case.party_summary,),
    "patent_no": (Case.patent_no,),
    "received_on": (Case.received_on,),
    "status": (Case.status,),
    "handler": (Case.handler,),
}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_clause(word: str, n: int, sqlite: bool) -> Any:
    """Cases whose search text contains ``word``: the trigram index for 3+ characters on SQLite."""
    if sqlite and len(word) >= 3:
        phrase = '"' + word.replace('"', '""') + '"'
        fts = text(f"SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH :w{n}")
        return Case.list_key.in_(fts.bindparams(bindparam(f"w{n}", phrase)).columns(rowid=Integer))
    pattern = f"%{_escape_like(word)}%"
    return Case.list_key.in_(select(CaseSearch.case_key).where(CaseSearch.text.like(pattern, escape="\\")))


def where_clauses(q: CaseQuery, sqlite: bool = True) -> list[Any]:
    """The WHERE clauses of a case-list query (deleted or not, kinds, statuses, filter words)."""
    clauses: list[Any] = [Case.deleted_at.is_not(None) if q.deleted else Case.deleted_at.is_(None)]
    if q.kinds:
        clauses.append(Case.kind.in_(q.kinds))
    if q.statuses:
        clauses.append(Case.status.in_(q.statuses))
    for n, word in enumerate(filter_words(q.text)):
        clauses.append(_text_clause(word, n, sqlite))
    return clauses


def order_by(q: CaseQuery) -> list[Any]:
    """The ORDER BY of a case-list query: the chosen column, then the newest case number first."""
    cols: tuple[Any, ...] = SORTABLE.get(q.sort, SORTABLE["received_on"])
    if q.sort == "handler" and q.handler_order:
        ranks = {name: rank for rank, name in enumerate(q.handler_order)}
        cols = (case(ranks, value=Case.handler, else_=len(ranks)), Case.handler)
    order: list[Any] = [c.desc() if q.descending else c.asc() for c in cols]
    return order + [Case.case_year.desc(), Case.case_seq.desc()]


def query_case_ids(db: Database, q: CaseQuery) -> list[uuid.UUID]:
    """The ids of the matching cases in display order (the list fetches their rows lazily)."""
    order = order_by(q)
    with db.session() as s:
        return list(s.scalars(select(Case.id).where(*where_clauses(q, db.is_sqlite)).order_by(*order)))


def count_cases(db: Database, q: CaseQuery = CaseQuery()) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Case).where(*where_clauses(q, db.is_sqlite))) or 0)


LIST_COLUMNS = (Case.id, Case.case_no, Case.kind, Case.party_summary, Case.patent_no, Case.received_on,
                Case.status, Case.handler, Case.owner_station, Case.version)


def case_rows(db: Database, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """The list columns of the given cases, keyed by id."""
    if not ids:
        return {}
    with db.session() as s:
        rows = s.execute(select(*LIST_COLUMNS).where(Case.id.in_(ids))).mappings().all()
    return {r["id"]: dict(r) for r in rows}


def list_cases(db: Database, q: CaseQuery = CaseQuery(), limit: int | None = None) -> list[dict[str, Any]]:
    """Matching cases with their list columns, in display order (for the command line and reports)."""
    ids = query_case_ids(db, q)
    if limit is not None:
        ids = ids[:limit]
    rows: dict[uuid.UUID, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        rows.update(case_rows(db, ids[i:i + 500]))
    return [rows[i] for i in ids if i in rows]


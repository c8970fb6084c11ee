"""Documents of a case (文书): drafts, the context templates read, previews, lookups and reprints.

The command line and the UI call these functions; none imports Qt. Issuing, voiding and corrections —
the path that takes a number — live in :mod:`.issuing`, built on the context and row helpers here.

A little over 400 lines: drafts, previews and lookups share those helpers; if it grows, the next seam
is the reading side (lookups, reprints, the case's list).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.calendar.periods import CaseLimit
from adjudicator.calendar.store import load_calendar
from adjudicator.cases.guard import stale_part, version_now, writable_case
from adjudicator.cases.panel import sole_handler_allowed
from adjudicator.errors import DomainError, NotFoundError
from adjudicator.stations.registry import station
from adjudicator.store import Database
from adjudicator.store.audit import recorded_state
from adjudicator.store.base import utcnow
from adjudicator.store.models import Case
from adjudicator.store.models_documents import DOCUMENT_STATUSES, Document
from adjudicator.store.models_procedure import CaseEvent

from .layout import Block, render_pdf
from .platforms import platform_operator
from .signing import stored_signature_problem
from .templates import (
    PUBLICATION_KIND,
    DocumentContext,
    EcommerceView,
    EventView,
    FieldSpec,
    PartyView,
    PatentView,
    Template,
    kind_of_number,
    kind_title,
    template,
)


@dataclass(frozen=True)
class DocumentView:
    """A document as lists and the command line show it (no PDF bytes)."""

    id: uuid.UUID
    case_id: uuid.UUID
    kind: str
    status: str
    fields: dict[str, str]
    number: str | None
    issued_on: date | None
    sha256: str
    pages: int
    template_version: str
    issued_by: str
    issued_at: datetime | None
    corrects_id: uuid.UUID | None
    void_reason: str
    version: int
    #: The case's version after the write that returned this view (issuing), when the writer asked for it.
    case_version: int | None = None

    @property
    def title(self) -> str:
        return kind_title(self.kind)

    @property
    def status_label(self) -> str:
        return DOCUMENT_STATUSES.get(self.status, self.status)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "kind": self.kind, "title": self.title, "status": self.status,
            "number": self.number, "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "sha256": self.sha256 or None, "pages": self.pages, "template_version": self.template_version,
            "issued_by": self.issued_by or None, "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "corrects": str(self.corrects_id) if self.corrects_id else None, "void_reason": self.void_reason or None,
            "fields": self.fields,
        }


def _view(row: Document) -> DocumentView:
    return DocumentView(
        id=row.id, case_id=row.case_id, kind=row.kind, status=row.status, fields=dict(row.fields or {}),
        number=row.number, issued_on=row.issued_on, sha256=row.sha256, pages=row.pages,
        template_version=row.template_version, issued_by=row.issued_by, issued_at=row.issued_at,
        corrects_id=row.corrects_id, void_reason=row.void_reason, version=row.version,
    )


# --- context -----------------------------------------------------------------------------------
def _history(s: Session, case_id: uuid.UUID) -> tuple[EventView, ...]:
    rows = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.deleted_at.is_(None))
                     .order_by(CaseEvent.date, CaseEvent.sequence)).all()
    return tuple(EventView(r.kind, r.date, r.received_on, dict(r.details or {}), r.sequence) for r in rows)


def _case(s: Session, case_id: uuid.UUID) -> Case:
    case = s.get(Case, case_id)
    if case is None or case.deleted_at is not None:
        raise NotFoundError("找不到该案件（可能已被删除）。")
    return case


def build_context(db: Database, s: Session, case: Case, kind: str, fields: Mapping[str, Any], *,
                  number: str | None = None, issue_date: date | None = None,
                  corrects_number: str | None = None) -> DocumentContext:
    """The context a template builds ``kind`` of ``case`` from (read inside session ``s``)."""
    patent = case.patent if case.patent is not None and case.patent.deleted_at is None else None
    ec = case.ecommerce if case.ecommerce is not None and case.ecommerce.deleted_at is None else None
    history = _history(s, case.id)
    return DocumentContext(
        kind=kind, case_no=case.case_no, case_kind=case.kind, received_on=case.received_on,
        station=station(db, case.owner_station), handler=case.handler, panel=tuple(case.panel or ()),
        sole_handler=sole_handler_allowed(db),
        claims_summary=case.claims_summary,
        parties=tuple(PartyView(p.role, p.name, p.party_type, p.id_number, p.address, p.phone, p.legal_rep,
                                p.legal_rep_title, tuple(p.agents or ()), p.abroad)
                      for p in case.parties if p.deleted_at is None),
        patent=None if patent is None else PatentView(patent.number, patent.kind, patent.title, patent.patentee,
                                                      patent.application_date, patent.grant_date, patent.claims),
        ecommerce=None if ec is None else EcommerceView(ec.platform, ec.shop, tuple(ec.listing_links or ()),
                                                        ec.complaint_no),
        events={e.kind: e for e in history}, history=history,
        fields={k: str(v) for k, v in fields.items() if v is not None},
        number=number, issue_date=issue_date or date.today(), corrects_number=corrects_number,
        calendar=load_calendar(db), case_limit=_case_limit(db, case.id),
        platform_operator=platform_operator(db, ec.platform) if ec is not None else "",
    )


def _case_limit(db: Database, case_id: uuid.UUID) -> CaseLimit | None:
    """The case limit as the procedure computes it (None before filing or if the events are unreadable)."""
    from adjudicator.procedure.service import load_procedure  # the procedure layer reads documents' events

    try:
        return load_procedure(db, case_id).deadlines.limit
    except DomainError:
        return None


def _clean_fields(tpl: Template, fields: Mapping[str, Any]) -> dict[str, str]:
    known = {f.key for f in tpl.fields} | {"date"}
    unknown = [k for k in fields if k not in known and not k.startswith(tpl.field_prefixes or ("\0",))]
    if unknown:
        keys = "、".join([f"{f.key}（{f.label}）" for f in tpl.fields] + [f"{p}姓名或名称" for p in tpl.field_prefixes])
        raise DomainError(f"《{tpl.title}》没有“{unknown[0]}”这一项；可填的项：{keys}。")
    out = {k: str(v).replace("\r\n", "\n").strip() for k, v in fields.items() if v is not None}
    for spec in tpl.fields:  # a choice may be given by its label (侵权成立) as well as its code
        if spec.choices and out.get(spec.key):
            out[spec.key] = {label: code for code, label in spec.choices}.get(out[spec.key], out[spec.key])
    return out


def prefilled_fields(db: Database, case_id: uuid.UUID, kind: str) -> dict[str, str]:
    """The fields of a new draft of ``kind``, filled from the case and its events where known."""
    tpl = template(kind)
    with db.session() as s:
        ctx = build_context(db, s, _case(s, case_id), kind, {})
    return {k: v for k, v in (tpl.prefill(ctx) if tpl.prefill else {}).items() if v}


# --- drafts ------------------------------------------------------------------------------------
def create_draft_in(s: Session, db: Database, case_id: uuid.UUID, kind: str,
                    fields: Mapping[str, Any] | None = None, *, expected_version: int | None = None) -> DocumentView:
    """A new draft inside the open write session ``s``; ``expected_version``: the case version the user saw."""
    tpl = template(kind)
    case = writable_case(s, db, case_id, expected_version=expected_version, doing="制作文书")
    prefilled = {k: v for k, v in (tpl.prefill(build_context(db, s, case, kind, {})) if tpl.prefill else {}).items()
                 if v}
    values = {**prefilled, **_clean_fields(tpl, fields or {})}
    row = Document(id=uuid.uuid4(), case_id=case.id, kind=kind, status="draft", fields=values,
                   owner_station=case.owner_station)
    s.add(row)
    s.flush()
    return _view(row)


def create_draft(db: Database, case_id: uuid.UUID, kind: str, fields: Mapping[str, Any] | None = None,
                 *, expected_version: int | None = None, actor: str | None = None) -> DocumentView:
    """A new draft of ``kind``: the pre-filled fields, overridden by ``fields``."""
    with db.write(actor) as s:
        return create_draft_in(s, db, case_id, kind, fields, expected_version=expected_version)


def _row(s: Session, doc_id: uuid.UUID) -> Document:
    row = s.get(Document, doc_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("找不到该文书（可能已被删除）。")
    return row


def _with_case_version(s: Session, row: Document) -> DocumentView:
    """The document's view carrying its case's version as this write leaves it."""
    return replace(_view(row), case_version=version_now(s, row.case_id))


def _row_for_update(s: Session, db: Database, doc_id: uuid.UUID, expected_version: int | None,
                    case_version: int | None = None) -> Document:
    """The document, if this station may change its case and nobody changed the document since it was read.

    ``case_version``: also refuse if the case changed since this version (a write that moves the case on).
    """
    row = _row(s, doc_id)
    writable_case(s, db, row.case_id, expected_version=case_version, doing="修改其文书")
    if expected_version is not None and row.version != expected_version:
        raise stale_part(s, row.id, f"{kind_title(row.kind)}{' ' + row.number if row.number else '（草稿）'}")
    return row


def update_draft_in(s: Session, db: Database, doc_id: uuid.UUID, fields: Mapping[str, Any], *,
                    expected_version: int | None = None) -> DocumentView:
    """Change fields of a draft inside the open write session ``s``."""
    row = _row_for_update(s, db, doc_id, expected_version)
    if row.status != "draft":
        raise DomainError(f"{kind_title(row.kind)} {row.number} 已出具，不能修改；如需改正，请制作更正文书。")
    row.fields = {**(row.fields or {}), **_clean_fields(template(row.kind), fields)}
    s.flush()
    return _view(row)


def update_draft(db: Database, doc_id: uuid.UUID, fields: Mapping[str, Any], *,
                 expected_version: int | None = None, actor: str | None = None) -> DocumentView:
    """Change fields of a draft (given keys only; an empty value clears a field)."""
    with db.write(actor) as s:
        return update_draft_in(s, db, doc_id, fields, expected_version=expected_version)


def discard_draft_in(s: Session, db: Database, doc_id: uuid.UUID, *, expected_version: int | None = None,
                     case_version: int | None = None) -> int:
    """Remove a draft inside the open write session ``s``; returns the case's version after it.

    ``expected_version``: the draft's version seen; ``case_version``: the case's (the command line's
    ``--expect-version``).
    """
    row = _row_for_update(s, db, doc_id, expected_version, case_version)
    if row.status != "draft":
        raise DomainError("已出具的文书不能删除；如需作废，请使用“作废”并写明理由。")
    row.deleted_at = utcnow()
    return version_now(s, row.case_id)


def discard_draft(db: Database, doc_id: uuid.UUID, *, expected_version: int | None = None,
                  case_version: int | None = None, actor: str | None = None) -> int:
    """Remove a draft (a tombstone); an issued document is voided instead, never removed."""
    with db.write(actor) as s:
        return discard_draft_in(s, db, doc_id, expected_version=expected_version, case_version=case_version)


def _blocks(db: Database, s: Session, row: Document, number: str | None = None,
            issue_date: date | None = None) -> tuple[Template, DocumentContext, list[Block]]:
    tpl = template(row.kind)
    corrects = s.get(Document, row.corrects_id) if row.corrects_id else None
    fields = dict(row.fields or {})
    day = issue_date or (date.fromisoformat(fields["date"]) if fields.get("date") else None)
    ctx = build_context(db, s, _case(s, row.case_id), row.kind, fields, number=number, issue_date=day,
                        corrects_number=corrects.number if corrects else None)
    return tpl, ctx, tpl.build(ctx)


def missing_fields(db: Database, doc_id: uuid.UUID) -> list[str]:
    """What must be filled in before the draft can be issued (empty: it can be issued)."""
    with db.session() as s:
        row = _row(s, doc_id)
        tpl, ctx, _ = _blocks(db, s, row)
        return tpl.missing_fields(ctx)


def draft_fields(db: Database, doc_id: uuid.UUID) -> list[FieldSpec]:
    """The fields of a document's kind for its case, including those the case adds (one defence per respondent)."""
    with db.session() as s:
        row = _row(s, doc_id)
        tpl, ctx, _ = _blocks(db, s, row)
        return tpl.all_fields(ctx)


def preview_fields(db: Database, doc_id: uuid.UUID, fields: Mapping[str, Any]) -> tuple[bytes, list[str]]:
    """A draft rendered with ``fields`` instead of its stored ones, and what it still lacks; nothing is written.

    The drafting window previews what is being typed without saving every keystroke to the case's history.
    """
    with db.session() as s:
        row = _row(s, doc_id)
        if row.status != "draft":
            raise DomainError(f"{kind_title(row.kind)} {row.number} 已出具，不能修改；如需改正，请制作更正文书。")
        tpl = template(row.kind)
        values = {**(row.fields or {}), **_clean_fields(tpl, fields)}
        day = date.fromisoformat(values["date"]) if values.get("date") else None
        ctx = build_context(db, s, _case(s, row.case_id), row.kind, values, issue_date=day)
        try:
            missing = tpl.missing_fields(ctx)
        except DomainError as exc:
            missing = [str(exc).rstrip("。")]
        blocks = tpl.build(ctx)
    return render_pdf(blocks, title=tpl.title, draft=True, subject=ctx.case_no), missing


def render_preview(db: Database, doc_id: uuid.UUID) -> bytes:
    """The PDF of a document: the stored bytes once issued, else a watermarked draft (草稿, no number)."""
    with db.session() as s:
        row = _row(s, doc_id)
        if row.status != "draft":
            return _stored_pdf(s, db, row)
        tpl, ctx, blocks = _blocks(db, s, row)
    return render_pdf(blocks, title=tpl.title, draft=True, subject=ctx.case_no)


# --- delivering a new draft ------------------------------------------------------------------
#: ``deliver(pdf)``: called inside the writing transaction with the final bytes (write them out);
#: if it raises, nothing is issued and no number is used.
Deliver = Callable[[bytes], None]


def draft_new(db: Database, case_id: uuid.UUID, kind: str, fields: Mapping[str, Any] | None = None, *,
              expected_version: int | None = None, actor: str | None = None,
              deliver: Deliver | None = None) -> tuple[DocumentView, list[str]]:
    """Save a new draft and hand its watermarked preview to ``deliver``, in one transaction.

    Returns the draft and what must still be filled before it can be issued. If the preview
    cannot be delivered (an unwritable output), the draft is not kept.
    """
    with db.write(actor) as s:
        draft = create_draft_in(s, db, case_id, kind, fields, expected_version=expected_version)
        return draft, deliver_draft_in(s, db, draft.id, deliver)


def deliver_draft_in(s: Session, db: Database, doc_id: uuid.UUID, deliver: Deliver | None) -> list[str]:
    """Hand the draft's watermarked preview to ``deliver`` inside the open session; returns what it still lacks."""
    tpl, ctx, blocks = _blocks(db, s, _row(s, doc_id))
    missing = tpl.missing_fields(ctx)
    if deliver is not None:
        deliver(render_pdf(blocks, title=tpl.title, draft=True, subject=ctx.case_no))
    return missing


# --- reading -----------------------------------------------------------------------------------
def _stored_pdf(s: Session, db: Database, row: Document) -> bytes:
    pdf = s.scalar(select(Document.pdf).where(Document.id == row.id))
    if not pdf or hashlib.sha256(pdf).hexdigest() != row.sha256:
        raise DomainError(f"{kind_title(row.kind)} {row.number} 的存档文件缺失或与出具时的 SHA-256 不符，不能重印。")
    recorded, intact = recorded_state(s, "documents", row.id)
    if not intact or recorded.get("sha256") != row.sha256:  # the file and its hash replaced together
        raise DomainError(f"{kind_title(row.kind)} {row.number} 的存档与审计记录中出具时的 SHA-256 不符"
                          "（可能在本程序之外被替换），不能重印；请运行 adjudicator audit verify 核查。")
    problem = stored_signature_problem(s, db, row, bytes(pdf))
    if problem:  # the file, its hash and its audit entries all replaced: the station's signature still tells
        raise DomainError(f"{kind_title(row.kind)} {row.number} 的存档签名不成立（{problem}），可能在本程序之外"
                          "被替换，不能重印；请运行 adjudicator audit verify 核查。")
    return bytes(pdf)


def find_document(db: Database, number_or_id: str, kind: str | None = None) -> DocumentView:
    """A document by its id, or an issued one by its number (呼新市监专立字〔2026〕7号).

    A number names its kind (立字, 答字 … 裁字 for the decision), so ``kind`` is only needed for
    numbers issued before numbers were distinct per kind; a ``kind`` contradicting the number is refused.
    """
    with db.session() as s:
        return _view(_lookup(s, number_or_id, kind))


def _lookup(s: Session, number_or_id: str, kind: str | None = None) -> Document:
    key = number_or_id.strip().replace("[", "〔").replace("]", "〕")
    try:
        row = s.get(Document, uuid.UUID(key))
        rows = [] if row is None or row.deleted_at is not None else [row]
    except ValueError:
        named = kind_of_number(key)
        if kind and named and template(kind).kind != named:
            raise DomainError(f"文号“{key}”是{kind_title(named)}的文号，不是{kind_title(kind)}；"
                              "可以不指定文书种类。") from None
        query = select(Document).where(Document.number == key, Document.deleted_at.is_(None))
        if kind == PUBLICATION_KIND:
            query = query.where(Document.kind == PUBLICATION_KIND)
        elif kind or named:
            query = query.where(Document.kind == template(kind or named or "").kind)
        rows = list(s.scalars(query))
    if not rows:
        raise NotFoundError(f"找不到文号为“{number_or_id}”的文书。")
    if len(rows) > 1 and not kind:  # the number names the decision; its public version is asked for by kind
        rows = [r for r in rows if r.kind != PUBLICATION_KIND] or rows
    if len(rows) > 1:  # a decision and its correction share the case's number: the one in force
        issued = [r for r in rows if r.status == "issued"]
        if len(issued) == 1 and len({r.kind for r in rows}) == 1:
            return issued[0]
    if len(rows) > 1:
        kinds = "、".join(f"{r.kind}（{kind_title(r.kind)}）" for r in rows)
        raise DomainError(f"文号“{key}”对应多种文书：{kinds}；请同时指定文书种类。")
    return rows[0]


def reprint(db: Database, number_or_id: str, kind: str | None = None) -> bytes:
    """The issued PDF exactly as issued (same bytes, same SHA-256)."""
    with db.session() as s:
        row = _lookup(s, number_or_id, kind)
        if row.status == "draft":
            raise DomainError("草稿尚未出具，不能重印；请先出具。")
        return _stored_pdf(s, db, row)


def read_documents(db: Database, case_id: uuid.UUID) -> tuple[int, list[DocumentView]]:
    """The case's version and its documents, read together (see :func:`list_documents`).

    A new draft or a service record is checked against this case version; a change to one
    document against that document's own :attr:`DocumentView.version`.
    """
    with db.session() as s:
        version = s.scalar(select(Case.version).where(Case.id == case_id))
        if version is None:
            raise NotFoundError("找不到该案件，可能已被删除。")
        rows = s.scalars(select(Document).where(Document.case_id == case_id, Document.deleted_at.is_(None))
                         .order_by(Document.created_at)).all()
        return int(version), [_view(r) for r in rows]


def list_documents(db: Database, case_id: uuid.UUID) -> list[DocumentView]:
    """The documents of a case (drafts, issued and voided), oldest first."""
    with db.session() as s:
        rows = s.scalars(select(Document).where(Document.case_id == case_id, Document.deleted_at.is_(None))
                         .order_by(Document.created_at)).all()
        return [_view(r) for r in rows]

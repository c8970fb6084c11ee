"""Issuing a document (出具): numbering, the decision's event, voiding (作废) and corrections (更正).

Issuing happens in one write transaction: the draft is checked for missing data and for characters
the fonts cannot draw *before* a number is taken, so a refused document never consumes a number; the
number, PDF bytes, SHA-256, template version, issuer and moment of issue are stored together. Drafts,
the context a template reads and the reading side live in :mod:`.service`.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models import Case
from adjudicator.store.models_documents import Document
from adjudicator.store.numbering import allocate_number

from .layout import MissingGlyphsError, check_renderable, content_digest, render_pdf
from .service import (
    Deliver,
    DocumentView,
    _blocks,
    _case,
    _row,
    _row_for_update,
    _view,
    _with_case_version,
    create_draft_in,
    deliver_draft_in,
    update_draft_in,
)
from .signing import sign_issued_in
from .templates import DERIVED_KINDS, DocumentContext, format_document_number, kind_title


class DocumentIncomplete(DomainError):
    """A document whose required data is missing; nothing was numbered."""

    def __init__(self, title: str, missing: list[str]):
        self.missing = list(missing)
        items = "；".join(f"{i}. {m}" for i, m in enumerate(self.missing, 1))
        super().__init__(f"《{title}》缺少必要内容，未出具、未编号。请先填写：{items}。")


def check_issue_date(day: date, received_on: date, today: date | None = None) -> None:
    """Refuse an issue date in the future or before the request was received."""
    today = today or date.today()
    if day > today:
        raise DomainError(f"出具日期 {day.isoformat()} 晚于今天（{today.isoformat()}）；"
                          "文书不能预先出具，请改为今天或以前的日期。")
    if day < received_on:
        raise DomainError(f"出具日期 {day.isoformat()} 早于收到请求之日 {received_on.isoformat()}；请核对日期。")


def issue_in(s: Session, db: Database, doc_id: uuid.UUID, *, issued_on: date | None = None,
             expected_version: int | None = None, deliver: Deliver | None = None,
             case_version: int | None = None) -> DocumentView:
    """Number and issue a draft inside the open write session ``s`` (the inner form of :func:`issue`).

    Everything is checked before the number is taken; ``deliver`` gets the final bytes last, so
    an output that cannot be written rolls the whole transaction (and the number) back.
    ``expected_version``: the draft's version seen; ``case_version``: the case's (issuing a decision
    records its event and so moves the case on). The view returned carries the case's new version.
    """
    row = _row_for_update(s, db, doc_id, expected_version, case_version)
    if row.status != "draft":
        raise DomainError(f"{kind_title(row.kind)} {row.number} 已经出具，不能重复出具。")
    day = issued_on or date.today()
    check_issue_date(day, _case(s, row.case_id).received_on)
    tpl, ctx, blocks = _blocks(db, s, row, issue_date=day)
    missing = tpl.missing_fields(ctx)
    if missing:
        raise DocumentIncomplete(tpl.title, missing)
    bad = check_renderable(blocks)
    if bad:
        raise MissingGlyphsError(bad)
    year: int | None
    seq: int | None
    if row.kind == "decision":  # one decision per case: it carries the case's number
        number, year, seq = _decision_number(s, row, ctx)
        _record_decision(db, s, row, ctx, day)
    else:
        year, seq = day.year, allocate_number(s, row.owner_station, day.year, row.kind)
        number = format_document_number(ctx.station.doc_prefix, day.year, seq, row.kind)
    tpl, ctx, blocks = _blocks(db, s, row, number=number, issue_date=day)
    issued_at = utcnow().replace(microsecond=0)
    content = content_digest(blocks, number=number, kind=row.kind, case_no=ctx.case_no, issued_on=day.isoformat())
    pdf = render_pdf(blocks, title=f"{tpl.title} {number}", subject=ctx.case_no,
                     author=ctx.station.office_name, created=issued_at, proof=(number, content))
    row.status, row.number, row.year, row.seq, row.issued_on = "issued", number, year, seq, day
    row.content_sha256 = content
    pdf = sign_issued_in(s, db, pdf, row, ctx.case_no)  # the station's key; a missing key refuses the issue
    row.sha256, row.pages, row.template_version = hashlib.sha256(pdf).hexdigest(), _page_count(pdf), tpl.version
    row.issued_by, row.issued_at = str(s.info.get("actor") or ""), issued_at
    row.fields = {**(row.fields or {}), "date": day.isoformat()}
    if row.corrects_id:
        old = _row(s, row.corrects_id)
        if old.status == "issued":
            old.status, old.void_reason = "voided", f"已由{number}更正"
    s.flush()
    s.execute(update(Document).where(Document.id == row.id).values(pdf=pdf)
              .execution_options(synchronize_session=False))
    if deliver is not None:
        deliver(pdf)
    return replace(_view(row), case_version=s.get(Case, row.case_id).version)  # type: ignore[union-attr]


def issue(db: Database, doc_id: uuid.UUID, *, issued_on: date | None = None, expected_version: int | None = None,
          actor: str | None = None, deliver: Deliver | None = None, case_version: int | None = None) -> DocumentView:
    """Number and issue a draft; DocumentIncomplete or MissingGlyphsError before any number is taken."""
    with db.write(actor) as s:
        return issue_in(s, db, doc_id, issued_on=issued_on, expected_version=expected_version, deliver=deliver,
                        case_version=case_version)


def issue_new(db: Database, case_id: uuid.UUID, kind: str, fields: Mapping[str, Any] | None = None, *,
              issued_on: date | None = None, expected_version: int | None = None, actor: str | None = None,
              deliver: Deliver | None = None) -> DocumentView:
    """Make a document of ``kind`` and issue it in one transaction: a refusal leaves no draft and no number."""
    with db.write(actor) as s:
        draft = create_draft_in(s, db, case_id, kind, fields, expected_version=expected_version)
        return issue_in(s, db, draft.id, issued_on=issued_on, deliver=deliver)


def _decision_number(s: Session, row: Document, ctx: DocumentContext) -> tuple[str, None, None]:
    """The decision's 文号 is its case's number; a second decision of a case is refused unless it corrects the first.

    Year and sequence stay empty: they belong to the case, and a correction carries the same number.
    """
    issued = s.scalars(select(Document).where(
        Document.case_id == row.case_id, Document.kind == "decision", Document.status == "issued",
        Document.deleted_at.is_(None), Document.id != row.id)).all()
    others = [d for d in issued if d.id != row.corrects_id]
    if others:
        raise DomainError(f"本案已出具行政裁决书 {others[0].number}（{others[0].issued_on}）；一案只有一份裁决书，"
                          "如需改正，请对该裁决书制作更正。")
    return ctx.case_no, None, None


def _record_decision(db: Database, s: Session, row: Document, ctx: DocumentContext, day: date) -> None:
    """Record the decision event (作出行政裁决) in the issuing transaction: the case becomes decided, its time
    limit stops and the post-decision periods start (publication from the decision, lawsuit and enforcement from
    the service records). A correction of an issued decision records nothing new."""
    from adjudicator.procedure.service import EventInput, add_event_in
    from adjudicator.procedure.transitions import EventRefused

    from .templates.decision import outcome

    code = outcome(ctx)  # infringement, partial (部分成立) or rejected: the case's outcome as the decision says
    decided = ctx.events.get("decided")
    if decided is not None:
        if decided.details.get("outcome") != code:
            raise DomainError(f"案件进程中已于 {decided.date} 登记“作出行政裁决”，其裁决结果与本裁决书不一致；"
                              "请核对裁决结果，或先修改案件进程中的该事件。")
        return
    details: dict[str, Any] = {"outcome": code}
    if code != "rejected" and ctx.text("perform_by"):
        details["perform_by"] = ctx.text("perform_by")
    try:
        add_event_in(s, db, row.case_id, EventInput("decided", day, None, details, note="由出具行政裁决书登记"))
    except EventRefused as refused:
        raise DomainError(f"行政裁决书未出具、未编号：{refused}") from None


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def void_in(s: Session, db: Database, doc_id: uuid.UUID, reason: str, *,
            expected_version: int | None = None, case_version: int | None = None) -> DocumentView:
    """Void an issued document inside the open write session ``s``.

    ``expected_version``: the document's version seen; ``case_version``: the case's. The view
    returned carries the case's version after the write.
    """
    if not reason.strip():
        raise DomainError("作废文书必须写明理由。")
    row = _row_for_update(s, db, doc_id, expected_version, case_version)
    if row.status != "issued":
        raise DomainError("只有已出具的文书可以作废；草稿可以直接删除。")
    row.status, row.void_reason = "voided", reason.strip()
    return _with_case_version(s, row)


def void(db: Database, doc_id: uuid.UUID, reason: str, *, expected_version: int | None = None,
         case_version: int | None = None, actor: str | None = None) -> DocumentView:
    """Void an issued document; its number stays recorded and is never issued again."""
    if not reason.strip():
        raise DomainError("作废文书必须写明理由。")
    with db.write(actor) as s:
        return void_in(s, db, doc_id, reason, expected_version=expected_version, case_version=case_version)


def correct_in(s: Session, db: Database, doc_id: uuid.UUID, *, expected_version: int | None = None,
               case_version: int | None = None) -> DocumentView:
    """Start a correction inside the open write session ``s`` (the inner form of :func:`correct`).

    Versions as for :func:`void_in`; the view returned is the new draft's.
    """
    old = _row_for_update(s, db, doc_id, expected_version, case_version)
    if old.status != "issued":
        raise DomainError("只能更正已出具的文书；草稿请直接修改。")
    if old.kind in DERIVED_KINDS:
        raise DomainError(f"{kind_title(old.kind)}由已出具的文书生成，不能单独更正；请更正原文书。")
    fields = {k: v for k, v in (old.fields or {}).items() if k != "date"}
    row = Document(id=uuid.uuid4(), case_id=old.case_id, kind=old.kind, status="draft", fields=fields,
                   corrects_id=old.id, owner_station=old.owner_station)
    s.add(row)
    return _with_case_version(s, row)


def correct(db: Database, doc_id: uuid.UUID, *, expected_version: int | None = None,
            case_version: int | None = None, actor: str | None = None) -> DocumentView:
    """A correction (更正): a new draft with the old one's fields that refers to it; issuing it voids the old."""
    with db.write(actor) as s:
        return correct_in(s, db, doc_id, expected_version=expected_version, case_version=case_version)


def correct_new(db: Database, doc_id: uuid.UUID, fields: Mapping[str, Any] | None = None, *, issue: bool = False,
                issued_on: date | None = None, expected_version: int | None = None, case_version: int | None = None,
                actor: str | None = None, deliver: Deliver | None = None) -> tuple[DocumentView, list[str]]:
    """A correction of an issued document with ``fields`` changed, made in one transaction.

    With ``issue`` it is numbered and issued at once (the old document is voided) and ``deliver`` gets
    the final bytes; else it stays a draft, ``deliver`` gets its watermarked preview and the list says
    what it still lacks. A refusal at any step leaves no draft and uses no number.
    """
    with db.write(actor) as s:
        draft = correct_in(s, db, doc_id, expected_version=expected_version, case_version=case_version)
        if fields:
            draft = update_draft_in(s, db, draft.id, fields)
        if issue:
            return issue_in(s, db, draft.id, issued_on=issued_on, deliver=deliver), []
        return draft, deliver_draft_in(s, db, draft.id, deliver)

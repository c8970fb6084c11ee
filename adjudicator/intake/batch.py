"""Batch actions on selected cases (批量办理): one event, one notice kind, or the handler/panel, for many cases.

Each case is its own unit: it either takes the whole action or is left as it was, with the
sentence saying why, and the batch goes on with the next case. The result lists what was done
and what was refused. The work calls the same public services as a single case does
(:func:`~adjudicator.procedure.service.add_event`, the documents service's ``create_draft`` and
``issue``, :func:`set_assignment`), so a batch can never do what one case could not.

Notices: before a draft is made, the case's data is checked against the template, so a case
that lacks something is refused without a draft or a number; each issued notice gets the next
number of its own series (答字〔2026〕1号, 2号 …), and one combined PDF of all of them is made for
a single print job.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from adjudicator.cases import inputs as C
from adjudicator.errors import DomainError, NotFoundError, ValidationError
from adjudicator.procedure.kinds import event_kind
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.models import Case


@dataclass(frozen=True)
class CaseOutcome:
    """What the batch did to one case: done (with the document it issued) or refused, and why."""

    case_id: uuid.UUID
    case_no: str
    done: bool
    message: str
    document_id: uuid.UUID | None = None
    document_number: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"case_id": str(self.case_id), "case_no": self.case_no, "done": self.done, "message": self.message,
                "document_id": str(self.document_id) if self.document_id else None,
                "document_number": self.document_number or None}


@dataclass
class BatchResult:
    """The outcome per case, in the order given, and the combined PDF of issued notices (if any)."""

    action: str
    outcomes: list[CaseOutcome] = field(default_factory=list)
    combined_pdf: bytes | None = None

    @property
    def done(self) -> list[CaseOutcome]:
        return [o for o in self.outcomes if o.done]

    @property
    def refused(self) -> list[CaseOutcome]:
        return [o for o in self.outcomes if not o.done]

    def summary(self) -> str:
        text = f"{self.action}：{len(self.done)} 件完成"
        if self.refused:
            text += f"，{len(self.refused)} 件未办理（该案未作任何改动）"
        return text + "。"

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "done": len(self.done), "refused": len(self.refused),
                "outcomes": [o.to_json() for o in self.outcomes]}


def _case_numbers(db: Database, case_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    from sqlalchemy import select

    with db.session() as s:
        return dict(s.execute(select(Case.id, Case.case_no).where(Case.id.in_(list(case_ids)))).all())


def _each(case_ids: Sequence[uuid.UUID], numbers: Mapping[uuid.UUID, str], progress: Progress | None,
          verb: str) -> Any:
    total = len(case_ids)
    for i, case_id in enumerate(case_ids):
        if progress is not None:
            progress(i / total, f"{verb}第 {i + 1}/{total} 件：{numbers.get(case_id, '')}")
        yield case_id


def _refused(case_id: uuid.UUID, case_no: str, error: Exception) -> CaseOutcome:
    return CaseOutcome(case_id, case_no, False, str(error))


def record_event(db: Database, case_ids: Sequence[uuid.UUID], inp: EventInput, *, actor: str | None = None,
                 today: date | None = None, progress: Progress | None = None) -> BatchResult:
    """Record the same event (e.g. 送达请求书副本 on one day) on each case where the procedure allows it."""
    kind = event_kind(inp.kind)
    result = BatchResult(f"登记“{kind.label}”")
    numbers = _case_numbers(db, case_ids)
    for case_id in _each(case_ids, numbers, progress, "正在登记"):
        case_no = numbers.get(case_id, "")
        if not case_no:
            result.outcomes.append(_refused(case_id, "", NotFoundError("找不到该案件，可能已被删除。")))
            continue
        try:
            add_event(db, case_id, inp, actor=actor, today=today)
        except DomainError as error:
            result.outcomes.append(_refused(case_id, case_no, error))
        else:
            result.outcomes.append(CaseOutcome(case_id, case_no, True, f"已登记“{kind.label}”（{inp.date}）"))
    if progress is not None:
        progress(1.0, result.summary())
    return result


def _precheck(db: Database, case_id: uuid.UUID, kind: str, fields: Mapping[str, Any]) -> None:
    """Refuse, before any draft exists, what issuing would refuse: missing data, undrawable characters."""
    from adjudicator.documents import issuing
    from adjudicator.documents import service as D
    from adjudicator.documents.layout import MissingGlyphsError, check_renderable
    from adjudicator.documents.templates import template

    tpl = template(kind)
    with db.session() as s:
        case = s.get(Case, case_id)
        if case is None or case.deleted_at is not None:
            raise NotFoundError("找不到该案件，可能已被删除。")
        prefilled = D.prefilled_fields(db, case_id, kind)
        ctx = D.build_context(db, s, case, kind, {**prefilled, **fields})
        missing = tpl.missing_fields(ctx)
        if missing:
            raise issuing.DocumentIncomplete(tpl.title, missing)
        bad = check_renderable(tpl.build(ctx))
        if bad:
            raise MissingGlyphsError(bad)


def issue_notices(db: Database, case_ids: Sequence[uuid.UUID], kind: str, fields: Mapping[str, Any] | None = None,
                  *, issued_on: date | None = None, versions: Mapping[uuid.UUID, int] | None = None,
                  actor: str | None = None, progress: Progress | None = None) -> BatchResult:
    """Issue the same kind of notice for each case, each numbered in its series; plus one combined PDF.

    ``versions``: the version of each case the clerk saw; a case changed since is refused before
    its draft is made, so it takes no number and leaves nothing behind.
    """
    from adjudicator.documents import issuing
    from adjudicator.documents import service as D
    from adjudicator.documents.batch import combine_pdfs
    from adjudicator.documents.templates import kind_title, template

    tpl = template(kind)
    fields = dict(fields or {})
    result = BatchResult(f"出具{kind_title(tpl.kind)}")
    numbers = _case_numbers(db, case_ids)
    for case_id in _each(case_ids, numbers, progress, "正在出具"):
        case_no = numbers.get(case_id, "")
        try:
            earlier = [d for d in D.list_documents(db, case_id) if d.kind == tpl.kind and d.status == "issued"]
            if earlier:
                raise DomainError(f"该案已出具{tpl.title} {earlier[0].number}；如需重新出具，请先在文书页作废或更正。")
            _precheck(db, case_id, tpl.kind, fields)
            draft = D.create_draft(db, case_id, tpl.kind, fields, actor=actor,
                                   expected_version=(versions or {}).get(case_id))
            try:
                doc = issuing.issue(db, draft.id, issued_on=issued_on, actor=actor)
            except DomainError:
                # Only a change between the check and the issue gets here (another clerk's edit):
                # the draft is withdrawn (a tombstone) and no number was taken.
                D.discard_draft(db, draft.id, actor=actor)
                raise
        except DomainError as error:
            result.outcomes.append(_refused(case_id, case_no, error))
            continue
        result.outcomes.append(CaseOutcome(case_id, case_no, True, f"已出具 {doc.number}（{doc.pages} 页）",
                                           doc.id, doc.number or ""))
    issued = [o.document_id for o in result.outcomes if o.document_id is not None]
    if issued:
        if progress is not None:
            progress(0.98, f"正在合并 {len(issued)} 份文书为一个打印文件…")
        result.combined_pdf = combine_pdfs(db, issued)
    if progress is not None:
        progress(1.0, result.summary())
    return result


def document_pdf(db: Database, document_id: uuid.UUID) -> bytes:
    """The stored PDF of one issued notice (for saving one file per case)."""
    from adjudicator.documents import service as D

    return D.reprint(db, str(document_id))


def set_assignment(db: Database, case_ids: Sequence[uuid.UUID], *, handler: str | None = None,
                   panel: Sequence[str] | None = None, versions: Mapping[uuid.UUID, int] | None = None,
                   actor: str | None = None, progress: Progress | None = None) -> BatchResult:
    """Set the handler (承办人) and/or the panel (合议组) of each case; the case form's rules apply.

    ``versions``: the version of each case the clerk saw; a case changed since is refused.
    """
    from adjudicator.cases import service as S
    from adjudicator.cases.listing import case_input_of

    if handler is None and panel is None:
        raise DomainError("请填写承办人或合议组成员。")
    if panel is not None:
        members = [p for p in panel if p.strip()]
        if members and (len(members) < 3 or len(members) % 2 == 0):
            raise DomainError(f"合议组应由 3 名以上单数成员组成，现有 {len(members)} 名；未修改任何案件。")
    what = "、".join(w for w, v in (("承办人", handler), ("合议组", panel)) if v is not None)
    result = BatchResult(f"设置{what}")
    numbers = _case_numbers(db, case_ids)
    for case_id in _each(case_ids, numbers, progress, "正在设置"):
        case_no = numbers.get(case_id, "")
        try:
            case = S.get_case(db, case_id)
            if case.deleted_at is not None:
                raise DomainError(f"案件 {case.case_no} 已删除，请先恢复。")
            inp: C.CaseInput = case_input_of(case)
            if handler is not None:
                inp.handler = handler.strip()
            if panel is not None:
                inp.panel = [p.strip() for p in panel if p.strip()]
            expected = (versions or {}).get(case_id, case.version)
            S.update_case(db, case_id, inp, expected_version=expected, actor=actor)
        except ValidationError as error:
            result.outcomes.append(_refused(case_id, case_no, DomainError(
                f"该案现有信息不完整，不能保存：{error}")))
            continue
        except DomainError as error:
            result.outcomes.append(_refused(case_id, case_no, error))
            continue
        result.outcomes.append(CaseOutcome(case_id, case_no, True, f"已设置{what}"))
    if progress is not None:
        progress(1.0, result.summary())
    return result

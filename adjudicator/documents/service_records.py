"""Service (送达) of issued documents: who received which document, how and when (Measures Art. 10).

A decision or a mediation agreement may not be served electronically. Where the procedure feature
tracks the receipt (the request served for an answer notice, an evidence notice, a hearing notice,
the decision), recording a service with its receipt date also records that event, so the periods
that run from receipt (答辩期, 举证期, 起诉期) are computed from it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.calendar.store import public_notice_days
from adjudicator.cases.guard import version_now, writable_case
from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event_in
from adjudicator.store import Database
from adjudicator.store.models_documents import SERVICE_METHODS, Document, ServiceRecord

from .templates import kind_title

#: Kinds that may not be served electronically (电子送达不适用于行政裁决书、调解协议书).
NO_ELECTRONIC = ("decision", "mediation-agreement")
#: Document kind -> the procedure event its receipt records.
_EVENT_OF_KIND = {"answer-notice": "request_served", "evidence-notice": "evidence_notice",
                  "hearing-notice": "hearing_notice_served", "decision": "decision_served"}
_EVENT_METHODS = {"direct": "direct", "post": "post", "left": "left", "electronic": "electronic"}


@dataclass(frozen=True)
class ServiceView:
    id: uuid.UUID
    document_id: uuid.UUID
    method: str
    recipient: str
    sent_on: date | None
    received_on: date | None
    note: str
    #: The case's version after the write that returned this view (recording), else None.
    case_version: int | None = None

    @property
    def method_label(self) -> str:
        return SERVICE_METHODS.get(self.method, self.method)

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.id), "method": self.method, "method_label": self.method_label,
                "recipient": self.recipient, "sent_on": self.sent_on.isoformat() if self.sent_on else None,
                "received_on": self.received_on.isoformat() if self.received_on else None, "note": self.note}


def _view(r: ServiceRecord) -> ServiceView:
    return ServiceView(r.id, r.document_id, r.method, r.recipient, r.sent_on, r.received_on, r.note)


def check_service(kind: str, method: str, recipient: str, sent_on: date | None, received_on: date | None) -> None:
    """Refuse a service the rules do not allow, with a sentence saying why."""
    if method not in SERVICE_METHODS:
        options = "、".join(f"{k}（{v}）" for k, v in SERVICE_METHODS.items())
        raise DomainError(f"送达方式“{method}”无效；可选：{options}。")
    if method == "electronic" and kind in NO_ELECTRONIC:
        raise DomainError(f"{kind_title(kind)}不适用电子送达；请选择直接送达、邮寄送达、留置送达或者公告送达。")
    if not recipient.strip():
        raise DomainError("请填写受送达人。")
    if sent_on and received_on and received_on < sent_on:
        raise DomainError(f"收到日期 {received_on} 早于送达（寄出）日期 {sent_on}，请核对。")


def add_service_in(s: Session, db: Database, document_id: uuid.UUID, *, method: str, recipient: str,
                   sent_on: date | None = None, received_on: date | None = None, note: str = "",
                   expected_version: int | None = None, feed_procedure: bool = True) -> tuple[ServiceView, str]:
    """Record a service inside the open write session ``s``, with the procedure event it causes.

    The service and its event are one transaction: the event runs in a savepoint, so an event
    the procedure refuses leaves the service recorded and says why in the returned note.
    ``expected_version``: the case version the user saw; the view returned carries the case's version
    after the write (the event may have moved it on), for the writer to hand back to its views.
    """
    doc = s.get(Document, document_id)
    if doc is None or doc.deleted_at is not None:
        raise DomainError("找不到该文书（可能已被删除）。")
    writable_case(s, db, doc.case_id, expected_version=expected_version, doing="登记送达")
    if doc.status != "issued":
        raise DomainError("只有已出具（且未作废）的文书才能登记送达。")
    check_service(doc.kind, method, recipient, sent_on, received_on)
    issued_on = doc.issued_on
    if issued_on is not None and sent_on is not None and sent_on < issued_on:
        raise DomainError(f"送达日期 {sent_on} 早于文书出具日期 {issued_on}，请核对。")
    if method == "public_notice" and sent_on is not None and received_on is None:
        # Deemed served once the notice period has run from publication (a setting, default 30 days).
        days = public_notice_days(db)
        received_on = sent_on + timedelta(days=days)
        note = "；".join(x for x in (note.strip(), f"公告送达，自公告之日起经过 {days} 日视为送达") if x)
    row = ServiceRecord(id=uuid.uuid4(), document_id=doc.id, case_id=doc.case_id, method=method,
                        recipient=recipient.strip(), sent_on=sent_on, received_on=received_on,
                        note=note.strip(), owner_station=doc.owner_station)
    s.add(row)
    s.flush()
    view = _view(row)
    message = _feed(s, db, doc.case_id, doc.kind, view) if feed_procedure else ""
    return replace(view, case_version=version_now(s, doc.case_id)), message


def add_service(db: Database, document_id: uuid.UUID, *, method: str, recipient: str,
                sent_on: date | None = None, received_on: date | None = None, note: str = "",
                expected_version: int | None = None, actor: str | None = None,
                feed_procedure: bool = True) -> tuple[ServiceView, str]:
    """Record one service of an issued document; returns it and a note on the procedure event ("" if none)."""
    with db.write(actor) as s:
        return add_service_in(s, db, document_id, method=method, recipient=recipient, sent_on=sent_on,
                              received_on=received_on, note=note, expected_version=expected_version,
                              feed_procedure=feed_procedure)


def _record_event(s: Session, db: Database, case_id: uuid.UUID, inp: EventInput) -> str | None:
    """Record the event in a savepoint of ``s``; the refusal's sentence if the procedure refuses it."""
    try:
        with s.begin_nested():
            add_event_in(s, db, case_id, inp)
    except DomainError as exc:
        return str(exc)
    return None


def _feed_public_notice(s: Session, db: Database, case_id: uuid.UUID, kind: str, view: ServiceView) -> str:
    """Public notice is a not-counted period of the procedure, from publication until deemed served."""
    assert view.sent_on is not None
    refused = _record_event(s, db, case_id, EventInput("public_notice", view.sent_on, None,
                                                       {"document": kind_title(kind)},
                                                       note=f"由送达记录登记：{view.recipient}"))
    if refused is not None:
        return f"公告送达已登记，但未能记入案件进程：{refused}"
    return f"公告送达已登记并记入案件进程；{view.received_on} 视为送达。"


def _feed(s: Session, db: Database, case_id: uuid.UUID, kind: str, view: ServiceView) -> str:
    if view.method == "public_notice" and view.sent_on is not None:
        return _feed_public_notice(s, db, case_id, kind, view)
    event_kind = _EVENT_OF_KIND.get(kind)
    if event_kind is None or view.received_on is None or view.method not in _EVENT_METHODS:
        return ""
    details: dict[str, Any] = {"method": _EVENT_METHODS[view.method]}
    if event_kind in ("evidence_notice", "hearing_notice_served"):
        details = {}
    refused = _record_event(s, db, case_id, EventInput(event_kind, view.sent_on or view.received_on,
                                                       view.received_on, details,
                                                       note=f"由送达记录登记：{view.recipient}"))
    if refused is not None:
        return f"送达已登记，但未能记入案件进程：{refused}"
    return "送达已登记，并已记入案件进程（期限自收到之日起计算）。"


def list_service(db: Database, document_id: uuid.UUID) -> list[ServiceView]:
    with db.session() as s:
        rows = s.scalars(select(ServiceRecord).where(ServiceRecord.document_id == document_id,
                                                     ServiceRecord.deleted_at.is_(None))
                         .order_by(ServiceRecord.created_at)).all()
        return [_view(r) for r in rows]

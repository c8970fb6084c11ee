"""The quick e-commerce track (电商案件速办): the facts of an e-commerce case and its next step.

The platform's takedown under the E-commerce Law (《中华人民共和国电子商务法》) Art. 43 lapses if,
15 days after the platform forwarded the seller's non-infringement statement to the rights
holder, the platform has not been told that the holder complained to an authority or sued. The
day the platform forwarded the statement is recorded on the case's e-commerce details; the due
date is counted as the product counts "N days after D" (D + 15, rolled forward to the next
working day when that day is not one, the start day not counted), and shown as provisional when
it falls in a year whose holidays are not announced yet.

The next step is read from the case's procedure: the first deadline the office itself must meet,
with the event to record and the notice to issue for it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from adjudicator.calendar.store import load_calendar
from adjudicator.errors import DomainError, NotFoundError
from adjudicator.intake.referrals import split_complaint_numbers
from adjudicator.store import Database
from adjudicator.store.models import Case

STATEMENT_DAYS = 15
STATEMENT_BASIS = "《中华人民共和国电子商务法》第四十三条"

#: Office deadlines → (what to do, event to record, notice to issue).
_STEPS: dict[str, tuple[str, str | None, str | None]] = {
    "filing-decision": ("审查是否立案：登记“立案”并出具立案通知书，或不予受理", "filed", "filing-notice"),
    "filing-decision-extended": ("审查是否立案：登记“立案”并出具立案通知书，或不予受理", "filed", "filing-notice"),
    "serve-request": ("出具答辩通知书，向被请求人送达请求书副本", "request_served", "answer-notice"),
    "forward-answer": ("将答辩书副本转送请求人", "answer_forwarded", None),
    "jurisdiction-decision": ("对管辖权异议作出处理决定", "jurisdiction_decided", None),
    "hearing-notice": ("送达口头审理通知书", "hearing_notice_served", "hearing-notice"),
    "preservation-decision": ("对登记保存的证据作出处理决定", "preservation_decided", None),
    "recusal-decision": ("对回避申请作出决定", "recusal_decided", None),
    "publish": ("公开行政裁决书", "published", None),
}


@dataclass(frozen=True)
class StatementClock:
    """The Art. 43 clock: forwarded on, due (last day), and whether the request came in time."""

    forwarded_on: date
    due: date
    provisional: bool
    received_on: date

    @property
    def in_time(self) -> bool:
        """The request reached the office by the due date (the takedown may continue)."""
        return self.received_on <= self.due

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def text(self, today: date) -> str:
        due = f"{self.due.isoformat()}{'（暂定）' if self.provisional else ''}"
        head = f"平台于 {self.forwarded_on.isoformat()} 转送不侵权声明，{STATEMENT_DAYS} 日期限至 {due}"
        if self.in_time:
            return (f"{head}。请求人已于 {self.received_on.isoformat()} 向本局请求处理，在期限内："
                    "应及时告知平台已受理投诉，平台措施得以维持。")
        return (f"{head}。请求人于 {self.received_on.isoformat()} 才向本局请求处理，已超过期限："
                "平台可能已终止所采取的措施，请向平台核实商品链接的现状。")

    def to_json(self, today: date) -> dict[str, Any]:
        return {"forwarded_on": self.forwarded_on.isoformat(), "due": self.due.isoformat(),
                "provisional": self.provisional, "received_on": self.received_on.isoformat(),
                "in_time": self.in_time, "days_left": self.days_left(today), "basis": STATEMENT_BASIS}


@dataclass(frozen=True)
class NextStep:
    """What the office does next: a sentence, its due date, the event to record and notice to issue."""

    text: str
    due: date | None = None
    event_kind: str | None = None
    document_kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "due": self.due.isoformat() if self.due else None,
                "event": self.event_kind, "document": self.document_kind}


@dataclass(frozen=True)
class EcommerceTrack:
    """An e-commerce case as the quick track shows it."""

    case_id: uuid.UUID
    case_no: str
    status: str
    platform: str
    shop: str
    listing_links: tuple[str, ...]
    complaint_nos: tuple[str, ...]
    clock: StatementClock | None
    next_step: NextStep
    #: The version of the e-commerce details read (a write of the forwarded date must carry it).
    version: int
    today: date

    def to_json(self) -> dict[str, Any]:
        return {"case_no": self.case_no, "status": self.status, "platform": self.platform, "shop": self.shop,
                "listing_links": list(self.listing_links), "complaint_nos": list(self.complaint_nos),
                "statement_clock": self.clock.to_json(self.today) if self.clock else None,
                "next_step": self.next_step.to_json(), "version": self.version}


def statement_due(db: Database, forwarded_on: date) -> tuple[date, bool]:
    """The last day of the Art. 43 period: forwarded + 15 days, rolled forward to a working day."""
    counted = load_calendar(db).add_days(forwarded_on, STATEMENT_DAYS)
    return counted.day, counted.provisional


def _next_step(db: Database, case_id: uuid.UUID, today: date) -> NextStep:
    from adjudicator.procedure.service import load_procedure

    proc = load_procedure(db, case_id, today=today)
    if proc.problem:
        return NextStep(f"案件进程记录有误：{proc.problem}")
    if proc.status == "suspended":
        return NextStep("案件中止处理中：中止原因消除后登记“恢复处理”", None, "resumed", "resumption-notice")
    if proc.status in ("refused", "mediated", "withdrawn", "archived"):
        return NextStep("案件已结案，无待办事项。")
    office = sorted((d for d in proc.deadlines.items if d.unresolved and d.actor == "office" and d.due is not None
                     and d.rule in _STEPS), key=lambda d: d.due or date.max)
    if office:
        first = office[0]
        text, event, document = _STEPS[first.rule]
        return NextStep(f"{text}（期限至 {first.due}，{first.state_text(today)}）", first.due, event, document)
    waiting = sorted((d for d in proc.deadlines.items if d.unresolved and d.actor != "office" and d.due is not None
                      and d.rule != "case-limit"), key=lambda d: d.due or date.max)
    if proc.status == "decided":
        return NextStep("送达行政裁决书，并通知电商平台经营者删除、屏蔽或断开侵权商品链接", None, "decision_served", None)
    if waiting:
        first = waiting[0]
        return NextStep(f"等待当事人：{first.title}至 {first.due}（{first.state_text(today)}）", first.due)
    limit = proc.deadlines.limit
    due = limit.due if limit is not None else None
    return NextStep("审理并作出行政裁决（或安排口头审理、调解）" + (f"，结案期限至 {due}" if due else ""),
                    due, "decided", None)


def ecommerce_track(db: Database, case_id: uuid.UUID, *, today: date | None = None) -> EcommerceTrack:
    """The quick-track view of an e-commerce case (DomainError for another kind of case)."""
    today = today or date.today()
    with db.session() as s:
        case = s.get(Case, case_id)
        if case is None or case.deleted_at is not None:
            raise NotFoundError("找不到该案件，可能已被删除。")
        ec = case.ecommerce if case.ecommerce is not None and case.ecommerce.deleted_at is None else None
        if case.kind != "ecommerce" or ec is None:
            raise DomainError(f"案件 {case.case_no} 不是电商领域案件。")
        forwarded, received = ec.statement_forwarded_on, case.received_on
        facts = (case.case_no, case.status, ec.platform, ec.shop, tuple(ec.listing_links or ()),
                 tuple(split_complaint_numbers(ec.complaint_no)), ec.version)
    clock = None
    if forwarded is not None:
        due, provisional = statement_due(db, forwarded)
        clock = StatementClock(forwarded, due, provisional, received)
    case_no, status, platform, shop, links, numbers, version = facts
    return EcommerceTrack(case_id, case_no, status, platform, shop, links, numbers, clock,
                          _next_step(db, case_id, today), version, today)


def record_statement_forwarded_in(s: Session, db: Database, case_id: uuid.UUID, day: date | None, *,
                                  expected_version: int | None = None, today: date | None = None) -> None:
    """Record (or clear, ``day`` None) the day the platform forwarded the statement, inside ``s``."""
    today = today or date.today()
    case = s.get(Case, case_id)
    if case is None or case.deleted_at is not None:
        raise NotFoundError("找不到该案件，可能已被删除。")
    own = db.station_code
    if own and case.owner_station != own:
        raise DomainError(f"案件 {case.case_no} 属于裁决所 {case.owner_station}，只能由该所修改。")
    ec = case.ecommerce
    if case.kind != "ecommerce" or ec is None or ec.deleted_at is not None:
        raise DomainError(f"案件 {case.case_no} 不是电商领域案件，没有平台转送声明日期。")
    if expected_version is not None and ec.version != expected_version:
        raise DomainError(f"案件 {case.case_no} 的电商信息已被其他人修改，请刷新后再登记。")
    if day is not None and day > today:
        raise DomainError(f"平台转送声明日期 {day} 晚于今天（{today}），不能登记。")
    if ec.statement_forwarded_on != day:
        ec.statement_forwarded_on = day


def record_statement_forwarded(db: Database, case_id: uuid.UUID, day: date | None, *,
                               expected_version: int | None = None, actor: str | None = None,
                               today: date | None = None) -> EcommerceTrack:
    """Record the forwarded-statement day in its own transaction; the track as it is afterwards."""
    with db.write(actor) as s:
        record_statement_forwarded_in(s, db, case_id, day, expected_version=expected_version, today=today)
    return ecommerce_track(db, case_id, today=today)

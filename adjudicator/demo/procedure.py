"""Demo events (演示办案进程) for ``adjudicator demo``: a realistic event sequence for every generated case.

Each case gets the events its status implies, in the order the Measures prescribe: filing (after
corrections for some), service on the respondent, answer and forwarding, evidence notices,
now and then a jurisdiction objection, preservation, appraisal, a suspension, a settlement,
a hearing with its notice, an extension, then the closing its status names and, after a
decision, service, publication, compliance, a lawsuit or enforcement, archiving. Office acts
mostly keep their deadlines; a few run late or are still undone, so the dashboard shows
red and amber rows as a real office would. The events are planned as blocks one after the
other, squeezed to fit when the case is younger than its natural course.

Rows are bulk-inserted, and each case's deadline-cache row is written alongside (the events are
consistent by construction, so the cache is derived without replaying the checks).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from adjudicator.calendar.periods import add_months
from adjudicator.calendar.store import CountingRules, counting_rules_in
from adjudicator.demo.ids import demo_uuid
from adjudicator.procedure.deadline_cache import RULES_SETTING, cache_row, store_cache_rows
from adjudicator.procedure.transitions import EventRecord, Procedure
from adjudicator.store.models import Case, Setting
from adjudicator.store.models_procedure import CaseEvent

_APPROVERS = ("张建国", "刘所长", "王志强")
_HIGHER = ("呼和浩特市市场监督管理局",)
_PLACES = ("本所第一审理室", "本所第二审理室", "市局知识产权审理庭")


@dataclass(frozen=True)
class _Facts:
    """What the deadline cache keeps of a case."""

    id: uuid.UUID
    case_no: str
    kind: str
    status: str
    handler: str


@dataclass
class _Plan:
    """Events of one case as (date, kind, received_on, details), in the order they are generated."""

    rng: random.Random
    today: date
    rules: CountingRules
    events: list[tuple[date, str, date | None, dict[str, Any]]] = field(default_factory=list)

    def add(self, day: date, kind: str, received: date | None = None, **details: Any) -> date:
        self.events.append((day, kind, received, details))
        return day

    def workdays(self, day: date, low: int, high: int) -> date:
        return self.rules.calendar.add_workdays(day, self.rng.randint(low, high)).day

    def days(self, day: date, low: int, high: int) -> date:
        return day + timedelta(days=self.rng.randint(low, high))

    @property
    def last(self) -> date:
        return max(e[0] for e in self.events)


def _closing_kind(dc: Any, rng: random.Random) -> str:
    status = dc.status
    if status == "archived":
        status = rng.choices(["decided", "mediated", "withdrawn", "refused"], [45, 35, 15, 5])[0]
    if status == "decided" and dc.kind == "mediation":
        return "mediated"
    return str(status)


def _filing(p: _Plan, received: date, refuse: bool) -> date:
    start = received
    if p.rng.random() < 0.08:
        asked = p.add(p.workdays(received, 1, 3), "corrections_requested", limit_days=15)
        start = p.add(p.days(asked, 4, 14), "corrections_received")
    if p.rng.random() < 0.03 and not refuse:
        p.add(p.workdays(start, 2, 4), "filing_extended", approver=p.rng.choice(_APPROVERS))
        return p.add(p.workdays(start, 6, 10), "filed")
    day = p.workdays(start, 6, 8) if p.rng.random() < 0.04 else p.workdays(start, 1, 5)
    if refuse:
        return p.add(day, "refused", ground="不属于本所管辖范围")
    return p.add(day, "filed")


def _exchange(p: _Plan, filed: date, abroad: bool, open_case: bool) -> date:
    """Service, answer, forwarding, evidence, and now and then an objection or preservation."""
    rng = p.rng
    served = p.add(p.workdays(filed, 1, 5) if rng.random() > 0.03 else p.workdays(filed, 6, 9), "request_served")
    got = served if rng.random() < 0.4 else p.days(served, 1, 5)
    p.events[-1] = (served, "request_served", got, {"method": "direct" if got == served else "post",
                                                     "abroad": abroad})
    if rng.random() < 0.35:
        p.add(served, "evidence_notice", got)
        if rng.random() < 0.05:
            p.add(p.days(got, 8, 12), "evidence_extension", until=(got + timedelta(days=rng.randint(28, 40))).isoformat(),
                  requested_by="被请求人")
    if rng.random() < 0.78:
        answered = p.add(p.days(got, 4, 14) if rng.random() > 0.08 else p.days(got, 16, 22), "answer_received")
        if not (open_case and rng.random() < 0.05):
            p.add(p.workdays(answered, 1, 5) if rng.random() > 0.03 else p.workdays(answered, 6, 9),
                  "answer_forwarded")
    if rng.random() < 0.03:
        objected = p.add(p.days(got, 3, 12), "jurisdiction_objection")
        p.add(p.workdays(objected, 1, 5), "jurisdiction_decided", outcome="rejected")
    if rng.random() < 0.02:
        held = p.add(p.days(filed, 2, 10), "preservation", approver=rng.choice(_APPROVERS), items="涉嫌侵权产品 20 件")
        p.add(p.days(held, 2, 7), "preservation_decided")
    return p.last


def _middle(p: _Plan, dc: Any, t: date, closing: str) -> date:
    """The optional blocks between the exchange and the closing: suspension, appraisal, hearing, settlement."""
    rng = p.rng
    if rng.random() < 0.05 and closing != "suspended":
        stopped = p.add(p.days(t, 3, 20), "suspended", ground=rng.choice(["invalidation", "pending_case"]))
        t = p.add(p.days(stopped, 20, 80), "resumed")
    if rng.random() < 0.03 and dc.kind != "mediation":
        begun = p.add(p.days(t, 2, 10), "appraisal_started", agency="内蒙古知识产权鉴定中心")
        t = p.add(p.days(begun, 20, 50), "appraisal_finished")
    hearing = {"infringement": 0.6, "ecommerce": 0.25}.get(dc.kind, 0.0)
    if rng.random() < hearing:
        scheduled = p.days(t, 2, 10)
        on = p.workdays(scheduled, 8, 15)
        online = rng.random() < 0.3
        p.add(scheduled, "hearing_scheduled", hearing_on=on.isoformat(), time="09:30",
              place="腾讯会议" if online else rng.choice(_PLACES), online=online)
        notice = p.days(scheduled, 1, 3)
        p.add(notice, "hearing_notice_served", notice + timedelta(days=rng.randint(0, 2)))
        if rng.random() < 0.01:
            applied = p.add(p.days(notice, 1, 2), "recusal_applied", applicant="被请求人")
            p.add(p.workdays(applied, 1, 2), "recusal_decided", outcome="rejected", decided_by=rng.choice(_APPROVERS))
        t = p.add(on, "hearing_held", attendance="双方到庭", online=online)
    if rng.random() < (0.5 if closing == "mediated" else 0.04):
        begun = p.add(p.days(t, 1, 10), "settlement_started")
        t = begun if closing == "mediated" and rng.random() < 0.5 else p.add(p.days(begun, 7, 25), "settlement_ended")
    return t


def _closing(p: _Plan, filed: date, t: date, closing: str) -> date:
    rng = p.rng
    if closing == "decided" and rng.random() < 0.12:
        head = p.add(max(t, add_months(filed, 2) + timedelta(days=rng.randint(18, 26))), "extension_approved",
                     approver=rng.choice(_APPROVERS), level="head", months=1, reason="案情复杂")
        t = p.days(head, 3, 25)
    else:
        t = max(p.days(t, 2, 12), p.days(filed, 20, 70))
    if closing == "decided":
        outcome = "infringement" if rng.random() < 0.75 else "rejected"
        return p.add(t, "decided", outcome=outcome)
    if closing == "mediated":
        return p.add(t, "mediated")
    ground = rng.choice(["requester_withdrew", "requester_withdrew", "not_eligible", "mediation_failed"])
    return p.add(t, "withdrawn", ground=ground)


def _after_decision(p: _Plan, decided: date) -> None:
    rng = p.rng
    infringement = p.events[-1][3].get("outcome") == "infringement"
    served = p.days(decided, 1, 4)
    got = p.days(served, 0, 4)
    p.add(served, "decision_served", got, party="all", method="direct" if got == served else "post")
    if rng.random() < 0.95:
        p.add(p.workdays(decided, 3, 18) if rng.random() > 0.05 else p.workdays(decided, 21, 30), "published")
    if rng.random() < 0.07:
        sued = p.add(p.days(got, 4, 14), "lawsuit_filed", by="respondent", court="呼和浩特市中级人民法院")
        if rng.random() < 0.7:
            result = rng.choices(["upheld", "revoked", "changed", "withdrawn"], [70, 10, 8, 12])[0]
            p.add(p.days(sued, 60, 180), "lawsuit_decided", outcome=result, court="呼和浩特市中级人民法院")
    elif infringement and rng.random() < 0.8:
        p.add(p.days(got, 16, 40), "complied")
    elif infringement:
        p.add(p.days(got, 40, 100), "enforcement_applied", by="office", court="呼和浩特市新城区人民法院")


def plan_events(dc: Any, rng: random.Random, today: date, rules: CountingRules) -> tuple[str, list[EventRecord]]:
    """The events of one demo case up to ``today`` and the status they lead to."""
    p = _Plan(rng, today, rules)
    if dc.status == "received":
        if rng.random() < 0.1 and today > dc.received_on:
            p.add(min(today, p.workdays(dc.received_on, 1, 2)), "corrections_requested", limit_days=15)
        return "received", _records(p, dc.received_on, today, None)
    closing = "suspended" if dc.status == "suspended" else (None if dc.status == "filed" else _closing_kind(dc, rng))
    filed = _filing(p, dc.received_on, closing == "refused")
    if closing != "refused":
        t = _exchange(p, filed, dc.respondent_abroad, closing in (None, "suspended"))
        if closing == "suspended":
            p.add(p.days(t, 2, 30), "suspended", ground=rng.choice(["invalidation", "party_change", "pending_case"]))
        else:
            t = _middle(p, dc, t, closing or "")
            if closing is not None:
                decided = _closing(p, filed, t, closing)
                if closing == "decided":
                    _after_decision(p, decided)
    if dc.status == "archived":
        p.add(p.days(p.last, 20, 90), "archived")
    status = dc.status if dc.status != "decided" or closing == "decided" else "mediated"
    return status, _records(p, dc.received_on, today, closing)


_CLOSERS = ("refused", "decided", "mediated", "withdrawn", "suspended")


def _records(p: _Plan, received: date, today: date, closing: str | None) -> list[EventRecord]:
    """The plan fitted into the days up to today: squeezed if it closes later, else cut at today."""
    events = p.events
    anchors = _CLOSERS if closing is not None else ("filed",)
    ends = [i for i, e in enumerate(events) if e[1] in anchors]
    if ends and events[ends[-1]][0] > today:
        end = ends[-1]
        closed = events[end][0]
        factor = (today - received).days / max(1, (closed - received).days)
        moved = closed - _squeeze(closed, received, factor)
        events = [_scaled(e, received, factor) for e in events[:end + 1]] + [
            (d - moved, k, r - moved if r else None, x) for d, k, r, x in events[end + 1:]]
        _fix_hearing_and_extension(events)
    if closing is None:
        events = _cut(events, today)
    else:
        events = [(min(d, today), k, min(r, today) if r else None, x) for d, k, r, x in events
                  if d <= today or k == "archived"]
    return [EventRecord(k, d, r, x, "", i) for i, (d, k, r, x) in enumerate(events, start=1)]


def _scaled(event: tuple[date, str, date | None, dict[str, Any]], start: date, factor: float
            ) -> tuple[date, str, date | None, dict[str, Any]]:
    d, k, r, x = event
    return _squeeze(d, start, factor), k, _squeeze(r, start, factor) if r else None, dict(x)


def _squeeze(day: date, start: date, factor: float) -> date:
    return start + timedelta(days=int((day - start).days * factor))


def _fix_hearing_and_extension(events: list[tuple[date, str, date | None, dict[str, Any]]]) -> None:
    held = next((d for d, k, _r, _x in events if k == "hearing_held"), None)
    for d, k, _r, x in events:
        if k == "hearing_scheduled" and held is not None:
            x["hearing_on"] = held.isoformat()
        if k == "evidence_extension" and x["until"] <= d.isoformat():
            x["until"] = (d + timedelta(days=1)).isoformat()


def _cut(events: list[tuple[date, str, date | None, dict[str, Any]]], today: date
         ) -> list[tuple[date, str, date | None, dict[str, Any]]]:
    """The events up to today; a suspension not yet resumed by today is left out with what follows."""
    kept = []
    for index, (d, k, r, x) in enumerate(events):
        if d > today:
            break
        if k == "suspended" and not any(k2 == "resumed" and d2 <= today for d2, k2, *_ in events[index:]):
            break
        kept.append((d, k, min(r, today) if r else None, x))
    return kept


_COLUMNS = ("id", "case_id", "owner_station", "version", "created_at", "updated_at", "deleted_at", "kind", "date",
            "received_on", "details", "note", "sequence")


def _event_values(dc: Any, record: EventRecord, rng: random.Random) -> tuple[Any, ...]:
    """One event row in SQLite's stored form: hex UUIDs, ISO dates, UTC text stamps, JSON text."""
    day = record.date.isoformat()
    stamp = f"{day} 01:{30 + rng.randrange(0, 29)}:00.000000"  # 09:30-09:59 in Beijing
    received = record.received_on
    details = json.dumps(record.details) if record.details else "{}"
    return (demo_uuid(rng).hex, dc.id.hex, dc.station, 1, stamp, stamp, None,
            record.kind, day, received.isoformat() if received else None, details, "", record.sequence)


def _typed(row: tuple[Any, ...]) -> dict[str, Any]:
    """A stored-form row back in Python values, for databases other than SQLite."""
    values = dict(zip(_COLUMNS, row, strict=True))
    stamp = datetime.fromisoformat(values["created_at"]).replace(tzinfo=UTC)
    return {**values, "id": uuid.UUID(values["id"]), "case_id": uuid.UUID(values["case_id"]),
            "created_at": stamp, "updated_at": stamp, "date": date.fromisoformat(values["date"]),
            "received_on": date.fromisoformat(values["received_on"]) if values["received_on"] else None,
            "details": json.loads(values["details"])}


def insert_events(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Bulk-insert event rows given in stored form: a plain executemany on SQLite, typed Core elsewhere."""
    if not rows:
        return
    if session.get_bind().dialect.name == "sqlite":
        marks = ", ".join("?" for _ in _COLUMNS)
        session.connection().exec_driver_sql(f"INSERT INTO case_events ({', '.join(_COLUMNS)}) VALUES ({marks})",
                                              rows)
    else:
        session.execute(insert(CaseEvent.__table__), [_typed(row) for row in rows])  # type: ignore[arg-type]


def enrich_demo_cases(session: Session, rng: random.Random, cases: list[Any]) -> None:
    """Add the event sequence and the deadline-cache row of each case of one chunk of demo cases."""
    rules = counting_rules_in(session)
    today = date.today()
    events: list[tuple[Any, ...]] = []
    cache: list[dict[str, Any]] = []
    corrected: list[uuid.UUID] = []
    for dc in cases:
        status, records = plan_events(dc, rng, today, rules)
        if status != dc.status:
            corrected.append(dc.id)
        events.extend(_event_values(dc, r, rng) for r in records)
        facts = _Facts(dc.id, dc.case_no, dc.kind, status, dc.handler)
        proc = Procedure(dc.received_on, dc.kind)
        for record in records:
            proc.apply(record)
        cache.append(cache_row(facts, 1, proc, rules))
    insert_events(session, events)
    if corrected:  # a mediation case (专利纠纷调解) is never adjudicated: it closes by mediation
        session.execute(update(Case).where(Case.id.in_(corrected)).values(status="mediated")
                        .execution_options(synchronize_session=False))
    store_cache_rows(session, cache)
    session.merge(Setting(key=RULES_SETTING, value=rules.key))  # the rows are computed under these rules

"""The procedure of a case (办案程序): its dated events and the transitions allowed between them.

A case is the date it was received (收到请求, :attr:`Case.received_on`) followed by a sequence of
dated events. :func:`replay` walks them in date order (same-day events in the order they were
recorded) and refuses the first one that does not fit, with a sentence saying why: a hearing
before filing, a decision while suspended, a date before the event it depends on, a resumption
before the suspension it ends, an extension without an approver. Adding, changing or removing
an event replays the whole sequence, so an edit can never leave the record inconsistent.

The kinds, their fields and the case statuses they need are the table in
:mod:`adjudicator.procedure.kinds`; this module holds the rules that go beyond the table.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from adjudicator.cases.inputs import CASE_STATUSES
from adjudicator.calendar.periods import Extension, check_extensions
from adjudicator.errors import DomainError
from adjudicator.procedure.kinds import (
    CANCELS,
    CLOSING_STATUSES,
    EVENT_KINDS,
    PAIRS,
    EventKind,
    event_kind,
    event_label,
    normalize_details,
)

__all__ = [
    "EVENT_KINDS", "EventKind", "EventRecord", "EventRefused", "Procedure", "allowed_kinds", "check_new_event",
    "event_kind", "event_label", "normalize_details", "replay", "replay_stored",
]

#: Period pairs whose running start blocks a decision (the case is not ready to be decided).
_BLOCK_DECISION = ("jurisdiction", "appraisal", "settlement", "recusal", "preservation")


class EventRefused(DomainError):
    """An event that does not fit the procedure; nothing was changed."""


#: The pairs each event kind starts (True) or ends (False), in the order of PAIRS: replaying a year of
#: nine stations applies hundreds of thousands of events, so each looks its pairs up rather than
#: comparing itself with every pair.
_PAIR_MOVES: dict[str, tuple[tuple[str, bool], ...]] = {}
for _pair, (_start, _end) in PAIRS.items():
    for _kind, _starts in ((_start, True), (_end, False)):
        _PAIR_MOVES[_kind] = (*_PAIR_MOVES.get(_kind, ()), (_pair, _starts))
        if _start == _end:
            break


@dataclass(frozen=True)
class EventRecord:
    """One event as the rules see it (a database row maps 1:1 to it)."""

    kind: str
    date: dt.date
    received_on: dt.date | None = None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    sequence: int = 0
    id: uuid.UUID | None = None

    @property
    def label(self) -> str:
        return event_label(self.kind)

    @property
    def effective_received(self) -> dt.date:
        """The day the addressee received it (the event date when no receipt date is recorded)."""
        return self.received_on or self.date


@dataclass
class Procedure:
    """The state of a case after its events: status, what happened first/last, running periods."""

    received_on: date
    case_kind: str = "infringement"
    status: str = "received"
    events: list[EventRecord] = field(default_factory=list)
    first: dict[str, EventRecord] = field(default_factory=dict)
    last: dict[str, EventRecord] = field(default_factory=dict)
    running: dict[str, EventRecord] = field(default_factory=dict)
    """Pairs whose start event has no end event yet, by pair name (suspension, recusal …)."""
    closed_pairs: list[tuple[str, EventRecord, EventRecord]] = field(default_factory=list)
    status_since: date | None = None

    @property
    def filed(self) -> EventRecord | None:
        return self.first.get("filed")

    @property
    def closing(self) -> EventRecord | None:
        """The event that closed the case (decided, mediated, withdrawn, refused), if any."""
        for kind in ("decided", "mediated", "withdrawn", "refused"):
            if kind in self.first:
                return self.first[kind]
        return None

    @property
    def extensions(self) -> list[Extension]:
        return [_extension(e) for e in self.events if e.kind == "extension_approved"]

    def all_of(self, kind: str) -> list[EventRecord]:
        return [e for e in self.events if e.kind == kind]

    def apply(self, event: EventRecord) -> None:
        """Record ``event`` (already checked) and move the status and the running periods."""
        kind = event_kind(event.kind)
        self.events.append(event)
        self.first.setdefault(event.kind, event)
        self.last[event.kind] = event
        for pair, starts in _PAIR_MOVES.get(event.kind, ()):
            if starts:  # for a hearing scheduled again: rescheduled
                self.running[pair] = event
            elif pair in self.running:
                self.closed_pairs.append((pair, self.running.pop(pair), event))
        if CANCELS.get(event.kind) in self.running:  # cancelled: no longer running, and it never happened
            del self.running[CANCELS[event.kind]]
        if kind.becomes and kind.becomes != self.status:
            self.status = kind.becomes
            self.status_since = event.date


def _extension(event: EventRecord) -> Extension:
    details = event.details
    return Extension(int(details.get("months") or 0), str(details.get("approver") or ""),
                     details.get("level") or "head", event.date)


# -- checking one event ----------------------------------------------------------------------------------


def _status_problem(proc: Procedure, kind: EventKind) -> str | None:
    if proc.status in kind.statuses:
        return None
    label = kind.label
    since = proc.status_since.isoformat() if proc.status_since else ""
    if proc.status == "received":
        return f"案件尚未立案，不能登记“{label}”；请先登记“立案”。"
    if proc.status == "suspended":
        return f"案件自 {since} 起中止处理，不能登记“{label}”；请先登记“恢复处理”。"
    if proc.status == "archived":
        return f"案件已于 {since} 归档，不能再登记任何事件。"
    if proc.status == "filed":
        if kind.statuses <= {"received"}:
            return f"案件已于 {proc.filed.date if proc.filed else since} 立案，不能再登记“{label}”。"
        if kind.statuses == {"suspended"}:
            return f"案件没有中止处理，不能登记“{label}”。"
        if kind.statuses == {"decided"}:
            return f"案件尚未作出行政裁决，不能登记“{label}”。"
        return f"案件尚未结案，不能登记“{label}”。"
    if proc.status == "decided" and kind.statuses <= {"received"}:
        return f"案件已于 {proc.filed.date if proc.filed else since} 立案，不能再登记“{label}”。"
    status = CASE_STATUSES.get(proc.status, proc.status)
    return f"案件已于 {since} {status}，不能再登记“{label}”。"


def _prerequisite(proc: Procedure, kind: EventKind) -> EventRecord | None:
    found = [proc.last[k] for k in kind.after if k in proc.last]
    return max(found, key=lambda e: (e.date, e.sequence)) if found else None


def _structural_problem(proc: Procedure, kind: EventKind) -> str | None:
    """Why ``kind`` cannot come next whatever its date and details, or None."""
    problem = _status_problem(proc, kind)
    if problem:
        return problem
    if kind.after and _prerequisite(proc, kind) is None:
        names = "”或“".join(event_label(k) for k in kind.after)
        return f"尚未登记“{names}”，不能登记“{kind.label}”。"
    if kind.once and kind.code in proc.first:
        done = proc.first[kind.code].date.isoformat()
        return f"“{kind.label}”已于 {done} 登记，不能重复登记；如有误，请修改原来的事件。"
    for pair, (start, end) in PAIRS.items():
        if kind.code == start and pair in proc.running and pair != "hearing":
            since = proc.running[pair].date.isoformat()
            return f"“{event_label(start)}”（{since}）尚未结束，请先登记“{event_label(end)}”。"
        if kind.code == end and pair not in proc.running:
            return f"没有尚未结束的“{event_label(start)}”，不能登记“{kind.label}”。"
    if kind.code in CANCELS and CANCELS[kind.code] not in proc.running:
        start = PAIRS[CANCELS[kind.code]][0]
        return f"没有尚未举行的“{event_label(start)}”，不能登记“{kind.label}”。"
    return _special_problem(proc, kind)


def _special_problem(proc: Procedure, kind: EventKind) -> str | None:
    if kind.code == "decided":
        if proc.case_kind == "mediation":
            return "调解案件不能作出行政裁决；调解不成的，请登记“撤销案件”。"
        for pair in _BLOCK_DECISION:
            if pair in proc.running:
                start, end = PAIRS[pair]
                since = proc.running[pair].date.isoformat()
                return f"“{event_label(start)}”（{since}）尚未结束，不能作出裁决；请先登记“{event_label(end)}”。"
        if "hearing" in proc.running:  # a hearing fixed must be held or cancelled before the case is decided
            planned = proc.running["hearing"].details.get("hearing_on") or proc.running["hearing"].date.isoformat()
            return (f"口头审理已定于 {planned} 举行，尚未登记“进行口头审理”或“取消口头审理”，不能作出裁决；"
                    "请先登记其中之一。")
    if kind.code == "filed" and "corrections" in proc.running:
        since = proc.running["corrections"].date.isoformat()
        return f"已于 {since} 通知补正，尚未收到补正材料，不能立案；请先登记“收到补正材料”。"
    if kind.code == "enforcement_applied" and "lawsuit_filed" in proc.first:
        sued = proc.first["lawsuit_filed"].date.isoformat()
        return f"当事人已于 {sued} 提起行政诉讼，不能申请强制执行。"
    if kind.code in ("enforcement_applied", "lawsuit_filed") and "complied" in proc.first:
        done = proc.first["complied"].date.isoformat()
        return f"被请求人已于 {done} 履行裁决，不能再登记“{kind.label}”。"
    return None


def _date_problems(proc: Procedure, event: EventRecord, kind: EventKind, today: date) -> str | None:
    label = kind.label
    if event.date < proc.received_on:
        return f"“{label}”的日期 {event.date} 早于收到请求的日期 {proc.received_on}。"
    if event.date > today:
        return f"“{label}”的日期 {event.date} 晚于今天（{today}），不能登记尚未发生的事件。"
    if event.received_on is not None:
        what = kind.received_label or "收到日期"
        if event.received_on < event.date:
            return f"“{label}”的{what} {event.received_on} 早于事件日期 {event.date}。"
        if event.received_on > today:
            return f"“{label}”的{what} {event.received_on} 晚于今天（{today}）。"
    pre = _prerequisite(proc, kind)
    if pre is not None:
        pre_kind = event_kind(pre.kind)
        pre_day = pre.effective_received if kind.after_receipt else pre.date
        if event.date < pre_day:
            which = pre_kind.received_label if kind.after_receipt and pre_kind.received_label else "日期"
            return f"“{label}”的日期 {event.date} 早于它所依据的“{pre.label}”的{which}（{pre_day}）。"
    for pair, (start, end) in PAIRS.items():
        ends = kind.code == end or CANCELS.get(kind.code) == pair
        if ends and pair in proc.running and event.date < proc.running[pair].date:
            begun = proc.running[pair].date
            return f"“{label}”的日期 {event.date} 早于“{event_label(start)}”的日期 {begun}：结束不能早于开始。"
    return _special_date_problem(proc, event, kind)


def _special_date_problem(proc: Procedure, event: EventRecord, kind: EventKind) -> str | None:
    details = event.details
    if kind.code == "hearing_scheduled" and details["hearing_on"] < event.date.isoformat():
        return f"口头审理日期 {details['hearing_on']} 早于确定口头审理的日期 {event.date}。"
    if kind.code == "hearing_held":
        planned = proc.running["hearing"].details["hearing_on"]
        if event.date.isoformat() != planned:
            return (f"口头审理日期 {event.date} 与已确定的日期 {planned} 不一致；"
                    "如已改期，请先登记新的“确定口头审理”。")
    if kind.code == "answer_received":
        who = str(details.get("respondent") or "")
        for earlier in proc.all_of("answer_received"):
            if str(earlier.details.get("respondent") or "") == who:
                named = f"被请求人{who}的" if who else ""
                return f"已于 {earlier.date} 登记收到{named}答辩书，不能重复登记；如有误，请修改原来的事件。"
    if kind.code == "evidence_extension" and details["until"] <= event.date.isoformat():
        return f"延长后的举证期限 {details['until']} 应晚于申请日期 {event.date}。"
    if kind.code == "decided" and details.get("perform_by") and details["perform_by"] < event.date.isoformat():
        return f"履行期限 {details['perform_by']} 早于裁决日期 {event.date}。"
    if kind.code == "withdrawn" and details.get("ground") == "deemed_withdrawn":
        return _missed_hearing_problem(proc, event)
    if kind.code == "extension_approved":
        filed = proc.filed
        assert filed is not None
        check_extensions(filed.date, [*proc.extensions, _extension(event)])
    return None


def _missed_hearing_problem(proc: Procedure, event: EventRecord) -> str | None:
    """A request deemed withdrawn (视为撤回) needs a hearing the requester was to attend: fixed, not cancelled, due."""
    why = "不能以“请求人无正当理由拒不参加口头审理，视为撤回”为由撤销案件"
    scheduled = proc.last.get("hearing_scheduled")
    if scheduled is None:
        return f"案件没有确定过口头审理，{why}。"
    cancelled = proc.last.get("hearing_cancelled")
    planned = str(scheduled.details.get("hearing_on") or scheduled.date.isoformat())
    if cancelled is not None and (cancelled.date, cancelled.sequence) >= (scheduled.date, scheduled.sequence):
        return f"原定于 {planned} 的口头审理已于 {cancelled.date} 取消，{why}。"
    if event.date.isoformat() < planned:
        return f"口头审理定于 {planned}，在此以前{why}。"
    return None


def check_new_event(proc: Procedure, event: EventRecord, today: date,
                    later: list[EventRecord] | None = None) -> None:
    """Raise :class:`EventRefused` if ``event`` cannot follow ``proc``; ``later``: the events after it."""
    kind = event_kind(event.kind)
    try:
        normalized = normalize_details(kind, event.details)
    except DomainError as error:
        raise EventRefused(str(error)) from None
    event = EventRecord(event.kind, event.date, event.received_on, normalized, event.note, event.sequence, event.id)
    problem = _structural_problem(proc, kind)
    if problem is not None:
        problem = _explained_by_order(proc, event, kind, later or []) or problem
    else:
        try:
            problem = _date_problems(proc, event, kind, today)
        except DomainError as error:
            problem = str(error)
    if problem is not None:
        raise EventRefused(problem)


def _explained_by_order(proc: Procedure, event: EventRecord, kind: EventKind,
                        later: list[EventRecord]) -> str | None:
    """If an event recorded later would make ``event`` fit, say that its date is too early."""
    ahead = copy.deepcopy(proc)
    for other in later:
        ahead.apply(other)
        if _structural_problem(ahead, kind) is None:
            if other.date > event.date:
                return f"“{kind.label}”的日期 {event.date} 早于“{other.label}”的日期 {other.date}，请核对日期。"
            return f"“{kind.label}”应排在同日的“{other.label}”之后，请核对日期或登记顺序。"
    return None


def replay(received_on: date, events: list[EventRecord], *, today: date | None = None,
           case_kind: str = "infringement") -> Procedure:
    """Check ``events`` in date order and return the state they lead to; EventRefused at the first misfit."""
    today = today or date.today()
    ordered = sorted(events, key=lambda e: (e.date, e.sequence))
    proc = Procedure(received_on, case_kind)
    for index, event in enumerate(ordered):
        check_new_event(proc, event, today, ordered[index + 1:])
        kind = event_kind(event.kind)
        proc.apply(EventRecord(event.kind, event.date, event.received_on, normalize_details(kind, event.details),
                               event.note, event.sequence, event.id))
    return proc


def replay_stored(received_on: date, events: list[EventRecord], case_kind: str = "infringement"
                  ) -> tuple[Procedure, str | None]:
    """The state of stored events and None; if they do not fit (imported data), the events that fit and why."""
    try:
        return replay(received_on, events, today=date.max, case_kind=case_kind), None
    except EventRefused as refused:
        kept: list[EventRecord] = []
        for event in sorted(events, key=lambda e: (e.date, e.sequence)):
            try:
                replay(received_on, [*kept, event], today=date.max, case_kind=case_kind)
            except EventRefused:
                continue
            kept.append(event)
        return replay(received_on, kept, today=date.max, case_kind=case_kind), str(refused)


def allowed_kinds(proc: Procedure) -> list[EventKind]:
    """The kinds of event that may be recorded next (the 添加事件 dialog offers only these)."""
    return [kind for kind in EVENT_KINDS.values()
            if kind.code != "received" and _structural_problem(proc, kind) is None]


def is_closed(status: str) -> bool:
    return status in CLOSING_STATUSES or status == "archived"

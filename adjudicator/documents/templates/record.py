"""What the record (案件进程) says about a case, as a decision must state it.

A decision states the receipt and filing dates, the panel, the hearing (date, online or in person,
attendance) or the written procedure (and a hearing fixed then cancelled), and for each respondent whether an answer was received.
None of this is typed into the decision: it is read from the case and its events here, and what
the record does not allow (a hearing scheduled but not held, an answer period still running, an
answer on record without its defence text) is returned as problems that refuse issuing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from adjudicator.calendar.periods import due_date

from .context import DocumentContext, EventView, PartyView

DEFENCE_PREFIX = "defence:"


def defence_key(name: str) -> str:
    """The draft field holding the defence of respondent ``name`` (``defence:张小明``)."""
    return f"{DEFENCE_PREFIX}{name}"


@dataclass(frozen=True)
class Hearing:
    day: date
    online: bool
    attendance: str
    platform: str = ""


@dataclass(frozen=True)
class Answer:
    """One respondent and its answer: received on ``received``, or not, with the answer period's end."""

    party: PartyView
    received: date | None
    period_end: date | None
    period_provisional: bool = False


@dataclass(frozen=True)
class CancelledHearing:
    """A hearing fixed for ``day`` and cancelled (取消口头审理) for ``reason``, none held after it."""

    day: date
    reason: str


@dataclass
class DecisionRecord:
    """The facts of the procedure a decision states, and why it cannot be issued yet (``problems``)."""

    filed: date | None = None
    hearing: Hearing | None = None
    cancelled: CancelledHearing | None = None
    answers: list[Answer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _answer_events(ctx: DocumentContext) -> dict[str, EventView]:
    """Answers received, by respondent name; one respondent: an answer naming nobody is theirs."""
    respondents = ctx.role("respondent")
    out: dict[str, EventView] = {}
    for event in ctx.all_of("answer_received"):
        name = str(event.details.get("respondent") or "").strip()
        if not name and len(respondents) == 1:
            name = respondents[0].name
        out.setdefault(name, event)
    return out


def read_record(ctx: DocumentContext, issue_day: date) -> DecisionRecord:
    """The procedure facts of ``ctx``'s case for a decision issued on ``issue_day``."""
    rec = DecisionRecord()
    filed = ctx.all_of("filed")
    rec.filed = filed[0].date if filed else None
    if rec.filed is None:
        rec.problems.append("案件尚未立案：请先在案件进程中登记“立案”")
    elif issue_day < rec.filed:
        rec.problems.append(f"出具日期早于立案日期（{rec.filed.isoformat()}）")
    _hearing(ctx, rec)
    _answers(ctx, rec, issue_day)
    return rec


def _hearing(ctx: DocumentContext, rec: DecisionRecord) -> None:
    """The hearing held last (with the scheduling it held), a cancellation after it, or why none can be stated yet.

    A hearing scheduled and neither held nor cancelled refuses issuing. One cancelled with none held
    after it is not a hearing: the decision states the written procedure (and the cancellation), or the
    earlier hearing that was held.
    """
    scheduled = ctx.all_of("hearing_scheduled")
    held = ctx.all_of("hearing_held")
    cancelled = ctx.all_of("hearing_cancelled")
    last_scheduled = scheduled[-1] if scheduled else None
    last_held = held[-1] if held else None
    last_cancelled = cancelled[-1] if cancelled else None
    ends = [e for e in (last_held, last_cancelled) if e is not None]
    last_end = max(ends, key=_order) if ends else None
    if last_scheduled is not None and (last_end is None or _order(last_end) < _order(last_scheduled)):
        planned = str(last_scheduled.details.get("hearing_on") or last_scheduled.date.isoformat())
        rec.problems.append(f"口头审理已定于{planned}举行，尚未登记“进行口头审理”或“取消口头审理”：口头审理举行或者取消后"
                            "才能作出裁决")
        return
    if last_cancelled is not None and (last_held is None or _order(last_held) < _order(last_cancelled)):
        plan = _scheduling_of(scheduled, last_cancelled)
        day = date.fromisoformat(str(plan.details["hearing_on"])) if plan and plan.details.get("hearing_on") else None
        rec.cancelled = CancelledHearing(day or last_cancelled.date,
                                         str(last_cancelled.details.get("reason") or "").strip().rstrip("。；;，,"))
    if last_held is None:
        return
    last_scheduled = _scheduling_of(scheduled, last_held)
    attendance = str(last_held.details.get("attendance") or "").strip()
    online = bool(last_held.details.get("online")) or bool(last_scheduled and last_scheduled.details.get("online"))
    platform = str(last_scheduled.details.get("place") or "") if last_scheduled and online else ""
    if not attendance:
        rec.problems.append("口头审理的到庭情况：请在案件进程“进行口头审理”事件中填写（如：请求人的委托代理人、"
                            "被请求人到庭参加了口头审理）")
    rec.hearing = Hearing(last_held.date, online, attendance, platform)


def _order(event: EventView) -> tuple[date, int]:
    return event.date, event.sequence


def _scheduling_of(scheduled: list[EventView], event: EventView) -> EventView | None:
    """The 确定口头审理 that ``event`` (held or cancelled) ended: the last one recorded before it."""
    before = [s for s in scheduled if _order(s) <= _order(event)]
    return before[-1] if before else None


def _answers(ctx: DocumentContext, rec: DecisionRecord, issue_day: date) -> None:
    respondents = ctx.role("respondent")
    answers = _answer_events(ctx)
    unnamed = [e for e in ctx.all_of("answer_received") if not str(e.details.get("respondent") or "").strip()]
    if unnamed and len(respondents) > 1:
        rec.problems.append("“收到答辩书”事件未写明是哪一位被请求人的答辩：请在案件进程中补填答辩的被请求人")
    served = ctx.all_of("request_served")
    for party in respondents:
        event = answers.get(party.name)
        if event is not None:
            rec.answers.append(Answer(party, event.date, None))
            if not ctx.text(defence_key(party.name)):
                rec.problems.append(f"被请求人{party.name}的答辩意见（记录中已收到其答辩书，请概括其答辩内容）")
            continue
        if ctx.text(defence_key(party.name)):
            rec.problems.append(f"记录中没有被请求人{party.name}的答辩书，却填写了其答辩意见：请先在案件进程中登记"
                                "“收到答辩书”，或删去该答辩意见")
        if not served:
            rec.problems.append("尚未登记“送达请求书副本”，无法确定答辩期限：请先在案件进程中登记")
            rec.answers.append(Answer(party, None, None))
            continue
        receipt = served[0].received_on or served[0].date
        rule = "answer-abroad" if party.abroad or served[0].details.get("abroad") else "answer"
        due = due_date(rule, receipt, ctx.calendar)
        rec.answers.append(Answer(party, None, due.due, due.provisional))
        if issue_day <= due.due:
            rec.problems.append(f"被请求人{party.name}的答辩期限至{due.due.isoformat()}届满，尚未收到其答辩书：答辩期限"
                                "届满后才能认定其未答辩（收到答辩书的，请先在案件进程中登记）")

"""A case's deadlines (案件期限), derived from its events: rule, start, due date, provisional, state.

Nothing here is stored by hand: :func:`derive_deadlines` reads a replayed
:class:`~adjudicator.procedure.transitions.Procedure` and the working-day calendar, so a changed event
date, a new excluded period or an imported calendar year moves every date at once.

States (:meth:`CaseDeadline.state`):

- ``open`` (进行中): not done yet. An office deadline stays open after its due date (it is
  then *overdue*, 已逾期, red on the dashboard) until the act is recorded.
- ``met`` (已完成): done on or before the due date (``done_on``); a public notice is deemed
  served when its period ends.
- ``missed`` (逾期完成 / 已届满): an office act recorded after its due date, or a party's
  period that ran out without the act (no answer, no lawsuit) — which does not stop the case.
- ``not_applicable`` (不再适用): the case closed first, the hearing was rescheduled, a
  lawsuit made enforcement moot, the case was archived.

Conventions beyond DOMAIN.md section 4: the filing decision counts from the day the last
corrections arrived when corrections were requested, and does not run while they are awaited;
the answer period counts from the respondent's receipt, 30 days when the service event says
the respondent has no domicile in China; the lawsuit period counts from the last party's
receipt of the decision; the performance deadline is the decision's ``perform_by`` or else the
end of the lawsuit period; a party-requested evidence extension is excluded from the case
limit from the original evidence due date to the extended date.

The dashboard over all cases (:mod:`adjudicator.procedure.dashboard`) reads these deadlines from a
cache kept per case (:mod:`adjudicator.procedure.deadline_cache`), so it lists 100,000 cases at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

from adjudicator.calendar.periods import (
    DEFAULT_PUBLIC_NOTICE_DAYS,
    RULES,
    CaseLimit,
    DueDate,
    ExcludedPeriod,
    case_limit,
    due_date,
    remaining_text,
)
from adjudicator.calendar.workdays import WorkCalendar
from adjudicator.procedure.kinds import INFRINGEMENT_FOUND
from adjudicator.procedure.transitions import EventRecord, Procedure

Actor = Literal["office", "party"]
State = Literal["open", "met", "missed", "not_applicable"]

STATE_LABELS = {"open": "进行中", "met": "已完成", "missed": "逾期", "not_applicable": "不再适用"}
ACTOR_LABELS = {"office": "本机关", "party": "当事人"}

#: Pairs whose time is not counted against the case limit, by the excluded-period kind.
_EXCLUDED_PAIRS = {"suspension": "suspension", "jurisdiction": "jurisdiction", "appraisal": "appraisal",
                   "settlement": "settlement"}
#: Rules that belong to the time before the case closes: moot once it closes undone.
_BEFORE_CLOSING = {"filing-decision", "filing-decision-extended", "serve-request", "answer", "answer-abroad",
                   "mediation-reply", "forward-answer", "jurisdiction-decision", "evidence", "preservation-decision",
                   "hearing-notice", "recusal-decision", "public-notice"}


@dataclass(frozen=True)
class CaseDeadline:
    """One deadline of a case: what is due, by whom, from when, until when, and whether it was kept."""

    rule: str
    actor: Actor
    start: date
    due: date | None
    provisional: bool
    done_on: date | None = None
    applicable: bool = True
    lapse: Literal["missed", "met"] | None = None
    """What an unresolved deadline becomes once its due date passes (None: it stays open, overdue)."""
    note: str = ""
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or RULES[self.rule].label

    @property
    def unresolved(self) -> bool:
        """Not done and still applicable (whatever today is)."""
        return self.applicable and self.done_on is None

    def state(self, today: date) -> State:
        if not self.applicable:
            return "not_applicable"
        if self.done_on is not None:
            return "met" if self.due is None or self.done_on <= self.due else "missed"
        if self.due is not None and today > self.due and self.lapse is not None:
            return self.lapse
        return "open"

    def overdue(self, today: date) -> bool:
        return self.state(today) == "open" and self.due is not None and today > self.due

    def days_left(self, today: date) -> int | None:
        return None if self.due is None else (self.due - today).days

    def state_text(self, today: date, calendar: WorkCalendar | None = None) -> str:
        """The state in words for the clerk, e.g. 已于 2026-03-04 完成 / 已逾期 3 天 / 还剩 3 个工作日."""
        state = self.state(today)
        if state == "not_applicable":
            return f"不再适用（{self.note}）" if self.note else "不再适用"
        if state == "met":
            return f"已于 {self.done_on or self.due} 完成" if self.lapse != "met" else f"已于 {self.due} 届满"
        if state == "missed":
            return f"逾期完成（{self.done_on}）" if self.done_on else "已届满"
        if self.due is None:
            return self.note or "暂停计算"
        return remaining_text(self.rule, self.due, today, calendar)

    def to_json(self, today: date) -> dict[str, Any]:
        return {"rule": self.rule, "label": self.title, "actor": self.actor, "start": self.start.isoformat(),
                "due": self.due.isoformat() if self.due else None, "provisional": self.provisional,
                "state": self.state(today), "done_on": self.done_on.isoformat() if self.done_on else None,
                "note": self.note}


@dataclass(frozen=True)
class CaseDeadlines:
    """All deadlines of one case, and its case limit (结案期限) with excluded days and extensions."""

    items: tuple[CaseDeadline, ...]
    limit: CaseLimit | None = None
    limit_done_on: date | None = None

    def unresolved(self) -> list[CaseDeadline]:
        return [d for d in self.items if d.unresolved]


@dataclass
class _Builder:
    proc: Procedure
    calendar: WorkCalendar
    public_notice_days: int
    today: date
    items: list[CaseDeadline] = field(default_factory=list)

    def due(self, rule: str, start: date) -> DueDate:
        return due_date(rule, start, self.calendar, public_notice_days=self.public_notice_days)

    def add(self, rule: str, start: date, actor: Actor, done: EventRecord | date | None = None, *,
            lapse: Literal["missed", "met"] | None = None, applicable: bool = True, note: str = "",
            label: str = "", due: DueDate | None = None) -> None:
        counted = due or self.due(rule, start)
        done_on = done.date if isinstance(done, EventRecord) else done
        self.items.append(CaseDeadline(rule, actor, start, counted.due, counted.provisional, done_on, applicable,
                                       lapse, note, label))

    def paired(self, pair: str) -> list[tuple[EventRecord, EventRecord | None]]:
        """Each start of ``pair`` with its end event (None while running), in date order."""
        found: list[tuple[EventRecord, EventRecord | None]] = [
            (start, end) for name, start, end in self.proc.closed_pairs if name == pair]
        if pair in self.proc.running:
            found.append((self.proc.running[pair], None))
        return sorted(found, key=lambda p: (p[0].date, p[0].sequence))


def derive_deadlines(proc: Procedure, calendar: WorkCalendar, *, today: date | None = None,
                     public_notice_days: int = DEFAULT_PUBLIC_NOTICE_DAYS) -> CaseDeadlines:
    """Every deadline of the case whose events are ``proc``, counted with ``calendar``."""
    b = _Builder(proc, calendar, public_notice_days, today or date.today())
    _filing(b)
    _service_and_answer(b)
    _hearings(b)
    _periods(b)
    limit, limit_done = _case_limit(b)
    _after_decision(b)
    items = [_moot(d, proc) for d in b.items]
    return CaseDeadlines(tuple(sorted(items, key=_order)), limit, limit_done)


def _order(d: CaseDeadline) -> tuple[date, date]:
    return (d.start, d.due or date.max)


def _moot(d: CaseDeadline, proc: Procedure) -> CaseDeadline:
    """What closing (or archiving) makes of a deadline not done by then.

    One already past its due date stays what it was: missed (an office act never done, a party's
    period that ran out). One still running when the case closed no longer applies.
    """
    if not d.unresolved:
        return d
    if proc.status == "archived":
        ended, note = proc.last["archived"].date, "案件已归档"
    elif proc.closing is not None and d.rule in _BEFORE_CLOSING:
        ended, note = proc.closing.date, f"案件已{proc.closing.label}"
    else:
        return d
    if d.due is not None and d.due < ended:
        return replace(d, lapse=d.lapse or "missed")
    return replace(d, applicable=False, note=note)


def _filing(b: _Builder) -> None:
    proc = b.proc
    corrected = proc.last.get("corrections_received")
    start = corrected.date if corrected else proc.received_on
    rule = "filing-decision-extended" if "filing_extended" in proc.first else "filing-decision"
    done = proc.first.get("filed") or proc.first.get("refused")
    waiting = "corrections" in proc.running
    b.add(rule, start, "office", done, applicable=not waiting, note="等待补正材料" if waiting else "")


def _service_and_answer(b: _Builder) -> None:
    proc = b.proc
    filed = proc.filed
    if filed is None:
        return
    b.add("serve-request", filed.date, "office", proc.first.get("request_served"))
    served = proc.first.get("request_served")
    if served is not None:
        if proc.case_kind == "mediation":
            rule = "mediation-reply"
        else:
            rule = "answer-abroad" if served.details.get("abroad") else "answer"
        b.add(rule, served.effective_received, "party", proc.first.get("answer_received"), lapse="missed")
    answered = proc.first.get("answer_received")
    if answered is not None:
        b.add("forward-answer", answered.date, "office", proc.first.get("answer_forwarded"))
    for start, end in b.paired("jurisdiction"):
        b.add("jurisdiction-decision", start.date, "office", end)
    for start, end in b.paired("preservation"):
        b.add("preservation-decision", start.date, "office", end)
    for start, end in b.paired("recusal"):
        b.add("recusal-decision", start.date, "office", end)


def _evidence_due(b: _Builder, notice: EventRecord) -> tuple[DueDate, EventRecord | None]:
    counted = b.due("evidence", notice.effective_received)
    extensions = [e for e in b.proc.all_of("evidence_extension") if e.date >= notice.date]
    if not extensions:
        return counted, None
    last = extensions[-1]
    rolled = b.calendar.roll_forward(date.fromisoformat(last.details["until"]))
    return DueDate("evidence", counted.start, rolled.day, rolled.provisional), last


def _hearings(b: _Builder) -> None:
    scheduled = b.proc.all_of("hearing_scheduled")
    notices = b.proc.all_of("hearing_notice_served")
    for index, event in enumerate(scheduled):
        hearing_on = date.fromisoformat(event.details["hearing_on"])
        following = scheduled[index + 1] if index + 1 < len(scheduled) else None
        notice = next((n for n in notices if n.date >= event.date and (following is None or n.date < following.date)),
                      None)
        held = next((h for h in b.proc.all_of("hearing_held") if h.date >= event.date), None)
        superseded = following is not None and (held is None or held.date > following.date)
        cancelled = next((c for c in b.proc.all_of("hearing_cancelled") if c.date >= event.date
                          and (following is None or c.date <= following.date) and (held is None or c.date < held.date)),
                         None)
        moot = superseded or cancelled is not None
        b.add("hearing-notice", hearing_on, "office", notice.effective_received if notice else None,
              applicable=not moot or notice is not None,
              note="已取消" if cancelled is not None else "已改期" if superseded else "",
              label=f"口头审理通知送达期限（口头审理日 {hearing_on}）")


def _periods(b: _Builder) -> None:
    for notice in b.proc.all_of("evidence_notice"):
        counted, extended = _evidence_due(b, notice)
        note = f"经申请延长至 {extended.details['until']}" if extended else ""
        b.add("evidence", notice.effective_received, "party", None, lapse="missed", note=note, due=counted)
    for notice in b.proc.all_of("public_notice"):
        b.add("public-notice", notice.date, "party", None, lapse="met")


def excluded_periods(b: _Builder) -> list[ExcludedPeriod]:
    """The periods not counted against the case limit (Art. 37), from the events."""
    proc = b.proc
    closing = proc.closing
    periods = []
    for pair, kind in _EXCLUDED_PAIRS.items():
        for start, end in b.paired(pair):
            stop = end.date if end else (closing.date if closing else None)
            periods.append(ExcludedPeriod(kind, start.date, stop))
    for notice in proc.all_of("public_notice"):
        periods.append(ExcludedPeriod("public_notice", notice.date,
                                      notice.date + timedelta(days=b.public_notice_days)))
    for notice in proc.all_of("evidence_notice"):
        _counted, extended = _evidence_due(b, notice)
        if extended is not None:
            original = b.due("evidence", notice.effective_received).due
            begin = max(extended.date, original)
            until = date.fromisoformat(extended.details["until"])
            if until > begin:
                periods.append(ExcludedPeriod("evidence_extension", begin, until))
    return periods


def _limit(b: _Builder) -> CaseLimit | None:
    """The case limit (None before filing): extensions and not-counted periods applied."""
    filed = b.proc.filed
    if filed is None:
        return None
    return case_limit(filed.date, b.proc.extensions, excluded_periods(b), b.calendar, b.today)


def limit_and_publication(proc: Procedure, calendar: WorkCalendar, *,
                          public_notice_days: int = DEFAULT_PUBLIC_NOTICE_DAYS) -> tuple[CaseLimit | None, date | None]:
    """The case limit and the publication deadline alone, as :func:`derive_deadlines` counts them.

    What statistics need of a case's deadlines (:mod:`adjudicator.reports.facts`), without the
    other dozen deadlines derive_deadlines works out: a fifth of its time, for a supervisor's
    first report over tens of thousands of cases. The same functions count both, so the dates agree.
    """
    b = _Builder(proc, calendar, public_notice_days, date.today())
    decided = proc.first.get("decided")
    return _limit(b), b.due("publish", decided.date).due if decided is not None else None


def _case_limit(b: _Builder) -> tuple[CaseLimit | None, date | None]:
    proc = b.proc
    filed = proc.filed
    limit = _limit(b)
    if filed is None or limit is None:
        return None, None
    closing = proc.closing
    done = closing.date if closing is not None and closing.kind != "refused" else None
    note = limit.reason or ""
    if limit.extension_months:
        note = f"已延长 {limit.extension_months} 个月" + (f"；{note}" if note else "")
    b.items.append(CaseDeadline("case-limit", "office", filed.date, limit.due, limit.provisional, done,
                                note=note))
    return limit, done


def _after_decision(b: _Builder) -> None:
    proc = b.proc
    decided = proc.first.get("decided")
    if decided is None:
        return
    b.add("publish", decided.date, "office", proc.first.get("published"))
    served = proc.last.get("decision_served")
    if served is None:
        return
    sued = proc.first.get("lawsuit_filed")
    lawsuit = b.due("lawsuit", served.effective_received)
    b.add("lawsuit", served.effective_received, "party", sued, lapse="missed", due=lawsuit)
    if decided.details.get("outcome") not in INFRINGEMENT_FOUND:  # nothing ordered, nothing to enforce
        return
    perform = date.fromisoformat(decided.details["perform_by"]) if decided.details.get("perform_by") else lawsuit.due
    applied = proc.first.get("enforcement_applied")
    complied = proc.first.get("complied")
    moot = sued or complied
    reason = f"已{moot.label}" if moot else ""
    by = applied.details.get("by", "office") if applied else None
    b.add("enforcement-office", perform, "office", applied if by == "office" else None,
          applicable=moot is None and by != "holder", note=reason or ("权利人已申请" if by == "holder" else ""))
    office_due = b.due("enforcement-office", perform).due  # the holder's 6 months start when the office's lapse
    b.add("enforcement-holder", office_due, "party", applied if by == "holder" else None, lapse="missed",
          applicable=moot is None and by != "office", note=reason or ("本机关已申请" if by == "office" else ""))

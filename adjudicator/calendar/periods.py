"""Period rules and due dates (期限计算): from an event's date to the last day of a legal period.

How the product counts (its documented convention, after Art. 5 of the Implementing Rules of
the Patent Law):

1. The day of the triggering event is never counted; counting starts the next day.
2. *N working days after D* (N 个工作日): the N-th working day strictly after D.
3. *N days after D* (N 日): D + N calendar days; if that is not a working day, the first
   working day after it.
4. *N months after D* (N 个月): the same day of the month N months later, or that month's last
   day when it has no such day (01-31 + 1 month = 02-28, or 02-29 in a leap year); then, if not
   a working day, the first working day after it.
5. *N working days before D* (notice periods, 提前 N 个工作日): the N-th working day strictly
   before D, the last day on which the notice may reach the party.
6. The case time limit (结案期限, Art. 37 of the Measures): 3 months from filing, plus the
   approved extensions (at most 1 month by the head of the department, then at most 2 more by
   the next-higher department), plus the days not counted (不计入审理期限的期间: suspension,
   public-notice service, testing and appraisal, a jurisdiction objection, an evidence-period
   extension a party asked for, settlement). Each such period runs from the date of its start
   event S to the date of its end event R and adds R - S days; days covered by several
   periods count once. Months first, then days, then rolled forward to a working day.
   While a period has no end yet the limit is unknown: :func:`case_limit` reports no due date
   and says why, rather than a date that would move every day; ``projected_due`` and
   :meth:`CaseLimit.days_left` give the figure as if the period ended on a given day.
7. Working days come from :mod:`adjudicator.calendar.workdays`; a due date counted through a year whose
   holiday schedule is not yet announced is *provisional* (暂定) and is recomputed later.

Over 400 lines: the period rules, due dates, extensions and the case limit are the one counting
convention above; they are kept together so that convention is read in one place.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from adjudicator.errors import DomainError
from adjudicator.calendar.workdays import Counted, WorkCalendar, default_calendar

Unit = Literal["workdays", "days", "months", "workdays_before"]

DEFAULT_PUBLIC_NOTICE_DAYS = 30
"""Public-notice service (公告送达) is deemed done after this many days: the Civil Procedure Law
says 30, CNIPA's 2019 case-handling guide 60; offices choose in their settings."""

BASE_CASE_MONTHS = 3
HEAD_EXTENSION_MAX_MONTHS = 1
HIGHER_EXTENSION_MAX_MONTHS = 2

_MEASURES = "《专利纠纷行政裁决和调解办法》"


@dataclass(frozen=True)
class Rule:
    """One legal period: how long, in which unit, counted from which event, and on what basis."""

    id: str
    label: str
    unit: Unit
    amount: int
    counted_from: str
    basis: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("filing-decision", "立案审查期限", "workdays", 5, "收到请求之日", f"{_MEASURES}第二十条"),
        Rule(
            "filing-decision-extended",
            "立案审查期限（经负责人批准延长）",
            "workdays",
            10,
            "收到请求之日",
            f"{_MEASURES}第二十条",
        ),
        Rule("serve-request", "送达请求书副本期限", "workdays", 5, "立案之日", f"{_MEASURES}第二十二条"),
        Rule("answer", "答辩期限", "days", 15, "被请求人收到请求书副本之日", _MEASURES),
        Rule(
            "answer-abroad",
            "答辩期限（被请求人在中国境内无住所）",
            "days",
            30,
            "被请求人收到请求书副本之日",
            _MEASURES,
        ),
        Rule("forward-answer", "转送答辩书期限", "workdays", 5, "收到答辩书之日", _MEASURES),
        Rule(
            "jurisdiction-decision",
            "管辖权异议处理期限",
            "workdays",
            5,
            "收到管辖权异议之日",
            f"{_MEASURES}第九条",
        ),
        Rule("evidence", "举证期限", "days", 15, "当事人收到举证通知书之日", f"{_MEASURES}第五十四条"),
        Rule("preservation-decision", "登记保存处理决定期限", "days", 7, "登记保存证据之日", _MEASURES),
        Rule(
            "hearing-notice",
            "口头审理通知送达期限",
            "workdays_before",
            3,
            "口头审理之日",
            f"{_MEASURES}第二十六条",
        ),
        Rule(
            "recusal-decision",
            "回避决定期限",
            "workdays",
            3,
            "收到回避申请之日",
            "《专利侵权纠纷行政裁决办案指南》（2019年）",
        ),
        Rule("case-limit", "结案期限", "months", BASE_CASE_MONTHS, "立案之日", f"{_MEASURES}第三十七条"),
        Rule("publish", "裁决书公开期限", "workdays", 20, "作出行政裁决之日", f"{_MEASURES}第八十三条"),
        Rule(
            "lawsuit",
            "起诉期限",
            "days",
            15,
            "当事人收到行政裁决书之日",
            "《中华人民共和国专利法》第六十五条",
        ),
        Rule(
            "enforcement-office",
            "申请强制执行期限（管理专利工作的部门）",
            "months",
            3,
            "履行期限届满之日",
            f"{_MEASURES}第八十条",
        ),
        Rule(
            "enforcement-holder",
            "申请强制执行期限（权利人）",
            "months",
            6,
            "履行期限届满之日",
            f"{_MEASURES}第八十条",
        ),
        Rule("mediation-reply", "调解答复期限", "days", 15, "被请求人收到调解请求之日", _MEASURES),
        Rule(
            "public-notice",
            "公告送达期间",
            "days",
            DEFAULT_PUBLIC_NOTICE_DAYS,
            "公告发布之日",
            f"{_MEASURES}第十条",
        ),
    )
}


def get_rule(rule_id: str) -> Rule:
    """The rule named ``rule_id``; DomainError listing the valid names otherwise."""
    rule = RULES.get(rule_id)
    if rule is None:
        raise DomainError(f"未知的期限规则 {rule_id}；可用的规则：{'、'.join(RULES)}。")
    return rule


@dataclass(frozen=True, slots=True)
class DueDate:
    """The last day of one period; ``provisional`` when counted through an unannounced year."""

    rule: str
    start: date
    due: date
    provisional: bool

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "provisional": self.provisional,
        }


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it is shorter (not rolled)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    if day.day <= 28:
        return date(year, month0 + 1, day.day)
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def due_date(
    rule_id: str,
    start: date,
    calendar: WorkCalendar | None = None,
    *,
    public_notice_days: int = DEFAULT_PUBLIC_NOTICE_DAYS,
) -> DueDate:
    """The due date of ``rule_id`` counted from ``start`` (``case-limit`` here: no extension, nothing excluded)."""
    rule = RULES.get(rule_id) or get_rule(rule_id)
    cal = default_calendar() if calendar is None else calendar
    amount = rule.amount if rule_id != "public-notice" else _public_notice_days(public_notice_days)
    try:
        counted = _COUNTERS[rule.unit](cal, start, amount)
    except (OverflowError, ValueError):
        raise DomainError(f"日期 {start} 超出可计算的范围。") from None
    return DueDate(rule_id, start, counted.day, counted.provisional)


def _add_months(cal: WorkCalendar, start: date, months: int) -> Counted:
    return cal.roll_forward(add_months(start, months))


_COUNTERS: dict[str, Callable[[WorkCalendar, date, int], Counted]] = {
    "workdays": WorkCalendar.add_workdays,
    "days": WorkCalendar.add_days,
    "months": _add_months,
    "workdays_before": WorkCalendar.workdays_before,
}


def _public_notice_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise DomainError(f"公告送达期间应为正整数天数，设置为 {days}。")
    return days


# -- in the clerk's words ---------------------------------------------------------------------------


def workdays_left(cal: WorkCalendar, today: date, due: date) -> int:
    """Working days after ``today`` up to and including ``due`` (0 when ``due`` is today or past)."""
    count, day = 0, today
    while day < due:
        day = date.fromordinal(day.toordinal() + 1)
        if cal.is_workday(day):
            count += 1
    return count


def remaining_text(rule_id: str, due: date, today: date, calendar: WorkCalendar | None = None) -> str:
    """The time left in the unit the rule counts: 还剩 3 个工作日 / 还剩 5 天 / 今日届满 / 已逾期 2 天."""
    left = (due - today).days
    if left < 0:
        return f"已逾期 {-left} 天"
    if left == 0:
        return "今日届满"
    rule = RULES.get(rule_id)
    if rule is not None and rule.unit in ("workdays", "workdays_before"):
        n = workdays_left(default_calendar() if calendar is None else calendar, today, due)
        return f"还剩 {n} 个工作日" if n else f"还剩 {left} 天（其间无工作日）"
    return f"还剩 {left} 天"


def _short_event(counted_from: str) -> str:
    return counted_from.removesuffix("之日") + "日"


def period_text(rule_id: str, start: date, due: date, provisional: bool = False) -> str:
    """How the period runs, as the clerk says it.

    A period counted forward: 自 2026-12-01 起算，2026-12-08 届满. One counted back from an event
    (the hearing notice): 须于 2026-12-17 以前送达（口头审理日前 3 个工作日）.
    """
    rule = RULES.get(rule_id)
    shown = f"{due}{'（暂定）' if provisional else ''}"
    if rule is not None and rule.unit == "workdays_before":
        return f"须于 {shown} 以前送达（{_short_event(rule.counted_from)}前 {rule.amount} 个工作日）"
    return f"自 {start} 起算，{shown} 届满"


# -- the case time limit (结案期限) ----------------------------------------------------------------

EXCLUDED_LABELS: dict[str, str] = {
    "suspension": "中止期间",
    "public_notice": "公告送达期间",
    "appraisal": "检验鉴定期间",
    "jurisdiction": "管辖权异议处理期间",
    "evidence_extension": "当事人申请延长的举证期间",
    "settlement": "和解期间",
}
"""Periods not counted against the case time limit (Art. 37), by kind."""


@dataclass(frozen=True)
class ExcludedPeriod:
    """A period not counted against the case limit, from its start event to its end event (None: not yet)."""

    kind: str
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in EXCLUDED_LABELS:
            kinds = "、".join(f"{kind}（{label}）" for kind, label in EXCLUDED_LABELS.items())
            raise DomainError(f"未知的不计入审理期限的期间类型 {self.kind}；可用的类型：{kinds}。")
        if self.end is not None and self.end < self.start:
            raise DomainError(f"{self.label}的结束日期 {self.end} 早于开始日期 {self.start}。")

    @property
    def label(self) -> str:
        return EXCLUDED_LABELS[self.kind]


@dataclass(frozen=True)
class Extension:
    """An approved extension of the case limit (延长审理期限): by the head, or by the next-higher department."""

    months: int
    approved_by: str
    level: Literal["head", "higher"]
    approved_on: date

    def __post_init__(self) -> None:
        if not self.approved_by.strip():
            raise DomainError("延长审理期限必须注明批准人。")
        if self.level not in ("head", "higher"):
            raise DomainError(
                f"延长审理期限的批准层级应为 head（部门负责人）或 higher（上一级部门），输入为 {self.level}。"
            )
        if isinstance(self.months, bool) or not isinstance(self.months, int) or self.months < 1:
            raise DomainError(f"延长审理期限应为正整数个月，输入为 {self.months}。")
        if self.level == "head" and self.months > HEAD_EXTENSION_MAX_MONTHS:
            raise DomainError(
                f"部门负责人只能批准延长 {HEAD_EXTENSION_MAX_MONTHS} 个月，输入为 {self.months} 个月；"
                "更长的延长须报上一级部门批准。"
            )
        if self.level == "higher" and self.months > HIGHER_EXTENSION_MAX_MONTHS:
            raise DomainError(
                f"上一级部门批准的延长合计不得超过 {HIGHER_EXTENSION_MAX_MONTHS} 个月，输入为 {self.months} 个月。"
            )


def check_extensions(filed: date, extensions: Iterable[Extension]) -> int:
    """The approved months in total, after checking the extensions against Art. 37."""
    found = sorted(extensions, key=lambda e: e.approved_on)
    for extension in found:
        if extension.approved_on < filed:
            raise DomainError(f"延长审理期限的批准日期 {extension.approved_on} 早于立案日期 {filed}。")
    heads = [e for e in found if e.level == "head"]
    highers = [e for e in found if e.level == "higher"]
    if len(heads) > 1:
        raise DomainError(f"部门负责人批准延长审理期限只能有一次，现登记了 {len(heads)} 次。")
    higher_months = sum(e.months for e in highers)
    if higher_months > HIGHER_EXTENSION_MAX_MONTHS:
        raise DomainError(
            f"上一级部门批准的延长合计不得超过 {HIGHER_EXTENSION_MAX_MONTHS} 个月，现合计 {higher_months} 个月。"
        )
    if highers and not heads:
        raise DomainError("上一级部门批准延长之前，须先经部门负责人批准延长；请先登记负责人的批准。")
    if highers and highers[0].approved_on < heads[0].approved_on:
        raise DomainError(
            f"上一级部门的批准日期 {highers[0].approved_on} 早于部门负责人的批准日期 {heads[0].approved_on}；"
            "应先经负责人批准，再报上一级部门。"
        )
    return sum(e.months for e in found)


Span = tuple[date, date | None]


def merge_excluded(filed: date, periods: Iterable[ExcludedPeriod]) -> tuple[Span, ...]:
    """The excluded periods as disjoint spans [start, end) in date order; an open span comes last."""
    spans: list[tuple[date, date | None]] = []
    for period in sorted(periods, key=lambda p: p.start):
        if period.start < filed:
            raise DomainError(f"{period.label}的开始日期 {period.start} 早于立案日期 {filed}。")
        if spans:
            last_start, last_end = spans[-1]
            if last_end is None or period.start <= last_end:
                end = None if last_end is None or period.end is None else max(last_end, period.end)
                spans[-1] = (last_start, end)
                continue
        spans.append((period.start, period.end))
    return tuple(spans)


@dataclass(frozen=True)
class CaseLimit:
    """The case time limit (结案期限); ``due`` is None while a not-counted period is still running."""

    filed: date
    due: date | None
    provisional: bool
    excluded_days: int
    """Days of the finished not-counted periods, overlaps counted once."""
    extension_months: int
    open_since: date | None = None
    """Start of the not-counted period still running, if any."""
    reason: str | None = None
    """Why ``due`` is None, in Chinese, for the clerk."""
    projected_due: date | None = None
    """With a period running and ``today`` given: the due date if that period ended today."""
    spans: tuple[Span, ...] = ()
    calendar: WorkCalendar = field(default_factory=default_calendar, compare=False, repr=False)

    def due_if_resumed(self, on: date) -> Counted:
        """The due date if the running period ended ``on`` (the due date itself if none is running)."""
        extra = 0 if self.open_since is None else max(0, (on - self.open_since).days)
        months_end = add_months(self.filed, BASE_CASE_MONTHS + self.extension_months)
        return self.calendar.roll_forward(months_end + timedelta(days=self.excluded_days + extra))

    def elapsed_net_days(self, today: date) -> int:
        """Calendar days from filing to ``today``, less the not-counted days up to ``today`` (0 before filing)."""
        excluded = 0
        for start, end in self.spans:
            stop = today if end is None else min(end, today)
            excluded += max(0, (stop - start).days)
        return max(0, (today - self.filed).days - excluded)

    def days_left(self, today: date) -> int:
        """Calendar days from ``today`` to the due date (negative when overdue).

        While a period is running the count is taken as if it ended today, so it stays still
        during a suspension.
        """
        due = self.due if self.due is not None else self.due_if_resumed(today).day
        return (due - today).days

    def to_json(self) -> dict[str, object]:
        return {
            "rule": "case-limit",
            "start": self.filed.isoformat(),
            "due": None if self.due is None else self.due.isoformat(),
            "provisional": self.provisional,
            "excluded_days": self.excluded_days,
            "extension_months": self.extension_months,
            "open_since": None if self.open_since is None else self.open_since.isoformat(),
            "reason": self.reason,
            "projected_due": None if self.projected_due is None else self.projected_due.isoformat(),
        }


def case_limit(
    filed: date,
    extensions: Iterable[Extension] = (),
    excluded: Iterable[ExcludedPeriod] = (),
    calendar: WorkCalendar | None = None,
    today: date | None = None,
) -> CaseLimit:
    """The case time limit of a case filed on ``filed`` (Art. 37); DomainError on inconsistent records."""
    cal = default_calendar() if calendar is None else calendar
    excluded = tuple(excluded)
    months = check_extensions(filed, extensions)
    spans = merge_excluded(filed, excluded)
    closed_days = sum((end - start).days for start, end in spans if end is not None)
    open_since = spans[-1][0] if spans and spans[-1][1] is None else None
    limit = CaseLimit(filed, None, False, closed_days, months, open_since, spans=spans, calendar=cal)
    if open_since is None:
        counted = limit.due_if_resumed(filed)
        return replace(limit, due=counted.day, provisional=counted.provisional)
    running = min((p for p in excluded if p.end is None), key=lambda p: p.start)
    reason = f"{running.label}自 {running.start} 起尚未结束，结案期限暂停计算；登记结束日期后重新计算。"
    projected = None if today is None else limit.due_if_resumed(today).day
    return replace(limit, reason=reason, projected_due=projected)

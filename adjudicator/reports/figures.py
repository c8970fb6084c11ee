"""The figures supervisors report (统计指标), each defined once: its label, its definition and its test.

Every count in the dashboard, the workbook, the PDF and the summary sentences comes from
:data:`FIGURES`: a figure is the number of cases whose facts (``report_facts``) meet its ``test``
(an SQL condition) for the period, and the cases behind a figure are exactly those: the same
condition counts them (grouped by station) and lists them. The
``definition`` strings are the table in ``docs/statistics.md`` (a test keeps the two equal).

The period is ``start``..``end`` inclusive. Figures that describe a state (pending, overdue, near
the limit) are taken on the *reference day*: the period's end, or today when the period ends
later. A case limit is the one now recorded (with every extension and not-counted period).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

from adjudicator.errors import DomainError
from adjudicator.store.models_reports import ReportFacts

#: A case is near its limit when the limit falls within this many days of the reference day.
NEAR_LIMIT_DAYS = 10

#: Net-duration classes of closed cases (审理天数分布): (label, first day, last day or None).
DURATION_BINS: tuple[tuple[str, int, int | None], ...] = (
    ("30日以内", 0, 30), ("31–60日", 31, 60), ("61–90日", 61, 90), ("91–120日", 91, 120), ("120日以上", 121, None),
)


@dataclass(frozen=True)
class Period:
    """The reporting period (inclusive), the reference day and the last day counted as near the limit."""

    start: date
    end: date
    ref: date
    near_until: date

    @classmethod
    def of(cls, start: date, end: date, today: date) -> Period:
        """The period ``start``..``end``; DomainError when it ends before it starts."""
        if end < start:
            raise DomainError(f"统计期间的结束日期 {end} 早于开始日期 {start}；请把结束日期改为 {start} 或以后。")
        ref = max(start, min(end, today))
        return cls(start, end, ref, ref + timedelta(days=NEAR_LIMIT_DAYS))

    def has(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


R = ReportFacts
Condition = ColumnElement[bool]


def _in(column: Any, p: Period) -> Condition:
    condition: Condition = column.between(p.start, p.end)
    return condition


def _open_at(p: Period) -> Condition:
    """Received by the reference day and neither refused nor closed by then (在办)."""
    return and_(R.received_on <= p.ref, or_(R.refused_on.is_(None), R.refused_on > p.ref),
                or_(R.closed_on.is_(None), R.closed_on > p.ref))


def _in_limit(p: Period) -> Condition:
    return and_(R.filed_on.is_not(None), R.filed_on <= p.ref, _open_at(p), R.limit_due.is_not(None))


def _suspended(p: Period) -> Condition:
    return and_(R.suspended_from.is_not(None), R.suspended_from <= p.ref,
                or_(R.suspended_until.is_(None), R.suspended_until >= p.start))


Test = Callable[[Period], Condition]


@dataclass(frozen=True)
class Figure:
    """One figure: ``key`` (stable, used in JSON and the workbook), Chinese ``label``, ``definition``, SQL ``test``."""

    key: str
    label: str
    group: str
    definition: str
    test: Test
    average_of: str | None = None


_F = Figure
FIGURES: tuple[Figure, ...] = (
    _F("received", "收到请求", "收案", "收到请求日期在统计期间内的案件。",
       lambda p: _in(R.received_on, p)),
    _F("received_infringement", "专利侵权纠纷行政裁决案件", "收案", "收到请求的案件中，类型为专利侵权纠纷行政裁决的。",
       lambda p: and_(_in(R.received_on, p), R.kind == "infringement")),
    _F("received_ecommerce", "电商领域专利侵权纠纷案件", "收案", "收到请求的案件中，类型为电商领域专利侵权纠纷的。",
       lambda p: and_(_in(R.received_on, p), R.kind == "ecommerce")),
    _F("received_mediation", "专利纠纷调解案件", "收案", "收到请求的案件中，类型为专利纠纷调解的。",
       lambda p: and_(_in(R.received_on, p), R.kind == "mediation")),
    _F("patent_invention", "涉发明专利", "收案", "收到请求的案件中，涉案专利为发明专利的。",
       lambda p: and_(_in(R.received_on, p), R.patent_kind == "invention")),
    _F("patent_utility_model", "涉实用新型专利", "收案", "收到请求的案件中，涉案专利为实用新型专利的。",
       lambda p: and_(_in(R.received_on, p), R.patent_kind == "utility_model")),
    _F("patent_design", "涉外观设计专利", "收案", "收到请求的案件中，涉案专利为外观设计专利的。",
       lambda p: and_(_in(R.received_on, p), R.patent_kind == "design")),
    _F("filed", "立案", "立案", "立案日期在统计期间内的案件（不论何时收到请求）。",
       lambda p: _in(R.filed_on, p)),
    _F("refused", "不予受理", "立案", "不予受理日期在统计期间内的案件。",
       lambda p: _in(R.refused_on, p)),
    _F("closed", "结案", "结案", "结案日期在统计期间内的案件：作出行政裁决、调解结案或撤销案件（不含不予受理）。",
       lambda p: _in(R.closed_on, p)),
    _F("closed_infringement", "裁决侵权成立", "结案", "结案的案件中，行政裁决认定侵权成立、责令停止侵权的。",
       lambda p: and_(_in(R.closed_on, p), R.outcome == "infringement")),
    _F("closed_partial", "裁决侵权部分成立", "结案", "结案的案件中，行政裁决认定侵权部分成立、驳回其他请求的。",
       lambda p: and_(_in(R.closed_on, p), R.outcome == "partial")),
    _F("closed_rejected", "裁决驳回请求", "结案", "结案的案件中，行政裁决驳回请求的。",
       lambda p: and_(_in(R.closed_on, p), R.outcome == "rejected")),
    _F("closed_mediated", "调解结案", "结案", "结案的案件中，以调解协议结案的。",
       lambda p: and_(_in(R.closed_on, p), R.outcome == "mediated")),
    _F("closed_withdrawn", "撤销案件", "结案", "结案的案件中，撤销案件的（含请求人撤回请求）。",
       lambda p: and_(_in(R.closed_on, p), R.outcome == "withdrawn")),
    _F("closed_late", "超期结案", "结案", "结案的案件中，结案日期晚于结案期限（含延长和不计入期间）的。",
       lambda p: and_(_in(R.closed_on, p), R.limit_due.is_not(None), R.closed_on > R.limit_due)),
    _F("net_days", "平均审理天数", "结案", "结案的已立案案件，自立案日至结案日的日历天数，减去中止等不计入审理期限的天数；"
       "表中给出平均数和中位数。", lambda p: and_(_in(R.closed_on, p), R.net_days.is_not(None)), average_of="net_days"),
    _F("pending", "在办", "在办", "截至基准日已收到请求、尚未结案也未不予受理的案件（基准日：统计期间最后一日，晚于今日时为今日）。",
       _open_at),
    _F("suspended", "中止", "在办", "中止处理的期间（自首次中止至最后一次恢复，尚未恢复的至基准日）与统计期间有重叠的案件。",
       _suspended),
    _F("extended", "延长审理期限", "在办", "首次批准延长审理期限的日期在统计期间内的案件。",
       lambda p: _in(R.extended_on, p)),
    _F("overdue", "超期未结", "在办", "基准日在办且已立案、结案期限早于基准日的案件（中止期间尚未结束的不计）。",
       lambda p: and_(_in_limit(p), R.limit_due < p.ref)),
    _F("near_limit", "临近期限", "在办", f"基准日在办且已立案、结案期限在基准日起 {NEAR_LIMIT_DAYS} 日内（含当日）的案件。",
       lambda p: and_(_in_limit(p), R.limit_due.between(p.ref, p.near_until))),
    _F("decided", "作出行政裁决", "公开", "作出行政裁决的日期在统计期间内的案件。",
       lambda p: _in(R.decided_on, p)),
    _F("published_in_time", "20个工作日内公开", "公开", "作出行政裁决的案件中，公开日期不晚于作出裁决后第 20 个工作日的。",
       lambda p: and_(_in(R.decided_on, p), R.published_on.is_not(None), R.published_on <= R.publish_due)),
    _F("published_late", "逾期公开", "公开", "作出行政裁决的案件中，公开日期晚于作出裁决后第 20 个工作日的。",
       lambda p: and_(_in(R.decided_on, p), R.published_on.is_not(None), R.published_on > R.publish_due)),
    _F("unpublished", "截至基准日未公开", "公开", "作出行政裁决的案件中，截至基准日尚未公开的。",
       lambda p: and_(_in(R.decided_on, p), or_(R.published_on.is_(None), R.published_on > p.ref))),
    _F("lawsuits", "被提起行政诉讼", "诉讼与执行", "当事人提起行政诉讼的日期在统计期间内的案件。",
       lambda p: _in(R.lawsuit_on, p)),
    _F("lawsuit_upheld", "诉讼维持裁决", "诉讼与执行", "被提起行政诉讼的案件中，已登记法院维持裁决（驳回诉讼请求）的。",
       lambda p: and_(_in(R.lawsuit_on, p), R.lawsuit_result == "upheld")),
    _F("lawsuit_revoked", "诉讼撤销或变更裁决", "诉讼与执行", "被提起行政诉讼的案件中，已登记法院撤销、部分撤销或变更裁决的。",
       lambda p: and_(_in(R.lawsuit_on, p), R.lawsuit_result.in_(("revoked", "changed")))),
    _F("lawsuit_withdrawn", "原告撤诉", "诉讼与执行", "被提起行政诉讼的案件中，已登记原告撤诉的。",
       lambda p: and_(_in(R.lawsuit_on, p), R.lawsuit_result == "withdrawn")),
    _F("lawsuit_open", "诉讼尚无结果", "诉讼与执行", "被提起行政诉讼的案件中，尚未登记诉讼结果的。",
       lambda p: and_(_in(R.lawsuit_on, p), R.lawsuit_result.is_(None))),
    _F("enforcement", "申请强制执行", "诉讼与执行", "申请人民法院强制执行的日期在统计期间内的案件（本机关或权利人申请）。",
       lambda p: _in(R.enforcement_on, p)),
    _F("enforcement_office", "本机关申请强制执行", "诉讼与执行", "申请强制执行的案件中，由本机关申请的。",
       lambda p: and_(_in(R.enforcement_on, p), R.enforcement_by == "office")),
)
FIGURE_BY_KEY: dict[str, Figure] = {fig.key: fig for fig in FIGURES}
#: The figures that count cases (all but the averages).
COUNTED: tuple[Figure, ...] = tuple(fig for fig in FIGURES if fig.average_of is None)
OUTCOME_KEYS = ("closed_infringement", "closed_partial", "closed_rejected", "closed_mediated", "closed_withdrawn")
KIND_KEYS = ("received_infringement", "received_ecommerce", "received_mediation")
PATENT_KEYS = ("patent_invention", "patent_utility_model", "patent_design")
LAWSUIT_KEYS = ("lawsuit_upheld", "lawsuit_revoked", "lawsuit_withdrawn", "lawsuit_open")


def figure(key: str) -> Figure:
    """The figure named ``key``; DomainError listing the figures otherwise."""
    found = FIGURE_BY_KEY.get(key)
    if found is None:
        keys = "、".join(f"{f.key}（{f.label}）" for f in FIGURES)
        raise DomainError(f"未知的统计指标 {key}；可用的指标：{keys}。")
    return found


def duration_bin(days: int) -> int:
    """The index in :data:`DURATION_BINS` of a net duration of ``days``."""
    for index, (_label, low, high) in enumerate(DURATION_BINS):
        if days >= low and (high is None or days <= high):
            return index
    return 0


def definitions_table() -> str:
    """The figures as a Markdown table (the one in docs/statistics.md)."""
    lines = ["| 指标 | 键 | 分组 | 定义 |", "|---|---|---|---|"]
    lines += [f"| {f.label} | `{f.key}` | {f.group} | {f.definition} |" for f in FIGURES]
    return "\n".join(lines)

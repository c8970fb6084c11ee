"""Statistics for a period and a set of stations (统计): the figures per station and in total, and the cases behind each.

:func:`compute_statistics` brings the per-case facts up to date, reads those that can matter
for the period (one indexed range: received by its end, last event at or after its start) and
counts each figure of :data:`~adjudicator.reports.figures.FIGURES` per station. :func:`cases_behind`
lists the cases one figure counted, with the same tests, so a number and its list always agree.

On a station's own database the statistics cover that station's cases; on a supervisor's
merged database they cover every station (or the ones asked for).
"""

from __future__ import annotations

import statistics as pystats
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, String, and_, func, null, or_, select, type_coerce

from adjudicator.cases.inputs import CASE_KINDS, CASE_STATUSES
from adjudicator.errors import DomainError
from adjudicator.progress import Progress
from adjudicator.reports.facts import refresh_facts
from adjudicator.reports.figures import COUNTED, DURATION_BINS, FIGURES, Period, duration_bin, figure
from adjudicator.stations.registry import StationInfo, registry
from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_reports import ReportFacts as R

TOTAL = "合计"


@dataclass(frozen=True)
class ReportQuery:
    """What to report on: the period (inclusive) and the stations (empty: all the database holds)."""

    start: date
    end: date
    stations: tuple[str, ...] = ()


@dataclass(frozen=True)
class StationFigures:
    """The figures of one station (or of all, ``code`` empty): counts by figure key, net-duration average and median."""

    code: str
    name: str
    counts: dict[str, int]
    average_days: float | None
    median_days: float | None

    def __getitem__(self, key: str) -> int:
        return self.counts.get(key, 0)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "counts": dict(self.counts),
                "average_net_days": self.average_days, "median_net_days": self.median_days}


@dataclass(frozen=True)
class Statistics:
    """Everything the dashboard and the reports show for one query, counted from one set of facts."""

    query: ReportQuery
    period: Period
    today: date
    scope: str
    """``supervisor`` (all stations' cases) or ``station`` (this station's own cases)."""
    stations: tuple[StationFigures, ...]
    total: StationFigures
    months: tuple[str, ...]
    by_month: dict[str, dict[str, int]]
    """Cases received per month (``YYYY-MM``) and case kind."""
    durations: tuple[int, ...]
    """Closed cases per net-duration class of :data:`~adjudicator.reports.figures.DURATION_BINS`."""
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """Nothing at all was counted in the period."""
        return not any(self.total.counts.values())

    def station(self, code: str) -> StationFigures:
        for item in self.stations:
            if item.code == code:
                return item
        raise DomainError(f"统计结果中没有裁决所 {code}。")

    def to_json(self) -> dict[str, Any]:
        return {
            "period": {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(),
                       "reference_day": self.period.ref.isoformat()},
            "generated_on": self.today.isoformat(), "scope": self.scope, "empty": self.empty,
            "figures": [{"key": f.key, "label": f.label, "group": f.group, "definition": f.definition}
                        for f in FIGURES],
            "stations": [s.to_json() for s in self.stations], "total": self.total.to_json(),
            "by_month": {m: dict(self.by_month.get(m, {})) for m in self.months},
            "durations": [{"class": label, "cases": n} for (label, _lo, _hi), n in zip(DURATION_BINS, self.durations)],
            "notes": list(self.notes),
        }


def short_name(name: str) -> str:
    """A station's name for a chart or a narrow column: 新城区 for 新城区知识产权行政裁决所."""
    return name.removesuffix("知识产权行政裁决所") or name


def _median(values: list[int]) -> float | None:
    return float(pystats.median(values)) if values else None


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _months(period: Period) -> tuple[str, ...]:
    year, month = period.start.year, period.start.month
    last = period.end.isoformat()[:7]
    found = []
    while True:
        key = f"{year:04d}-{month:02d}"
        found.append(key)
        if key >= last or len(found) > 240:
            return tuple(found)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def report_stations(db: Database, wanted: Iterable[str] = ()) -> tuple[str, list[StationInfo]]:
    """The scope and the stations a report covers; DomainError for a station the database does not know.

    A station's database reports on its own cases only; a supervisor's on every registered
    station, or on those ``wanted``.
    """
    wanted = tuple(dict.fromkeys(code.strip() for code in wanted if code.strip()))
    known = registry(db)
    with db.session() as s:
        present = set(s.scalars(select(Case.owner_station).distinct()))
    names = {info.code: info for info in known}
    for code in sorted(present - set(names)):
        names[code] = StationInfo(code, f"裁决所 {code}", "", "")
    own = db.station_code
    if own:
        if wanted and set(wanted) != {own}:
            other = next(code for code in wanted if code != own)
            raise DomainError(f"本数据库属于裁决所 {own}，只能统计本所的案件，不能统计裁决所 {other}；"
                              "请在市局监督数据库中统计各所。")
        return "station", [names.get(own) or StationInfo(own, f"裁决所 {own}", "", "")]
    for code in wanted:
        if code not in names:
            codes = "、".join(sorted(names))
            raise DomainError(f"未知的裁决所代码 {code}；可用的代码：{codes}。")
    chosen = [names[c] for c in wanted] if wanted else sorted(names.values(), key=lambda i: i.code)
    return "supervisor", chosen


def _relevant(period: Period, codes: list[str]) -> ColumnElement[bool]:
    """Facts of the cases that can count in the period: received by its end, last event at or after its start."""
    return and_(R.received_on <= period.end, R.last_on >= period.start, R.station.in_(codes))


def compute_statistics(db: Database, query: ReportQuery, *, today: date | None = None,
                       progress: Progress | None = None) -> Statistics:
    """The figures of ``query``, per station and in total; DomainError for a bad period or station."""
    today = today or date.today()
    period = Period.of(query.start, query.end, today)
    scope, stations = report_stations(db, query.stations)
    refresh_facts(db, progress)
    codes = [info.code for info in stations]
    relevant = _relevant(period, codes)
    # COUNT … FILTER (SQLite 3.30+, PostgreSQL): a fifth cheaper on SQLite than SUM(CASE …) over 30 figures
    sums = [func.count().filter(fig.test(period)).label(fig.key) for fig in COUNTED]
    counts: dict[str, Counter[str]] = {code: Counter() for code in codes}
    days: dict[str, list[int]] = {code: [] for code in codes}
    by_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    bins = [0] * len(DURATION_BINS)
    with db.session() as s:
        for row in s.execute(select(R.station, *sums).where(relevant).group_by(R.station)):
            counts[row[0]].update({fig.key: int(row[i + 1] or 0) for i, fig in enumerate(COUNTED)})
        closed = s.execute(select(R.station, R.net_days, func.count()).where(relevant, figure("net_days").test(period))
                           .group_by(R.station, R.net_days))
        for station, net, n in closed:  # a few hundred durations per station, not a row per case
            days[station].extend([int(net or 0)] * int(n))
            bins[duration_bin(int(net or 0))] += int(n)
        received = s.execute(select(R.received_on, R.kind, func.count()).where(
            relevant, R.received_on >= period.start).group_by(R.received_on, R.kind))
        for day, kind, n in received:
            by_month[day.isoformat()[:7]][kind] += int(n)
    rows = tuple(_station_figures(info.code, info.name, counts[info.code], days[info.code]) for info in stations)
    total_counts: Counter[str] = Counter()
    for item in counts.values():
        total_counts.update(item)
    every_day = [d for code in codes for d in days[code]]
    total = _station_figures("", TOTAL, total_counts, every_day)
    notes = _notes(period, today, total)
    return Statistics(query, period, today, scope, rows, total, _months(period),
                      {m: dict(v) for m, v in by_month.items()}, tuple(bins), notes)


def _station_figures(code: str, name: str, counts: Counter[str], days: list[int]) -> StationFigures:
    full = {fig.key: int(counts.get(fig.key, 0)) for fig in COUNTED}
    full["net_days"] = len(days)
    return StationFigures(code, name, full, _average(days), _median(days))


def _notes(period: Period, today: date, total: StationFigures) -> tuple[str, ...]:
    notes = []
    if period.ref != period.end:
        notes.append(f"统计期间尚未结束，在办、超期未结和临近期限按今日（{period.ref}）计算。")
    if not any(total.counts.values()):
        notes.append(f"{period.start} 至 {period.end} 期间没有可统计的案件。")
    return tuple(notes)


# -- the cases behind a figure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which cases to list: those a figure counted, optionally at one station, in one month or duration class."""

    figure: str
    station: str | None = None
    month: str | None = None
    """``YYYY-MM``: cases received in that month (with a received-* figure)."""
    duration: int | None = None
    """Index in DURATION_BINS: closed cases of that net-duration class."""

    def condition(self, period: Period) -> ColumnElement[bool]:
        parts = [figure(self.figure).test(period)]
        if self.station:
            parts.append(R.station == self.station)
        if self.month is not None:
            first = date.fromisoformat(f"{self.month}-01")
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            parts += [R.received_on >= first, R.received_on < following]
        if self.duration is not None:
            _label, low, high = DURATION_BINS[self.duration]
            parts += [R.net_days >= low] + ([R.net_days <= high] if high is not None else [])
        return and_(*parts)


@dataclass(frozen=True)
class CaseLine:
    """One case in a list behind a figure (plain values, for the window, the workbook and JSON)."""

    case_id: uuid.UUID
    case_no: str
    station: str
    kind: str
    status: str
    received: str
    filed: str | None
    closed: str | None
    outcome: str | None
    limit_due: str | None
    net_days: int | None
    parties: str
    patent_no: str
    handler: str
    #: How the code that asked knows the case (``case_lines(with_key=…)``); not part of the line.
    key: Any = field(default=None, compare=False, repr=False)

    @property
    def kind_label(self) -> str:
        return CASE_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return CASE_STATUSES.get(self.status, self.status)

    def to_json(self) -> dict[str, Any]:
        return {"id": str(self.case_id), "case_no": self.case_no, "station": self.station, "kind": self.kind,
                "status": self.status, "received": self.received, "filed": self.filed, "closed": self.closed,
                "outcome": self.outcome, "limit_due": self.limit_due, "net_days": self.net_days,
                "parties": self.parties, "patent_no": self.patent_no, "handler": self.handler}


def _iso(day: date | str | None) -> str | None:
    """A day as ISO text: SQLite's driver hands the stored text over as it is, PostgreSQL's a date."""
    return day if day is None or isinstance(day, str) else day.isoformat()


def _day(column: Any) -> Any:
    return type_coerce(column, String)  # no date object made per value just to be written out as text again


def case_lines(db: Database, where: ColumnElement[bool], *, with_key: Any = None) -> list[CaseLine]:
    """The cases whose facts meet ``where``, as listed (by station, date received and case number).

    ``with_key``: a column whose value is set as each line's ``key`` (how the caller knows the case).
    """
    statement = (select(Case.id, Case.case_no, R.station, R.kind, Case.status, _day(R.received_on),
                        _day(R.filed_on), _day(R.closed_on), R.outcome, _day(R.limit_due), R.net_days,
                        Case.party_summary, Case.patent_no, Case.handler, with_key if with_key is not None else null())
                 .join(R, R.case_id == Case.id).where(where, Case.deleted_at.is_(None))
                 .order_by(R.station, R.received_on, Case.case_year, Case.case_seq))
    with db.session() as s:
        return [CaseLine(r[0], r[1], r[2], r[3], r[4], _iso(r[5]), _iso(r[6]), _iso(r[7]), r[8], _iso(r[9]),
                         r[10], r[11], r[12], r[13], r[14]) for r in s.connection().execute(statement)]


def cases_behind(db: Database, query: ReportQuery, selection: Selection, *, today: date | None = None
                 ) -> list[CaseLine]:
    """The cases a figure counted for ``query`` (optionally narrowed by ``selection``), by station and case number."""
    today = today or date.today()
    figure(selection.figure)
    period = Period.of(query.start, query.end, today)
    _scope, stations = report_stations(db, query.stations)
    if selection.station and selection.station not in {s.code for s in stations}:
        raise DomainError(f"统计范围中没有裁决所 {selection.station}。")
    refresh_facts(db)
    return case_lines(db, and_(_relevant(period, [s.code for s in stations]), selection.condition(period)))


def all_case_lines(db: Database, stats: Statistics) -> list[CaseLine]:
    """Every case counted by any figure of ``stats`` (the workbook's case list)."""
    period = stats.period
    return case_lines(db, and_(_relevant(period, [s.code for s in stats.stations]),
                               or_(*(fig.test(period) for fig in COUNTED))))

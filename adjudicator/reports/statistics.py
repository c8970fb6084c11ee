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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, bindparam, select, text

from adjudicator.cases.inputs import CASE_KINDS, CASE_STATUSES
from adjudicator.errors import DomainError
from adjudicator.procedure.deadline_cache import as_uuid
from adjudicator.reports.facts import CaseFacts, decode, refresh_facts
from adjudicator.reports.figures import (
    COUNTED,
    DURATION_BINS,
    FIGURES,
    Figure,
    Period,
    duration_bin,
    figure,
)
from adjudicator.stations.registry import StationInfo, registry
from adjudicator.store import Database
from adjudicator.store.models import Case

Progress = Callable[[float, str], None]
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
            "period": {"from": self.period.start, "to": self.period.end, "reference_day": self.period.ref},
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
    year, month = int(period.start[:4]), int(period.start[5:7])
    last = period.end[:7]
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


def _relevant_facts(db: Database, period: Period, codes: list[str]) -> list[tuple[uuid.UUID, CaseFacts]]:
    """Facts of the cases that can count in the period: received by its end, last event at or after its start."""
    statement = text(
        "SELECT case_id, facts FROM report_facts WHERE received_on <= :end AND last_on >= :start "
        "AND station IN :stations"
    ).bindparams(bindparam("end", date.fromisoformat(period.end), type_=Date),
                 bindparam("start", date.fromisoformat(period.start), type_=Date),
                 bindparam("stations", expanding=True))
    with db.session() as s:
        rows = s.execute(statement, {"stations": codes}).all()
    return [(as_uuid(case_id), decode(value)) for case_id, value in rows]


def _gated() -> list[tuple[str | None, list[Figure]]]:
    """The counted figures grouped by the date each needs inside the period (None: no such date)."""
    groups: dict[str | None, list[Figure]] = defaultdict(list)
    for fig in COUNTED:
        groups[fig.gate].append(fig)
    return list(groups.items())


def compute_statistics(db: Database, query: ReportQuery, *, today: date | None = None,
                       progress: Progress | None = None) -> Statistics:
    """The figures of ``query``, per station and in total; DomainError for a bad period or station."""
    today = today or date.today()
    period = Period.of(query.start, query.end, today)
    scope, stations = report_stations(db, query.stations)
    refresh_facts(db, progress)
    codes = [info.code for info in stations]
    facts = _relevant_facts(db, period, codes)
    counts: dict[str, Counter[str]] = {code: Counter() for code in codes}
    days: dict[str, list[int]] = {code: [] for code in codes}
    by_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    bins = [0] * len(DURATION_BINS)
    groups = _gated()
    has = period.has
    for _case_id, f in facts:
        counted = counts[f.station]
        for gate, figs in groups:
            if gate is not None and not has(getattr(f, gate)):
                continue
            for fig in figs:
                if fig.test(f, period):
                    counted[fig.key] += 1
        if f.net_days is not None and has(f.closed):
            days[f.station].append(f.net_days)
            bins[duration_bin(f.net_days)] += 1
        if has(f.received):
            by_month[f.received[:7]][f.kind] += 1
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

    def keeps(self, f: CaseFacts, period: Period, fig: Figure) -> bool:
        if self.station and f.station != self.station:
            return False
        if not fig.test(f, period):
            return False
        if self.month is not None and f.received[:7] != self.month:
            return False
        return self.duration is None or (f.net_days is not None and duration_bin(f.net_days) == self.duration)


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


def cases_behind(db: Database, query: ReportQuery, selection: Selection, *, today: date | None = None
                 ) -> list[CaseLine]:
    """The cases a figure counted for ``query`` (optionally narrowed by ``selection``), by station and case number."""
    today = today or date.today()
    fig = figure(selection.figure)
    period = Period.of(query.start, query.end, today)
    _scope, stations = report_stations(db, query.stations)
    if selection.station and selection.station not in {s.code for s in stations}:
        raise DomainError(f"统计范围中没有裁决所 {selection.station}。")
    refresh_facts(db)
    kept = [(cid, f) for cid, f in _relevant_facts(db, period, [s.code for s in stations])
            if selection.keeps(f, period, fig)]
    return case_lines(db, kept)


def case_lines(db: Database, kept: list[tuple[uuid.UUID, CaseFacts]]) -> list[CaseLine]:
    """The listed form of cases whose facts are known (their number, parties and patent read in chunks)."""
    facts = dict(kept)
    lines: list[CaseLine] = []
    ids = list(facts)
    with db.session() as s:
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            rows = s.execute(select(Case.id, Case.case_no, Case.status, Case.party_summary, Case.patent_no,
                                    Case.handler).where(Case.id.in_(chunk))).all()
            for row in rows:
                f = facts[row.id]
                lines.append(CaseLine(row.id, row.case_no, f.station, f.kind, row.status, f.received, f.filed,
                                      f.closed, f.outcome, f.limit_due, f.net_days, row.party_summary,
                                      row.patent_no, row.handler))
    lines.sort(key=lambda c: (c.station, c.received, c.case_no))
    return lines


def all_case_lines(db: Database, stats: Statistics) -> list[CaseLine]:
    """Every case counted by any figure of ``stats`` (the workbook's case list)."""
    period = stats.period
    kept = []
    for cid, f in _relevant_facts(db, period, [s.code for s in stats.stations]):
        if any(fig.test(f, period) for fig in COUNTED):
            kept.append((cid, f))
    return case_lines(db, kept)

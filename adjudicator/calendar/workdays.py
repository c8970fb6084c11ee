"""The working-day calendar (工作日历): public holidays and make-up working days (调休上班).

A **working day** (工作日) is Monday to Friday unless the State Council made it a public
holiday, plus the make-up working days it announces each year, which usually fall on a
Saturday or Sunday. A year whose schedule is known is *announced*; in any other year only
weekends are days off, and every date counted through such a year is *provisional* (暂定):
it must be recomputed once the schedule is published.

The calendar is data, one :class:`CalendarEntry` per day (a database row maps 1:1 to it):
``holiday`` for a day off that would otherwise be worked (days off falling on a weekend may
be recorded too, which changes nothing but lets :meth:`WorkCalendar.holiday_name` name them),
``workday`` for a make-up working day. The seed comes from the ``chinesecalendar`` package,
which knows 2004-2026; later years are added from the State Council notice, typed by a
supervisor into a schedule file and read by :func:`parse_schedule`.

Schedule files (one year's notice as JSON) are read and written by
:mod:`adjudicator.calendar.schedule_file`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import accumulate
from typing import Literal, NamedTuple

import chinese_calendar  # type: ignore[import-untyped]

from adjudicator.errors import DomainError

EntryKind = Literal["holiday", "workday"]

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Years that can be announced; the tables cover them and 30 years after, every other year counts weekends."""


# Names the chinesecalendar package uses for its holidays, in Chinese.
_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class CalendarEntry:
    """One day the State Council schedule changes: a holiday (放假) or a make-up working day (调休上班)."""

    day: date
    kind: EntryKind
    name: str

    def __post_init__(self) -> None:
        if self.kind not in ("holiday", "workday"):
            raise DomainError(
                f"日历记录 {self.day} 的类型应为 holiday（放假）或 workday（调休上班），输入为 {self.kind}。"
            )
        if not self.name.strip():
            raise DomainError(f"日历记录 {self.day} 缺少名称，例如“春节”或“春节调休”。")


class Counted(NamedTuple):
    """A day found by counting, and whether the count passed through a year not yet announced."""

    day: date
    provisional: bool


@dataclass(frozen=True)
class YearSchedule:
    """One year's announced schedule, as read from a schedule file: its entries sorted by day."""

    year: int
    entries: tuple[CalendarEntry, ...]


class WorkCalendar:
    """Which days are working days; immutable and hashable, every count O(1) near the announced years.

    Built from the entries and the set of years whose schedule is announced. Entries dated
    in a year that is not announced are kept but not honoured: such years count weekends only.
    """

    __slots__ = (
        "_announced",
        "_base",
        "_by_day",
        "_by_year",
        "_cum",
        "_hash",
        "_nth",
        "_pcum",
        "_size",
        "_sure",
        "_unsure",
        "_work",
    )

    def __init__(self, entries: Iterable[CalendarEntry], announced_years: Iterable[int]) -> None:
        by_day: dict[date, CalendarEntry] = {}
        for entry in entries:
            earlier = by_day.get(entry.day)
            if earlier is not None:
                raise DomainError(
                    f"日历中 {entry.day} 有两条记录（{earlier.name}、{entry.name}），每天只能有一条。"
                )
            by_day[entry.day] = entry
        by_year: dict[int, list[CalendarEntry]] = {}
        for day in sorted(by_day):
            by_year.setdefault(day.year, []).append(by_day[day])
        self._by_day = by_day
        self._by_year = {year: tuple(found) for year, found in by_year.items()}
        self._announced = frozenset(announced_years)
        for year in self._announced:
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise DomainError(f"{year} 年超出日历支持的范围（{FIRST_YEAR}–{LAST_YEAR} 年）。")
        self._hash = hash((frozenset(by_day.values()), self._announced))
        self._build_tables()

    def _build_tables(self) -> None:
        """Precompute, over the announced years and 30 after, the answer to every count.

        For day ``i`` of the span (ordinal ``_base + i``): ``_work[i]`` is 1 on a working day,
        ``_cum[i]`` the number of working days before it, ``_pcum[i]`` the number of days before
        it in unannounced years. ``_nth[k]`` is the index of the k-th working day, and ``_sure[k]``
        and ``_unsure[k]`` are the ready-made answers naming it. Outside the span every year is unannounced
        and counting walks day by day.
        """
        first = min(self._announced, default=2000) - 1
        last = max(self._announced, default=2000) + 30
        self._base = date(first, 1, 1).toordinal()
        kinds = {day.toordinal(): e.kind for day, e in self._by_day.items() if day.year in self._announced}
        work = bytearray()
        provisional = bytearray()
        for year in range(first, last + 1):
            announced = year in self._announced
            for ordinal in range(date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()):
                weekday_worked = (ordinal - 1) % 7 < 5
                kind = kinds.get(ordinal) if announced else None
                work.append(kind == "workday" or (weekday_worked and kind != "holiday"))
                provisional.append(not announced)
        self._work = bytes(work)
        self._size = len(work)
        self._cum = list(accumulate(work, initial=0))
        self._pcum = list(accumulate(provisional, initial=0))
        self._nth = [i for i, worked in enumerate(work) if worked]
        days = [date.fromordinal(self._base + i) for i in self._nth]
        self._sure = [Counted(day, False) for day in days]
        self._unsure = [Counted(day, True) for day in days]

    # -- questions about one day ------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day (in an unannounced year: whether it is Monday-Friday)."""
        i = day.toordinal() - self._base
        if 0 <= i < self._size:
            return self._work[i] == 1
        return day.weekday() < 5

    def is_provisional_year(self, year: int) -> bool:
        """Whether ``year`` has no announced schedule, so its dates are counted on weekends alone."""
        return year not in self._announced

    def holiday_name(self, day: date) -> str | None:
        """The holiday ``day`` belongs to (春节, 国庆节…), or None; None in an unannounced year."""
        entry = self._by_day.get(day)
        if entry is None or entry.kind != "holiday" or day.year not in self._announced:
            return None
        return entry.name

    def entry_on(self, day: date) -> CalendarEntry | None:
        """The recorded entry for ``day``, honoured or not."""
        return self._by_day.get(day)

    def entries_in(self, year: int) -> tuple[CalendarEntry, ...]:
        """The entries dated in ``year``, sorted by day."""
        return self._by_year.get(year, ())

    @property
    def entries(self) -> tuple[CalendarEntry, ...]:
        """All entries, sorted by day."""
        return tuple(entry for year in sorted(self._by_year) for entry in self._by_year[year])

    @property
    def announced_years(self) -> frozenset[int]:
        return self._announced

    # -- counting -------------------------------------------------------------------------------

    def add_workdays(self, day: date, n: int) -> Counted:
        """The n-th working day strictly after ``day`` (n >= 1)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        i = day.toordinal() - self._base
        if 0 <= i < self._size:
            k = self._cum[i + 1] + n - 1
            if k < len(self._nth):
                pcum = self._pcum
                unsure = pcum[self._nth[k] + 1] - pcum[i + 1]
                return self._unsure[k] if unsure else self._sure[k]
        return self._walk(day.toordinal(), n, +1)

    def workdays_before(self, day: date, n: int) -> Counted:
        """The n-th working day strictly before ``day`` (n >= 1)."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        i = day.toordinal() - self._base
        if 0 <= i < self._size:
            k = self._cum[i] - n
            if k >= 0:
                pcum = self._pcum
                unsure = pcum[i] - pcum[self._nth[k]]
                return self._unsure[k] if unsure else self._sure[k]
        return self._walk(day.toordinal(), n, -1)

    def roll_forward(self, day: date) -> Counted:
        """``day`` if it is a working day, else the first working day after it."""
        return self._roll(day.toordinal())

    def add_days(self, day: date, n: int) -> Counted:
        """``day`` + n calendar days, rolled forward to a working day (n >= 0)."""
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        return self._roll(day.toordinal() + n)

    def _roll(self, ordinal: int) -> Counted:
        i = ordinal - self._base
        if 0 <= i < self._size:
            k = self._cum[i]
            if k < len(self._nth):
                pcum = self._pcum
                unsure = pcum[self._nth[k] + 1] - pcum[i]
                return self._unsure[k] if unsure else self._sure[k]
        if not 1 <= ordinal <= date.max.toordinal():
            raise DomainError("日期超出可计算的范围（公元 1 年至 9999 年）。")
        day = date.fromordinal(ordinal)
        if self.is_workday(day):
            return Counted(day, self.is_provisional_year(day.year))
        return self._walk(ordinal, 1, +1)

    def _walk(self, ordinal: int, n: int, step: int) -> Counted:
        """Count day by day: the slow path for dates outside the precomputed span."""
        years: set[int] = set()
        try:
            while n:
                ordinal += step
                day = date.fromordinal(ordinal)
                years.add(day.year)
                n -= self.is_workday(day)
        except (ValueError, OverflowError):
            raise DomainError("日期超出可计算的范围（公元 1 年至 9999 年）。") from None
        return Counted(day, any(year not in self._announced for year in years))

    # -- changing the schedule --------------------------------------------------------------------

    def with_schedule(self, schedule: YearSchedule) -> WorkCalendar:
        """A new calendar with ``schedule`` replacing its year and announcing it."""
        named = {entry.day for entry in schedule.entries}
        kept = [e for e in self._by_day.values() if e.day.year != schedule.year and e.day not in named]
        return WorkCalendar([*kept, *schedule.entries], self._announced | {schedule.year})

    def schedule_for(self, year: int) -> YearSchedule:
        """The recorded schedule of an announced year, e.g. to export, correct and import again."""
        if year not in self._announced:
            raise DomainError(f"{year} 年的假日安排尚未公布，无法导出；请先导入国务院公布的安排。")
        return YearSchedule(year, self.entries_in(year))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return self._announced == other._announced and self._by_day == other._by_day

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        years = sorted(self._announced)
        shown = f"{years[0]}-{years[-1]}" if years else "none"
        return f"<WorkCalendar announced={shown} ({len(years)} years), {len(self._by_day)} entries>"


# -- the seed ------------------------------------------------------------------------------------


def seed_entries_from_chinesecalendar(
    first: int = 2004, last: int = 2026
) -> tuple[list[CalendarEntry], set[int]]:
    """Entries and announced years for ``first``..``last`` from the ``chinesecalendar`` package."""
    known = sorted({day.year for day in chinese_calendar.holidays})
    missing = [year for year in range(first, last + 1) if year not in known]
    if missing:
        raise DomainError(
            f"chinesecalendar 只有 {known[0]}–{known[-1]} 年的假日安排，没有 {missing[0]} 年；"
            "请导入国务院公布的该年安排。"
        )
    entries = [
        CalendarEntry(day, "holiday", _chinese_name(name))
        for day, name in chinese_calendar.holidays.items()
        if first <= day.year <= last
    ]
    entries += [
        CalendarEntry(day, "workday", f"{_chinese_name(name)}调休")
        for day, name in chinese_calendar.workdays.items()
        if first <= day.year <= last
    ]
    entries.sort(key=lambda entry: entry.day)
    return entries, set(range(first, last + 1))


def _chinese_name(package_name: str) -> str:
    return _PACKAGE_NAMES.get(package_name, package_name)


@cache
def default_calendar() -> WorkCalendar:
    """The calendar seeded from ``chinesecalendar`` alone (2004-2026), built once."""
    entries, years = seed_entries_from_chinesecalendar()
    return WorkCalendar(entries, years)

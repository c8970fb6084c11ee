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

Schedule file (UTF-8 JSON, one year per file; the dates here are only an illustration)::

    {
      "year": 2027,
      "holidays": [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
        {"name": "春节", "from": "2027-02-06", "to": "2027-02-14"}
      ],
      "workdays": [
        {"date": "2027-02-20", "name": "春节调休"}
      ]
    }

- ``holidays``: every holiday period of the notice, first and last day inclusive, weekend
  days inside the period included. A period must contain at least one day of ``year`` and
  may cross New Year (the notice for 2019 gave 元旦 as 2018-12-30 to 2019-01-01); periods
  must not overlap and none is longer than 15 days.
- ``workdays``: the make-up working days, each a Saturday or Sunday, in ``year`` or in the
  last 7 days of the year before (the notice for 2019 made 2018-12-29 a working day).
  ``name`` is optional (default 调休上班). The list may be empty.
- Dates are written ``YYYY-MM-DD``. Importing a schedule replaces everything recorded for
  that year, and whatever was recorded on the days it names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Any, Literal, NamedTuple

import chinese_calendar  # type: ignore[import-untyped]

from adjudicator.errors import DomainError

EntryKind = Literal["holiday", "workday"]

LONGEST_HOLIDAY_DAYS = 15
"""No announced holiday period has been longer than 10 days; 15 catches typed-in typos."""

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""Years that can be announced; the tables cover them and 30 years after, every other year counts weekends."""

MAKEUP_DAYS_BEFORE_YEAR = 7
"""How far into the previous December a notice may place a make-up working day."""

_WEEKDAYS = "一二三四五六日"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

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


# -- schedule files --------------------------------------------------------------------------------


def parse_schedule(text: str) -> YearSchedule:
    """Read a schedule file (format in the module docstring); DomainError says what is wrong and where."""
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise DomainError(
            f"假日安排文件不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列有误（{error.msg}），"
            "请检查引号、逗号和括号。"
        ) from None
    year, holidays, workdays = _top_level(document)
    by_day: dict[date, tuple[int, str]] = {}
    entries: list[CalendarEntry] = []
    for number, item in enumerate(holidays, start=1):
        name, start, end = _holiday(item, number, year)
        for offset in range((end - start).days + 1):
            day = start + timedelta(days=offset)
            if day in by_day:
                other, other_name = by_day[day]
                raise DomainError(
                    f"第 {number} 个假期（{name}）与第 {other} 个假期（{other_name}）在 {day} 重叠。"
                )
            by_day[day] = (number, name)
            entries.append(CalendarEntry(day, "holiday", name))
    seen: dict[date, int] = {}
    for number, item in enumerate(workdays, start=1):
        day, name = _makeup_day(item, number, year)
        if day in seen:
            raise DomainError(f"调休上班日 {day} 重复出现（第 {seen[day]} 个和第 {number} 个）。")
        if day in by_day:
            other, other_name = by_day[day]
            raise DomainError(f"第 {number} 个调休上班日 {day} 同时在第 {other} 个假期（{other_name}）之内。")
        seen[day] = number
        entries.append(CalendarEntry(day, "workday", name))
    entries.sort(key=lambda entry: entry.day)
    return YearSchedule(year, tuple(entries))


def _top_level(document: Any) -> tuple[int, list[Any], list[Any]]:
    keys = {"year": "年份", "holidays": "假期列表", "workdays": "调休上班日列表"}
    if not isinstance(document, dict):
        raise DomainError('假日安排文件的最外层应为一个对象：{"year": …, "holidays": […], "workdays": […]}。')
    _refuse_unknown_keys(document, keys, "假日安排文件")
    for key, label in keys.items():
        if key not in document:
            raise DomainError(f"假日安排文件缺少{label}（{key}）。")
    year = document["year"]
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        shown = json.dumps(year, ensure_ascii=False)
        raise DomainError(
            f"year 应为 {FIRST_YEAR}–{LAST_YEAR} 之间的年份数字，例如 2027（不加引号），输入为 {shown}。"
        )
    holidays, workdays = document["holidays"], document["workdays"]
    if not isinstance(holidays, list) or not isinstance(workdays, list):
        raise DomainError("holidays 和 workdays 都应为列表 […]（没有调休上班日时写 []）。")
    if not holidays:
        raise DomainError("假期列表（holidays）为空：国务院的安排至少列出一个假期。")
    return year, holidays, workdays


def _holiday(item: Any, number: int, year: int) -> tuple[str, date, date]:
    what = f"第 {number} 个假期"
    keys = {"name": "名称", "from": "开始日期", "to": "结束日期"}
    if not isinstance(item, dict):
        raise DomainError(f'{what}应写成 {{"name": "春节", "from": "…", "to": "…"}} 的形式。')
    _refuse_unknown_keys(item, keys, what)
    for key, label in keys.items():
        if key not in item:
            raise DomainError(f"{what}缺少{label}（{key}）。")
    name = item["name"]
    if not isinstance(name, str) or not name.strip():
        raise DomainError(f"{what}的名称应为文字，例如“春节”。")
    name = name.strip()
    start = _parse_day(item["from"], f"{what}的开始日期")
    end = _parse_day(item["to"], f"{what}的结束日期")
    if start > end:
        raise DomainError(f"{what}（{name}）的开始日期 {start} 晚于结束日期 {end}。")
    if end.year < year or start.year > year:
        raise DomainError(f"{what}（{name}）{start} 至 {end} 不在 {year} 年内。")
    length = (end - start).days + 1
    if length > LONGEST_HOLIDAY_DAYS:
        raise DomainError(
            f"{what}（{name}）从 {start} 到 {end} 共 {length} 天，超过 {LONGEST_HOLIDAY_DAYS} 天，请核对日期。"
        )
    return name, start, end


def _makeup_day(item: Any, number: int, year: int) -> tuple[date, str]:
    what = f"第 {number} 个调休上班日"
    if not isinstance(item, dict):
        raise DomainError(f'{what}应写成 {{"date": "…", "name": "春节调休"}} 的形式。')
    _refuse_unknown_keys(item, {"date": "日期", "name": "名称"}, what)
    if "date" not in item:
        raise DomainError(f"{what}缺少日期（date）。")
    day = _parse_day(item["date"], f"{what}的日期")
    name = item.get("name", "调休上班")
    if not isinstance(name, str) or not name.strip():
        raise DomainError(f"{what}的名称应为文字，例如“春节调休”。")
    earliest = date(year, 1, 1) - timedelta(days=MAKEUP_DAYS_BEFORE_YEAR)
    if not earliest <= day <= date(year, 12, 31):
        raise DomainError(f"{what} {day} 不在 {year} 年内。")
    if day.weekday() < 5:
        raise DomainError(
            f"{what} {day} 是星期{_WEEKDAYS[day.weekday()]}，本来就是工作日；调休上班日应为星期六或星期日，请核对通知。"
        )
    return day, name.strip()


def _parse_day(value: Any, what: str) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DomainError(f"{what} {_shown(value)} 不是有效日期，请写成 2027-01-01 这样的格式。")


def _refuse_unknown_keys(mapping: dict[str, Any], keys: dict[str, str], what: str) -> None:
    unknown = [key for key in mapping if key not in keys]
    if unknown:
        allowed = "、".join(f"{key}（{label}）" for key, label in keys.items())
        raise DomainError(f"{what}含有无法识别的项“{unknown[0]}”；可用的项：{allowed}。")


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def schedule_to_json(schedule: YearSchedule) -> str:
    """The schedule as a schedule file: consecutive holiday days of one name become one period."""
    holidays: list[dict[str, str]] = []
    previous: CalendarEntry | None = None
    for entry in schedule.entries:
        if entry.kind != "holiday":
            continue
        joins = (
            previous is not None and previous.name == entry.name and entry.day - previous.day == timedelta(1)
        )
        if joins:
            holidays[-1]["to"] = entry.day.isoformat()
        else:
            holidays.append({"name": entry.name, "from": entry.day.isoformat(), "to": entry.day.isoformat()})
        previous = entry
    workdays = [{"date": e.day.isoformat(), "name": e.name} for e in schedule.entries if e.kind == "workday"]
    return (
        f'{{\n  "year": {schedule.year},\n  "holidays": {_json_list(holidays)},\n'
        f'  "workdays": {_json_list(workdays)}\n}}\n'
    )


def _json_list(items: list[dict[str, str]]) -> str:
    """A JSON list with one object per line, the way a supervisor types it."""
    if not items:
        return "[]"
    lines = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in items)
    return f"[\n{lines}\n  ]"

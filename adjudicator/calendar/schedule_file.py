"""Schedule files (假日安排文件): one year's State Council notice, typed by a supervisor as JSON.

:func:`parse_schedule` reads one and refuses anything doubtful with a sentence saying what and
where; :func:`schedule_to_json` writes a year of the calendar back in the same form (for export
and for checking what was imported). The calendar itself is :mod:`adjudicator.calendar.workdays`.

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
from datetime import date, timedelta
from typing import Any

from adjudicator.calendar.workdays import FIRST_YEAR, LAST_YEAR, CalendarEntry, YearSchedule
from adjudicator.errors import DomainError

LONGEST_HOLIDAY_DAYS = 15
"""No announced holiday period has been longer than 10 days; 15 catches typed-in typos."""

MAKEUP_DAYS_BEFORE_YEAR = 7
"""How far into the previous December a notice may place a make-up working day."""

_WEEKDAYS = "一二三四五六日"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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

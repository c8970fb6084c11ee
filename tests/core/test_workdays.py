"""The working-day calendar: official schedules 2024-2026, provisional years, schedule files.

Expected dates are worked out by hand from the State Council notices (weekday of each date
noted in the comments), not taken from the code.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adjudicator.errors import DomainError
from adjudicator.calendar.workdays import (
    CalendarEntry,
    Counted,
    WorkCalendar,
    YearSchedule,
    default_calendar,
    seed_entries_from_chinesecalendar,
)
from adjudicator.calendar.schedule_file import parse_schedule, schedule_to_json

D = date
CAL = default_calendar()

# A made-up 2027 schedule for tests (the real one is not published yet): 2027-01-01 is a Friday.
SCHEDULE_2027 = """{
  "year": 2027,
  "holidays": [
    {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
    {"name": "春节", "from": "2027-02-06", "to": "2027-02-14"}
  ],
  "workdays": [
    {"date": "2027-02-20", "name": "春节调休"}
  ]
}"""


def schedule_text(holidays: list[Any], workdays: list[Any] | None = None) -> str:
    return json.dumps({"year": 2027, "holidays": holidays, "workdays": workdays or []}, ensure_ascii=False)


def refusal(text: str) -> str:
    with pytest.raises(DomainError) as caught:
        parse_schedule(text)
    return str(caught.value)


# -- which days are working days -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        (D(2026, 2, 14), True),  # Saturday, make-up working day before Spring Festival
        (D(2026, 2, 15), False),  # Sunday inside the holiday
        (D(2026, 2, 16), False),  # Monday inside the holiday
        (D(2026, 2, 23), False),  # Monday, last holiday day
        (D(2026, 2, 24), True),  # Tuesday, back to work
        (D(2026, 2, 28), True),  # Saturday, make-up working day after
        (D(2026, 3, 1), False),  # ordinary Sunday
        (D(2026, 1, 4), True),  # Sunday, make-up for New Year
        (D(2026, 10, 10), True),  # Saturday, make-up for National Day
        (D(2026, 10, 7), False),  # Wednesday, National Day holiday
        (D(2025, 10, 6), False),  # Monday, Mid-autumn inside National Day
        (D(2025, 10, 11), True),  # Saturday, make-up
        (D(2025, 4, 27), True),  # Sunday, Labour Day make-up
        (D(2024, 2, 4), True),  # Sunday, Spring Festival make-up
        (D(2024, 2, 18), True),  # Sunday, Spring Festival make-up
        (D(2024, 5, 11), True),  # Saturday, Labour Day make-up
        (D(2024, 6, 10), False),  # Monday, Dragon Boat Festival
        (D(2024, 10, 12), True),  # Saturday, National Day make-up
    ],
)
def test_official_schedules_2024_to_2026(day: date, worked: bool) -> None:
    assert CAL.is_workday(day) is worked


def test_every_seeded_day_agrees_with_chinesecalendar() -> None:
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert CAL.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_holiday_names_are_chinese() -> None:
    assert CAL.holiday_name(D(2026, 2, 15)) == "春节"
    assert CAL.holiday_name(D(2025, 10, 6)) == "中秋节"
    assert CAL.holiday_name(D(2025, 10, 7)) == "国庆节"
    assert CAL.holiday_name(D(2024, 4, 4)) == "清明节"
    assert CAL.holiday_name(D(2015, 9, 3)) == "抗战胜利纪念日"
    assert CAL.holiday_name(D(2026, 2, 14)) is None  # a make-up working day is no holiday
    assert CAL.holiday_name(D(2026, 3, 3)) is None
    entry = CAL.entry_on(D(2026, 2, 14))
    assert entry == CalendarEntry(D(2026, 2, 14), "workday", "春节调休")


def test_entries_of_2026_match_the_notice() -> None:
    entries = CAL.entries_in(2026)
    holidays = [e.day for e in entries if e.kind == "holiday"]
    workdays = [e.day for e in entries if e.kind == "workday"]
    # 01-01..03, 02-15..23, 04-04..06, 05-01..05, 06-19..21, 09-25..27, 10-01..07
    assert len(holidays) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert workdays == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert holidays == sorted(holidays)


# -- counting ----------------------------------------------------------------------------------------


def test_worked_examples() -> None:
    assert CAL.add_workdays(D(2026, 2, 13), 5) == Counted(D(2026, 2, 27), False)
    assert CAL.add_days(D(2026, 2, 1), 15) == Counted(D(2026, 2, 24), False)
    assert CAL.add_days(D(2026, 1, 30), 15) == Counted(D(2026, 2, 14), False)
    assert CAL.workdays_before(D(2026, 2, 24), 3) == Counted(D(2026, 2, 12), False)


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 2024 Spring Festival: 02-10..17 off, Sun 02-04 and Sun 02-18 worked.
        (D(2024, 2, 3), 1, D(2024, 2, 4)),
        (D(2024, 2, 8), 5, D(2024, 2, 21)),  # Fri 09, Sun 18, Mon 19, 20, 21
        # 2024 Labour Day: 05-01..05 off, Sun 04-28 and Sat 05-11 worked.
        (D(2024, 4, 26), 5, D(2024, 5, 7)),  # Sun 28, 29, 30, Mon 06, 07
        # 2024 National Day: 10-01..07 off, Sun 09-29 and Sat 10-12 worked.
        (D(2024, 9, 27), 5, D(2024, 10, 10)),  # Sun 29, 30, Tue 08, 09, 10
        (D(2024, 9, 13), 1, D(2024, 9, 14)),  # Sat 09-14, Mid-autumn make-up
        # 2025 Spring Festival: 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked.
        (D(2025, 1, 24), 5, D(2025, 2, 7)),  # Sun 26, Mon 27, Wed 05, 06, 07
        (D(2025, 1, 24), 6, D(2025, 2, 8)),
        # 2025 Labour Day: 05-01..05 off, Sun 04-27 worked.
        (D(2025, 4, 25), 5, D(2025, 5, 6)),  # Sun 27, 28, 29, 30, Tue 06
        # 2025 National Day and Mid-autumn: 10-01..08 off, Sun 09-28 and Sat 10-11 worked.
        (D(2025, 9, 26), 5, D(2025, 10, 10)),  # Sun 28, 29, 30, Thu 09, 10
        (D(2025, 9, 26), 6, D(2025, 10, 11)),
        # 2026 New Year: 01-01..03 off, Sun 01-04 worked.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # 2026 Spring Festival with both make-up Saturdays.
        (D(2026, 2, 13), 10, D(2026, 3, 5)),  # 14, 24, 25, 26, 27, Sat 28, Mon 03-02, 03, 04, 05
        # 2026 Labour Day: 05-01..05 off, Sat 05-09 worked.
        (D(2026, 4, 30), 5, D(2026, 5, 11)),  # Wed 06, 07, 08, Sat 09, Mon 11
        # 2026 National Day: 10-01..07 off, Sat 10-10 worked; Sun 09-20 worked before Mid-autumn.
        (D(2026, 9, 30), 5, D(2026, 10, 13)),  # Thu 08, 09, Sat 10, Mon 12, 13
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
    ],
)
def test_add_workdays_across_holidays(start: date, n: int, due: date) -> None:
    assert CAL.add_workdays(start, n) == Counted(due, False)


@pytest.mark.parametrize(
    ("before", "n", "due"),
    [
        (D(2024, 2, 19), 3, D(2024, 2, 8)),  # Sun 02-18 worked, then Fri 09, Thu 08
        (D(2024, 5, 13), 3, D(2024, 5, 9)),  # Sat 05-11 worked, Fri 10, Thu 09
        (D(2025, 2, 5), 3, D(2025, 1, 24)),  # Mon 01-27, Sun 01-26, Fri 01-24
        (D(2026, 5, 6), 3, D(2026, 4, 28)),  # 04-30, 04-29, 04-28
        (D(2026, 1, 5), 2, D(2025, 12, 31)),  # Sun 01-04 worked, then New Year off, 12-31
    ],
)
def test_workdays_before_across_holidays(before: date, n: int, due: date) -> None:
    assert CAL.workdays_before(before, n) == Counted(due, False)


def test_roll_forward() -> None:
    assert CAL.roll_forward(D(2026, 3, 2)) == Counted(D(2026, 3, 2), False)  # already a working day
    assert CAL.roll_forward(D(2026, 2, 14)) == Counted(D(2026, 2, 14), False)  # make-up Saturday
    assert CAL.roll_forward(D(2026, 2, 15)).day == D(2026, 2, 24)
    assert CAL.roll_forward(D(2024, 4, 6)).day == D(2024, 4, 7)  # Qingming ends Sat, Sun 04-07 worked
    assert CAL.roll_forward(D(2026, 3, 15)).day == D(2026, 3, 16)  # plain Sunday


def test_counts_refuse_a_non_positive_count() -> None:
    with pytest.raises(ValueError):
        CAL.add_workdays(D(2026, 3, 2), 0)
    with pytest.raises(ValueError):
        CAL.workdays_before(D(2026, 3, 2), 0)
    with pytest.raises(ValueError):
        CAL.add_days(D(2026, 3, 2), -1)


# -- provisional years ---------------------------------------------------------------------------------


def test_unannounced_year_counts_weekends_only_and_is_provisional() -> None:
    assert CAL.is_provisional_year(2027)
    assert not CAL.is_provisional_year(2026)
    assert CAL.is_workday(D(2027, 1, 1))  # a Friday: New Year unknown until announced
    assert not CAL.is_workday(D(2027, 1, 2))
    # Mon 2026-12-28: 29, 30, 31, then Fri 2027-01-01, Mon 01-04.
    assert CAL.add_workdays(D(2026, 12, 28), 5) == Counted(D(2027, 1, 4), True)
    # Staying within 2026 is not provisional even at the end of the year.
    assert CAL.add_workdays(D(2026, 12, 21), 5) == Counted(D(2026, 12, 28), False)
    assert CAL.add_days(D(2026, 12, 10), 15) == Counted(D(2026, 12, 25), False)
    assert CAL.add_days(D(2026, 12, 20), 15) == Counted(D(2027, 1, 4), True)


def test_an_announced_schedule_makes_2027_exact() -> None:
    announced = CAL.with_schedule(parse_schedule(SCHEDULE_2027))
    assert not announced.is_provisional_year(2027)
    assert not announced.is_workday(D(2027, 1, 1))
    assert announced.is_workday(D(2027, 2, 20))  # make-up Saturday
    assert announced.add_workdays(D(2026, 12, 28), 5) == Counted(D(2027, 1, 5), False)
    assert announced.workdays_before(D(2027, 1, 5), 3) == Counted(D(2026, 12, 30), False)
    assert CAL.workdays_before(D(2027, 1, 5), 3) == Counted(D(2026, 12, 31), True)
    # Before the schedule 02-08 (Mon) was a working day; now the Spring Festival.
    assert CAL.add_workdays(D(2027, 2, 5), 1) == Counted(D(2027, 2, 8), True)
    assert announced.add_workdays(D(2027, 2, 5), 1) == Counted(D(2027, 2, 15), False)
    assert announced.holiday_name(D(2027, 2, 8)) == "春节"
    assert CAL.is_provisional_year(2027)  # the original calendar is unchanged


def test_dates_far_outside_the_seed_fall_back_to_weekends() -> None:
    # 1990-01-05 is a Friday; 1990 is unannounced.
    assert CAL.add_workdays(D(1990, 1, 5), 1) == Counted(D(1990, 1, 8), True)
    assert CAL.workdays_before(D(1990, 1, 8), 1) == Counted(D(1990, 1, 5), True)
    assert CAL.roll_forward(D(1990, 1, 6)) == Counted(D(1990, 1, 8), True)
    assert CAL.add_workdays(D(2200, 1, 2), 1) == Counted(D(2200, 1, 3), True)  # Thu -> Fri
    with pytest.raises(DomainError, match="超出可计算的范围"):
        CAL.add_workdays(date.max, 1)


def test_a_calendar_without_announced_years_is_all_provisional() -> None:
    bare = WorkCalendar([], set())
    assert bare.add_workdays(D(2026, 2, 13), 5) == Counted(D(2026, 2, 20), True)
    assert bare.is_workday(D(2026, 2, 16))


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2080, 12, 31)), st.integers(1, 40))
def test_counting_matches_walking_day_by_day(start: date, n: int) -> None:
    found = CAL.add_workdays(start, n)
    walked = [start + timedelta(days=k) for k in range(1, (found.day - start).days + 1)]
    assert sum(CAL.is_workday(day) for day in walked) == n
    assert CAL.is_workday(found.day)
    assert found.provisional == any(CAL.is_provisional_year(day.year) for day in walked)
    back = CAL.workdays_before(found.day, n)
    assert back.day <= start and CAL.is_workday(back.day)
    assert not any(CAL.is_workday(start + timedelta(days=k)) for k in range((back.day - start).days + 1, 1))


# -- the calendar as data --------------------------------------------------------------------------------


def test_calendars_are_values() -> None:
    entries, years = seed_entries_from_chinesecalendar()
    again = WorkCalendar(entries, years)
    assert again == CAL and hash(again) == hash(CAL)
    assert {again: 1}[CAL] == 1
    assert CAL.with_schedule(parse_schedule(SCHEDULE_2027)) != CAL
    assert years == set(range(2004, 2027))
    assert CAL.announced_years == frozenset(range(2004, 2027))


def test_a_day_can_have_only_one_entry() -> None:
    with pytest.raises(DomainError, match="2026-02-14 有两条记录"):
        WorkCalendar(
            [
                CalendarEntry(D(2026, 2, 14), "workday", "春节调休"),
                CalendarEntry(D(2026, 2, 14), "holiday", "春节"),
            ],
            {2026},
        )


def test_entries_of_an_unannounced_year_are_kept_but_not_honoured() -> None:
    cal = WorkCalendar([CalendarEntry(D(2027, 1, 4), "holiday", "元旦")], {2026})
    assert cal.is_workday(D(2027, 1, 4))
    assert cal.holiday_name(D(2027, 1, 4)) is None
    assert cal.entry_on(D(2027, 1, 4)) is not None
    assert cal.entries_in(2027) == (CalendarEntry(D(2027, 1, 4), "holiday", "元旦"),)


def test_announced_years_must_be_plausible() -> None:
    with pytest.raises(DomainError, match="9000 年超出日历支持的范围"):
        WorkCalendar([], {2026, 9000})


def test_entries_are_checked() -> None:
    with pytest.raises(DomainError, match="缺少名称"):
        CalendarEntry(D(2026, 1, 1), "holiday", " ")
    with pytest.raises(DomainError, match="类型应为 holiday"):
        CalendarEntry(D(2026, 1, 1), "vacation", "元旦")  # type: ignore[arg-type]


def test_seed_refuses_years_the_package_does_not_know() -> None:
    with pytest.raises(DomainError, match="没有 2027 年"):
        seed_entries_from_chinesecalendar(2020, 2027)
    entries, years = seed_entries_from_chinesecalendar(2025, 2025)
    assert years == {2025} and {e.day.year for e in entries} == {2025}


def test_with_schedule_replaces_the_year() -> None:
    corrected = parse_schedule(schedule_text([{"name": "国庆节", "from": "2027-10-01", "to": "2027-10-07"}]))
    first = CAL.with_schedule(parse_schedule(SCHEDULE_2027))
    second = first.with_schedule(corrected)
    assert second.is_workday(D(2027, 1, 1))  # Friday: the corrected schedule has no New Year
    assert not second.is_workday(D(2027, 10, 1))
    assert second.entries_in(2027) == corrected.entries
    assert second.entries_in(2026) == CAL.entries_in(2026)


def test_a_new_year_holiday_may_begin_in_december() -> None:
    # Like the notice for 2019: 2018-12-30..2019-01-01 off, Saturday 2018-12-29 worked.
    schedule = parse_schedule(
        json.dumps(
            {
                "year": 2019,
                "holidays": [{"name": "元旦", "from": "2018-12-30", "to": "2019-01-01"}],
                "workdays": [{"date": "2018-12-29", "name": "元旦调休"}],
            }
        )
    )
    bare = WorkCalendar([], set(range(2018, 2020)))
    cal = bare.with_schedule(schedule)
    assert cal.is_workday(D(2018, 12, 29))
    assert not cal.is_workday(D(2018, 12, 31))
    assert cal.add_workdays(D(2018, 12, 28), 2) == Counted(D(2019, 1, 2), False)


def test_schedule_for_exports_an_announced_year_only() -> None:
    assert CAL.schedule_for(2026).entries == CAL.entries_in(2026)
    with pytest.raises(DomainError, match="2027 年的假日安排尚未公布"):
        CAL.schedule_for(2027)


# -- schedule files -------------------------------------------------------------------------------------


def test_parse_the_documented_format() -> None:
    schedule = parse_schedule(SCHEDULE_2027)
    assert schedule.year == 2027
    assert len(schedule.entries) == 3 + 9 + 1
    assert schedule.entries[0] == CalendarEntry(D(2027, 1, 1), "holiday", "元旦")
    assert CalendarEntry(D(2027, 2, 20), "workday", "春节调休") in schedule.entries
    assert [e.day for e in schedule.entries] == sorted(e.day for e in schedule.entries)


def test_parse_accepts_a_byte_order_mark_and_a_nameless_workday() -> None:
    text = "\ufeff" + schedule_text(
        [{"name": "春节", "from": "2027-02-06", "to": "2027-02-14"}], [{"date": "2027-02-20"}]
    )
    assert CalendarEntry(D(2027, 2, 20), "workday", "调休上班") in parse_schedule(text).entries


def test_round_trip_through_json() -> None:
    schedule = parse_schedule(SCHEDULE_2027)
    assert parse_schedule(schedule_to_json(schedule)) == schedule
    for year in (2015, 2024, 2025, 2026):
        assert parse_schedule(schedule_to_json(CAL.schedule_for(year))) == CAL.schedule_for(year)
    exported = json.loads(schedule_to_json(CAL.schedule_for(2026)))
    assert exported["holidays"][1] == {"name": "春节", "from": "2026-02-15", "to": "2026-02-23"}
    assert {"date": "2026-02-28", "name": "春节调休"} in exported["workdays"]


def test_malformed_json_names_the_line() -> None:
    text = '{\n  "year": 2027,\n  "holidays": [\n    {"name": "元旦" "from": "2027-01-01"}\n  ]\n}'
    message = refusal(text)
    assert "不是有效的 JSON" in message and "第 4 行" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[]", "最外层应为一个对象"),
        ('{"year": 2027, "holidays": []}', "缺少调休上班日列表（workdays）"),
        ('{"holidays": [], "workdays": []}', "缺少年份（year）"),
        ('{"year": 2027, "holiday": [], "workdays": []}', "无法识别的项“holiday”"),
        ('{"year": "2027", "holidays": [], "workdays": []}', '（不加引号），输入为 "2027"'),
        ('{"year": true, "holidays": [], "workdays": []}', "year 应为 1900–2200 之间的年份数字"),
        ('{"year": 27, "holidays": [], "workdays": []}', "输入为 27"),
        ('{"year": 2027, "holidays": {}, "workdays": []}', "都应为列表"),
        ('{"year": 2027, "holidays": [], "workdays": []}', "假期列表（holidays）为空"),
    ],
)
def test_bad_top_level(text: str, expected: str) -> None:
    assert expected in refusal(text)


NEW_YEAR = {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}
SPRING = {"name": "春节", "from": "2027-02-06", "to": "2027-02-14"}


@pytest.mark.parametrize(
    ("holidays", "expected"),
    [
        (["元旦"], "第 1 个假期应写成"),
        ([NEW_YEAR, {"name": "春节", "from": "2027-02-06"}], "第 2 个假期缺少结束日期（to）"),
        ([{"from": "2027-01-01", "to": "2027-01-01"}], "第 1 个假期缺少名称（name）"),
        ([{**NEW_YEAR, "form": "2027-01-01"}], "第 1 个假期含有无法识别的项“form”"),
        ([{**NEW_YEAR, "name": "  "}], "第 1 个假期的名称应为文字"),
        (
            [NEW_YEAR, SPRING, {"name": "清明节", "from": "2027-04-03", "to": "2027-13-01"}],
            "第 3 个假期的结束日期 2027-13-01 不是有效日期",
        ),
        ([{**NEW_YEAR, "from": "2027-02-29"}], "第 1 个假期的开始日期 2027-02-29 不是有效日期"),
        ([{**NEW_YEAR, "from": "2027/01/01"}], "开始日期 2027/01/01 不是有效日期"),
        ([{**NEW_YEAR, "from": "20270101"}], "开始日期 20270101 不是有效日期"),
        ([{**NEW_YEAR, "from": 20270101}], "开始日期 20270101 不是有效日期"),
        (
            [{"name": "国庆节", "from": "2027-10-07", "to": "2027-10-01"}],
            "第 1 个假期（国庆节）的开始日期 2027-10-07 晚于结束日期 2027-10-01",
        ),
        (
            [{"name": "国庆节", "from": "2026-10-01", "to": "2026-10-07"}],
            "2026-10-01 至 2026-10-07 不在 2027 年内",
        ),
        ([{"name": "元旦", "from": "2028-01-01", "to": "2028-01-03"}], "不在 2027 年内"),
        ([{"name": "春节", "from": "2027-02-06", "to": "2027-03-06"}], "共 29 天，超过 15 天"),
        (
            [SPRING, {"name": "元宵", "from": "2027-02-14", "to": "2027-02-15"}],
            "第 2 个假期（元宵）与第 1 个假期（春节）在 2027-02-14 重叠",
        ),
    ],
)
def test_bad_holidays(holidays: list[object], expected: str) -> None:
    assert expected in refusal(schedule_text(holidays))


def test_holiday_ranges_may_cross_new_year() -> None:
    spanning = parse_schedule(schedule_text([{"name": "元旦", "from": "2026-12-31", "to": "2027-01-02"}]))
    assert [e.day for e in spanning.entries] == [D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2)]
    later = parse_schedule(schedule_text([{"name": "元旦", "from": "2027-12-31", "to": "2028-01-01"}]))
    assert later.entries[-1].day == D(2028, 1, 1)


@pytest.mark.parametrize(
    ("workdays", "expected"),
    [
        ([{"date": "2027-02-08"}], "第 1 个调休上班日 2027-02-08 是星期一"),
        (
            [{"date": "2027-02-07", "name": "春节调休"}],
            "第 1 个调休上班日 2027-02-07 同时在第 2 个假期（春节）之内",
        ),
        (
            [{"date": "2027-02-20"}, {"date": "2027-02-21"}, {"date": "2027-02-20"}],
            "调休上班日 2027-02-20 重复出现（第 1 个和第 3 个）",
        ),
        ([{"date": "2026-12-20"}], "第 1 个调休上班日 2026-12-20 不在 2027 年内"),
        ([{"date": "2028-01-01"}], "不在 2027 年内"),
        ([{"name": "春节调休"}], "第 1 个调休上班日缺少日期（date）"),
        ([{"date": "2027-02-31"}], "第 1 个调休上班日的日期 2027-02-31 不是有效日期"),
        ([{"date": "2027-02-20", "day": "六"}], "含有无法识别的项“day”"),
        (["2027-02-20"], "第 1 个调休上班日应写成"),
        ([{"date": "2027-02-20", "name": ""}], "名称应为文字"),
    ],
)
def test_bad_workdays(workdays: list[object], expected: str) -> None:
    assert expected in refusal(schedule_text([NEW_YEAR, SPRING], workdays))


def test_a_makeup_day_in_the_last_week_of_december_is_accepted() -> None:
    schedule = parse_schedule(schedule_text([NEW_YEAR], [{"date": "2026-12-26", "name": "元旦调休"}]))
    assert CalendarEntry(D(2026, 12, 26), "workday", "元旦调休") in schedule.entries


def test_year_schedule_is_a_value() -> None:
    assert parse_schedule(SCHEDULE_2027) == parse_schedule(SCHEDULE_2027)
    assert isinstance(parse_schedule(SCHEDULE_2027), YearSchedule)

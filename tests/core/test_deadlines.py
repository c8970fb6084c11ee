"""Due dates of every period rule, the case time limit, extensions and not-counted periods.

Expected dates are worked out by hand from the official holiday schedules (weekdays in the
comments), not copied from the code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adjudicator.calendar.periods import (
    RULES,
    CaseLimit,
    DueDate,
    ExcludedPeriod,
    Extension,
    add_months,
    case_limit,
    due_date,
    get_rule,
)
from adjudicator.errors import DomainError
from adjudicator.calendar.schedule_file import parse_schedule
from adjudicator.calendar.workdays import default_calendar

D = date
CAL = default_calendar()
FILED = D(2026, 3, 2)  # Monday; 3 months later is Tuesday 2026-06-02

# Made-up 2027 schedule (2027-01-01 is a Friday); the real one is not published yet.
SCHEDULE_2027 = parse_schedule(
    '{"year": 2027, "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},'
    ' {"name": "春节", "from": "2027-02-06", "to": "2027-02-14"}],'
    ' "workdays": [{"date": "2027-02-20", "name": "春节调休"}]}'
)

AFTER_RULES = [rule_id for rule_id, rule in RULES.items() if rule.unit != "workdays_before"]


HEAD_APPROVED = D(2026, 5, 20)
HIGHER_APPROVED = D(2026, 6, 25)


def head(on: date = HEAD_APPROVED) -> Extension:
    return Extension(1, "张所长", "head", on)


def higher(months: int = 2, on: date = HIGHER_APPROVED) -> Extension:
    return Extension(months, "市市场监督管理局", "higher", on)


def suspension(start: date, end: date | None = None) -> ExcludedPeriod:
    return ExcludedPeriod("suspension", start, end)


# -- the worked examples of the domain brief ------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "start", "due"),
    [
        ("filing-decision", D(2026, 2, 13), D(2026, 2, 27)),  # 5 working days after
        ("answer", D(2026, 2, 1), D(2026, 2, 24)),  # 15 days after, 02-16 in the holiday
        ("evidence", D(2026, 1, 30), D(2026, 2, 14)),  # 15 days after, a make-up Saturday
        ("hearing-notice", D(2026, 2, 24), D(2026, 2, 12)),  # 3 working days before
        ("case-limit", D(2025, 12, 15), D(2026, 3, 16)),  # 3 months after, 03-15 a Sunday
    ],
)
def test_worked_examples(rule_id: str, start: date, due: date) -> None:
    assert due_date(rule_id, start) == DueDate(rule_id, start, due, False)


# -- every rule once -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "start", "due"),
    [
        # 14 Sat (1), 24-27 (2-5), Sat 28 (6), Mon 03-02..05 (7-10)
        ("filing-decision-extended", D(2026, 2, 13), D(2026, 3, 5)),
        # Wed 2026-09-30: National Day 10-01..07, Thu 08, Fri 09, Sat 10 (make-up), Mon 12, Tue 13
        ("serve-request", D(2026, 9, 30), D(2026, 10, 13)),
        # 2026-01-20 + 30 = 02-19, in the Spring Festival; first working day Tue 02-24
        ("answer-abroad", D(2026, 1, 20), D(2026, 2, 24)),
        # Thu 2026-04-30: 05-01..05 off, Wed 06, Thu 07, Fri 08, Sat 09 (make-up), Mon 11
        ("forward-answer", D(2026, 4, 30), D(2026, 5, 11)),
        # Fri 2025-09-26: Sun 28 (make-up), 29, 30, then 10-01..08 off, Thu 09, Fri 10
        ("jurisdiction-decision", D(2025, 9, 26), D(2025, 10, 10)),
        # 2024-09-24 + 7 = 10-01, National Day until 10-07; Tue 10-08
        ("preservation-decision", D(2024, 9, 24), D(2024, 10, 8)),
        # Wed 2026-09-30: 10-08, 10-09, Sat 10-10 (make-up)
        ("recusal-decision", D(2026, 9, 30), D(2026, 10, 10)),
        # Tue 2026-09-15: 16, 17, 18, Sun 20 (make-up), 21-24, [25-27 off], 28, 29, 30,
        # [10-01..07 off], 08, 09, Sat 10 (make-up), 12, 13, 14, 15, 16, Mon 19 = 20th
        ("publish", D(2026, 9, 15), D(2026, 10, 19)),
        # 2025-01-14 + 15 = 01-29, Spring Festival 01-28..02-04; Wed 02-05
        ("lawsuit", D(2025, 1, 14), D(2025, 2, 5)),
        # 2025-11-30 + 3 months = 2026-02-28 (30 -> last day), a make-up Saturday: no roll
        ("enforcement-office", D(2025, 11, 30), D(2026, 2, 28)),
        # 2025-08-31 + 6 months = 2026-02-28, same make-up Saturday
        ("enforcement-holder", D(2025, 8, 31), D(2026, 2, 28)),
        # 2024-01-31 + 15 = 02-15, Spring Festival 02-10..17; Sun 02-18 is a make-up day
        ("mediation-reply", D(2024, 1, 31), D(2024, 2, 18)),
        # 2026-09-01 + 30 = 10-01, National Day; Thu 10-08
        ("public-notice", D(2026, 9, 1), D(2026, 10, 8)),
    ],
)
def test_each_rule(rule_id: str, start: date, due: date) -> None:
    assert due_date(rule_id, start, CAL) == DueDate(rule_id, start, due, False)


@pytest.mark.parametrize(
    ("rule_id", "start", "due"),
    [
        ("filing-decision", D(2024, 2, 8), D(2024, 2, 21)),  # Fri 09, Sun 18, Mon 19, 20, 21
        ("serve-request", D(2024, 4, 26), D(2024, 5, 7)),  # Sun 28, 29, 30, Mon 06, Tue 07
        ("answer", D(2024, 4, 16), D(2024, 5, 6)),  # 05-01 off until Sun 05; Mon 06
        ("hearing-notice", D(2024, 5, 13), D(2024, 5, 9)),  # Sat 11 (make-up), Fri 10, Thu 09
        ("forward-answer", D(2025, 1, 24), D(2025, 2, 7)),  # Sun 26, Mon 27, [off], 05, 06, 07
        ("hearing-notice", D(2025, 2, 5), D(2025, 1, 24)),  # Mon 27, Sun 26 (make-up), Fri 24
        ("evidence", D(2025, 9, 16), D(2025, 10, 9)),  # 10-01, off until 10-08
        ("serve-request", D(2025, 4, 25), D(2025, 5, 6)),  # Sun 27, 28, 29, 30, Tue 05-06
        ("answer", D(2026, 4, 17), D(2026, 5, 6)),  # 05-02, off until Tue 05
        ("hearing-notice", D(2026, 5, 6), D(2026, 4, 28)),  # 30, 29, 28
        ("evidence", D(2026, 9, 16), D(2026, 10, 8)),  # 10-01 -> Thu 10-08
        ("filing-decision", D(2025, 12, 31), D(2026, 1, 8)),  # Sun 01-04 (make-up), 05, 06, 07, 08
    ],
)
def test_spring_labour_and_national_day_2024_to_2026(rule_id: str, start: date, due: date) -> None:
    assert due_date(rule_id, start).due == due


def test_rule_table_matches_the_brief() -> None:
    expected = {
        "filing-decision": ("workdays", 5),
        "filing-decision-extended": ("workdays", 10),
        "serve-request": ("workdays", 5),
        "answer": ("days", 15),
        "answer-abroad": ("days", 30),
        "forward-answer": ("workdays", 5),
        "jurisdiction-decision": ("workdays", 5),
        "evidence": ("days", 15),
        "preservation-decision": ("days", 7),
        "hearing-notice": ("workdays_before", 3),
        "recusal-decision": ("workdays", 3),
        "case-limit": ("months", 3),
        "publish": ("workdays", 20),
        "lawsuit": ("days", 15),
        "enforcement-office": ("months", 3),
        "enforcement-holder": ("months", 6),
        "mediation-reply": ("days", 15),
        "public-notice": ("days", 30),
    }
    assert {rule_id: (rule.unit, rule.amount) for rule_id, rule in RULES.items()} == expected
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id and rule.label and rule.counted_from and rule.basis.startswith("《")
    assert get_rule("case-limit").basis == "《专利纠纷行政裁决和调解办法》第三十七条"


def test_unknown_rule_lists_the_valid_ones() -> None:
    with pytest.raises(DomainError) as caught:
        due_date("answr", D(2026, 3, 2))
    assert "未知的期限规则 answr" in str(caught.value)
    assert "answer-abroad" in str(caught.value) and "public-notice" in str(caught.value)


def test_public_notice_period_is_a_setting() -> None:
    # 2026-09-01 + 60 = 10-31, a Saturday; Monday 11-02
    assert due_date("public-notice", D(2026, 9, 1), public_notice_days=60).due == D(2026, 11, 2)
    # other rules ignore the setting
    assert due_date("answer", D(2026, 9, 1), public_notice_days=60).due == D(2026, 9, 16)
    with pytest.raises(DomainError, match="公告送达期间应为正整数天数"):
        due_date("public-notice", D(2026, 9, 1), public_notice_days=0)


def test_to_json() -> None:
    assert due_date("answer", D(2026, 2, 1)).to_json() == {
        "rule": "answer",
        "start": "2026-02-01",
        "due": "2026-02-24",
        "provisional": False,
    }


def test_far_future_dates_are_refused_as_a_sentence() -> None:
    with pytest.raises(DomainError, match="超出可计算的范围"):
        due_date("case-limit", D(9999, 11, 1))


# -- months ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
        (D(2025, 12, 15), 3, D(2026, 3, 15)),
        (D(2025, 10, 31), 3, D(2026, 1, 31)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_month_rules_roll_forward() -> None:
    assert due_date("case-limit", D(2023, 11, 30)).due == D(2024, 2, 29)  # a Thursday, worked
    assert due_date("case-limit", D(2025, 11, 1)).due == D(2026, 2, 2)  # 02-01 is a Sunday
    assert due_date("case-limit", D(2025, 11, 17)).due == D(2026, 2, 24)  # 02-17 in the Spring Festival
    assert due_date("case-limit", D(2026, 7, 1)).due == D(2026, 10, 8)  # 10-01 National Day
    assert due_date("enforcement-office", D(2026, 1, 31)).due == D(2026, 4, 30)  # Thursday


# -- provisional due dates ---------------------------------------------------------------------------------


def test_a_2027_due_date_is_provisional_until_the_schedule_is_added() -> None:
    announced = CAL.with_schedule(SCHEDULE_2027)
    # Mon 2026-12-28: 29, 30, 31, then weekends only: Fri 01-01, Mon 01-04
    assert due_date("serve-request", D(2026, 12, 28)) == DueDate(
        "serve-request", D(2026, 12, 28), D(2027, 1, 4), True
    )
    # With New Year 01-01..03 off: Mon 01-04, Tue 01-05
    assert due_date("serve-request", D(2026, 12, 28), announced) == DueDate(
        "serve-request", D(2026, 12, 28), D(2027, 1, 5), False
    )
    # 2027-02-05 (Fri) + 3 = 02-08: weekends alone say Monday; the schedule says Spring Festival
    assert due_date("evidence", D(2027, 1, 24)) == DueDate("evidence", D(2027, 1, 24), D(2027, 2, 8), True)
    assert due_date("evidence", D(2027, 1, 24), announced).due == D(2027, 2, 15)
    assert due_date("hearing-notice", D(2027, 1, 5)) == DueDate(
        "hearing-notice", D(2027, 1, 5), D(2026, 12, 31), True
    )
    assert due_date("hearing-notice", D(2027, 1, 5), announced).due == D(2026, 12, 30)
    assert due_date("case-limit", D(2026, 10, 15)).provisional  # 2027-01-15
    assert not due_date("case-limit", D(2026, 9, 15)).provisional  # 2026-12-15


# -- the case time limit -----------------------------------------------------------------------------------


def test_plain_case_limit() -> None:
    limit = case_limit(FILED)
    assert (limit.due, limit.provisional, limit.excluded_days, limit.extension_months) == (
        D(2026, 6, 2),
        False,
        0,
        0,
    )
    assert limit.reason is None and limit.open_since is None


def test_suspension_moves_the_limit_by_its_days() -> None:
    limit = case_limit(FILED, excluded=[suspension(D(2026, 4, 1), D(2026, 4, 30))])
    assert limit.excluded_days == 29
    assert limit.due == D(2026, 6, 2) + timedelta(days=29) == D(2026, 7, 1)


@pytest.mark.parametrize(
    ("periods", "days", "due"),
    [
        # overlapping: 04-01..05-10 once = 39 days; 06-02 + 39 = Sat 07-11 -> Mon 07-13
        (
            [
                suspension(D(2026, 4, 1), D(2026, 4, 30)),
                ExcludedPeriod("appraisal", D(2026, 4, 15), D(2026, 5, 10)),
            ],
            39,
            D(2026, 7, 13),
        ),
        # one inside another counts once
        (
            [
                suspension(D(2026, 4, 1), D(2026, 4, 30)),
                ExcludedPeriod("settlement", D(2026, 4, 10), D(2026, 4, 20)),
            ],
            29,
            D(2026, 7, 1),
        ),
        # disjoint: 10 + 5 = 15 -> Wed 06-17
        (
            [
                ExcludedPeriod("jurisdiction", D(2026, 4, 1), D(2026, 4, 11)),
                suspension(D(2026, 5, 1), D(2026, 5, 6)),
            ],
            15,
            D(2026, 6, 17),
        ),
        # back to back: 10 + 10 -> Mon 06-22
        (
            [
                ExcludedPeriod("public_notice", D(2026, 4, 1), D(2026, 4, 11)),
                ExcludedPeriod("evidence_extension", D(2026, 4, 11), D(2026, 4, 21)),
            ],
            20,
            D(2026, 6, 22),
        ),
        # the same day twice, given in reverse order
        (
            [suspension(D(2026, 4, 5), D(2026, 4, 15)), suspension(D(2026, 4, 1), D(2026, 4, 10))],
            14,
            D(2026, 6, 16),
        ),
        ([suspension(D(2026, 4, 1), D(2026, 4, 1))], 0, D(2026, 6, 2)),
    ],
)
def test_overlapping_excluded_periods_count_once(periods: list[ExcludedPeriod], days: int, due: date) -> None:
    limit = case_limit(FILED, excluded=periods)
    assert (limit.excluded_days, limit.due) == (days, due)


def test_excluded_days_landing_on_a_holiday_roll_forward() -> None:
    # 2026-06-01 + 3 months = 09-01, + 24 days = Fri 09-25 (Mid-autumn 09-25..27) -> Mon 09-28
    limit = case_limit(D(2026, 6, 1), excluded=[suspension(D(2026, 7, 1), D(2026, 7, 25))])
    assert limit.due == D(2026, 9, 28)


def test_extensions_add_months() -> None:
    assert case_limit(FILED, [head()]).due == D(2026, 7, 2)
    six = case_limit(FILED, [head(), higher(2)])
    assert (six.due, six.extension_months) == (D(2026, 9, 2), 3)
    split = case_limit(FILED, [head(), higher(1), higher(1, D(2026, 8, 1))])
    assert split.due == D(2026, 9, 2)
    # 2024-01-31 + 4 months = 05-31 (Friday); without the extension 04-30 (Tuesday)
    assert case_limit(D(2024, 1, 31), [head(D(2024, 4, 1))]).due == D(2024, 5, 31)
    assert case_limit(D(2024, 1, 31)).due == D(2024, 4, 30)


def test_extension_and_suspension_together() -> None:
    limit = case_limit(FILED, [head()], [suspension(D(2026, 4, 1), D(2026, 4, 30))])
    assert limit.due == D(2026, 7, 31)  # 07-02 + 29


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: Extension(1, "  ", "head", D(2026, 5, 1)), "延长审理期限必须注明批准人"),
        (
            lambda: Extension(2, "张所长", "head", D(2026, 5, 1)),
            "部门负责人只能批准延长 1 个月，输入为 2 个月",
        ),
        (
            lambda: Extension(3, "市局", "higher", D(2026, 5, 1)),
            "上一级部门批准的延长合计不得超过 2 个月，输入为 3 个月",
        ),
        (lambda: Extension(0, "张所长", "head", D(2026, 5, 1)), "应为正整数个月"),
        (lambda: Extension(1, "张所长", "city", D(2026, 5, 1)), "批准层级应为 head"),  # type: ignore[arg-type]
    ],
)
def test_an_extension_is_checked_when_recorded(make: Callable[[], Extension], expected: str) -> None:
    with pytest.raises(DomainError) as caught:
        make()
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        ([head(), head(D(2026, 5, 25))], "部门负责人批准延长审理期限只能有一次，现登记了 2 次"),
        (
            [head(), higher(1), higher(2, D(2026, 7, 1))],
            "上一级部门批准的延长合计不得超过 2 个月，现合计 3 个月",
        ),
        ([higher(2)], "须先经部门负责人批准延长"),
        (
            [head(D(2026, 5, 20)), higher(2, D(2026, 5, 10))],
            "上一级部门的批准日期 2026-05-10 早于部门负责人的批准日期 2026-05-20",
        ),
        ([head(D(2026, 2, 1))], "延长审理期限的批准日期 2026-02-01 早于立案日期 2026-03-02"),
    ],
)
def test_extensions_follow_article_37(extensions: list[Extension], expected: str) -> None:
    with pytest.raises(DomainError) as caught:
        case_limit(FILED, extensions)
    assert expected in str(caught.value)


def test_excluded_periods_are_checked() -> None:
    with pytest.raises(DomainError) as caught:
        suspension(D(2026, 4, 1), D(2026, 3, 1))
    assert str(caught.value) == "中止期间的结束日期 2026-03-01 早于开始日期 2026-04-01。"
    with pytest.raises(DomainError, match="鉴定期间的结束日期"):
        ExcludedPeriod("appraisal", D(2026, 4, 1), D(2026, 3, 1))
    with pytest.raises(DomainError, match="未知的不计入审理期限的期间类型 vacation"):
        ExcludedPeriod("vacation", D(2026, 4, 1))
    with pytest.raises(DomainError, match="中止期间的开始日期 2026-02-01 早于立案日期 2026-03-02"):
        case_limit(FILED, excluded=[suspension(D(2026, 2, 1), D(2026, 2, 10))])


def test_a_running_suspension_leaves_the_limit_open() -> None:
    limit = case_limit(FILED, excluded=[suspension(D(2026, 4, 1))])
    assert limit.due is None and not limit.provisional
    assert limit.open_since == D(2026, 4, 1)
    assert limit.reason is not None and "中止期间自 2026-04-01 起尚未结束" in limit.reason
    assert limit.to_json()["due"] is None
    assert limit.to_json()["open_since"] == "2026-04-01"


def test_a_running_period_is_projected_as_if_it_ended_today() -> None:
    today = D(2026, 4, 20)
    limit = case_limit(FILED, excluded=[suspension(D(2026, 4, 1))], today=today)
    # 06-02 + 19 days = Sun 06-21 (Dragon Boat 06-19..21) -> Mon 06-22
    assert limit.projected_due == D(2026, 6, 22)
    assert limit.days_left(today) == 63
    assert limit.elapsed_net_days(today) == 49 - 19
    # The count stands still while suspended (within a day or two of rolling forward).
    assert limit.days_left(D(2026, 5, 15)) in (61, 62, 63)
    assert limit.elapsed_net_days(D(2026, 5, 15)) == 30


def test_closed_periods_before_a_running_one_still_count() -> None:
    periods = [ExcludedPeriod("appraisal", D(2026, 3, 10), D(2026, 3, 20)), suspension(D(2026, 4, 1))]
    limit = case_limit(FILED, excluded=periods, today=D(2026, 4, 1))
    assert (limit.excluded_days, limit.open_since) == (10, D(2026, 4, 1))
    assert limit.projected_due == D(2026, 6, 12)  # 06-02 + 10, a Friday
    resumed = case_limit(FILED, excluded=[periods[0], suspension(D(2026, 4, 1), D(2026, 4, 11))])
    assert resumed.due == D(2026, 6, 22)  # 06-02 + 20, a Monday


def test_days_left_and_elapsed_net_days() -> None:
    limit = case_limit(FILED, excluded=[suspension(D(2026, 4, 1), D(2026, 4, 30))])
    assert limit.days_left(D(2026, 6, 30)) == 1
    assert limit.days_left(D(2026, 7, 3)) == -2
    assert limit.elapsed_net_days(D(2026, 3, 31)) == 29
    assert limit.elapsed_net_days(D(2026, 4, 15)) == 30  # counting stopped on 04-01
    assert limit.elapsed_net_days(D(2026, 5, 10)) == 69 - 29
    assert limit.elapsed_net_days(D(2026, 2, 1)) == 0


def test_case_limit_to_json() -> None:
    assert case_limit(FILED, [head()]).to_json() == {
        "rule": "case-limit",
        "start": "2026-03-02",
        "due": "2026-07-02",
        "provisional": False,
        "excluded_days": 0,
        "extension_months": 1,
        "open_since": None,
        "reason": None,
        "projected_due": None,
    }


def test_case_limit_in_2027_is_provisional_then_exact() -> None:
    # 2026-10-14 + 3 months = 2027-01-14 (Thu); unknown 2027 until announced
    assert case_limit(D(2026, 10, 14)).provisional
    exact = case_limit(D(2026, 10, 14), calendar=CAL.with_schedule(SCHEDULE_2027))
    assert isinstance(exact, CaseLimit) and not exact.provisional and exact.due == D(2027, 1, 14)


# -- properties ------------------------------------------------------------------------------------------------

starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2030, 12, 31))


@given(st.sampled_from(AFTER_RULES), starts)
def test_an_after_rule_is_due_on_a_working_day_after_its_start(rule_id: str, start: date) -> None:
    found = due_date(rule_id, start)
    assert found.due > start
    assert CAL.is_workday(found.due)


@given(st.sampled_from(list(RULES)), starts, starts)
def test_a_later_start_never_gives_an_earlier_due_date(rule_id: str, a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert due_date(rule_id, early).due <= due_date(rule_id, late).due


@given(starts)
def test_the_hearing_notice_is_due_on_a_working_day_before_the_hearing(hearing: date) -> None:
    found = due_date("hearing-notice", hearing)
    assert found.due < hearing and CAL.is_workday(found.due)
    between = [found.due + timedelta(days=k) for k in range(1, (hearing - found.due).days)]
    assert sum(CAL.is_workday(day) for day in between) == 2


@given(starts)
def test_a_due_date_in_an_unannounced_year_is_provisional(start: date) -> None:
    for rule_id in ("answer", "filing-decision", "case-limit"):
        found = due_date(rule_id, start)
        if found.due.year > 2026:
            assert found.provisional
        elif start.year <= 2026:
            assert not found.provisional


@given(
    st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 60)).map(
            lambda t: suspension(FILED + timedelta(days=t[0]), FILED + timedelta(days=t[0] + t[1]))
        ),
        max_size=5,
    )
)
def test_excluded_days_are_the_union_of_the_periods(periods: list[ExcludedPeriod]) -> None:
    covered: set[date] = set()
    for period in periods:
        assert period.end is not None
        covered.update(period.start + timedelta(days=k) for k in range((period.end - period.start).days))
    limit = case_limit(FILED, excluded=periods)
    assert limit.excluded_days == len(covered)
    assert limit.due is not None and limit.due >= D(2026, 6, 2) + timedelta(days=len(covered))

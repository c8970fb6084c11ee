"""A case's deadlines derived from its events, the case limit, and the dashboard over all cases.

Dates are worked out by hand from the 2026 schedule (weekdays in the comments). The service tests
run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adjudicator.cases import service as S
from adjudicator.calendar.store import import_schedule
from adjudicator.procedure.case_deadlines import CaseDeadline, derive_deadlines
from adjudicator.procedure.dashboard import BoardQuery, deadline_board, due_now
from adjudicator.calendar.periods import add_months
from adjudicator.procedure.transitions import EventRecord, Procedure, replay
from adjudicator.procedure.service import EventInput, add_event, load_procedure
from adjudicator.store import Database
from adjudicator.calendar.workdays import default_calendar
from tests.core.factories import case_input

D = date
CAL = default_calendar()
TODAY = D(2026, 11, 20)
RECEIVED = D(2026, 2, 13)


def ev(kind: str, day: date, received: date | None = None, **details: Any) -> EventRecord:
    return EventRecord(kind, day, received, details)


def proc_of(*events: EventRecord, received: date = RECEIVED, kind: str = "infringement") -> Procedure:
    numbered = [EventRecord(e.kind, e.date, e.received_on, e.details, "", i) for i, e in enumerate(events, 1)]
    return replay(received, numbered, today=date.max, case_kind=kind)


def deadlines(*events: EventRecord, received: date = RECEIVED, kind: str = "infringement",
              today: date = TODAY) -> dict[str, CaseDeadline]:
    found = derive_deadlines(proc_of(*events, received=received, kind=kind), CAL, today=today)
    return {d.rule: d for d in found.items}


FILED = ev("filed", D(2026, 3, 2))


# -- the "done when" ------------------------------------------------------------------------------


def test_received_on_2026_02_13_has_its_filing_decision_due_on_02_27() -> None:
    filing = deadlines(today=D(2026, 2, 16))["filing-decision"]
    assert (filing.start, filing.due, filing.provisional) == (D(2026, 2, 13), D(2026, 2, 27), False)
    assert filing.state(D(2026, 2, 16)) == "open" and filing.state_text(D(2026, 2, 16)) == "还剩 4 个工作日"  # Spring Festival: 11 days, 4 worked


def test_a_suspension_from_04_01_to_04_30_moves_the_limit_by_29_days() -> None:
    plain = derive_deadlines(proc_of(FILED), CAL).limit
    suspended = derive_deadlines(proc_of(FILED, ev("suspended", D(2026, 4, 1), ground="invalidation"),
                                         ev("resumed", D(2026, 4, 30))), CAL).limit
    assert plain is not None and suspended is not None
    assert plain.due == D(2026, 6, 2)  # Tue
    assert suspended.due == D(2026, 7, 1) and suspended.excluded_days == 29
    assert (suspended.due - plain.due).days == 29
    # On 2026-05-15: 74 days since filing less 29 suspended; 47 days left.
    assert suspended.elapsed_net_days(D(2026, 5, 15)) == 45
    assert suspended.days_left(D(2026, 5, 15)) == 47


def test_the_limit_stops_while_suspended() -> None:
    found = derive_deadlines(proc_of(FILED, ev("suspended", D(2026, 4, 1), ground="invalidation")), CAL,
                             today=D(2026, 5, 1))
    limit = found.limit
    assert limit is not None and limit.due is None and limit.open_since == D(2026, 4, 1)
    assert limit.elapsed_net_days(D(2026, 5, 1)) == limit.elapsed_net_days(D(2026, 6, 1)) == 30
    # stays (nearly) still: only the roll to a working day moves it
    assert abs(limit.days_left(D(2026, 5, 1)) - limit.days_left(D(2026, 6, 1))) <= 3
    row = next(d for d in found.items if d.rule == "case-limit")
    assert row.state(D(2026, 5, 1)) == "open" and "尚未结束" in row.state_text(D(2026, 5, 1))


# -- states --------------------------------------------------------------------------------------------------


def test_met_missed_open_and_overdue() -> None:
    found = deadlines(FILED, ev("request_served", D(2026, 3, 10), D(2026, 3, 12)), today=D(2026, 3, 20))
    assert found["filing-decision"].state(TODAY) == "missed"  # due 02-27, filed 03-02
    assert found["filing-decision"].state_text(TODAY) == "逾期完成（2026-03-02）"
    serve = found["serve-request"]  # Mon 03-02 + 5 working days = Mon 03-09; served 03-10
    assert serve.due == D(2026, 3, 9) and serve.state(TODAY) == "missed"
    answer = found["answer"]  # 03-12 + 15 = Fri 03-27
    assert answer.due == D(2026, 3, 27) and answer.state(D(2026, 3, 20)) == "open"
    assert answer.state(D(2026, 3, 28)) == "missed" and answer.state_text(D(2026, 3, 28)) == "已届满"
    limit = found["case-limit"]
    assert limit.overdue(D(2026, 6, 3)) and limit.state_text(D(2026, 6, 3)) == "已逾期 1 天"
    assert found["filing-decision"].actor == "office" and answer.actor == "party"


def test_answer_forwarding_and_objections() -> None:
    found = deadlines(FILED, ev("request_served", D(2026, 3, 3), D(2026, 3, 5)),
                      ev("jurisdiction_objection", D(2026, 3, 10)),
                      ev("jurisdiction_decided", D(2026, 3, 16), outcome="rejected"),
                      ev("answer_received", D(2026, 3, 18)), ev("answer_forwarded", D(2026, 3, 24)))
    assert found["answer"].state(TODAY) == "met" and found["answer"].done_on == D(2026, 3, 18)
    assert found["forward-answer"].due == D(2026, 3, 25) and found["forward-answer"].state(TODAY) == "met"
    assert found["jurisdiction-decision"].due == D(2026, 3, 17)  # Tue 03-10 + 5 working days
    assert found["case-limit"].due == D(2026, 6, 8)  # 06-02 + 6 days of objection = Mon 06-08


def test_mediation_reply_and_abroad_answer() -> None:
    mediation = deadlines(FILED, ev("request_served", D(2026, 3, 3)), kind="mediation")
    assert "mediation-reply" in mediation and "answer" not in mediation
    abroad = deadlines(FILED, ev("request_served", D(2026, 3, 3), D(2026, 3, 5), abroad=True))
    assert abroad["answer-abroad"].due == D(2026, 4, 7)  # 04-04 is Qingming (04-04..06): Tue 04-07


def test_closing_makes_pending_deadlines_not_applicable() -> None:
    found = deadlines(FILED, ev("request_served", D(2026, 3, 3)), ev("answer_received", D(2026, 3, 10)),
                      ev("withdrawn", D(2026, 3, 12), ground="requester_withdrew"))
    forward = found["forward-answer"]
    assert forward.state(TODAY) == "not_applicable" and forward.state_text(TODAY) == "不再适用（案件已撤销案件）"
    assert found["case-limit"].state(TODAY) == "met" and found["case-limit"].done_on == D(2026, 3, 12)
    archived = deadlines(FILED, ev("decided", D(2026, 4, 1), outcome="rejected"), ev("archived", D(2026, 4, 10)))
    assert archived["publish"].state(TODAY) == "not_applicable" and archived["publish"].note == "案件已归档"


def test_what_was_missed_before_closing_stays_missed() -> None:
    found = deadlines(FILED, ev("request_served", D(2026, 3, 3)), ev("evidence_notice", D(2026, 3, 3)),
                      ev("answer_received", D(2026, 3, 10)), ev("decided", D(2026, 4, 20), outcome="rejected"))
    assert found["evidence"].state(TODAY) == "missed" and found["evidence"].state_text(TODAY) == "已届满"
    forward = found["forward-answer"]  # due 03-17, never done, case decided 04-20: the office missed it
    assert forward.state(TODAY) == "missed" and forward.applicable


def test_filing_counts_from_corrections_and_waits_for_them() -> None:
    asked = ev("corrections_requested", D(2026, 2, 16))
    waiting = deadlines(asked, today=D(2026, 2, 20))["filing-decision"]
    assert waiting.state(D(2026, 2, 20)) == "not_applicable" and waiting.note == "等待补正材料"
    got = deadlines(asked, ev("corrections_received", D(2026, 3, 2)))["filing-decision"]
    assert (got.start, got.due) == (D(2026, 3, 2), D(2026, 3, 9))
    extended = deadlines(ev("filing_extended", D(2026, 2, 24), approver="张所长"))
    assert extended["filing-decision-extended"].due == D(2026, 3, 5)


def test_hearing_notice_and_rescheduling() -> None:
    first = ev("hearing_scheduled", D(2026, 4, 10), hearing_on="2026-05-06")
    moved = ev("hearing_scheduled", D(2026, 4, 20), hearing_on="2026-05-13")
    found = derive_deadlines(proc_of(FILED, first, moved, ev("hearing_notice_served", D(2026, 4, 22), D(2026, 4, 24))),
                             CAL).items
    notices = [d for d in found if d.rule == "hearing-notice"]
    # 05-06 (Wed): 3 working days before, over Labour Day 05-01..05: 04-30, 04-29, 04-28
    assert notices[0].due == D(2026, 4, 28) and notices[0].state(TODAY) == "not_applicable"
    assert notices[0].note == "已改期"
    # Wed 05-13: Tue 12, Mon 11, Sat 09 (a make-up working day)
    assert notices[1].due == D(2026, 5, 9) and notices[1].state(TODAY) == "met"


def test_evidence_extension_moves_the_period_and_is_not_counted() -> None:
    notice = ev("evidence_notice", D(2026, 3, 3), D(2026, 3, 4))
    plain = deadlines(FILED, notice)
    assert plain["evidence"].due == D(2026, 3, 19)
    longer = deadlines(FILED, notice, ev("evidence_extension", D(2026, 3, 16), until="2026-04-04"))
    # until Sat 04-04, Qingming holiday 04-04..06: rolled to Tue 04-07
    assert longer["evidence"].due == D(2026, 4, 7) and "延长至 2026-04-04" in longer["evidence"].note
    # the extension from the original due 03-19 to 04-04 (16 days) is not counted: 06-02 + 16 = Thu 06-18
    assert longer["case-limit"].due == D(2026, 6, 18)


def test_overlapping_excluded_periods_count_once_and_extensions_add_months() -> None:
    events = (FILED, ev("appraisal_started", D(2026, 3, 20)), ev("settlement_started", D(2026, 4, 1)),
              ev("appraisal_finished", D(2026, 4, 20)), ev("settlement_ended", D(2026, 4, 25)),
              ev("extension_approved", D(2026, 5, 20), approver="张所长", level="head", months=1),
              ev("extension_approved", D(2026, 6, 25), approver="市局", level="higher", months=2))
    found = derive_deadlines(proc_of(*events), CAL)
    assert found.limit is not None and found.limit.excluded_days == 36  # 03-20 .. 04-25
    # 2026-03-02 + 6 months = 09-02, + 36 days = Thu 10-08 (after the National Day holiday)
    assert found.limit.due == D(2026, 10, 8) and found.limit.extension_months == 3
    limit = next(d for d in found.items if d.rule == "case-limit")
    assert limit.note == "已延长 3 个月"


def test_after_the_decision() -> None:
    decided = ev("decided", D(2026, 5, 6), outcome="infringement")
    found = deadlines(FILED, decided, ev("decision_served", D(2026, 5, 7), D(2026, 5, 8)),
                      ev("decision_served", D(2026, 5, 7), D(2026, 5, 11)))
    assert found["publish"].due == D(2026, 6, 2)  # 20 working days after Wed 05-06 (05-09 make-up Sat)
    assert found["lawsuit"].start == D(2026, 5, 11) and found["lawsuit"].due == D(2026, 5, 26)
    assert found["enforcement-office"].start == D(2026, 5, 26)
    assert found["enforcement-office"].due == D(2026, 8, 26)
    sued = deadlines(FILED, decided, ev("decision_served", D(2026, 5, 7)), ev("lawsuit_filed", D(2026, 5, 15)))
    assert sued["lawsuit"].state(TODAY) == "met"
    assert sued["enforcement-office"].state(TODAY) == "not_applicable"
    rejected = deadlines(FILED, ev("decided", D(2026, 5, 6), outcome="rejected"), ev("decision_served", D(2026, 5, 7)))
    assert "enforcement-office" not in rejected


def test_public_notice_is_deemed_served_and_not_counted() -> None:
    found = deadlines(FILED, ev("public_notice", D(2026, 3, 10)), today=D(2026, 4, 20))
    notice = found["public-notice"]
    assert notice.due == D(2026, 4, 9) and notice.state(D(2026, 4, 20)) == "met"
    assert found["case-limit"].due == D(2026, 7, 2)  # 06-02 + 30


def test_provisional_when_counted_into_an_unannounced_year() -> None:
    found = deadlines(ev("filed", D(2026, 11, 2)), received=D(2026, 10, 28))
    limit = found["case-limit"]
    assert limit.due == D(2027, 2, 2) and limit.provisional
    assert not found["filing-decision"].provisional


# -- properties ---------------------------------------------------------------------------------------------

days_2024_2026 = st.dates(D(2024, 1, 1), D(2026, 6, 30))


@settings(max_examples=200, deadline=None)
@given(filed=days_2024_2026, gaps=st.lists(st.tuples(st.integers(1, 40), st.integers(0, 60)), max_size=3))
def test_limit_is_a_working_day_never_earlier_for_more_excluded_time(filed: date, gaps: list[tuple[int, int]]) -> None:
    events = [ev("filed", filed)]
    day = filed
    for wait, length in gaps:
        day += timedelta(days=wait)
        events += [ev("suspended", day, ground="other"), ev("resumed", day + timedelta(days=length))]
        day += timedelta(days=length)
    found = derive_deadlines(proc_of(*events, received=filed), CAL).limit
    plain = derive_deadlines(proc_of(events[0], received=filed), CAL).limit
    assert found is not None and plain is not None and found.due is not None and plain.due is not None
    assert CAL.is_workday(found.due) and found.due >= plain.due
    assert found.excluded_days == sum(length for _wait, length in gaps)
    base = add_months(filed, 3) + timedelta(days=found.excluded_days)
    assert 0 <= (found.due - base).days <= 10
    after = max(day, filed) + timedelta(days=1)
    assert found.elapsed_net_days(after) + found.days_left(after) == (found.due - filed).days - found.excluded_days


@settings(max_examples=200, deadline=None)
@given(received=days_2024_2026, later=st.integers(0, 30))
def test_filing_due_is_a_working_day_after_receipt_and_monotone(received: date, later: int) -> None:
    first = deadlines(received=received)["filing-decision"]
    second = deadlines(received=received + timedelta(days=later))["filing-decision"]
    assert first.due is not None and second.due is not None
    assert CAL.is_workday(first.due) and first.due > received and second.due >= first.due


# -- the service and the dashboard, on SQLite and PostgreSQL -------------------------------------------------


def _case(db: Database, received: date, handler: str = "李明", **more: Any) -> Any:
    return S.create_case(db, case_input(received_on=received, handler=handler, **more), today=received)


def test_the_clerk_sees_the_filing_decision_due_on_02_27(any_db: Database) -> None:
    case = _case(any_db, D(2026, 2, 13))
    proc = load_procedure(any_db, case.id, today=D(2026, 2, 16))
    assert [(d.rule, d.due) for d in proc.deadlines.items] == [("filing-decision", D(2026, 2, 27))]
    add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=D(2026, 3, 2))
    add_event(any_db, case.id, EventInput("suspended", D(2026, 4, 1), details={"ground": "invalidation"}),
              today=D(2026, 4, 1))
    proc = add_event(any_db, case.id, EventInput("resumed", D(2026, 4, 30)), today=D(2026, 5, 15))
    limit = proc.deadlines.limit
    assert limit is not None and limit.due == D(2026, 7, 1) and limit.excluded_days == 29
    assert limit.elapsed_net_days(proc.today) == 45 and limit.days_left(proc.today) == 47


def test_dashboard_urgency_filters_and_order(any_db: Database) -> None:
    today = D(2026, 3, 10)  # Tue; the 3rd working day after it is Fri 03-13
    overdue = _case(any_db, D(2026, 2, 24), handler="王海燕")   # filing due Tue 03-03
    due_today = _case(any_db, D(2026, 3, 3))                    # filing due Tue 03-10
    soon = _case(any_db, D(2026, 3, 5), kind="infringement", source="direct", ecommerce=None)  # due Thu 03-12
    later = _case(any_db, D(2026, 3, 9))                        # due Mon 03-16
    board = deadline_board(any_db, today=today)
    assert [(r.case_id, r.urgency) for r in board.rows] == [
        (overdue.id, "overdue"), (due_today.id, "today"), (soon.id, "soon"), (later.id, "later")]
    assert board.counts() == {"overdue": 1, "today": 1, "soon": 1, "later": 1}
    assert board.soon_until == D(2026, 3, 13) and board.handlers == ("李明", "王海燕")
    assert [r.case_id for r in deadline_board(any_db, BoardQuery(handler="王海燕"), today=today).rows] == [overdue.id]
    assert [r.case_id for r in deadline_board(any_db, BoardQuery(case_kinds=("infringement",)), today=today).rows] \
        == [soon.id]
    assert deadline_board(any_db, BoardQuery(rules=("case-limit",)), today=today).rows == ()
    overdue_rows, today_rows = due_now(any_db, today=today)
    assert [r.case_id for r in overdue_rows] == [overdue.id] and [r.case_id for r in today_rows] == [due_today.id]
    S.set_deleted(any_db, later.id, True)
    assert later.id not in {r.case_id for r in deadline_board(any_db, today=today).rows}


def test_dashboard_follows_events_case_edits_and_lapsed_party_periods(any_db: Database) -> None:
    case = _case(any_db, D(2026, 2, 13))
    assert deadline_board(any_db, today=D(2026, 2, 16)).recomputed == 1  # no cache row yet
    assert deadline_board(any_db, today=D(2026, 2, 16)).recomputed == 0
    edit = case_input(received_on=D(2026, 2, 24))
    current = S.get_case(any_db, case.id)
    for party, row in zip(edit.parties, current.parties, strict=True):
        party.id = row.id
    S.update_case(any_db, case.id, edit, today=D(2026, 2, 24))
    board = deadline_board(any_db, today=D(2026, 2, 25))
    assert board.recomputed == 1 and [r.due for r in board.rows] == [D(2026, 3, 2)]  # Sat 02-28 worked
    add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=D(2026, 3, 2))
    add_event(any_db, case.id, EventInput("request_served", D(2026, 3, 3), D(2026, 3, 5)), today=D(2026, 3, 5))
    board = deadline_board(any_db, today=D(2026, 3, 6))
    assert board.recomputed == 0 and {r.rule for r in board.rows} == {"answer", "case-limit"}
    later = deadline_board(any_db, today=D(2026, 3, 21))  # the answer period ended on 03-20
    assert {r.rule for r in later.rows} == {"case-limit"}


def test_a_2027_date_is_provisional_until_its_schedule_is_imported(any_db: Database) -> None:
    case = _case(any_db, D(2026, 10, 28))
    add_event(any_db, case.id, EventInput("filed", D(2026, 11, 2)), today=TODAY)
    row = next(r for r in deadline_board(any_db, today=TODAY).rows if r.rule == "case-limit")
    assert (row.due, row.provisional) == (D(2027, 2, 2), True)
    import_schedule(any_db, '{"year": 2027, "holidays": [{"name": "春节", "from": "2027-02-01", "to": "2027-02-05"}],'
                            ' "workdays": []}')
    board = deadline_board(any_db, today=TODAY)
    row = next(r for r in board.rows if r.rule == "case-limit")
    assert board.recomputed == 1 and (row.due, row.provisional) == (D(2027, 2, 8), False)
    limit = load_procedure(any_db, case.id, today=TODAY).deadlines.limit
    assert limit is not None and (limit.due, limit.provisional) == (D(2027, 2, 8), False)


@pytest.mark.parametrize("days", [30, 60])
def test_public_notice_days_setting(station_db: Database, days: int) -> None:
    from adjudicator.calendar.store import public_notice_days, set_public_notice_days

    set_public_notice_days(station_db, days)
    assert public_notice_days(station_db) == days
    case = _case(station_db, D(2026, 2, 13))
    add_event(station_db, case.id, EventInput("filed", D(2026, 3, 2)), today=TODAY)
    proc = add_event(station_db, case.id, EventInput("public_notice", D(2026, 3, 10)), today=TODAY)
    notice = next(d for d in proc.deadlines.items if d.rule == "public-notice")
    assert notice.due == (D(2026, 4, 9) if days == 30 else D(2026, 5, 9))  # 05-09: a make-up Saturday
    with pytest.raises(Exception, match="1 至 365"):
        set_public_notice_days(station_db, 0)


@settings(max_examples=150, deadline=None)
@given(status=st.sampled_from(["received", "filed", "suspended", "refused", "decided", "mediated", "withdrawn",
                               "archived"]),
       kind=st.sampled_from(["infringement", "ecommerce", "mediation"]),
       received=st.dates(D(2023, 1, 3), D(2026, 11, 1)), seed=st.integers(0, 10_000), abroad=st.booleans())
def test_every_derived_deadline_is_well_formed(status: str, kind: str, received: date, seed: int,
                                               abroad: bool) -> None:
    """Demo-like sequences replay without refusal, lead to their status, and give sane deadlines."""
    import random
    from types import SimpleNamespace

    from adjudicator.calendar.store import CountingRules
    from adjudicator.demo.procedure import plan_events

    today = D(2026, 11, 20)
    rules = CountingRules(CAL, 30, 0)
    case = SimpleNamespace(status=status, kind=kind, received_on=received, respondent_abroad=abroad)
    expected, records = plan_events(case, random.Random(seed), today, rules)
    proc = replay(received, records, today=today, case_kind=kind)
    assert proc.status == expected
    for d in derive_deadlines(proc, CAL, today=today).items:
        if d.due is None:
            continue
        assert CAL.is_workday(d.due) or d.rule == "evidence"  # an extended evidence period ends where granted
        if d.rule == "hearing-notice":
            assert d.due < d.start
        else:
            assert d.due >= d.start
        assert d.state(today) in ("open", "met", "missed", "not_applicable")


def test_the_cache_repairs_lost_triggers_and_rows(station_db: Database) -> None:
    from sqlalchemy import delete, text

    from adjudicator.procedure import deadline_cache
    from adjudicator.store.models_procedure import DeadlineCache

    first = _case(station_db, D(2026, 2, 13))
    assert len(deadline_board(station_db, today=D(2026, 2, 16)).rows) == 1
    with station_db.write() as s:  # what a batch migration of `cases` would do to the triggers
        s.execute(text("DROP TRIGGER deadline_cache_case_ai"))
        s.execute(text("DROP TRIGGER deadline_cache_case_au"))
    second = _case(station_db, D(2026, 2, 13))  # no trigger: no cache row
    deadline_cache._checked.clear()  # a new program run
    board = deadline_board(station_db, today=D(2026, 2, 16))
    assert {r.case_id for r in board.rows} == {first.id, second.id} and board.recomputed == 2
    with station_db.write() as s:
        s.execute(delete(DeadlineCache))
    deadline_cache._checked.clear()
    assert len(deadline_board(station_db, today=D(2026, 2, 16)).rows) == 2
    third = _case(station_db, D(2026, 2, 13))  # the triggers are back
    assert third.id in {r.case_id for r in deadline_board(station_db, today=D(2026, 2, 16)).rows}


def test_time_left_is_said_in_the_unit_the_rule_counts() -> None:
    from adjudicator.calendar.periods import period_text, remaining_text

    today = D(2026, 12, 1)  # a Tuesday
    assert remaining_text("serve-request", D(2026, 12, 4), today) == "还剩 3 个工作日"
    assert remaining_text("answer", D(2026, 12, 6), today) == "还剩 5 天"
    assert remaining_text("answer", today, today) == "今日届满"
    assert remaining_text("answer", D(2026, 11, 29), today) == "已逾期 2 天"
    assert period_text("hearing-notice", D(2026, 12, 22), D(2026, 12, 17)) == \
        "须于 2026-12-17 以前送达（口头审理日前 3 个工作日）"
    assert period_text("answer", D(2026, 12, 1), D(2026, 12, 16)) == "自 2026-12-01 起算，2026-12-16 届满"

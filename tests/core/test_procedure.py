"""The procedure: which event may follow which, and the sentence that refuses one that does not fit.

Pure tests of :mod:`adjudicator.procedure.transitions` first (every kind accepted in a fitting sequence and
refused out of place), then the service on both databases: the case status follows the events in
the same transaction, a refusal changes nothing, edits and removals are replayed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from adjudicator.cases import service as S
from adjudicator.errors import DomainError
from adjudicator.procedure.transitions import (
    EVENT_KINDS,
    EventRecord,
    EventRefused,
    Procedure,
    allowed_kinds,
    replay,
)
from adjudicator.procedure.service import EventInput, add_event, load_procedure, remove_event, update_event
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry, Case
from adjudicator.store.models_procedure import CaseEvent
from tests.core.factories import case_input

D = date
RECEIVED = D(2026, 2, 13)
TODAY = D(2026, 11, 20)


def ev(kind: str, day: date, received: date | None = None, **details: Any) -> EventRecord:
    return EventRecord(kind, day, received, details)


def run(*events: EventRecord, kind: str = "infringement", today: date = TODAY) -> Procedure:
    numbered = [EventRecord(e.kind, e.date, e.received_on, e.details, e.note, i) for i, e in enumerate(events, 1)]
    return replay(RECEIVED, numbered, today=today, case_kind=kind)


def refused(*events: EventRecord, kind: str = "infringement") -> str:
    with pytest.raises(EventRefused) as caught:
        run(*events, kind=kind)
    return str(caught.value)


FILED = ev("filed", D(2026, 2, 27))
SERVED = ev("request_served", D(2026, 3, 3), D(2026, 3, 5), method="post")
DECIDED = ev("decided", D(2026, 5, 6), outcome="infringement")
DECISION_SERVED = ev("decision_served", D(2026, 5, 8), D(2026, 5, 11))

#: For each kind, events that lead up to it (a fitting sequence) and then the kind itself.
SEQUENCES: dict[str, list[EventRecord]] = {
    "corrections_requested": [ev("corrections_requested", D(2026, 2, 16), limit_days=15)],
    "corrections_received": [ev("corrections_requested", D(2026, 2, 16)), ev("corrections_received", D(2026, 2, 25))],
    "filing_extended": [ev("filing_extended", D(2026, 2, 20), approver="张所长")],
    "filed": [FILED],
    "refused": [ev("refused", D(2026, 2, 27), ground="不属于本所管辖")],
    "request_served": [FILED, SERVED],
    "answer_received": [FILED, SERVED, ev("answer_received", D(2026, 3, 16))],
    "answer_forwarded": [FILED, SERVED, ev("answer_received", D(2026, 3, 16)), ev("answer_forwarded", D(2026, 3, 18))],
    "jurisdiction_objection": [FILED, SERVED, ev("jurisdiction_objection", D(2026, 3, 10))],
    "jurisdiction_decided": [FILED, SERVED, ev("jurisdiction_objection", D(2026, 3, 10)),
                             ev("jurisdiction_decided", D(2026, 3, 13), outcome="rejected")],
    "evidence_notice": [FILED, ev("evidence_notice", D(2026, 3, 3), D(2026, 3, 4))],
    "evidence_extension": [FILED, ev("evidence_notice", D(2026, 3, 3), D(2026, 3, 4)),
                           ev("evidence_extension", D(2026, 3, 12), until="2026-04-03")],
    "preservation": [FILED, ev("preservation", D(2026, 3, 4), approver="张所长")],
    "preservation_decided": [FILED, ev("preservation", D(2026, 3, 4), approver="张所长"),
                             ev("preservation_decided", D(2026, 3, 9))],
    "appraisal_started": [FILED, ev("appraisal_started", D(2026, 3, 20))],
    "appraisal_finished": [FILED, ev("appraisal_started", D(2026, 3, 20)), ev("appraisal_finished", D(2026, 4, 20))],
    "public_notice": [FILED, ev("public_notice", D(2026, 3, 10), document="请求书副本")],
    "settlement_started": [FILED, ev("settlement_started", D(2026, 3, 20))],
    "settlement_ended": [FILED, ev("settlement_started", D(2026, 3, 20)), ev("settlement_ended", D(2026, 4, 2))],
    "hearing_scheduled": [FILED, ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08")],
    "hearing_notice_served": [FILED, ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08"),
                              ev("hearing_notice_served", D(2026, 3, 23), D(2026, 3, 24))],
    "hearing_cancelled": [FILED, ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08"),
                          ev("hearing_cancelled", D(2026, 4, 2), reason="请求人申请不再进行口头审理")],
    "hearing_held": [FILED, ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08"),
                     ev("hearing_held", D(2026, 4, 8))],
    "recusal_applied": [FILED, ev("recusal_applied", D(2026, 3, 25))],
    "recusal_decided": [FILED, ev("recusal_applied", D(2026, 3, 25)),
                        ev("recusal_decided", D(2026, 3, 27), outcome="rejected")],
    "suspended": [FILED, ev("suspended", D(2026, 4, 1), ground="invalidation")],
    "resumed": [FILED, ev("suspended", D(2026, 4, 1), ground="invalidation"), ev("resumed", D(2026, 4, 30))],
    "extension_approved": [FILED, ev("extension_approved", D(2026, 5, 20), approver="张所长", level="head",
                                     months=1)],
    "decided": [FILED, DECIDED],
    "mediated": [FILED, ev("mediated", D(2026, 4, 20))],
    "withdrawn": [FILED, ev("withdrawn", D(2026, 4, 20), ground="requester_withdrew")],
    "decision_served": [FILED, DECIDED, DECISION_SERVED],
    "published": [FILED, DECIDED, ev("published", D(2026, 5, 20))],
    "lawsuit_filed": [FILED, DECIDED, DECISION_SERVED, ev("lawsuit_filed", D(2026, 5, 20))],
    "lawsuit_decided": [FILED, DECIDED, DECISION_SERVED, ev("lawsuit_filed", D(2026, 5, 20)),
                        ev("lawsuit_decided", D(2026, 9, 20), outcome="upheld")],
    "complied": [FILED, DECIDED, DECISION_SERVED, ev("complied", D(2026, 6, 10))],
    "enforcement_applied": [FILED, DECIDED, DECISION_SERVED, ev("enforcement_applied", D(2026, 8, 1))],
    "archived": [FILED, DECIDED, ev("archived", D(2026, 9, 1))],
}

STATUS_AFTER = {"filed": "filed", "refused": "refused", "suspended": "suspended", "resumed": "filed",
                "decided": "decided", "mediated": "mediated", "withdrawn": "withdrawn", "archived": "archived"}


def test_every_kind_has_a_sequence() -> None:
    assert set(SEQUENCES) == set(EVENT_KINDS) - {"received"}


@pytest.mark.parametrize("kind", sorted(SEQUENCES))
def test_each_kind_is_accepted_where_it_fits(kind: str) -> None:
    sequence = SEQUENCES[kind]
    before = run(*sequence[:-1])
    assert kind in {k.code for k in allowed_kinds(before)}
    after = run(*sequence)
    assert after.events[-1].kind == kind
    expected = STATUS_AFTER.get(kind, before.status)
    assert after.status == expected


@pytest.mark.parametrize("kind", sorted(SEQUENCES))
def test_each_kind_is_refused_out_of_place(kind: str) -> None:
    """Out of place: straight after receipt (for kinds that need more), or after archiving."""
    last = SEQUENCES[kind][-1]
    if "received" not in EVENT_KINDS[kind].statuses:
        message = refused(EventRecord(last.kind, last.date, last.received_on, last.details))
        assert message.endswith("。") and EVENT_KINDS[kind].label in message
    archived = [ev("refused", D(2026, 2, 20)), ev("archived", D(2026, 2, 23))]
    message = refused(*archived, EventRecord(last.kind, D(2026, 10, 1), None, last.details))
    assert "归档" in message


def test_a_hearing_before_filing_is_refused() -> None:
    message = refused(ev("hearing_scheduled", D(2026, 2, 20), hearing_on="2026-03-10"))
    assert message == "案件尚未立案，不能登记“确定口头审理”；请先登记“立案”。"


def test_a_decision_while_suspended_is_refused() -> None:
    message = refused(FILED, ev("suspended", D(2026, 4, 1), ground="invalidation"),
                      ev("decided", D(2026, 4, 20), outcome="rejected"))
    assert message == "案件自 2026-04-01 起中止处理，不能登记“作出行政裁决”；请先登记“恢复处理”。"


def test_a_resumption_before_its_suspension_is_refused() -> None:
    message = refused(FILED, ev("suspended", D(2026, 4, 10), ground="invalidation"), ev("resumed", D(2026, 4, 1)))
    assert "“恢复处理”的日期 2026-04-01 早于“中止处理”的日期 2026-04-10" in message


def test_an_extension_without_approver_is_refused() -> None:
    assert refused(FILED, ev("extension_approved", D(2026, 5, 20), level="head", months=1)) == \
        "“延长审理期限”必须注明批准人。"


def test_extension_limits_of_art_37() -> None:
    assert "只能批准延长 1 个月" in refused(
        FILED, ev("extension_approved", D(2026, 5, 20), approver="张所长", level="head", months=2))
    assert "须先经部门负责人批准" in refused(
        FILED, ev("extension_approved", D(2026, 5, 20), approver="市局", level="higher", months=2))
    head = ev("extension_approved", D(2026, 5, 20), approver="张所长", level="head", months=1)
    higher = ev("extension_approved", D(2026, 6, 20), approver="市局", level="higher", months=2)
    assert len(run(FILED, head, higher).extensions) == 2
    assert "只能有一次" in refused(FILED, head, ev("extension_approved", D(2026, 6, 1), approver="张所长",
                                                   level="head", months=1))


def test_a_date_before_the_event_it_depends_on_is_refused() -> None:
    message = refused(FILED, SERVED, ev("answer_received", D(2026, 3, 4)))
    assert message == "“收到答辩书”的日期 2026-03-04 早于它所依据的“送达请求书副本”的被请求人收到日期（2026-03-05）。"
    message = refused(FILED, DECIDED, ev("decision_served", D(2026, 5, 1)))
    assert "“送达行政裁决书”的日期 2026-05-01 早于“作出行政裁决”的日期 2026-05-06" in message


def test_a_receipt_before_sending_and_dates_outside_the_case_are_refused() -> None:
    assert "被请求人收到日期 2026-03-01 早于事件日期 2026-03-03" in refused(
        FILED, ev("request_served", D(2026, 3, 3), D(2026, 3, 1)))
    assert "早于收到请求的日期 2026-02-13" in refused(ev("filed", D(2026, 2, 10)))
    with pytest.raises(EventRefused, match="晚于今天（2026-03-01），不能登记尚未发生的事件"):
        run(ev("filed", D(2026, 3, 2)), today=D(2026, 3, 1))


def test_hearing_rules() -> None:
    scheduled = ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08")
    assert "与已确定的日期 2026-04-08 不一致" in refused(FILED, scheduled, ev("hearing_held", D(2026, 4, 9)))
    assert "早于确定口头审理的日期" in refused(FILED, ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-03-19"))
    moved = ev("hearing_scheduled", D(2026, 4, 1), hearing_on="2026-04-15")
    assert run(FILED, scheduled, moved, ev("hearing_held", D(2026, 4, 15))).status == "filed"
    assert "没有尚未结束的“确定口头审理”" in refused(FILED, ev("hearing_held", D(2026, 4, 8)))


def test_a_scheduled_hearing_is_held_or_cancelled_before_the_decision() -> None:
    """取消口头审理 ends a scheduled hearing without holding it; a decision waits for one or the other."""
    scheduled = ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08")
    assert "口头审理已定于 2026-04-08 举行，尚未登记“进行口头审理”或“取消口头审理”，不能作出裁决" in \
        refused(FILED, scheduled, DECIDED)
    cancel = ev("hearing_cancelled", D(2026, 4, 2), reason="请求人申请不再进行口头审理")
    assert run(FILED, scheduled, cancel, DECIDED).status == "decided"
    assert "尚未登记“确定口头审理”" in refused(FILED, cancel)
    assert "没有尚未举行的“确定口头审理”" in refused(FILED, scheduled, cancel, ev("hearing_cancelled", D(2026, 4, 3),
                                                                              reason="重复"))
    assert "取消理由必须填写" in refused(FILED, scheduled, ev("hearing_cancelled", D(2026, 4, 2)))
    assert "早于“确定口头审理”的日期 2026-03-20" in refused(
        FILED, scheduled, ev("hearing_cancelled", D(2026, 3, 19), reason="改为书面审理"))
    assert "没有尚未结束的“确定口头审理”" in refused(FILED, scheduled, cancel, ev("hearing_held", D(2026, 4, 8)))
    again = ev("hearing_scheduled", D(2026, 4, 10), hearing_on="2026-04-22")
    assert run(FILED, scheduled, cancel, again, ev("hearing_held", D(2026, 4, 22)), DECIDED).status == "decided"


def test_deemed_withdrawn_needs_a_hearing_fixed_not_cancelled_and_due() -> None:
    ground = {"ground": "deemed_withdrawn"}
    scheduled = ev("hearing_scheduled", D(2026, 3, 20), hearing_on="2026-04-08")
    assert "案件没有确定过口头审理" in refused(FILED, ev("withdrawn", D(2026, 4, 8), **ground))
    assert "口头审理定于 2026-04-08，在此以前" in refused(FILED, scheduled, ev("withdrawn", D(2026, 4, 7), **ground))
    cancel = ev("hearing_cancelled", D(2026, 4, 2), reason="改为书面审理")
    assert "已于 2026-04-02 取消" in refused(FILED, scheduled, cancel, ev("withdrawn", D(2026, 4, 8), **ground))
    assert run(FILED, scheduled, ev("withdrawn", D(2026, 4, 8), **ground)).status == "withdrawn"


def test_decision_waits_for_running_objection_and_mediation_cases_are_never_decided() -> None:
    objection = ev("jurisdiction_objection", D(2026, 3, 10))
    assert "“提出管辖权异议”（2026-03-10）尚未结束，不能作出裁决" in refused(FILED, SERVED, objection, DECIDED)
    assert "调解案件不能作出行政裁决" in refused(FILED, DECIDED, kind="mediation")
    assert run(FILED, ev("mediated", D(2026, 4, 1)), kind="mediation").status == "mediated"


def test_once_only_and_lawsuit_blocks_enforcement() -> None:
    assert "已于 2026-02-27 立案，不能再登记“立案”" in refused(FILED, ev("filed", D(2026, 3, 2)))
    assert "不能重复登记" in refused(FILED, SERVED, ev("request_served", D(2026, 3, 9)))
    sued = ev("lawsuit_filed", D(2026, 5, 20))
    assert "不能申请强制执行" in refused(FILED, DECIDED, DECISION_SERVED, sued, ev("enforcement_applied", D(2026, 8, 1)))


def test_details_are_checked() -> None:
    assert "“中止处理”的中止理由必须填写。" == refused(FILED, ev("suspended", D(2026, 4, 1)))
    assert "“中止处理”的中止理由“bored”无效" in refused(FILED, ev("suspended", D(2026, 4, 1), ground="bored"))
    assert "延长月数应为正整数" in refused(
        FILED, ev("extension_approved", D(2026, 5, 20), approver="张所长", level="head", months="一"))
    assert "没有“colour”这一项" in refused(ev("filed", D(2026, 2, 27), colour="red"))
    with pytest.raises(DomainError, match="未知的事件类型 hearing"):
        run(ev("hearing", D(2026, 3, 1)))


def test_events_recorded_out_of_order_are_replayed_in_date_order() -> None:
    proc = replay(RECEIVED, [EventRecord("request_served", D(2026, 3, 3), None, {}, "", 2),
                             EventRecord("filed", D(2026, 2, 27), None, {}, "", 1),
                             EventRecord("answer_received", D(2026, 3, 16), None, {}, "", 3)], today=TODAY)
    assert [e.kind for e in proc.events] == ["filed", "request_served", "answer_received"]


def test_allowed_kinds_by_status() -> None:
    def codes(*events: EventRecord) -> set[str]:
        return {k.code for k in allowed_kinds(run(*events))}

    assert codes() == {"corrections_requested", "filing_extended", "filed", "refused", "withdrawn"}
    suspended = codes(FILED, ev("suspended", D(2026, 4, 1), ground="invalidation"))
    assert suspended == {"resumed", "withdrawn"}
    assert "decided" in codes(FILED) and "resumed" not in codes(FILED)
    assert codes(FILED, DECIDED) == {"decision_served", "published", "archived"}
    assert codes(FILED, DECIDED, ev("archived", D(2026, 6, 1))) == set()


# -- the service, on SQLite and PostgreSQL ------------------------------------------------------------


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _case(db: Database, received: date = RECEIVED) -> Case:
    return S.create_case(db, case_input(received_on=received), today=received)


def test_status_follows_events_in_the_same_transaction(any_db: Database) -> None:
    case = _case(any_db)
    version = case.version
    proc = add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=TODAY)
    assert proc.status == "filed"
    stored = S.get_case(any_db, case.id)
    assert stored.status == "filed" and stored.version > version
    add_event(any_db, case.id, EventInput("suspended", D(2026, 4, 1), details={"ground": "invalidation"}),
              today=TODAY)
    assert S.get_case(any_db, case.id).status == "suspended"
    proc = add_event(any_db, case.id, EventInput("resumed", D(2026, 4, 30)), today=TODAY)
    assert S.get_case(any_db, case.id).status == "filed"
    assert [e.label for e in proc.events] == ["立案", "中止处理", "恢复处理"]
    with any_db.session() as s:
        labels = s.scalars(select(AuditEntry.record_label).where(AuditEntry.table_name == "case_events")).all()
        statuses = s.scalars(select(AuditEntry.changes).where(AuditEntry.table_name == "cases",
                                                              AuditEntry.action == "update")).all()
    assert "立案 2026-03-02" in labels
    assert {"status": ["filed", "suspended"]} in statuses


def test_a_refused_event_changes_nothing(any_db: Database) -> None:
    case = _case(any_db)
    add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=TODAY)
    before = (_count(any_db, CaseEvent), _count(any_db, AuditEntry), S.get_case(any_db, case.id).version)
    with pytest.raises(EventRefused, match="案件没有中止处理，不能登记“恢复处理”"):
        add_event(any_db, case.id, EventInput("resumed", D(2026, 4, 30)), today=TODAY)
    with pytest.raises(EventRefused, match="必须注明批准人"):
        add_event(any_db, case.id, EventInput("extension_approved", D(2026, 5, 1),
                                              details={"level": "head", "months": 1}), today=TODAY)
    with pytest.raises(EventRefused, match="晚于今天"):
        add_event(any_db, case.id, EventInput("request_served", TODAY + timedelta(days=1)), today=TODAY)
    after = (_count(any_db, CaseEvent), _count(any_db, AuditEntry), S.get_case(any_db, case.id).version)
    assert after == before and S.get_case(any_db, case.id).status == "filed"


def test_edit_and_remove_are_replayed(any_db: Database) -> None:
    case = _case(any_db)
    add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=TODAY)
    proc = add_event(any_db, case.id, EventInput("request_served", D(2026, 3, 4), D(2026, 3, 6)), today=TODAY)
    filed, served = proc.events
    with pytest.raises(EventRefused, match="早于“立案”的日期"):
        update_event(any_db, served.id, EventInput("request_served", D(2026, 2, 27)), today=TODAY)
    with pytest.raises(EventRefused, match="不能删除“立案”（2026-03-02）：删除后案件尚未立案"):
        remove_event(any_db, filed.id, today=TODAY)
    proc = update_event(any_db, served.id, EventInput("request_served", D(2026, 3, 5), D(2026, 3, 9),
                                                      {"method": "post"}, "挂号信"), today=TODAY)
    assert proc.events[1].received_on == D(2026, 3, 9) and proc.events[1].note == "挂号信"
    proc = remove_event(any_db, served.id, today=TODAY)
    assert [e.kind for e in proc.events] == ["filed"]
    with any_db.session() as s:  # a tombstone, never a delete
        assert s.scalar(select(CaseEvent.deleted_at).where(CaseEvent.id == served.id)) is not None
    proc = remove_event(any_db, filed.id, today=TODAY)
    assert proc.status == "received" and S.get_case(any_db, case.id).status == "received"


def test_request_served_takes_abroad_from_the_respondent(any_db: Database) -> None:
    inp = case_input(received_on=RECEIVED)
    inp.parties[1].abroad = True
    case = S.create_case(any_db, inp, today=RECEIVED)
    add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=TODAY)
    proc = add_event(any_db, case.id, EventInput("request_served", D(2026, 3, 4)), today=TODAY)
    assert proc.events[-1].details["abroad"] is True
    answer = next(d for d in proc.deadlines.items if d.rule.startswith("answer"))
    assert answer.rule == "answer-abroad" and answer.due == D(2026, 4, 3)


def test_deleted_and_foreign_cases_are_refused(any_db: Database) -> None:
    case = _case(any_db)
    S.set_deleted(any_db, case.id, True)
    with pytest.raises(DomainError, match="已删除，请先恢复"):
        add_event(any_db, case.id, EventInput("filed", D(2026, 3, 2)), today=TODAY)
    assert load_procedure(any_db, case.id, today=TODAY).allowed == ()

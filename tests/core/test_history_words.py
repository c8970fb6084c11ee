"""历史记录 in words: an event's details use its own kind's labels and choices; file types are named."""

from __future__ import annotations

from datetime import date

from adjudicator.cases import service as S
from adjudicator.history.trail import case_history
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from tests.core.factories import case_input


def test_a_decided_event_reads_as_the_decision_s_outcome(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    add_event(station_db, case.id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))
    add_event(station_db, case.id, EventInput("decided", date(2026, 5, 6), None, {"outcome": "infringement"}))
    words = "\n".join(d for line in case_history(station_db, case.id) for d in line.details)
    assert "裁决结果：侵权成立，责令停止侵权" in words
    assert "infringement" not in words and "处理结果" not in words

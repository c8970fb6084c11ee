"""历史记录 in words: documents and services as a clerk says them, no codes, no identifiers, no drafts' autosaves."""

from __future__ import annotations

import re
from datetime import date

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.service_records import add_service
from adjudicator.history.trail import case_history
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def test_documents_and_services_read_as_words(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    add_event(any_db, case.id, EventInput("filed", date(2026, 3, 4)))
    draft = D.create_draft(any_db, case.id, "answer-notice", FIELDS["answer-notice"])
    for n in range(3):  # the preview's autosaves while the clerk types
        D.update_draft(any_db, draft.id, {**FIELDS["answer-notice"], "addressee": "张小明" + "先生" * n})
    issued = issuing.issue(any_db, draft.id, issued_on=date(2026, 3, 5))
    add_service(any_db, issued.id, method="direct", recipient="张伟", sent_on=date(2026, 3, 5),
                received_on=date(2026, 3, 5), note="")
    issuing.void(any_db, issued.id, "受送达人写错")
    lines = case_history(any_db, case.id)
    summaries = [line.summary for line in lines]
    assert f"出具 答辩通知书 {issued.number}" in summaries
    assert "直接送达 张伟 2026-03-05" in summaries
    assert f"作废 答辩通知书 {issued.number}" in summaries
    assert not any("草稿" in s for s in summaries)  # a draft and its autosaves are no change to the case
    served = lines[summaries.index("直接送达 张伟 2026-03-05")]
    assert served.details[0] == f"文书：答辩通知书 {issued.number}"
    words = " ".join(summaries + [d for line in lines for d in line.details])
    for internal in ("answer-notice", "draft", "issued", "direct", "document_id", "{", "'"):
        assert internal not in words, internal
    assert not _UUID.search(words)
    assert "送达方式：直接送达" in words  # the event's details, labelled


def test_a_decided_event_reads_as_the_decision_s_outcome(station_db: Database) -> None:
    """Detail keys are shared (outcome: an objection's 处理结果, a decision's 裁决结果): each event uses its own."""
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    add_event(station_db, case.id, EventInput("request_served", date(2026, 3, 9), date(2026, 3, 10)))
    add_event(station_db, case.id, EventInput("decided", date(2026, 5, 6), None, {"outcome": "infringement"}))
    words = "\n".join(d for line in case_history(station_db, case.id) for d in line.details)
    assert "裁决结果：侵权成立，责令停止侵权" in words
    assert "infringement" not in words and "处理结果" not in words

"""Operations compose into one transaction, and a write against an older version is refused.

Two clerks work on the same case: whoever saves second against the version they read is
refused with a sentence naming who changed the case and when, and the first clerk's work
stays. Several services run inside one ``db.write()`` through their inner forms, and either
all of them are saved or none. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.service_records import add_service, add_service_in
from adjudicator.errors import DomainError, StaleError
from adjudicator.evidence import service as E
from adjudicator.procedure.service import EventInput, add_event, add_event_in, load_procedure, remove_event
from adjudicator.store import Database
from adjudicator.store.models_documents import ServiceRecord
from adjudicator.store.models_procedure import CaseEvent
from tests.core.factories import case_input

FILED_ON = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def _evidence_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_stale_save_is_refused_naming_who_and_when_and_keeps_the_other_save(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    seen = case.version
    b_edit = copy.deepcopy(case_input(notes="被请求人已下架部分商品，待核实。"))
    S.update_case(any_db, case.id, b_edit, expected_version=seen, actor="李书记员")
    a_edit = copy.deepcopy(case_input(handler="赵敏"))
    with pytest.raises(StaleError) as refused:
        S.update_case(any_db, case.id, a_edit, expected_version=seen, actor="王审查员")
    sentence = str(refused.value)
    assert "已被其他人修改" in sentence and "李书记员" in sentence
    assert refused.value.actor == "李书记员" and refused.value.at is not None
    assert refused.value.at.astimezone().strftime("%Y-%m-%d %H:%M") in sentence
    kept = S.get_case(any_db, case.id)
    assert kept.notes == "被请求人已下架部分商品，待核实。" and kept.handler == "李明"


def test_an_event_against_an_older_version_is_refused_and_records_nothing(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    S.update_case(any_db, case.id, case_input(notes="另一位书记员的备注"), expected_version=case.version,
                  actor="李书记员")
    with pytest.raises(StaleError, match="李书记员"):
        add_event(any_db, case.id, EventInput("filed", FILED_ON), expected_version=case.version)
    assert _count(any_db, CaseEvent) == 0
    proc = load_procedure(any_db, case.id)
    after = add_event(any_db, case.id, EventInput("filed", FILED_ON), expected_version=proc.version)
    assert after.version > proc.version and after.status == "filed"
    with pytest.raises(StaleError):
        remove_event(any_db, after.events[0].id, expected_version=proc.version)
    assert len(load_procedure(any_db, case.id).events) == 1


def test_exhibits_and_drafts_check_the_version_too(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    S.update_case(any_db, case.id, case_input(notes="新备注"), expected_version=case.version, actor="李书记员")
    with pytest.raises(StaleError):
        E.add_exhibit(any_db, case.id, E.ExhibitInput(title="专利证书", physical=True), expected_version=case.version)
    with pytest.raises(StaleError):
        D.create_draft(any_db, case.id, "filing-notice", {"filed_on": "2026-03-04"}, expected_version=case.version)
    exhibit = E.add_exhibit(any_db, case.id, E.ExhibitInput(title="专利证书", physical=True))
    E.update_exhibit(any_db, exhibit.id, E.ExhibitInput(title="专利证书（副本）", physical=True),
                     expected_version=exhibit.version)
    with pytest.raises(StaleError, match="已被其他人修改"):
        E.remove_exhibit(any_db, exhibit.id, expected_version=exhibit.version)
    assert [e.title for e in E.list_exhibits(any_db, case.id)] == ["专利证书（副本）"]


def test_a_service_and_the_event_it_causes_are_one_transaction(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    add_event(any_db, case.id, EventInput("filed", FILED_ON))
    draft = D.create_draft(any_db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(any_db, draft.id, issued_on=date(2026, 3, 5))
    before = _count(any_db, CaseEvent)

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted), any_db.write("测试员") as s:
        add_service_in(s, any_db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 3, 5),
                       received_on=date(2026, 3, 9))
        assert s.scalar(select(func.count()).select_from(CaseEvent)) == before + 1
        raise Interrupted
    assert _count(any_db, ServiceRecord) == 0 and _count(any_db, CaseEvent) == before

    _, message = add_service(any_db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 3, 5),
                             received_on=date(2026, 3, 9))
    assert "已记入案件进程" in message
    assert _count(any_db, ServiceRecord) == 1 and _count(any_db, CaseEvent) == before + 1
    assert load_procedure(any_db, case.id).status == "filed"


def test_a_refused_event_leaves_the_service_recorded_with_the_reason(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())  # not filed: the procedure refuses "request served"
    draft = D.create_draft(any_db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(any_db, draft.id, issued_on=date(2026, 3, 5))
    _, message = add_service(any_db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 3, 5),
                             received_on=date(2026, 3, 9))
    assert message.startswith("送达已登记，但未能记入案件进程：")
    assert _count(any_db, ServiceRecord) == 1 and _count(any_db, CaseEvent) == 0


def test_case_edit_and_event_compose_all_or_nothing(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    with pytest.raises(DomainError), any_db.write("测试员") as s:
        S.update_case_in(s, any_db, case.id, case_input(notes="与立案一并保存"), expected_version=case.version)
        add_event_in(s, any_db, case.id, EventInput("decided", FILED_ON))  # refused: not filed yet
    kept = S.get_case(any_db, case.id)
    assert kept.notes == "" and kept.version == case.version
    with any_db.write("测试员") as s:
        S.update_case_in(s, any_db, case.id, case_input(notes="与立案一并保存"), expected_version=case.version)
        add_event_in(s, any_db, case.id, EventInput("filed", FILED_ON))
    saved = S.get_case(any_db, case.id)
    assert saved.notes == "与立案一并保存" and saved.status == "filed"


def test_another_station_cannot_change_the_case(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    any_db.set_setting("station_code", "02")
    try:
        with pytest.raises(DomainError, match="只能由该所"):
            add_event(any_db, case.id, EventInput("filed", FILED_ON))
        with pytest.raises(DomainError, match="只能由该所"):
            E.add_exhibit(any_db, case.id, E.ExhibitInput(title="专利证书", physical=True))
        with pytest.raises(DomainError, match="只能由该所"):
            S.update_case(any_db, case.id, case_input(notes="x"))
    finally:
        any_db.set_setting("station_code", "01")

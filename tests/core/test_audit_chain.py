"""The audit trail is a hash chain per station, and ``audit verify`` finds what was changed behind the program's back.

A day of ordinary work verifies clean; an edited, deleted or inserted audit entry breaks the chain
at that entry; a row edited with an outside SQL tool, a row slipped in without an entry, and an
issued PDF replaced together with its hash are each named. Two writers at once never fork the
chain. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.service_records import add_service
from adjudicator.evidence import service as E
from adjudicator.procedure.service import EventInput, add_event, remove_event
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database
from adjudicator.store.chain import entry_hash
from adjudicator.store.models import AuditEntry
from adjudicator.trust.audit_verify import verify_audit
from tests.core.factories import case_input

FILED_ON = date(2026, 3, 4)


@pytest.fixture(autouse=True)
def _evidence_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))


def _day_of_work(db: Database) -> dict[str, uuid.UUID]:
    case = S.create_case(db, case_input())
    case = S.update_case(db, case.id, case_input(notes="被请求人已下架部分商品，待核实。"), expected_version=case.version)
    add_event(db, case.id, EventInput("filed", FILED_ON))
    draft = D.create_draft(db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(db, draft.id, issued_on=date(2026, 3, 5))
    add_service(db, doc.id, method="post", recipient="张小明", sent_on=date(2026, 3, 5), received_on=date(2026, 3, 9))
    exhibit = E.add_exhibit(db, case.id, E.ExhibitInput(title="专利证书", physical=True))
    E.remove_exhibit(db, exhibit.id, expected_version=exhibit.version)
    extra = add_event(db, case.id, EventInput("answer_received", date(2026, 3, 10)))
    last = max(extra.events, key=lambda e: e.sequence)
    remove_event(db, last.id)
    return {"case": case.id, "doc": doc.id}


def _execute(db: Database, sql: str, **params: object) -> None:
    """Change the database as an outside SQL tool would: no session hooks, no audit."""
    raw = create_engine(db.engine.url)
    with raw.begin() as conn:
        conn.execute(text(sql), params)
    raw.dispose()


def _entries(db: Database) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.chain, AuditEntry.chain_seq)))


def test_a_day_of_work_verifies_and_every_entry_is_chained(any_db: Database) -> None:
    _day_of_work(any_db)
    report = verify_audit(any_db)
    assert report.ok, report.lines()
    assert report.records >= 6 and report.entries > 10
    station = [e for e in _entries(any_db) if e.chain == "01"]
    assert [e.chain_seq for e in station] == list(range(1, len(station) + 1))
    assert all(e.hash == entry_hash(e.__dict__) for e in station)
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(station))
    assert station[0].prev_hash == ""


def test_a_row_edited_outside_the_program_is_named(any_db: Database) -> None:
    _day_of_work(any_db)
    with any_db.session() as s:
        party = s.execute(text("SELECT id FROM parties ORDER BY sort_order")).scalar()
    _execute(any_db, "UPDATE parties SET name = '张三丰' WHERE id = :id", id=party)
    report = verify_audit(any_db)
    assert not report.ok and not report.breaks
    assert [(p.table, p.label) for p in report.problems] == [("parties", "张三丰")]
    assert "名称" in report.problems[0].reason and "在本程序之外被改动" in report.problems[0].reason


def test_a_tombstone_lifted_outside_the_program_is_named(any_db: Database) -> None:
    _day_of_work(any_db)
    _execute(any_db, "UPDATE exhibits SET deleted_at = NULL")
    report = verify_audit(any_db)
    assert [p.table for p in report.problems] == ["exhibits"]
    assert "删除标记" in report.problems[0].reason and report.problems[0].label == "专利证书"


def test_a_row_without_any_entry_is_named(any_db: Database) -> None:
    ids = _day_of_work(any_db)
    _execute(any_db, "INSERT INTO parties (id, owner_station, version, created_at, updated_at, case_id, sort_order, "
                     "role, party_type, name, id_number, address, phone, legal_rep, legal_rep_title, agents, abroad) "
                     "VALUES (:id, '01', 1, :t, :t, :case, 9, 'third', 'person', '李四', '', '', '', '', '', '[]', false)",
             id=uuid.uuid4().hex if any_db.is_sqlite else str(uuid.uuid4()), t="2026-03-05 08:00:00",
             case=ids["case"].hex if any_db.is_sqlite else str(ids["case"]))
    report = verify_audit(any_db)
    assert [(p.label, "没有任何审计记录" in p.reason) for p in report.problems] == [("李四", True)]


@pytest.mark.parametrize("attack", ["edit", "delete", "insert", "rehash"])
def test_a_changed_audit_entry_breaks_the_chain_at_that_entry(any_db: Database, attack: str) -> None:
    _day_of_work(any_db)
    victim = [e for e in _entries(any_db) if e.chain == "01"][4]
    if attack == "edit":
        _execute(any_db, "UPDATE audit_entries SET actor = '王五' WHERE seq = :seq", seq=victim.seq)
        at, reason = 5, "记录内容与其哈希不符"
    elif attack == "delete":
        _execute(any_db, "DELETE FROM audit_entries WHERE seq = :seq", seq=victim.seq)
        at, reason = 6, "第 5 条起的记录缺失"
    elif attack == "insert":
        _execute(any_db, "UPDATE audit_entries SET chain_seq = chain_seq + 1 WHERE chain = '01' AND chain_seq >= 5")
        _execute(any_db, "INSERT INTO audit_entries (entry_id, at, actor, station, table_name, record_id, record_label, "
                         "action, changes, chain, chain_seq, prev_hash, hash) SELECT :eid, at, '王五', station, "
                         "table_name, record_id, record_label, 'update', '{}', chain, 5, prev_hash, hash "
                         "FROM audit_entries WHERE seq = :seq",
                 eid=uuid.uuid4().hex if any_db.is_sqlite else str(uuid.uuid4()), seq=victim.seq)
        at, reason = 5, "记录内容与其哈希不符"
    else:  # an edit whose own hash is recomputed: the next entry no longer links to it
        entry = dict(victim.__dict__, actor="王五")
        _execute(any_db, "UPDATE audit_entries SET actor = '王五', hash = :h WHERE seq = :seq",
                 h=entry_hash(entry), seq=victim.seq)
        at, reason = 6, "前一条哈希与前一条记录不符"
    report = verify_audit(any_db)
    assert not report.ok
    assert [(b.chain, b.chain_seq) for b in report.breaks] == [("01", at)]
    assert reason in report.breaks[0].reason
    assert report.breaks[0].sentence().startswith("“01”的审计链在第")


def test_a_pdf_replaced_with_its_hash_is_found(any_db: Database) -> None:
    ids = _day_of_work(any_db)
    forged = b"%PDF-1.4 forged decision"
    digest = hashlib.sha256(forged).hexdigest()
    _execute(any_db, "UPDATE documents SET pdf = :pdf, sha256 = :h WHERE id = :id", pdf=forged, h=digest,
             id=ids["doc"].hex if any_db.is_sqlite else str(ids["doc"]))
    report = verify_audit(any_db)
    assert [p.table for p in report.problems] == ["documents"]
    assert "sha256" in report.problems[0].reason
    _execute(any_db, "UPDATE documents SET pdf = :pdf WHERE id = :id", pdf=b"%PDF other",
             id=ids["doc"].hex if any_db.is_sqlite else str(ids["doc"]))
    reasons = [p.reason for p in verify_audit(any_db).problems]
    assert any("保存的 PDF 与登记的 SHA-256 不符" in r for r in reasons)


def test_two_writers_at_once_never_fork_the_chain(db_url: str) -> None:
    first = open_database(db_url)
    init_station(first, "01", user="测试员")
    second = open_database(db_url)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work(db: Database, handler: str) -> None:
        try:
            barrier.wait()
            for _ in range(6):
                case = S.create_case(db, case_input(handler=handler))
                S.update_case(db, case.id, case_input(handler=handler, notes=f"{handler}的备注"),
                              expected_version=case.version)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db, name)) for db, name in ((first, "李明"), (second, "赵敏"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        entries = [e for e in _entries(first) if e.chain == "01"]
        assert [e.chain_seq for e in entries] == list(range(1, len(entries) + 1))
        assert {e.actor for e in entries} >= {"测试员"}
        report = verify_audit(first)
        assert report.ok, report.lines()
        with first.session() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.table_name == "cases")) == 24
    finally:
        first.close()
        second.close()


def test_existing_entries_are_chained_by_the_migration(tmp_path: Path) -> None:
    from adjudicator.store import migrate
    from adjudicator.store.database import create_db_engine

    f = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{f}")
    migrate.upgrade(engine, "0009_report_facts_columns")
    with engine.begin() as conn:
        for n in range(5):
            conn.execute(text("INSERT INTO audit_entries (entry_id, at, actor, station, table_name, record_id, "
                              "record_label, case_id, action, changes) VALUES (:e, :at, '李明', :st, 'cases', :r, "
                              "'', NULL, 'update', :c)"),
                         {"e": uuid.uuid4().hex, "at": f"2026-03-0{n + 1} 08:00:00.12345{n}",
                          "st": "01" if n != 2 else "", "r": uuid.uuid4().hex, "c": '{"notes": ["", "备注"]}'})
    engine.dispose()
    db = open_database(f)
    try:
        entries = _entries(db)
        assert [(e.chain, e.chain_seq) for e in entries] == [("01", 1), ("01", 2), ("01", 3), ("01", 4), ("SUP", 1)]
        assert all(e.hash == entry_hash(e.__dict__) for e in entries)
        report = verify_audit(db)
        assert not report.breaks
    finally:
        db.close()


def test_the_supervisor_verifies_an_imported_station_chain(tmp_path: Path, db_url: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.sync.importer import import_packages
    from tests.core.sync_helpers import make_station, make_supervisor

    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    st = make_station(tmp_path, "03", 4, seed=31)
    sup = make_supervisor(db_url, tmp_path, [st])
    try:
        run = import_packages(sup, [st.export()])
        assert run.ok and "注意" not in run.outcomes[0].message, run.outcomes[0].message
        assert run.outcomes[0].summary.get("audit_chain") is None
        report = verify_audit(sup)
        assert report.ok, report.lines()
        case = S.list_cases(st.db)[0]
        S.update_case(st.db, case["id"], case_input(notes="第二次补充材料已收到"))
        last = max(e.chain_seq or 0 for e in _entries(st.db) if e.chain == "03")  # not yet at the supervisor
        _execute(st.db, "UPDATE audit_entries SET actor = '王五' WHERE chain = '03' AND chain_seq = :n", n=last)
        second = import_packages(sup, [st.export()]).outcomes[0]
        assert second.status == "imported"  # the rows arrive; the broken chain is said, not hidden
        assert f"注意：“03”的审计链在第 {last} 条处断开" in second.message
        assert [(b.chain, b.chain_seq) for b in verify_audit(sup).breaks] == [("03", last)]
    finally:
        sup.close()
        st.db.close()

"""The fast chain check: it answers for whole chains from the stored text, and never calls a broken chain whole.

``changes`` is stored in canonical JSON, so the fast check hashes it as stored; entries stored in
the older form (spaces, escaped characters, fields in form order) still hold, through re-serializing;
a changed ``changes`` text is caught by the fast check and named by the exact one. The history still
lists a record's fields in the form's order although the trail keeps them sorted. SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from adjudicator.cases import service as S
from adjudicator.history.trail import case_history
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from adjudicator.store.chain import _exact_check, canonical_json, check_chains
from adjudicator.store.chain_fast import chains_hold
from tests.core.factories import case_input


@pytest.fixture(autouse=True)
def _evidence_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))


def _work(db: Database) -> None:
    for n in range(3):
        case = S.create_case(db, case_input(notes=f"第 {n + 1} 件：请求人称被请求人在网店销售侵权产品。"))
        S.update_case(db, case.id, case_input(notes="已核实\n\"原件\"\\副本"), expected_version=case.version)
        add_event(db, case.id, EventInput("filed", date(2026, 3, 4)))


def _stored(db: Database) -> list[tuple[int, str]]:
    cast = "changes" if db.is_sqlite else "CAST(changes AS TEXT)"
    with db.engine.connect() as conn:
        return [(int(seq), str(t)) for seq, t in conn.execute(text(f"SELECT seq, {cast} FROM audit_entries ORDER BY seq"))]


def _execute(db: Database, sql: str, **params: object) -> None:
    """Change the database as an outside SQL tool would: no session hooks, no audit."""
    raw = create_engine(db.engine.url)
    with raw.begin() as conn:
        conn.execute(text(sql), params)
    raw.dispose()


def test_changes_are_stored_as_the_hash_covers_them(any_db: Database) -> None:
    _work(any_db)
    stored = _stored(any_db)
    assert len(stored) > 10
    assert all(t == canonical_json(json.loads(t)) for _, t in stored)
    assert any("请求人称被请求人" in t for _, t in stored)  # characters as they are, not \\u escapes


def test_the_fast_check_answers_for_whole_chains_with_the_exact_counts(any_db: Database) -> None:
    _work(any_db)
    fast: dict[str, int] = {}
    exact: dict[str, int] = {}
    with any_db.engine.connect() as conn:
        assert chains_hold(conn, fast)
        assert _exact_check(conn, exact) == []
        only: dict[str, int] = {}
        assert chains_hold(conn, only, "01")
    assert fast == exact and fast["01"] > 10
    assert only == {"01": fast["01"]}


def test_entries_stored_in_the_older_form_still_hold(any_db: Database) -> None:
    _work(any_db)
    for seq, stored in _stored(any_db):  # as plain json.dumps wrote them: spaces, \\u escapes, keys reversed
        value = json.loads(stored)
        older = json.dumps(dict(reversed(list(value.items()))) if isinstance(value, dict) else value)
        _execute(any_db, "UPDATE audit_entries SET changes = :c WHERE seq = :s", c=older, s=seq)
    assert all(t != canonical_json(json.loads(t)) for _, t in _stored(any_db) if json.loads(t))
    with any_db.engine.connect() as conn:
        assert chains_hold(conn, {})
        assert check_chains(conn) == []


@pytest.mark.parametrize("change", ["content", "escape"])
def test_a_changed_changes_text_is_caught(any_db: Database, change: str) -> None:
    _work(any_db)
    seq, stored = [s for s in _stored(any_db) if json.loads(s[1])][-2]
    value = json.loads(stored)
    key = sorted(value)[0]
    if change == "content":  # a different value: a break
        value[key] = ["改动前", "改动后"]
        altered = canonical_json(value)
    else:  # the same value spelled with an escape: not canonical, but no break either
        altered = stored.replace('"' + key + '"', '"\\u' + format(ord(key[0]), "04x") + key[1:] + '"', 1)
        assert json.loads(altered) == value and altered != stored
    _execute(any_db, "UPDATE audit_entries SET changes = :c WHERE seq = :s", c=altered, s=seq)
    with any_db.engine.connect() as conn:
        chain, chain_seq = conn.execute(text("SELECT chain, chain_seq FROM audit_entries WHERE seq = :s"),
                                        {"s": seq}).one()
        breaks = check_chains(conn)
        if change == "content":
            assert not chains_hold(conn, {})
            assert [(b.chain, b.chain_seq) for b in breaks] == [(chain, chain_seq)]
            assert "记录内容与其哈希不符" in breaks[0].reason
        else:
            assert chains_hold(conn, {}) and breaks == []


def test_history_lists_fields_in_the_forms_order(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    created = [line for line in case_history(station_db, case.id) if line.details][0]
    labels = [d.split("：")[0] for d in created.details]
    assert labels.index("案号") < labels.index("收到请求日期") < labels.index("承办人") < labels.index("状态")


def test_a_station_chain_in_the_older_form_imports_without_a_warning(tmp_path: Path, db_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A station whose trail predates the canonical form: the supervisor's check re-serializes and finds it whole."""
    from adjudicator.sync.importer import import_packages
    from adjudicator.trust.audit_verify import verify_audit
    from tests.core.sync_helpers import make_station, make_supervisor

    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    st = make_station(tmp_path, "04", 3, seed=41)
    for seq, stored in _stored(st.db):
        _execute(st.db, "UPDATE audit_entries SET changes = :c WHERE seq = :s", c=json.dumps(json.loads(stored)), s=seq)
    sup = make_supervisor(db_url, tmp_path, [st])
    try:
        run = import_packages(sup, [st.export()])
        assert run.ok and run.outcomes[0].summary.get("audit_chain") is None, run.outcomes[0].message
        with sup.engine.connect() as conn:
            counts: dict[str, int] = {}
            assert chains_hold(conn, counts, "04") and counts["04"] > 10
        assert verify_audit(sup).ok
    finally:
        sup.close()
        st.db.close()

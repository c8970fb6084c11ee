"""Station packages merged into a supervisor database, on SQLite and PostgreSQL.

Stations are real station databases with demo data (distinct seeds, so distinct ids); packages
are real signed files. Orders, repeats, older-after-newer, deletes and restores crossing over,
supervisor notes, conflicts.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adjudicator.cases import service as S
from adjudicator.cases.listing import case_input_of
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry, Case, CaseSearch
from adjudicator.store.models_sync import SyncConflict
from adjudicator.sync.importer import import_packages
from adjudicator.sync.supervision import (
    add_note,
    case_notes,
    list_conflicts,
    resolve_conflict,
    station_status,
)
from tests.core.sync_helpers import key_dir  # noqa: F401  (autouse fixture)
from tests.core.sync_helpers import Station, content, make_station, make_supervisor


@pytest.fixture(scope="module")
def nine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Station], list[Path]]]:
    """Nine stations with a few demo cases each, and each one's first package."""
    root = tmp_path_factory.mktemp("nine")
    stations = [make_station(root, f"0{n}", 6 + n, seed=100 + n) for n in range(1, 10)]
    packages = [s.export() for s in stations]
    yield stations, packages
    for s in stations:
        s.db.close()


def _cases(db: Database) -> list[tuple[str, str, int, bool]]:
    with db.session() as s:
        return sorted((c.case_no, c.owner_station, c.version, c.deleted_at is not None)
                      for c in s.scalars(select(Case)))


def test_nine_stations_in_any_order_give_the_same_database(nine: tuple[list[Station], list[Path]],
                                                             tmp_path: Path) -> None:
    stations, packages = nine
    reference = None
    orders = [packages, list(reversed(packages)), random.Random(7).sample(packages, len(packages))]
    for n, order in enumerate(orders):
        sup = make_supervisor(f"sqlite:///{tmp_path / f'sup{n}.db'}", tmp_path, stations)
        run = import_packages(sup, order)
        assert run.ok and [o.status for o in run.outcomes] == ["imported"] * 9
        again = import_packages(sup, order)  # every package a second time: nothing changes
        assert [o.status for o in again.outcomes] == ["repeat"] * 9 and again.backup is None
        dump = content(sup, local=False)
        cases = _cases(sup)
        assert len(cases) == sum(6 + i for i in range(1, 10))
        assert {c[1] for c in cases} == {f"0{i}" for i in range(1, 10)}
        with sup.session() as s:  # every case once in the search index, with a local key of its own
            assert s.scalar(select(func.count()).select_from(CaseSearch)) == len(cases)
            assert s.scalar(select(func.count(func.distinct(Case.list_key)))) == len(cases)
        if reference is None:
            reference = dump
        else:
            assert dump == reference
        sup.close()


def test_same_rows_on_postgresql(nine: tuple[list[Station], list[Path]], tmp_path: Path, db_url: str) -> None:
    stations, packages = nine
    sup = make_supervisor(db_url, tmp_path, stations)
    pairs = list(itertools.permutations(packages[:3], 3))[3]
    assert import_packages(sup, list(pairs) + packages[3:]).ok
    twin = make_supervisor(f"sqlite:///{tmp_path / 'twin.db'}", tmp_path / "twin", stations)
    assert import_packages(twin, packages).ok
    assert content(sup, local=False) == content(twin, local=False)
    listed = S.list_cases(sup, S.CaseQuery(text=_some_party(stations[4])))
    assert listed and all(r["owner_station"] == "05" for r in listed)
    sup.close()
    twin.close()


def _some_party(station: Station) -> str:
    case = S.list_cases(station.db, limit=1)[0]
    return str(case["party_summary"]).split(" 诉 ")[0].split("、")[0]


def _edit(db: Database, case_id: object, notes: str) -> None:
    case = S.get_case(db, case_id)  # type: ignore[arg-type]
    inp = case_input_of(case)
    inp.notes = notes
    S.update_case(db, case.id, inp, expected_version=case.version)


def test_edit_delete_restore_and_an_older_package_after_a_newer(tmp_path: Path, db_url: str) -> None:
    st = make_station(tmp_path, "03", 5, seed=31)
    other = make_station(tmp_path, "04", 3, seed=41)
    sup = make_supervisor(db_url, tmp_path, [st, other])
    old = st.export()
    ids = [r["id"] for r in S.list_cases(st.db)]
    _edit(st.db, ids[0], "第二次补充材料已收到")
    S.set_deleted(st.db, ids[1], True)
    newer = st.export()
    run = import_packages(sup, [newer, other.export()])
    assert run.ok
    totals = run.outcomes[0].summary["totals"]
    assert totals["new"] > 0 and totals["conflicts"] == 0
    note = add_note(sup, ids[0], "请核实送达日期", flagged=True)
    late = import_packages(sup, [old])  # by mistake, the old package after the new one
    assert late.outcomes[0].status == "imported"
    assert late.outcomes[0].summary["totals"]["updated"] == 0
    assert "比已导入的第 2 号旧" in late.outcomes[0].message
    assert S.get_case(sup, ids[0]).notes == "第二次补充材料已收到"
    assert S.get_case(sup, ids[1]).deleted_at is not None
    # The station restores the case and deletes another; the supervisor sees both crossings.
    S.set_deleted(st.db, ids[1], False)
    S.set_deleted(st.db, ids[2], True)
    third = st.export()
    summary = import_packages(sup, [third]).outcomes[0].summary
    assert summary["tables"]["cases"]["updated"] == 2
    assert S.get_case(sup, ids[1]).deleted_at is None
    assert S.get_case(sup, ids[2]).deleted_at is not None
    assert [n.id for n in case_notes(sup, ids[0])] == [note.id]  # the note survived every import
    assert import_packages(sup, [newer, third, old]).outcomes[2].status == "repeat"
    with sup.session() as s:  # the station's history arrived with it, once
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.record_id == ids[1])).all()
    assert sorted(actions) == ["create", "delete", "restore"]
    status = {r.code: r for r in station_status(sup)}
    assert status["03"].last_sequence == 3 and status["03"].packages == 3 and not status["03"].stale
    assert status["05"].fingerprint == "" and not status["05"].stale
    sup.close()
    st.db.close()
    other.db.close()


def test_a_supervisor_side_edit_becomes_a_conflict_resolved_either_way(tmp_path: Path, db_url: str) -> None:
    st = make_station(tmp_path, "02", 4, seed=21)
    sup = make_supervisor(db_url, tmp_path, [st])
    assert import_packages(sup, [st.export()]).ok
    first, second = [r["id"] for r in S.list_cases(st.db)][:2]
    _edit(sup, first, "市局直接修改的备注")  # should not happen, but must not be lost silently
    _edit(sup, second, "市局修改二")
    _edit(st.db, first, "裁决所的修改")
    _edit(st.db, second, "裁决所的修改二")
    run = import_packages(sup, [st.export()])
    assert run.outcomes[0].summary["totals"]["conflicts"] == 2
    assert S.get_case(sup, first).notes == "市局直接修改的备注"  # nothing overwritten
    conflicts = {c.record_id: c for c in list_conflicts(sup)}
    assert set(conflicts) == {first, second}
    assert ("notes", "市局直接修改的备注", "裁决所的修改") in conflicts[first].differences
    resolve_conflict(sup, conflicts[first].id, "station")
    resolve_conflict(sup, conflicts[second].id, "supervisor")
    assert S.get_case(sup, first).notes == "裁决所的修改"
    assert S.get_case(sup, second).notes == "市局修改二"
    assert list_conflicts(sup) == []
    # Once decided: the station's next edit of the first case simply arrives; of the second, asks again.
    _edit(st.db, first, "裁决所再次修改")
    _edit(st.db, second, "裁决所再次修改二")
    run = import_packages(sup, [st.export()])
    assert run.outcomes[0].summary["tables"]["cases"]["conflicts"] == 1
    assert S.get_case(sup, first).notes == "裁决所再次修改"
    with sup.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncConflict)) == 3
    sup.close()
    st.db.close()

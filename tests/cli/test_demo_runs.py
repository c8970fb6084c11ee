"""``adjudicator demo``: ids never shared, reruns add, concurrent runs queue, refusals leave no file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from adjudicator.cli import main
from adjudicator.demo.generate import MAX_DEMO_CASES, generate_demo
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database
from adjudicator.store.models import Case, Party
from adjudicator.store.models_evidence import Exhibit
from adjudicator.store.models_procedure import CaseEvent


def _ids(db: Database) -> set[object]:
    with db.session() as s:
        return {*s.scalars(select(Case.id)), *s.scalars(select(Party.id)), *s.scalars(select(CaseEvent.id)),
                *s.scalars(select(Exhibit.id))}


def _case_nos(db: Database) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(Case.case_no)))


def test_two_stations_with_one_seed_share_no_uuid(tmp_path: Path, db_url: str) -> None:
    first = open_database(db_url)
    init_station(first, "01")
    second = open_database(tmp_path / "station02.db")
    init_station(second, "02")
    try:
        generate_demo(first, 30, seed=7)
        generate_demo(second, 30, seed=7)
        a, b = _ids(first), _ids(second)
        assert len(a) > 60 and not a & b
        with first.session() as s:
            names_a = sorted(s.scalars(select(Party.name)))
        with second.session() as s:
            names_b = sorted(s.scalars(select(Party.name)))
        assert names_a == names_b  # the same seed still gives the same people
    finally:
        first.close()
        second.close()


def test_running_demo_again_adds_cases(any_db: Database) -> None:
    generate_demo(any_db, 12, seed=1)
    generate_demo(any_db, 12, seed=1)
    numbers = _case_nos(any_db)
    assert len(numbers) == 24 and len(set(numbers)) == 24


def test_two_demo_runs_at_once_both_succeed(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("adjudicator.demo.generate.CHUNK", 100)  # short transactions that interleave
    setup = open_database(db_url)
    init_station(setup, "01")
    setup.close()
    errors: list[BaseException] = []

    def run(seed: int) -> None:
        db = open_database(db_url, create=False)
        try:
            generate_demo(db, 250, seed=seed)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db = open_database(db_url, create=False)
    try:
        numbers = _case_nos(db)
        assert len(numbers) == 500 and len(set(numbers)) == 500
    finally:
        db.close()


def test_demo_refuses_an_uninitialised_database_and_leaves_no_file(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.db"
    assert main(["--db", str(target), "demo", "--cases", "3"]) == 1
    err = capsys.readouterr().err
    assert "adjudicator init" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
    assert main(["--db", str(target), "demo", "--cases", str(MAX_DEMO_CASES + 1), "--station", "01"]) == 2
    assert main(["--db", str(target), "demo", "--cases", "0", "--station", "01"]) == 2
    assert main(["--db", str(target), "demo", "--cases", "2", "--station", "99"]) == 1
    assert main(["--db", str(target), "init", "--station", "99"]) == 1
    assert list(tmp_path.iterdir()) == []
    assert main(["--db", str(target), "demo", "--cases", "2", "--station", "01"]) == 0
    assert main(["--db", str(target), "demo", "--cases", "2"]) == 0
    db = open_database(target, create=False)
    try:
        assert len(_case_nos(db)) == 4
    finally:
        db.close()


def test_demo_issues_documents_that_reprint_and_batch_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    f = str(tmp_path / "station.db")
    assert main(["--db", f, "demo", "--station", "01", "--cases", "40", "--documents", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    numbers = summary["documents"]
    assert len(numbers) == 4 and numbers[0].startswith("呼新市监专立字〔")
    assert len(set(numbers)) == 4
    assert main(["--db", f, "doc", "reprint", numbers[0], "-o", str(tmp_path / "copy.pdf")]) == 0
    assert (tmp_path / "copy.pdf").read_bytes().startswith(b"%PDF-")
    capsys.readouterr()
    db = open_database(f, create=False)
    try:
        from adjudicator.store.models_documents import Document

        with db.session() as s:
            day = s.scalar(select(Document.issued_on).where(Document.number == numbers[0]))
    finally:
        db.close()
    assert main(["--db", f, "doc", "batch", "--date", day.isoformat(), "-o", str(tmp_path / "day.pdf")]) == 0
    assert numbers[0] in capsys.readouterr().out
    assert main(["--db", f, "demo", "--cases", "5", "--documents", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == []

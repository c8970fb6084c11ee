"""Saving, issuing, exporting and importing survive SIGKILL at any moment: all of a change or none.

Each test starts a real process (:mod:`tests.trust.crash_driver`) that keeps doing one thing to a
real database, kills it with SIGKILL a few times at different moments, and after each kill checks
that the database opens, passes ``PRAGMA integrity_check`` and ``audit verify``, and holds either
the whole change or none of it (:mod:`tests.trust.crash`). A file the killed process was writing
never lies at its destination half written, and the next run of the same command sweeps its
leftover. ``tools/reliability.py`` repeats these kills many more times for docs/reliability.md.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from adjudicator.cases import service as S
from adjudicator.cli import main
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.stations.registry import init_station
from adjudicator.store import open_database
from tests.core.factories import case_input
from tests.trust import crash

#: Seconds after the driver began its work: early (the first write), and later in a loop of writes.
DELAYS = (0.0, 0.15, 0.6)


def _station(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))
    monkeypatch.setenv("ADJUDICATOR_LOG_DIR", str(tmp_path / "logs"))
    db = open_database(db_url)
    init_station(db, "01")
    case = S.create_case(db, case_input())
    add_event(db, case.id, EventInput("filed", date(2026, 3, 4)))
    db.close()
    return db_url, case.case_no


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Station 01 with one filed case on SQLite: (url, case number).

    A station's file is where a kill can tear something; a server rolls back a dropped connection's
    transaction by itself (the supervisor's import below is killed on both).
    """
    return _station(f"sqlite:///{tmp_path / 'station.db'}", tmp_path, monkeypatch)


def test_a_killed_save_leaves_the_last_save_whole(station: tuple[str, str]) -> None:
    url, case_no = station
    for delay in DELAYS:
        killed = crash.kill_during(["save", url, case_no], delay)
        assert crash.after_save(url, case_no, killed) == [], killed.lines[-3:]


def test_a_killed_new_case_uses_no_number_and_loses_no_case(station: tuple[str, str]) -> None:
    url, _ = station
    for delay in DELAYS:
        base = crash.created_count(url)
        killed = crash.kill_during(["create", url], delay)
        assert crash.after_create(url, killed, base) == [], killed.lines[-3:]


def test_a_killed_issue_uses_no_number_and_leaves_no_file_that_is_not_genuine(station: tuple[str, str],
                                                                              tmp_path: Path) -> None:
    url, case_no = station
    out = tmp_path / "out"
    for n, delay in enumerate(DELAYS):
        base, folder = crash.issued_count(url), out / f"run{n}"
        folder.mkdir(parents=True)
        killed = crash.kill_during(["issue", url, str(folder), case_no], delay)
        assert crash.after_issue(url, out, killed, base) == [], killed.lines[-3:]
        # The clerk runs the same command again: it issues, and sweeps what the killed run left.
        target = killed.line("start", killed.last("start"))[2]
        assert main(["--db", url, "doc", "render", case_no, "filing-notice", "--issue", "--date", "2026-03-04",
                     "--field", "filed_on=2026-03-04", "-o", target]) == 0
        assert [p.name for p in folder.iterdir() if not p.name.endswith(".pdf")] == []
    assert crash.after_issue(url, out, crash.Killed(["start 0"]), crash.issued_count(url)) == []


def test_a_killed_export_leaves_no_half_package(station: tuple[str, str], tmp_path: Path) -> None:
    url, _ = station
    out = tmp_path / "out"
    for n, delay in enumerate(DELAYS):
        base, folder = crash.export_count(url), out / f"run{n}"
        folder.mkdir(parents=True)
        killed = crash.kill_during(["export", url, str(folder)], delay)
        assert crash.after_export(url, folder, killed, base) == [], killed.lines[-3:]
        target = killed.line("start", killed.last("start"))[2]
        assert main(["--db", url, "export", "-o", target]) == 0
        assert [p.name for p in folder.iterdir() if not p.name.endswith(".zip")] == []
    sequences = []
    for package in sorted(out.rglob("*.zip")):
        with zipfile.ZipFile(package) as zf:
            sequences.append(json.loads(zf.read("manifest.json"))["sequence"])
    assert len(set(sequences)) == len(sequences), sequences


# -- import into a supervisor ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Path]]]:
    """Station 01 with demo cases and its evidence, and three packages exported as its clerks worked."""
    from adjudicator.demo.generate import generate_demo
    from adjudicator.sync.keys import write_key_file

    root = tmp_path_factory.mktemp("station")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADJUDICATOR_KEY_DIR", str(root / "keys"))
        db = open_database(root / "station.db")
        init_station(db, "01")
        generate_demo(db, 25, seed=14, today=date(2026, 11, 30))
        write_key_file(db, root / "key.pubkey.json")
        made = []
        for n in range(1, 4):
            if n > 1:
                generate_demo(db, 5, seed=14 + n, today=date(2026, 11, 30))
            made.append(root / f"station-01-{n}.zip")
            assert main(["--db", str(root / "station.db"), "export", "-o", str(made[-1])]) == 0
        db.close()
    yield root / "key.pubkey.json", made
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_a_killed_import_leaves_the_supervisor_as_before_or_holding_the_whole_package(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packages: tuple[Path, list[Path]]) -> None:
    from adjudicator.stations.registry import init_supervisor
    from adjudicator.sync.keys import register_station

    key_file, made = packages
    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "supervisor-files"))
    db = open_database(db_url)
    init_supervisor(db)
    register_station(db, key_file)
    db.close()
    outcomes = []
    for package, fraction in zip(made, (0.1, 0.45, 0.8), strict=True):
        with zipfile.ZipFile(package) as zf:
            package_id = json.loads(zf.read("manifest.json"))["package_id"]
        expected = crash.package_rows(package, tmp_path / package.stem, "01")
        before = crash.dump(db_url)
        killed = crash.kill_during(["import", db_url, str(package)], fraction * 3.0, may_finish=True)
        problems, whole = crash.after_import(db_url, before, package, package_id, expected, "01")
        assert problems == [], killed.lines[-3:]
        outcomes.append(whole)
        assert main(["--db", db_url, "import", str(package)]) == 0  # the supervisor imports it again
        assert crash.imported(db_url, package_id)
    assert outcomes.count(False) >= 1, "no kill landed before the import committed"


# -- the windows between the database and a file, hit exactly -----------------------------------------

def test_killed_after_staging_an_issued_pdf_no_number_is_used_and_the_retry_sweeps_the_leftover(
        station: tuple[str, str], tmp_path: Path) -> None:
    url, case_no = station
    killed = crash.kill_during(["issue", url, str(tmp_path), case_no], 0, die_at="staged")
    assert crash.after_issue(url, tmp_path, killed) == []
    assert crash.issued_count(url) == 0
    target = Path(killed.line("start", 1)[2])
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".{target.name}.")
    assert main(["--db", url, "doc", "render", case_no, "filing-notice", "--issue", "--date", "2026-03-04",
                 "--field", "filed_on=2026-03-04", "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) == [target.name]
    assert crash.after_issue(url, tmp_path, crash.Killed(["start 1", "issued 1"])) == []


def test_killed_after_the_issue_committed_the_document_is_kept_and_can_be_reprinted(
        station: tuple[str, str], tmp_path: Path) -> None:
    url, case_no = station
    killed = crash.kill_during(["issue", url, str(tmp_path), case_no], 0, die_at="committed")
    assert crash.after_issue(url, tmp_path, crash.Killed(["start 1", "issued 1"])) == []
    target = Path(killed.line("start", 1)[2])
    assert not target.exists()
    reprint = tmp_path / "重印.pdf"
    assert main(["--db", url, "doc", "reprint", "呼新市监专立字〔2026〕1号", "-o", str(reprint)]) == 0
    assert crash.after_issue(url, tmp_path, crash.Killed(["start 1", "issued 1"])) == []
    assert main(["--db", url, "doc", "render", case_no, "filing-notice", "--issue", "--date", "2026-03-04",
                 "--field", "filed_on=2026-03-04", "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".part")) == sorted(
        [target.name, reprint.name])


@pytest.mark.parametrize("point", ["zipping", "packed"])
def test_killed_while_packing_the_retry_leaves_one_whole_package_with_an_unused_number(
        station: tuple[str, str], tmp_path: Path, point: str) -> None:
    url, _ = station
    killed = crash.kill_during(["export", url, str(tmp_path)], 0, die_at=point)
    target = Path(killed.line("start", 1)[2])
    assert crash.export_count(url) == 0
    assert target.exists() == (point == "packed")
    assert main(["--db", url, "export", "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".zip", ".part")) == [target.name]
    assert crash.after_export(url, tmp_path, crash.Killed(["start 1", "exported 1"])) == []

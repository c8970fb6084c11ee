"""Two copies of the program on one SQLite file: they queue, the second to save is told, nothing is lost.

Real processes on a real file. A write that meets another program's write lock waits (the busy
timeout) and then saves; one that waits longer than that — another copy importing, migrating or
restoring a backup — is refused with one sentence and changes nothing. Two clerks saving the same
case from two programs with the version they read: one saves, the other is told who saved first.
Two programs opening an older file at once: one migrates it, the other waits or is told the file
is in use (it never migrates it twice). The file passes
``PRAGMA integrity_check`` afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adjudicator.store.database import BUSY_SENTENCE
from tests.trust import crash
from tests.trust.test_crash import _station


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    return _station(f"sqlite:///{tmp_path / 'station.db'}", tmp_path, monkeypatch)


def _cli(url: str, *argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ADJUDICATOR_FONTS": "bundled"}
    return subprocess.Popen([sys.executable, "-m", "adjudicator", "--db", url, *argv], cwd=crash.ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _exhibits(url: str) -> list[str]:
    return sorted(crash.rows(url, "SELECT title FROM exhibits"))


def _add(url: str, case_no: str, title: str, *extra: str) -> subprocess.Popen[str]:
    return _cli(url, "evidence", "add", case_no, "--physical", "--title", title, *extra)


def test_a_write_waits_for_another_programs_short_write_and_then_saves(station: tuple[str, str]) -> None:
    url, case_no = station
    holder = crash.start_driver(["hold", url.removeprefix("sqlite:///"), "3"])
    try:
        out, err = _add(url, case_no, "被控侵权产品（扫地机器人）实物一件").communicate(timeout=60)
    finally:
        holder.wait(30)
    assert err == "" and "已登记" in out or "证据" in out, err
    assert _exhibits(url) == ["被控侵权产品（扫地机器人）实物一件"]
    assert crash.integrity(url) == []


@pytest.mark.slow
def test_a_write_that_meets_a_long_write_is_told_the_database_is_in_use_and_changes_nothing(
        station: tuple[str, str]) -> None:
    url, case_no = station
    before = crash.dump(url)
    holder = crash.start_driver(["hold", url.removeprefix("sqlite:///"), "120"])
    try:
        writer = _add(url, case_no, "被控侵权产品（扫地机器人）实物一件")
        out, err = writer.communicate(timeout=90)
    finally:
        holder.kill()  # the long write dies holding the lock: its change is rolled back too
        holder.wait()
    assert writer.returncode == 1 and out == ""
    assert err == f"错误：{BUSY_SENTENCE}\n"
    assert crash.integrity(url) == [] and crash.dump(url) == before
    retry = _add(url, case_no, "被控侵权产品（扫地机器人）实物一件")
    assert retry.communicate(timeout=60)[1] == "" and retry.returncode == 0
    assert _exhibits(url) == ["被控侵权产品（扫地机器人）实物一件"]


def test_two_programs_saving_the_same_case_at_once_one_saves_and_the_other_is_told_who(
        station: tuple[str, str]) -> None:
    url, case_no = station
    version = str(crash.rows(url, "SELECT version FROM cases")[0])
    notes = {"李书记员": "被请求人来电申请和解。", "王审查员": "请求人书面申请和解。"}
    runs = {who: _cli(url, "case", "add-event", case_no, "settlement_started", "2026-04-02", "--note", note,
                      "--expect-version", version, "--user", who) for who, note in notes.items()}
    said = {who: (*proc.communicate(timeout=60), proc.returncode) for who, proc in runs.items()}
    winners = [who for who, (_, _, code) in said.items() if code == 0]
    assert len(winners) == 1, said
    (loser,) = set(notes) - set(winners)
    _, err, code = said[loser]
    assert code == 1 and "已被其他人修改" in err and winners[0] in err and err.count("\n") == 1
    assert crash.rows(url, "SELECT note FROM case_events WHERE kind = 'settlement_started'") == [notes[winners[0]]]
    assert crash.integrity(url) == []


def test_an_import_that_meets_a_long_write_is_refused_with_the_sentence_and_changes_nothing(
        station: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.cli import main
    from adjudicator.stations.registry import init_supervisor
    from adjudicator.store import database, open_database
    from adjudicator.sync.importer import import_packages
    from adjudicator.sync.keys import register_station, write_key_file

    url, _ = station
    package, key = tmp_path / "station-01-1.zip", tmp_path / "station.pubkey.json"
    assert main(["--db", url, "export", "-o", str(package)]) == 0
    station_db = open_database(url)
    write_key_file(station_db, key)
    station_db.close()
    supervisor = tmp_path / "supervisor.db"
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 500)  # the program waits 15 s
    db = open_database(supervisor)
    try:
        init_supervisor(db)
        register_station(db, key)
        before = crash.dump(f"sqlite:///{supervisor}")
        holder = crash.start_driver(["hold", str(supervisor), "120"])
        try:
            run = import_packages(db, [package])
        finally:
            holder.kill()
            holder.wait()
        (outcome,) = run.outcomes
        assert outcome.status == "refused" and outcome.check == "busy"
        assert outcome.message == f"数据包“{package.name}”未导入：{database.BUSY_SENTENCE}"
        assert run.backup is None and crash.dump(f"sqlite:///{supervisor}") == before
        assert import_packages(db, [package]).outcomes[0].status == "imported"
    finally:
        db.close()


def test_two_programs_opening_an_older_file_at_once_migrate_it_once_and_never_break_it(tmp_path: Path) -> None:
    import sqlite3

    from adjudicator.store import migrate
    from adjudicator.store.database import create_db_engine

    path = tmp_path / "station.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0001_foundation")
    engine.dispose()
    runs = [_cli(str(path), "case", "list") for _ in range(2)]
    said = [(*proc.communicate(timeout=120), proc.returncode) for proc in runs]
    assert any(code == 0 for _, _, code in said), said
    for out, err, code in said:  # the one that found the other migrating is told so, in one line
        assert code == 0 and out == "共 0 件\n" or code == 1 and "正被其他程序锁定" in err and err.count("\n") == 1
    assert crash.integrity(f"sqlite:///{path}") == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(migrate.head_revision(),)]
    finally:
        conn.close()

"""Backups of the station database: automatic and rotating, described before use, restored whole or not at all."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from adjudicator.cases import service as S
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database
from adjudicator.trust.backups import (
    BackupRefused,
    auto_backup,
    backup_now,
    describe_backup,
    list_backups,
    restore_backup,
    set_keep_count,
)
from tests.core.factories import case_input


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _bak(path: Path, label: str, when: datetime) -> Path:
    """A backup file as if taken at ``when`` (its name carries the moment)."""
    target = path.with_name(f"{path.name}.{label}-{when:%Y%m%d-%H%M%S}.bak")
    con = sqlite3.connect(path)
    dest = sqlite3.connect(target)
    con.backup(dest)
    dest.close()
    con.close()
    return target


def test_automatic_backups_are_daily_and_rotate(station_db: Database) -> None:
    path = station_db.path
    assert path is not None
    set_keep_count(station_db, 3)
    start = datetime.now().astimezone()
    for days in range(5, 0, -1):
        _bak(path, "auto", start - timedelta(days=days))
    _bak(path, "before-import", start - timedelta(days=9))
    made = auto_backup(station_db, now=start)
    assert made is not None and made.label == "auto"
    autos = [b for b in list_backups(path) if b.label == "auto"]
    assert len(autos) == 3 and autos[0].path == made.path
    assert autos[-1].taken.date() == (start - timedelta(days=2)).date()
    assert [b.label for b in list_backups(path)].count("before-import") == 1  # only automatic ones rotate
    assert auto_backup(station_db, now=start + timedelta(hours=5)) is None  # at most once a day
    assert auto_backup(station_db, now=start + timedelta(days=1, minutes=1)) is not None


def test_a_backup_says_what_it_holds(station_db: Database) -> None:
    S.create_case(station_db, case_input())
    made = backup_now(station_db)
    info = describe_backup(made.path)
    assert (info.station, info.cases, info.revision) == ("01", 1, info.current_revision)
    assert info.last_change is not None and abs(datetime.now().astimezone() - info.last_change) < timedelta(minutes=5)
    assert info.sentence().startswith(f"备份“{made.path.name}”：裁决所 01，案件 1 件，最后修改 ")


def test_restore_replaces_the_database_after_backing_it_up(station_db: Database) -> None:
    first = S.create_case(station_db, case_input())
    made = backup_now(station_db)
    second = S.create_case(station_db, case_input())
    info, before = restore_backup(station_db, made.path)
    assert info.cases == 1
    assert [c["id"] for c in S.list_cases(station_db)] == [first.id]  # the handle reconnects by itself
    assert describe_backup(before.path).cases == 2 and before.label == "before-restore"
    S.create_case(station_db, case_input())  # and the restored database takes writes
    assert second.id not in [c["id"] for c in S.list_cases(station_db)]


def test_a_backup_kept_in_a_folder_named_with_uri_characters_restores(station_db: Database, tmp_path: Path) -> None:
    first = S.create_case(station_db, case_input())
    made = backup_now(station_db)
    folder = tmp_path / "备份 #1 ?100%"  # '#', '?' and '%' end or escape a file: URI unless quoted
    folder.mkdir()
    moved = made.path.rename(folder / made.path.name)
    S.create_case(station_db, case_input())
    assert describe_backup(moved).cases == 1
    info, _before = restore_backup(station_db, moved)
    assert info.cases == 1 and [c["id"] for c in S.list_cases(station_db)] == [first.id]


@pytest.mark.parametrize("damage", ["truncated", "garbled", "not-sqlite", "foreign"])
def test_a_damaged_backup_is_refused_and_nothing_changes(station_db: Database, tmp_path: Path, damage: str) -> None:
    S.create_case(station_db, case_input())
    made = backup_now(station_db)
    data = bytearray(made.path.read_bytes())
    bad = tmp_path / "station.db.manual-20261130-090000.bak"
    if damage == "truncated":
        bad.write_bytes(bytes(data[: len(data) // 3]))
    elif damage == "garbled":
        for page in range(2, len(data) // 4096):  # every page but the first: the b-trees themselves
            data[page * 4096 + 100: page * 4096 + 400] = b"\xff" * 300
        bad.write_bytes(bytes(data))
    elif damage == "not-sqlite":
        bad.write_bytes("这不是数据库".encode() * 100)
    else:
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE notes (x)")
        con.commit()
        con.close()
    path = station_db.path
    assert path is not None
    station_db.engine.dispose()
    before = _digest(path)
    files = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BackupRefused) as refused:
        restore_backup(station_db, bad)
    sentence = str(refused.value)
    assert sentence.count("。") == 1 and "未作任何修改" in sentence
    station_db.engine.dispose()
    assert _digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == files


def test_another_stations_backup_is_refused(station_db: Database, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other = open_database(tmp_path / "other" / "station.db")
    init_station(other, "02")
    made = backup_now(other)
    other.close()
    with pytest.raises(BackupRefused, match="属于裁决所 02"):
        restore_backup(station_db, made.path)


def test_an_older_backup_is_migrated_when_restored(station_db: Database, tmp_path: Path) -> None:
    from adjudicator.store import migrate
    from adjudicator.store.database import create_db_engine

    old = tmp_path / "old" / "station.db"
    old.parent.mkdir()
    engine = create_db_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, "0009_report_facts_columns")
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('station_code', '\"01\"')")
    engine.dispose()
    info = describe_backup(old)
    assert info.revision == "0009_report_facts_columns" and "恢复后自动升级" in info.sentence()
    restore_backup(station_db, old)
    assert S.list_cases(station_db) == []
    with station_db.session() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.head_revision()


def test_a_server_database_is_not_backed_up_here(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("the refusal is for server databases")
    db = open_database(db_url)
    try:
        init_station(db, "01")
        assert auto_backup(db) is None
        with pytest.raises(BackupRefused, match="pg_dump"):
            backup_now(db)
    finally:
        db.close()


def test_a_backup_whose_rows_were_damaged_inside_is_refused(station_db: Database, tmp_path: Path) -> None:
    """Bytes changed inside a record pass ``PRAGMA integrity_check``; the backup's own audit trail catches them."""
    case = S.create_case(station_db, case_input())
    made = backup_now(station_db)
    data = made.path.read_bytes()
    assert data.count("内蒙古草原星光科技有限公司".encode()) >= 1
    made.path.write_bytes(data.replace("内蒙古草原星光科技有限公司".encode(), "内蒙古草原星光科技有限公囗".encode()))
    con = sqlite3.connect(f"file:{made.path}?mode=ro&immutable=1", uri=True)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    path = station_db.path
    assert path is not None
    station_db.engine.dispose()
    before = _digest(path)
    with pytest.raises(BackupRefused, match="与其审计记录不符"):
        restore_backup(station_db, made.path)
    station_db.engine.dispose()
    assert _digest(path) == before
    assert [c["id"] for c in S.list_cases(station_db)] == [case.id]

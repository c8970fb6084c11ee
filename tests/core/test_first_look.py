"""The first look at start-up: only a station's own, current database is shown before it is opened."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from adjudicator.cases import listing
from adjudicator.cases.first_page import first_look
from adjudicator.cases.query import CaseQuery
from adjudicator.demo.generate import generate_demo
from adjudicator.stations.registry import init_station
from adjudicator.store import migrate, open_database
from adjudicator.store.database import create_db_engine
from adjudicator.store.sqlite_file import is_current_database

ROOT = Path(__file__).resolve().parents[2]


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_a_current_station_database_is_looked_at_as_the_list_shows_it(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    db = open_database(path)
    init_station(db, "03", user="王小红")
    generate_demo(db, 30, seed=2)
    expected_keys = listing.query_case_keys(db, CaseQuery(), 10)
    expected_rows = listing.case_rows_by_keys(db, expected_keys)
    db.close()

    look = first_look(str(path), 10)
    assert look is not None
    assert (look.station_code, look.role, look.station_name) == ("03", "station", "玉泉区知识产权行政裁决所")
    assert look.path == path.resolve()
    assert look.keys == expected_keys
    for key in expected_keys:  # the same columns, converted the same way, as through SQLAlchemy
        assert {k: look.rows[key][k] for k in expected_rows[key]} == expected_rows[key]


def test_no_first_look_at_what_must_be_opened_the_ordinary_way(tmp_path: Path) -> None:
    assert first_look(str(tmp_path / "missing.db"), 10) is None
    assert first_look("postgresql+psycopg://u@localhost/adjudicator", 10) is None
    assert first_look("", 10) is None

    uninitialised = tmp_path / "new.db"
    open_database(uninitialised).close()  # ours and current, but no station chosen yet (first run)
    assert is_current_database(uninitialised)
    assert first_look(str(uninitialised), 10) is None

    older = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{older}")
    migrate.upgrade(engine, "0001_foundation")
    engine.dispose()
    before = _bytes(older)
    assert first_look(str(older), 10) is None  # to be migrated (after a backup) by open_database
    assert _bytes(older) == before

    foreign = tmp_path / "notes.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE cases (id TEXT, case_no TEXT)")  # a table name alike is not enough
    con.execute("INSERT INTO cases VALUES ('x', '〔2026〕1号')")
    con.commit()
    con.close()
    before = _bytes(foreign)
    assert first_look(str(foreign), 10) is None
    assert _bytes(foreign) == before  # not a byte changed, no journal left beside it
    assert sorted(p.name for p in tmp_path.glob("notes.db*")) == ["notes.db"]

    text = tmp_path / "notes.txt"
    text.write_text("这不是数据库", encoding="utf-8")
    assert first_look(str(text), 10) is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write any file")
def test_a_read_only_database_is_not_looked_at(tmp_path: Path) -> None:
    """Read-only files are refused for writing by open_database; that sentence must come first."""
    path = tmp_path / "station.db"
    db = open_database(path)
    init_station(db, "01", user="测试员")
    db.close()
    path.chmod(0o444)
    try:
        assert first_look(str(path), 10) is None
    finally:
        path.chmod(0o644)


def test_looking_imports_no_sqlalchemy() -> None:
    """The point of the first look: the window shows before SQLAlchemy and the models are imported."""
    code = ("import sys\n"
            "from adjudicator.cases.first_page import first_look\n"
            "import adjudicator.store.sqlite_file\n"
            "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy') or m == 'adjudicator.store.models'))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

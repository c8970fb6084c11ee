"""Opening databases from the command line: not ours untouched, read-only readable, bad URLs a sentence."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from adjudicator.cli import main
from adjudicator.errors import DatabaseRefused
from adjudicator.store import open_database
from tests.cli.conftest import Station
from tests.conftest import PG_URL


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_database_that_is_not_ours_is_left_byte_for_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           journal: str) -> None:
    f = tmp_path / "music.db"
    con = sqlite3.connect(f)
    con.execute(f"PRAGMA journal_mode={journal}")
    con.execute("CREATE TABLE songs (title TEXT)")
    con.execute("INSERT INTO songs VALUES ('敖包相会')")
    con.commit()
    con.close()
    before = _snapshot(tmp_path)
    for argv in (["case", "list"], ["init", "--station", "01"], ["demo", "--cases", "2", "--station", "01"],
                 ["case", "add-event", "X", "filed", "2026-01-01"], ["deadlines"]):
        code, _, err = _run(capsys, "--db", str(f), *argv)
        assert code == 1 and "不是本系统的数据库" in err and len(err.splitlines()) == 1
        assert _snapshot(tmp_path) == before


def test_another_programs_alembic_database_is_not_ours(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "other.db"
    con = sqlite3.connect(f)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    con.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    con.execute("CREATE TABLE settings (key TEXT, value TEXT)")
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    before = _snapshot(tmp_path)
    code, _, err = _run(capsys, "--db", str(f), "case", "list")
    assert code == 1 and "不是本系统的数据库" in err and "更新" not in err
    assert _snapshot(tmp_path) == before
    with pytest.raises(DatabaseRefused, match="不是本系统的数据库"):
        open_database(f)


def test_reading_never_switches_the_journal_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "station.db"
    assert _run(capsys, "--db", str(f), "init", "--station", "01")[0] == 0
    con = sqlite3.connect(f)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    for argv in (["case", "list"], ["calendar", "years"], ["evidence", "verify"]):
        assert _run(capsys, "--db", str(f), *argv)[0] == 0
    con = sqlite3.connect(f)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_a_read_only_database_is_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "station.db"
    assert _run(capsys, "--db", str(f), "demo", "--station", "01", "--cases", "3")[0] == 0
    os.chmod(f, 0o444)
    if os.geteuid() == 0:  # root ignores permission bits: let the program see what a clerk's account sees
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == f and mode & os.W_OK
                            else real(p, mode, **kw))
    before = f.read_bytes()
    code, out, _ = _run(capsys, "--db", str(f), "case", "list", "--json")
    assert code == 0 and out.count("case_no") == 3
    code, _, err = _run(capsys, "--db", str(f), "demo", "--cases", "2")
    assert code == 1 and "只读" in err and len(err.splitlines()) == 1
    assert f.read_bytes() == before


def test_memory_database_is_refused_for_writes(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["init", "--station", "01"], ["demo", "--cases", "2", "--station", "01"], ["case", "list"]):
        code, _, err = _run(capsys, "--db", "sqlite://", *argv)
        assert code == 1 and "内存数据库" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("url", ["mysql://root@localhost/x", "bogus://x", "postgresql+psycopg://u@[::1/x",
                                 "file:///tmp/x.db", "postgresql+psycopg://u@h:notaport/x", "", "   ",
                                 "x" * 5000, "/nonexistent/dir/station.db"])
def test_bad_database_urls_are_one_sentence(url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADJUDICATOR_LOG_DIR", str(tmp_path))
    code, _, err = _run(capsys, "--db", url, "case", "list")
    assert code == 1 and err.startswith("错误：") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err and "意外错误" not in err


def test_a_server_that_refuses_is_one_line_with_the_password_masked(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--db", "postgresql+psycopg://clerk:s3cretpw@127.0.0.1:1/cases", "case", "list")
    assert code == 1 and len(err.splitlines()) == 1 and "s3cretpw" not in err and "无法连接" in err


@pytest.mark.skipif(not PG_URL, reason="PostgreSQL not configured: set ADJUDICATOR_TEST_PG")
def test_a_wrong_password_is_masked(capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL).set(username="nosuchclerk", password="s3cretpw", database="nosuchdb")
    code, _, err = _run(capsys, "--db", url.render_as_string(hide_password=False), "case", "list")
    assert code == 1 and len(err.splitlines()) == 1 and "s3cretpw" not in err


def test_unexpected_errors_are_one_sentence_and_logged(station: Station, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("something internal")

    monkeypatch.setattr("adjudicator.cli.cmd_case.S.list_cases", broken)
    code, _, err = station.run(capsys, "case", "list")
    assert code == 1 and len(err.splitlines()) == 1 and "意外错误" in err
    log = station.folder / "logs" / "adjudicator-errors.log"
    assert str(log) in err and "something internal" in log.read_text(encoding="utf-8")


def test_os_user_is_recorded_when_user_is_absent(station: Station, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    monkeypatch.delenv("ADJUDICATOR_USER", raising=False)
    code, _, _ = station.run(capsys, "case", "add-event", station.case_no, "filed", "2026-03-04")
    assert code == 0
    code, out, _ = station.run(capsys, "case", "history", station.case_no, "--json")
    actors = {h["actor"] for h in __import__("json").loads(out)["history"]}
    assert getpass.getuser() in actors and "未知用户" not in actors


@pytest.mark.parametrize("user", ["张三\n2026-01-01 00:00　李四　删除了案件", "", "王" * 41, "a\x1bb"])
def test_user_must_be_one_short_line(station: Station, capsys: pytest.CaptureFixture[str], user: str) -> None:
    from tests.cli.dump import dump

    before = dump(station.url)
    code, _, err = station.run(capsys, "--user", user, "case", "add-event", station.case_no, "filed", "2026-03-04")
    assert code == 1 and "--user" in err and len(err.splitlines()) == 1
    assert dump(station.url) == before


def test_a_read_only_database_lists_its_deadlines(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "station.db"
    assert _run(capsys, "--db", str(f), "demo", "--station", "01", "--cases", "60", "--seed", "3")[0] == 0
    code, expected, _ = _run(capsys, "--db", str(f), "deadlines", "--json")
    assert code == 0 and '"case_no"' in expected
    con = sqlite3.connect(f)  # what the cache looks like after edits nobody refreshed: stale and missing rows
    ids = [r[0] for r in con.execute("SELECT case_id FROM deadline_cache WHERE pending != '[]' ORDER BY case_no")]
    con.execute("UPDATE deadline_cache SET case_version = -1, pending = '[]' WHERE case_id = ?", (ids[0],))
    con.execute("UPDATE deadline_cache SET rules_key = 0, relevant_until = '2000-01-01' WHERE case_id = ?", (ids[1],))
    con.execute("DELETE FROM deadline_cache WHERE case_id = ?", (ids[2],))
    con.commit()
    con.close()
    os.chmod(f, 0o444)
    if os.geteuid() == 0:
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == f and mode & os.W_OK
                            else real(p, mode, **kw))
    before = f.read_bytes()
    code, out, err = _run(capsys, "--db", str(f), "deadlines", "--json")
    assert (code, err) == (0, "")
    assert out == expected
    assert f.read_bytes() == before

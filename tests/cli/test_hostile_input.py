"""Hostile input over the command line: each refusal exits 1 or 2 with one line on stderr and no change.

A fixed list of attacks runs on SQLite and PostgreSQL; hypothesis throws generated text, numbers
and dates at the commands that take them. After each refusal the database dump (every row of
every table) and the files beside a SQLite database are exactly what they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Station
from tests.cli.dump import dump, files_in

HUGE = str(10**40)


def _attacks(station: Station) -> list[list[str]]:
    case, out = station.case_no, str(station.folder / "out.pdf")
    nested = station.folder / "nested.json"
    nested.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    garbage = station.folder / "garbage.json"
    garbage.write_bytes(b"\xff\xfe\x00garbage")
    return [
        ["case", "show", "呼新市监专裁字〔2026〕999号"],
        ["case", "show", ""],
        ["case", "show", "x" * 100_000],
        ["case", "list", "--limit", "0"],
        ["case", "list", "--limit", "-5"],
        ["case", "list", "--limit", HUGE],
        ["case", "list", "--kind", "nonsense"],
        ["case", "events", case + "\u202e"],
        ["case", "add-event", case, "filed", "2026-02-30"],
        ["case", "add-event", case, "filed", "0001-01-01"],
        ["case", "add-event", case, "filed", "9999-12-31"],
        ["case", "add-event", case, "nosuchkind", "2026-03-04"],
        ["case", "add-event", case, "filed", "2026-03-04", "--detail", "nokey"],
        ["case", "add-event", case, "filed", "2026-03-04", "--note", "很" * 30_000],
        ["case", "edit-event", case, HUGE, "--date", "2026-03-04"],
        ["case", "edit-event", case, "1", "--date", "2026-03-04"],
        ["case", "remove-event", case, "-1"],
        ["--user", "张三\n2026-01-01　李四　删除了案件", "case", "add-event", case, "filed", "2026-03-04"],
        ["--user", "王" * 1000, "case", "add-event", case, "filed", "2026-03-04"],
        ["due", "answer", HUGE],
        ["due", "answr", "2026-01-30"],
        ["calendar", "is-workday", "-1"],
        ["calendar", "export", HUGE],
        ["calendar", "export", "2026", "-o", str(station.folder)],
        ["calendar", "import", str(nested)],
        ["calendar", "import", str(garbage)],
        ["calendar", "import", str(station.folder / "missing.json")],
        ["deadlines", "--limit", HUGE],
        ["doc", "render", case, "decision", "-o", out, "--issue"],
        ["doc", "render", case, "filing-notice", "-o", out, "--issue", "--date", "2099-12-31",
         "--field", "filed_on=2026-03-04"],
        ["doc", "render", case, "filing-notice", "-o", out, "--field", "nosuchfield=1"],
        ["doc", "render", case, "filing-notice", "-o", out, "--field", "=x"],
        ["doc", "render", case, "filing-notice", "-o", str(station.folder / "no" / "x.pdf"), "--issue",
         "--field", "filed_on=2026-03-04"],
        ["doc", "reprint", "呼新市监专立字〔2026〕1号", "-o", out],
        ["doc", "void", "呼新市监专立字〔2026〕1号", "--reason", " "],
        ["doc", "batch", "--date", "2026-13-01", "-o", out],
        ["doc", "serve", "x", "--method", "pigeon", "--recipient", "a"],
        ["evidence", "add", case, str(station.folder / "missing.pdf")],
        ["evidence", "add", case, str(station.folder)],
        ["evidence", "add", case],
        ["evidence", "add", case, "--physical"],
        ["evidence", "add", case, "--physical", "--title", "实物", "--number", HUGE],
        ["evidence", "list", case, "--by", "nobody"],
        ["evidence", "store-dir", ""],
        ["evidence", "store-dir", "/"],
        ["evidence", "store-dir", "/etc"],
        ["evidence", "store-dir", str(nested)],
        ["patent", "check", "ZL" + "9" * 1000],
        ["init", "--station", "02"],
        ["init", "--supervisor"],
        ["demo", "--cases", HUGE],
        ["demo", "--cases", "3", "--station", "05"],
        ["report", "--from", "2026-06-30", "--to", "2026-01-01"],
        ["nosuchcommand"],
        ["case"],
        [],
        # data packages, keys and supervision
        ["station", "trust-supervisor", "/dev/zero"],
        ["station", "register", str(station.folder)],
        ["station", "register", str(garbage)],
        ["station", "export-key", "-o", _db_file(station)],
        ["station", "list", "--stale-days", HUGE],
        ["import", str(_fifo())],
        ["import", str(garbage)],
        ["--json", "import", str(garbage)],
        ["export", "-o", str(station.folder)],
        ["conflict", "resolve", "x" * 10_000, "--keep", "station"],
        ["note", "add", "呼新市监专裁字〔2026〕999号", "意见"],
        ["intake", str(_fifo())],
        ["intake", str(garbage)],
        ["intake-example", "-o", _db_file(station)],
        ["intake-example", "-o", str(station.folder / "x.xlsx"), "--rows", HUGE],
        ["demo", "--documents", HUGE],
    ]


def _db_file(station: Station) -> str:
    """The SQLite file itself (on PostgreSQL, a file the output guard must equally refuse: a SQLite file)."""
    if station.url.startswith("sqlite"):
        return station.url.removeprefix("sqlite:///")
    other = station.folder / "other.db"
    if not other.exists():
        import sqlite3

        con = sqlite3.connect(other)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    return str(other)


def _fifo() -> Path:
    """A named pipe outside the station's folder (whose files the test reads): opening it would never return."""
    import os
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="adjudicator-fifo-")) / "package.zip"
    os.mkfifo(path)
    return path


def _state(station: Station) -> tuple[str, dict[str, bytes]]:
    """The database's rows, and every other file beside it byte for byte.

    The database file's own bytes are left to the dump: a WAL checkpoint when a reading command
    closes its connection rewrites pages of the file without changing a row.
    """
    files = {name: data for name, data in files_in(station.folder).items() if name != "station.db"}
    return dump(station.url), files


def _refused(station: Station, capsys: pytest.CaptureFixture[str], argv: list[str],
             before: tuple[str, dict[str, bytes]]) -> None:
    code, _out, err = station.run(capsys, *argv)
    assert code in (1, 2), (argv, code, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(("错误：", "无效：")), (argv, err)
    assert "Traceback" not in err and "意外错误" not in err, (argv, err)
    assert _state(station) == before, argv


def test_fixed_attacks_change_nothing(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    attacks = _attacks(station)
    before = _state(station)
    failures = []
    for argv in attacks:
        try:
            _refused(station, capsys, argv, before)
        except AssertionError as exc:
            failures.append(str(exc)[:300])
    assert "\n".join(failures) == ""


@pytest.fixture
def sqlite_station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Station:
    from adjudicator.cases import service as S
    from adjudicator.stations.registry import init_station
    from adjudicator.store import open_database
    from tests.core.factories import case_input

    monkeypatch.setenv("ADJUDICATOR_LOG_DIR", str(tmp_path / "logs"))
    db = open_database(tmp_path / "station.db")
    init_station(db, "01")
    case = S.create_case(db, case_input())
    db.close()
    return Station(f"sqlite:///{tmp_path / 'station.db'}", tmp_path, case.case_no)


HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
junk = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@HYPOTHESIS
@given(text=junk)
def test_generated_case_numbers_change_nothing(sqlite_station: Station, capsys: pytest.CaptureFixture[str],
                                               text: str) -> None:
    before = _state(sqlite_station)
    for argv in (["case", "show", text], ["case", "add-event", text, "filed", "2026-03-04"],
                 ["doc", "reprint", text, "-o", str(sqlite_station.folder / "r.pdf")]):
        if text.strip().replace("[", "〔").replace("]", "〕") == sqlite_station.case_no:
            continue
        _refused(sqlite_station, capsys, argv, before)


@HYPOTHESIS
@given(day=junk | st.integers(min_value=-(10**30), max_value=10**30).map(str))
def test_generated_dates_change_nothing(sqlite_station: Station, capsys: pytest.CaptureFixture[str],
                                        day: str) -> None:
    before = _state(sqlite_station)
    for argv in (["case", "add-event", sqlite_station.case_no, "extension_approved", day],
                 ["doc", "render", sqlite_station.case_no, "filing-notice", "--issue", "--date", day,
                  "--field", "filed_on=2026-03-04", "-o", str(sqlite_station.folder / "n.pdf")]):
        code, _, err = sqlite_station.run(capsys, *argv)
        if code == 0:  # a valid past date is allowed to issue; nothing else may happen
            pytest.skip("a generated date was valid")
        assert code in (1, 2) and len(err.splitlines()) == 1 and "意外错误" not in err, (argv, err)
        assert _state(sqlite_station) == before


@HYPOTHESIS
@given(number=st.integers(min_value=-(10**50), max_value=10**50) | junk)
@example(number=2012).via("a real year exports a file; the next example must start without it")
@example(number=-1)
def test_generated_numbers_change_nothing(sqlite_station: Station, capsys: pytest.CaptureFixture[str],
                                          number: int | str) -> None:
    exported = sqlite_station.folder / "c.json"
    exported.unlink(missing_ok=True)  # a sensible year in an earlier example wrote one
    before = _state(sqlite_station)
    raw = str(number)
    for argv in (["case", "remove-event", sqlite_station.case_no, raw], ["case", "list", "--limit", raw],
                 ["calendar", "export", raw, "-o", str(exported)]):
        code, _, err = sqlite_station.run(capsys, *argv)
        if code == 0:
            continue  # e.g. a sensible --limit or year: reading changes nothing either way
        assert code in (1, 2) and len(err.splitlines()) == 1 and "意外错误" not in err, (argv, err)
        assert not exported.exists(), (argv, "a refused export left its file behind")
        assert _state(sqlite_station) == before


@HYPOTHESIS
@given(user=junk, note=junk)
def test_generated_users_and_notes_never_forge_history(sqlite_station: Station, capsys: pytest.CaptureFixture[str],
                                                       user: str, note: str) -> None:
    code, _, err = sqlite_station.run(capsys, "--user", user, "evidence", "add", sqlite_station.case_no,
                                      "--physical", "--title", note or "实物", "--purpose", note)
    if code != 0:
        assert code in (1, 2) and len(err.splitlines()) == 1 and "意外错误" not in err, err
        return
    code, out, _ = sqlite_station.run(capsys, "case", "history", sqlite_station.case_no)
    for line in out.splitlines():
        assert not line.startswith("20") or line.count("　") >= 2  # every history line is one real entry

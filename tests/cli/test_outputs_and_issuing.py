"""Output paths never destroy data; issuing is all or nothing; the issue date is checked."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from adjudicator.outputs import UnsafeOutput, check_output_path, write_output
from adjudicator.store import open_database
from tests.cli.conftest import Station
from tests.cli.dump import dump


def _sqlite(station: Station) -> Path:
    if not station.url.startswith("sqlite"):
        pytest.skip("the database file itself exists only on SQLite")
    return Path(station.url.removeprefix("sqlite:///"))


def test_no_output_overwrites_the_database_or_its_companions(station: Station,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = _sqlite(station)
    (station.folder / "station.db-wal").touch()
    backup = station.folder / "station.db.before-0005-20260101.bak"
    backup.write_bytes(path.read_bytes())
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in station.folder.iterdir() if p.is_file()}
    for target in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal", backup,
                   station.folder / "station.db.files" / "ab" / "x.pdf", station.folder):
        for argv in (["doc", "render", station.case_no, "filing-notice", "-o", str(target)],
                     ["doc", "render", station.case_no, "filing-notice", "-o", str(target), "--issue",
                      "--field", "filed_on=2026-03-04"],
                     ["evidence", "print", station.case_no, "-o", str(target)],
                     ["calendar", "export", "2026", "-o", str(target)]):
            code, _out, err = station.run(capsys, *argv)
            assert code == 1 and len(err.splitlines()) == 1 and ("未写入" in err or "文件夹" in err), (argv, err)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in station.folder.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if not k.endswith(("-wal", "-shm"))} == \
        {k: v for k, v in before.items() if not k.endswith(("-wal", "-shm"))}
    db = open_database(path, create=False)
    try:
        assert db.station_code == "01"
    finally:
        db.close()


def test_another_sqlite_file_is_never_overwritten(tmp_path: Path, station: Station) -> None:
    other = open_database(tmp_path / "other-station.db")
    other.close()
    original = (tmp_path / "other-station.db").read_bytes()
    with pytest.raises(UnsafeOutput, match="数据库文件"):
        write_output(None, tmp_path / "other-station.db", b"%PDF-1.4")
    assert (tmp_path / "other-station.db").read_bytes() == original


def test_a_symlink_to_the_database_is_seen_through(station: Station) -> None:
    path = _sqlite(station)
    link = station.folder / "innocent.pdf"
    link.symlink_to(path)
    db = open_database(path, create=False)
    try:
        with pytest.raises(UnsafeOutput):
            check_output_path(db, link)
    finally:
        db.close()


def test_a_good_output_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    assert write_output(None, target, b"%PDF-new") == target.resolve()
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]  # no temporary file left


def test_issuing_into_a_missing_folder_uses_no_number_and_leaves_no_draft(
        station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(station.url)
    code, _, err = station.run(capsys, "doc", "render", station.case_no, "filing-notice", "--issue",
                               "--field", "filed_on=2026-03-04", "-o", str(station.folder / "nowhere" / "x.pdf"))
    assert code == 1 and "不存在" in err and len(err.splitlines()) == 1
    assert dump(station.url) == before
    code, out, _ = station.run(capsys, "doc", "render", station.case_no, "filing-notice", "--issue", "--json",
                               "--date", "2026-03-04", "--field", "filed_on=2026-03-04",
                               "-o", str(station.folder / "notice.pdf"))
    assert code == 0 and json.loads(out)["number"] == "呼新市监专立字〔2026〕1号"


def test_a_write_that_fails_inside_the_transaction_rolls_the_number_back(
        station: Station, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object) -> None:
        raise UnsafeOutput("写入失败：磁盘已满。未写入任何文件。")

    monkeypatch.setattr("adjudicator.cli.cmd_doc.stage_output", full_disk)
    before = dump(station.url)
    for extra in ([], ["--issue"]):
        code, _, err = station.run(capsys, "doc", "render", station.case_no, "filing-notice", *extra,
                                   "--field", "filed_on=2026-03-04", "-o", str(station.folder / "n.pdf"))
        assert code == 1 and "磁盘已满" in err
        assert dump(station.url) == before
    assert not (station.folder / "n.pdf").exists()


@pytest.mark.parametrize(("day", "words"), [("0001-01-01", "1900"), ("2099-12-31", "晚于今天"),
                                            ("2026-03-01", "早于收到请求之日"), ("2026-02-30", "不是有效日期")])
def test_the_issue_date_is_checked(station: Station, capsys: pytest.CaptureFixture[str], day: str,
                                   words: str) -> None:
    before = dump(station.url)
    code, _, err = station.run(capsys, "doc", "render", station.case_no, "filing-notice", "--issue", "--date", day,
                               "--field", "filed_on=2026-03-04", "-o", str(station.folder / "n.pdf"))
    assert code == 1 and words in err and len(err.splitlines()) == 1
    assert dump(station.url) == before and not (station.folder / "n.pdf").exists()


def test_incomplete_decision_names_keys_and_labels(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(station.url)
    code, _, err = station.run(capsys, "doc", "render", station.case_no, "decision", "--issue",
                               "-o", str(station.folder / "d.pdf"))
    assert code == 1 and "facts（经审理查明" in err and "reasoning（本局认为" in err
    assert dump(station.url) == before

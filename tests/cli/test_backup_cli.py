"""``adjudicator backup list|now|restore|keep`` on a station's SQLite file; a server database is told to use its tools."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Station


def test_backup_list_now_restore(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    if not station.url.startswith("sqlite"):
        code, _, err = station.run(capsys, "backup", "now")
        assert code == 1 and "pg_dump" in err and err.count("\n") == 1
        return
    assert station.run(capsys, "backup", "list")[:2] == (0, "还没有备份。\n")
    code, out, _ = station.run(capsys, "backup", "now")
    assert code == 0 and out.startswith("已备份到：")
    made = out.split("：", 1)[1].strip()
    code, out, _ = station.run(capsys, "backup", "list", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["keep"] == 7 and [b["kind"] for b in payload["backups"]] == ["手动备份"]
    code, _, err = station.run(capsys, "backup", "restore", made)  # without --yes: shown, not restored
    assert code == 1 and "案件 1 件" in err and "--yes" in err
    code, out, _ = station.run(capsys, "backup", "restore", made, "--yes")
    assert code == 0 and out.startswith("已从备份恢复：") and "恢复前的数据库已备份为" in out
    assert station.run(capsys, "backup", "keep", "14")[:2] == (0, "今后保留最近 14 份自动备份。\n")
    code, _, err = station.run(capsys, "backup", "keep", "0")
    assert code == 2


def test_a_damaged_backup_is_refused(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    bad = station.folder / "station.db.manual-20261130-090000.bak"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 3000)
    code, out, err = station.run(capsys, "backup", "restore", str(bad), "--yes")
    assert code == 1 and out == "" and ("不能用于恢复" in err or "不是本系统的数据库备份" in err)

"""``adjudicator doc verify``: exit 0 for a genuine document, 1 for an altered or unknown one (or none given)."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Station


def test_doc_verify_exit_status(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = station.folder / "受理通知书.pdf"
    code, out, err = station.run(capsys, "doc", "render", station.case_no, "answer-notice", "--issue",
                                 "-o", str(out_file), "--field", "filed_on=2026-03-04")
    assert code == 0, err
    code, out, _ = station.run(capsys, "doc", "verify", str(out_file))
    assert code == 0 and out.startswith("真实：该文件与存档逐字节一致，是答辩通知书 ")
    code, out, _ = station.run(capsys, "doc", "verify", str(out_file), "--json")
    payload = json.loads(out)
    assert payload["status"] == "genuine" and payload["word"] == "真实"
    out_file.write_bytes(out_file.read_bytes()[:-200] + b"%%EOF\n")
    code, out, _ = station.run(capsys, "doc", "verify", str(out_file))
    assert code == 1 and out.startswith(("已被改动：", "无法识别："))
    stranger = station.folder / "别处的.pdf"
    stranger.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, out, _ = station.run(capsys, "doc", "verify", str(stranger))
    assert code == 1 and out.startswith("无法识别：")
    code, _, err = station.run(capsys, "doc", "verify")
    assert code == 1 and "二者选一" in err

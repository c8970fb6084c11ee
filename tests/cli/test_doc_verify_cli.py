"""``adjudicator doc verify``: exit 0 for a genuine (signed) document; 1 for an altered, unknown or unsigned one."""

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
    assert code == 0 and out.startswith("真实：该文件的电子签名有效，与存档逐字节一致，是新城区知识产权行政裁决所（01）出具的答辩通知书 ")
    code, out, _ = station.run(capsys, "doc", "verify", str(out_file), "--json")
    payload = json.loads(out)
    assert payload["status"] == "genuine" and payload["word"] == "真实"
    assert payload["station"] == "01" and payload["signature"] == "valid"
    flipped = station.folder / "改过一个比特.pdf"
    data = bytearray(out_file.read_bytes())
    data[len(data) // 3] ^= 0x04
    flipped.write_bytes(bytes(data))
    code, out, _ = station.run(capsys, "doc", "verify", str(flipped))
    assert code == 1 and out.startswith("已被改动：") and "文件内容与签名时的不符" in out
    out_file.write_bytes(out_file.read_bytes()[:-200] + b"%%EOF\n")
    code, out, _ = station.run(capsys, "doc", "verify", str(out_file))
    assert code == 1 and out.startswith(("已被改动：", "无法识别："))
    stranger = station.folder / "别处的.pdf"
    stranger.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, out, _ = station.run(capsys, "doc", "verify", str(stranger))
    assert code == 1 and out.startswith("无法识别：")
    code, _, err = station.run(capsys, "doc", "verify")
    assert code == 1 and "二者选一" in err


def test_doc_verify_of_a_document_issued_before_signing(station: Station, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Honest, not genuine: exit 1 with the sentence saying it carries no signature."""
    from adjudicator.documents import issuing

    out_file = station.folder / "旧通知书.pdf"
    with monkeypatch.context() as m:  # as the program issued before signing existed
        m.setattr(issuing, "sign_issued_in", lambda s, db, pdf, row, case_no: pdf)
        code, _, err = station.run(capsys, "doc", "render", station.case_no, "answer-notice", "--issue",
                                   "-o", str(out_file), "--field", "filed_on=2026-03-04")
    assert code == 0, err
    code, out, _ = station.run(capsys, "doc", "verify", str(out_file), "--json")
    payload = json.loads(out)
    assert code == 1 and payload["status"] == "unsigned" and payload["word"] == "签名启用前出具"
    assert "出具于本系统启用电子签名之前" in payload["sentence"]

"""``adjudicator audit verify``: exit 0 when the trail and the records agree, 1 naming what does not; reads only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.conftest import Station


def _tamper(url: str, sql: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def test_verify_passes_then_names_an_outside_edit(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = station.run(capsys, "audit", "verify")
    assert (code, err) == (0, "") and out.startswith("审计记录完好：")
    _tamper(station.url, "UPDATE cases SET handler = '王五'")
    db_file = Path(station.url.removeprefix("sqlite:///")) if station.url.startswith("sqlite") else None
    before = hashlib.sha256(db_file.read_bytes()).hexdigest() if db_file else None
    code, out, _ = station.run(capsys, "audit", "verify")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("审计记录校验未通过：") and "1 条记录与审计记录不符" in lines[0]
    assert lines[1].startswith(f"案件“{station.case_no}”：承办人（handler）与审计记录不符")
    if db_file:
        assert hashlib.sha256(db_file.read_bytes()).hexdigest() == before


def test_verify_json_names_the_first_broken_entry(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    _tamper(station.url, "UPDATE audit_entries SET record_label = '伪造' WHERE chain = '01' AND chain_seq = 2")
    code, out, _ = station.run(capsys, "audit", "verify", "--json")
    payload = json.loads(out)
    assert code == 1 and payload["ok"] is False
    assert [(b["chain"], b["chain_seq"]) for b in payload["breaks"]] == [("01", 2)]

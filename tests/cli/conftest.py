"""Fixtures for command-line tests: a station database with one case, driven through ``main``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from adjudicator.cases import service as S
from adjudicator.cli import main
from adjudicator.stations.registry import init_station
from adjudicator.store import open_database
from tests.core.factories import case_input


@dataclass
class Station:
    url: str
    folder: Path
    case_no: str

    def run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
        code = main(["--db", self.url, *argv])
        out, err = capsys.readouterr()
        return code, out, err


@pytest.fixture
def station(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Station]:
    """Station 01 with one case (呼新市监专裁字〔2026〕1号), on SQLite and on PostgreSQL."""
    monkeypatch.setenv("ADJUDICATOR_LOG_DIR", str(tmp_path / "logs"))
    if not db_url.startswith("sqlite"):
        monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))
    db = open_database(db_url)
    init_station(db, "01")
    case = S.create_case(db, case_input())
    db.close()
    yield Station(db_url, tmp_path, case.case_no)

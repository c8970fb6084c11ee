"""Batch printing: a day's issued documents in number order, combined into one PDF; the command line."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from adjudicator.cases import service as S
from adjudicator.cli import main
from adjudicator.documents import batch as B
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.errors import DomainError
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS

DAY = date(2026, 5, 8)


def _issue(db: Database, case_id: object, kind: str, day: date = DAY) -> D.DocumentView:
    draft = D.create_draft(db, case_id, kind, FIELDS[kind])  # type: ignore[arg-type]
    return issuing.issue(db, draft.id, issued_on=day)


def _day_of_documents(db: Database) -> tuple[list[D.DocumentView], D.DocumentView, D.DocumentView]:
    case = S.create_case(db, case_input())
    hearing = _issue(db, case.id, "hearing-notice")
    first = _issue(db, case.id, "answer-notice")
    second = _issue(db, case.id, "answer-notice")
    voided = _issue(db, case.id, "evidence-notice")
    issuing.void(db, voided.id, "送达地址有误")
    other_day = _issue(db, case.id, "answer-notice", date(2026, 5, 9))
    return [first, second, hearing], voided, other_day


def test_issued_on_lists_the_day_in_number_order_without_voided(any_db: Database) -> None:
    expected, voided, other_day = _day_of_documents(any_db)
    docs = B.issued_on(any_db, DAY)
    assert [d.number for d in docs] == [d.number for d in expected]
    assert [d.number for d in docs] == ["呼新市监专答字〔2026〕1号", "呼新市监专答字〔2026〕2号",
                                        "呼新市监专审字〔2026〕1号"]
    assert voided.id not in {d.id for d in docs} and other_day.id not in {d.id for d in docs}
    assert all(d.case_no.startswith("呼新市监专裁字") for d in docs)
    assert B.issued_on(any_db, date(2026, 5, 10)) == []


def test_combine_pdfs_concatenates_the_stored_pdfs_with_progress(station_db: Database) -> None:
    _day_of_documents(station_db)
    docs = B.issued_on(station_db, DAY)
    reports: list[tuple[float, str]] = []
    pdf = B.combine_pdfs(station_db, docs, progress=lambda f, m: reports.append((f, m)))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == sum(d.pages for d in docs) == sum(
        len(PdfReader(io.BytesIO(D.reprint(station_db, str(d.id)))).pages) for d in docs)
    assert len(reports) == len(docs) + 1 and reports[-1][0] == 1.0
    assert [f for f, _ in reports] == sorted(f for f, _ in reports)
    assert docs[0].number in reports[0][1]
    with pytest.raises(DomainError, match="没有选中"):
        B.combine_pdfs(station_db, [])


def test_combine_pdfs_stops_when_progress_raises(station_db: Database) -> None:
    _day_of_documents(station_db)
    docs = B.issued_on(station_db, DAY)

    class Cancelled(Exception):
        pass

    def cancel(fraction: float, message: str) -> None:
        if fraction > 0:
            raise Cancelled()

    with pytest.raises(Cancelled):
        B.combine_pdfs(station_db, docs, progress=cancel)


def test_cli_doc_batch_writes_the_days_pdf(station_db: Database, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    expected, _, _ = _day_of_documents(station_db)
    out = tmp_path / "当日文书.pdf"
    db_arg = ["--db", station_db.engine.url.render_as_string(hide_password=False)]
    assert main(["doc", "batch", "--date", DAY.isoformat(), "-o", str(out), "--json", *db_arg]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [d["number"] for d in payload["documents"]] == [d.number for d in expected]
    assert len(PdfReader(str(out)).pages) == payload["pages"] == sum(d.pages for d in expected)
    assert main(["doc", "batch", "--date", "2026-05-10", "-o", str(tmp_path / "none.pdf"), *db_arg]) == 1
    assert "没有出具" in capsys.readouterr().err
    # A number names its kind: reprint needs no --kind.
    assert main(["doc", "reprint", expected[2].number or "", "-o", str(tmp_path / "r.pdf"), *db_arg]) == 0
    assert (tmp_path / "r.pdf").read_bytes() == D.reprint(station_db, str(expected[2].id))

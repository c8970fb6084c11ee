"""The report as files: the workbook read back with openpyxl, the PDF's text, the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from adjudicator.cli import main as cli_main
from adjudicator.reports.figures import COUNTED
from adjudicator.reports.service import build_report, case_list, render
from adjudicator.reports.statistics import ReportQuery
from adjudicator.store import Database, open_database
from tests.core.reports_data import PERIOD, TODAY, build_two_stations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sup_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(tmp_path_factory.mktemp("reports") / "sup.db")
    build_two_stations(db)
    yield db
    db.close()


def test_workbook_reads_back_with_the_same_numbers(sup_db: Database) -> None:
    report = build_report(sup_db, ReportQuery(*PERIOD), today=TODAY)
    book = load_workbook(io.BytesIO(render(sup_db, report, "xlsx")))
    assert book.sheetnames == ["汇总", "按月收案", "结案方式", "审理天数", "在办与超期", "案件类型", "专利类型", "裁决公开",
                               "诉讼与执行", "跨所关联", "案件清单", "指标定义"]
    summary = book["汇总"]
    rows = {row[0].value: [c.value for c in row[1:]] for row in summary.iter_rows() if row[0].value}
    header = rows["指标"]
    assert header[:2] == ["新城区知识产权行政裁决所", "回民区知识产权行政裁决所"] and header[-1] == "合计"
    for fig in COUNTED:
        assert rows[fig.label][-1] == report.stats.total[fig.key], fig.key
        assert rows[fig.label][0] == report.stats.station("01")[fig.key], fig.key
    assert rows["平均审理天数"][-1] == 58.0 and rows["审理天数中位数"][-1] == 44.0
    assert any("全年" not in str(v) and "办理专利侵权纠纷行政裁决案件2件" in str(v)
               for row in summary.iter_rows(values_only=True) for v in row)
    cases = book["案件清单"]
    values = list(cases.iter_rows(values_only=True))
    assert values[0][:5] == ("案号", "裁决所", "案件类型", "状态", "收到请求")
    assert len(values) - 1 == len(case_list(sup_db, report)) == 8  # A-H: every case some figure counted
    first = next(cases.iter_rows(min_row=2, max_row=2))
    assert isinstance(first[4].value, date) and first[4].number_format == "yyyy-mm-dd"
    assert cases.column_dimensions["A"].width >= 20  # a case number fits
    assert all(not str(c.value).startswith("=") for row in book["汇总"].iter_rows() for c in row if c.value)
    matches = list(book["跨所关联"].iter_rows(values_only=True))
    assert {row[1] for row in matches[1:]} == {"同一被请求人在多个裁决所", "同一店铺在多个裁决所", "同一专利在多个裁决所",
                                               "重复侵权（裁决侵权成立后再次被请求）"}
    outcomes = {row[0]: row[1:] for row in book["结案方式"].iter_rows(values_only=True)}
    assert outcomes["合计"] == (4, 1, 0, 1, 1, 1, 1)  # 部分成立 counted apart


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def test_pdf_states_the_figures_in_the_bureaus_words(sup_db: Database) -> None:
    report = build_report(sup_db, ReportQuery(date(2026, 1, 1), date(2026, 12, 31)), today=TODAY)
    pdf = render(sup_db, report, "pdf")
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # fonts embedded
    body = _pdf_text(pdf)
    assert "专利纠纷行政裁决工作统计报告" in body
    assert "2026年全年办理专利侵权纠纷行政裁决案件2件、电商领域专利侵权纠纷案件5件" in body
    assert "结案4件，其中裁决侵权成立1件" in body
    assert "图4" in body and "跨所关联" in body and "重复侵权" in body


def test_empty_report_says_it_is_empty(sup_db: Database) -> None:
    report = build_report(sup_db, ReportQuery(date(2020, 1, 1), date(2020, 12, 31)), today=TODAY)
    assert report.stats.empty and report.matches == ()
    body = _pdf_text(render(sup_db, report, "pdf"))
    assert "2020年全年没有可统计的案件" in body
    book = load_workbook(io.BytesIO(render(sup_db, report, "xlsx")))
    assert book["案件清单"]["A2"].value == "统计期间内没有案件。"
    assert json.loads(render(sup_db, report, "json"))["empty"] is True


def test_command_line_report(sup_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = sup_db.url
    out = tmp_path / "年报.xlsx"
    assert cli_main(["report", "--db", url, "--from", "2026-01-01", "--to", "2026-06-30", "-o", str(out)]) == 0
    assert load_workbook(out).sheetnames[0] == "汇总"
    assert "已保存报表" in capsys.readouterr().out
    assert cli_main(["report", "--db", url, "--from", "2026-01-01", "--to", "2026-06-30", "--station", "02",
                     "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["code"] for s in data["stations"]] == ["02"] and data["total"]["counts"]["received"] == 2
    assert cli_main(["report", "--db", url, "--from", "2026-06-30", "--to", "2026-01-01"]) == 1
    assert "早于开始日期" in capsys.readouterr().err
    assert cli_main(["report", "--db", url, "--from", "2026-01-01", "--to", "2026-06-30", "--station", "77"]) == 1
    assert "未知的裁决所代码 77" in capsys.readouterr().err
    assert cli_main(["report", "--db", url, "--from", "2026-01-01", "--to", "2026-06-30", "--format", "pdf"]) == 2
    capsys.readouterr()
    missing = tmp_path / "无此目录" / "r.pdf"
    assert cli_main(["report", "--db", url, "--from", "2026-01-01", "--to", "2026-06-30", "-o", str(missing)]) == 1
    assert "不存在" in capsys.readouterr().err and not missing.exists()


def test_command_line_runs_as_a_program(sup_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = subprocess.run([sys.executable, "-m", "adjudicator", "report", "--db", sup_db.url, "--from", "2026-01-01",
                             "--to", "2026-06-30", "-o", str(out)], check=False, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_pdf_lists_a_match_of_hundreds_of_cases_on_one_row(sup_db: Database) -> None:
    """A popular shop can appear in hundreds of cases; its row must still fit on a page."""
    from dataclasses import replace

    from adjudicator.reports.matches import Match
    from adjudicator.reports.pdf_report import build_pdf

    report = build_report(sup_db, ReportQuery(*PERIOD), today=TODAY)
    line = case_list(sup_db, report)[0]
    many = tuple(replace(line, case_no=f"呼新市监专裁字〔2026〕{n}号") for n in range(1, 301))
    body = _pdf_text(build_pdf(report.stats, [Match("shop", "淘宝·星光数码专营店", ("01", "02"), many)], office="测试局"))
    assert "等300件" in body

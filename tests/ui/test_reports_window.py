"""统计报表 window: figures per station, clicking a number or a bar lists exactly those cases, exports, menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from adjudicator.reports.figures import COUNTED
from adjudicator.store import Database, open_database
from tests.core.reports_data import PERIOD, TODAY, build_two_stations
from tests.ui.helpers import open_window
from ui.reports.case_list import CaseListDialog
from ui.reports.dashboard import ReportsWindow


@pytest.fixture
def sup_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "sup.db")
    ids = build_two_stations(db)
    db.ids = ids  # type: ignore[attr-defined]
    yield db
    db.close()


def _window(qtbot: QtBot, db: Database) -> ReportsWindow:
    window = ReportsWindow(db, today=TODAY)
    qtbot.addWidget(window)
    window.start.setDate(QDate(PERIOD[0].year, PERIOD[0].month, PERIOD[0].day))
    window.end.setDate(QDate(PERIOD[1].year, PERIOD[1].month, PERIOD[1].day))
    window.show()
    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    assert window.stats is not None
    return window


def _row(key: str) -> int:
    return [f.key for f in COUNTED].index(key)


def test_figures_per_station_and_total(qtbot: QtBot, sup_db: Database) -> None:
    window = _window(qtbot, sup_db)
    table = window.figures
    assert table.columnCount() == 10  # nine stations and the total
    assert table.horizontalHeaderItem(0).text() == "新城区" and table.horizontalHeaderItem(9).text() == "合计"
    assert table.item(_row("received"), 0).text() == "5" and table.item(_row("received"), 9).text() == "7"
    assert table.item(_row("overdue"), 0).text() == "1"
    assert "2026年1月1日至6月30日办理专利侵权纠纷行政裁决案件2件、电商领域专利侵权纠纷案件5件" in window.summary.text()


def test_clicking_a_figure_lists_exactly_its_cases(qtbot: QtBot, sup_db: Database) -> None:
    window = _window(qtbot, sup_db)
    table = window.figures
    cell = table.visualItemRect(table.item(_row("pending"), 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    dialog = window.lists[-1]
    ids = sup_db.ids  # type: ignore[attr-defined]
    assert {line.case_id for line in dialog.lines} == {ids["D"], ids["E"], ids["F"]}
    assert dialog.windowTitle().startswith("案件清单：在办，新城区")
    opened: list[object] = []
    window.openCase.connect(opened.append)
    qtbot.waitExposed(dialog)
    centre = dialog.table.visualItemRect(dialog.table.item(0, 0)).center()
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [dialog.lines[0].case_id]
    dialog.reject()
    assert dialog not in window.lists


def test_clicking_the_overdue_bar_of_a_station(qtbot: QtBot, sup_db: Database) -> None:
    window = _window(qtbot, sup_db)
    window.tabs.setCurrentIndex(1)
    chart = window.charts["overdue"]
    qtbot.waitExposed(chart)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_point(0, 0))
    dialog = window.lists[-1]
    assert isinstance(dialog, CaseListDialog)
    assert [line.case_id for line in dialog.lines] == [sup_db.ids["D"]]  # type: ignore[attr-defined]
    months = window.charts["months"]
    qtbot.mouseClick(months.viewport(), Qt.MouseButton.LeftButton, pos=months.bar_point(1, 1))  # February, e-commerce
    assert {line.case_id for line in window.lists[-1].lines} == {sup_db.ids["B"], sup_db.ids["C"]}  # type: ignore[attr-defined]


def test_matches_tab_lists_the_cases_behind_each_match(qtbot: QtBot, sup_db: Database) -> None:
    window = _window(qtbot, sup_db)
    window.tabs.setCurrentIndex(window.match_index)
    tree = window.match_tree
    kinds = {tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    assert kinds == {"重复侵权（裁决侵权成立后再次被请求）", "同一被请求人在多个裁决所", "同一店铺在多个裁决所", "同一专利在多个裁决所"}
    repeat = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(1).startswith("重复"))
    assert repeat.childCount() == 2


def test_export_buttons_save_and_cancel(qtbot: QtBot, sup_db: Database, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, sup_db)
    target = tmp_path / "统计.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    qtbot.mouseClick(window.xlsx_button, Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.xlsx")) == []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(window.xlsx_button, Qt.MouseButton.LeftButton)
    book = load_workbook(target)
    rows = {r[0]: r for r in book["汇总"].iter_rows(values_only=True) if r[0]}
    assert rows["收到请求"][-1] == int(window.figures.item(_row("received"), 9).text())
    pdf = tmp_path / "统计.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    qtbot.mouseClick(window.pdf_button, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "已保存" in window.statusBar().currentMessage()


def test_a_period_ending_before_it_starts_is_refused(qtbot: QtBot, sup_db: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, sup_db)
    shown: list[str] = []
    monkeypatch.setattr("ui.reports.dashboard.QMessageBox.warning", lambda _p, _t, text: shown.append(text))
    window.end.setDate(QDate(2025, 12, 31))
    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    assert shown and "早于开始日期" in shown[0]
    assert window.preset.currentText() == "自定义"
    window.preset.setCurrentIndex(1)  # 上年度
    assert window.start.date() == QDate(TODAY.year - 1, 1, 1)


def test_menu_opens_the_window_and_a_case_shows_its_matches(qtbot: QtBot, sup_db: Database) -> None:
    main = open_window(qtbot, sup_db)
    main.act_reports.trigger()
    reports = main.reports_window
    assert reports is not None and reports.isVisible() and reports.stats is not None
    editor = main.open_case(sup_db.ids["F"])  # type: ignore[attr-defined]
    assert editor is not None
    flags = editor.header.flags
    assert flags.isVisibleTo(editor) and "重复侵权" in flags.text()
    editor.close()


def test_nine_demo_stations_dashboard_bar_workbook_pdf_and_sql_agree(qtbot: QtBot, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #13 done-when: nine stations' demo cases, the year's figures, one station's overdue bar, the exports."""
    import io
    from datetime import date

    from pypdf import PdfReader
    from sqlalchemy import text

    from adjudicator.demo.stations import generate_station_demos

    today = date(2026, 12, 1)
    db = open_database(tmp_path / "nine.db")
    try:
        generate_station_demos(db, 30, seed=5, today=today)
        window = ReportsWindow(db, today=today)
        qtbot.addWidget(window)
        window.start.setDate(QDate(2026, 1, 1))
        window.end.setDate(QDate(2026, 11, 30))
        window.show()
        qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
        stats = window.stats
        assert stats is not None and len(stats.stations) == 9 and window.figures.columnCount() == 10
        with db.session() as s:  # counted directly from the cases and their events
            received = dict(s.execute(text(
                "SELECT owner_station, count(*) FROM cases WHERE deleted_at IS NULL AND "
                "received_on BETWEEN '2026-01-01' AND '2026-11-30' GROUP BY owner_station")).all())
            closed = s.scalar(text(
                "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.deleted_at IS NULL "
                "AND e.deleted_at IS NULL AND e.kind IN ('decided', 'mediated', 'withdrawn') "
                "AND e.date BETWEEN '2026-01-01' AND '2026-11-30'"))
        for column, item in enumerate(stats.stations):
            assert int(window.figures.item(_row("received"), column).text()) == received.get(item.code, 0)
        assert int(window.figures.item(_row("closed"), 9).text()) == closed == stats.total["closed"]

        column = max(range(9), key=lambda c: stats.stations[c]["overdue"])
        station = stats.stations[column]
        assert station["overdue"] > 0
        window.tabs.setCurrentIndex(1)
        chart = window.charts["overdue"]
        qtbot.waitExposed(chart)
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.bar_point(0, column))
        lines = window.lists[-1].lines  # type: ignore[attr-defined]
        assert len(lines) == station["overdue"] == int(window.figures.item(_row("overdue"), column).text())
        assert {line.station for line in lines} == {station.code}
        assert all(line.closed is None and line.limit_due is not None and line.limit_due < "2026-11-30"
                   for line in lines)

        xlsx, pdf = tmp_path / "年报.xlsx", tmp_path / "年报.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
        qtbot.mouseClick(window.xlsx_button, Qt.MouseButton.LeftButton)
        rows = {r[0]: r[1:] for r in load_workbook(xlsx)["汇总"].iter_rows(values_only=True) if r[0]}
        for fig in COUNTED:
            assert rows[fig.label][-1] == int(window.figures.item(_row(fig.key), 9).text()), fig.key
            assert rows[fig.label][column] == station[fig.key], fig.key
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
        qtbot.mouseClick(window.pdf_button, Qt.MouseButton.LeftButton)
        words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).replace("\n", "")
        ecommerce = stats.total["received_ecommerce"]
        assert f"电商领域专利侵权纠纷案件{ecommerce}件" in words
    finally:
        db.close()

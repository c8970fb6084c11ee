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

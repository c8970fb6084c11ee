"""The sync UI through its real widgets: a station's 数据交换 menu, the supervisor's 市局监督 page."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from adjudicator.stations.registry import init_supervisor
from adjudicator.store import Database, open_database
from adjudicator.sync.supervision import case_notes, list_conflicts
from tests.core.sync_helpers import (
    Station,
    key_dir,  # noqa: F401  (autouse fixture)
    make_station,
)
from ui.main_window import MainWindow
from ui.supervisor.station_menu import KeyDialog


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    st = make_station(tmp_path, "02", 4, seed=22)
    yield st
    st.db.close()


@pytest.fixture
def supervisor(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "supervisor.db")
    init_supervisor(db)
    yield db
    db.close()


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.add_window_extensions()  # as the program does after the first paint (ui.features)
    return window


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_station_exports_with_progress_and_never_sees_supervisor_actions(
        qtbot: QtBot, station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _window(qtbot, station.db)
    assert not hasattr(window, "supervisor_page")
    assert "数据交换(&S)" in _menu_titles(window) and _menu_titles(window)[-1] == "帮助(&H)"
    menu = window.findChild(QMenu, "syncMenu")
    assert [a.text() for a in menu.actions() if a.text()] == ["导出本所数据包…", "导入市局参考数据…", "本所密钥…"]
    target = tmp_path / "out" / "station02.zip"
    target.parent.mkdir()  # a save dialog only ever returns a file in an existing folder
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.sync_actions["export"].trigger()
    assert target.exists() and "第 1 号数据包" in window.statusBar().currentMessage()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    window.sync_actions["export"].trigger()  # cancelled: nothing more written
    assert sorted(p.name for p in target.parent.iterdir()) == ["station02.zip"]


def test_key_dialog_exports_the_key_and_trusts_the_supervisor(
        qtbot: QtBot, station: Station, supervisor: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.sync.keys import write_key_file

    dialog = KeyDialog(station.db)
    qtbot.addWidget(dialog)
    assert "本所公钥指纹" in dialog.own_label.text() and "尚未登记市局公钥" in dialog.supervisor_label.text()
    key_out = tmp_path / "mine.pubkey.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(key_out), ""))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert key_out.exists()
    info = write_key_file(supervisor, tmp_path / "sup.pubkey.json")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "sup.pubkey.json"), ""))
    qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
    assert info.fingerprint in dialog.supervisor_label.text()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_supervisor_registers_imports_notes_and_resolves(
        qtbot: QtBot, station: Station, supervisor: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, boxes: object) -> None:
    window = _window(qtbot, supervisor)
    page = window.supervisor_page
    assert window.pages.indexOf(page) >= 0 and not window.act_new.isVisible()
    window.show_page(page)
    assert page.findChild(QPushButton, "importPackagesButton") is page.import_button
    assert "未登记" in page.stations.item(1, 2).text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(station.key_file), ""))
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    assert "请电话与该所核对" in page.warning.text()
    assert page.stations.item(1, 2).text().count(" ") == 9  # ten groups of four

    package = station.export()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(package)], ""))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    summary = page.last_summary
    assert summary is not None and summary.table.item(0, 3).text() == "已导入"
    assert summary.table.item(0, 4).text() != "0"
    summary.grab().save(str(tmp_path / "summary.png"))
    summary.accept()
    assert page.stations.item(1, 4).text() == "1"
    cases = page.cases_panel
    page.tabs.setCurrentWidget(cases)
    assert cases.table.rowCount() == 4 and cases.table.item(0, 0).text() == "02"
    cases.station_combo.setCurrentIndex(cases.station_combo.findData("05"))
    assert cases.table.rowCount() == 0
    cases.station_combo.setCurrentIndex(cases.station_combo.findData("02"))
    cases.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("请核实送达回证", True))
    qtbot.mouseClick(cases.note_button, Qt.MouseButton.LeftButton)
    assert not boxes.errors, boxes.errors  # type: ignore[attr-defined]
    assert cases.table.item(0, 7).text() == "⚑"
    assert [n.text for n in case_notes(supervisor, cases.rows[0].id)] == ["请核实送达回证"]

    # A conflict: changed here, then by the station; resolved from the page.
    from adjudicator.cases import service as S
    from adjudicator.cases.listing import case_input_of

    case_id = cases.rows[0].id
    for db, notes in ((supervisor, "市局改"), (station.db, "裁决所改")):
        current = S.get_case(db, case_id)
        inp = case_input_of(current)
        inp.notes = notes
        S.update_case(db, case_id, inp, expected_version=current.version)
    page.import_files([station.export()])
    assert page.tabs.tabText(2) == "冲突（1）"
    conflicts = page.conflicts_panel
    page.tabs.setCurrentWidget(conflicts)
    conflicts.table.selectRow(0)
    assert conflicts.keep_station.isEnabled()
    assert "裁决所改" in conflicts.details.text()
    page.grab().save(str(tmp_path / "page.png"))
    qtbot.mouseClick(conflicts.keep_station, Qt.MouseButton.LeftButton)
    assert list_conflicts(supervisor) == [] and page.tabs.tabText(2) == "冲突"
    assert S.get_case(supervisor, case_id).notes == "裁决所改"

    page.stale_spin.setValue(30)
    assert supervisor.get_setting("sync.stale_days") == 30
    reference = tmp_path / "ref.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(reference), ""))
    qtbot.mouseClick(page.reference_button, Qt.MouseButton.LeftButton)
    assert reference.exists()
    assert "数据交换(&S)" in _menu_titles(window)


def test_supervisor_opens_a_station_case_read_only_but_may_write_a_note(
        qtbot: QtBot, station: Station, supervisor: Database, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, boxes: object) -> None:
    from adjudicator.cases import service as S
    from adjudicator.sync.importer import import_packages
    from adjudicator.sync.keys import register_station

    register_station(supervisor, station.key_file)
    assert import_packages(supervisor, [station.export()]).ok
    window = _window(qtbot, supervisor)
    window.cases.refresh()
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 4)
    window.cases.view.selectRow(0)
    assert not window.act_delete.isVisible() and not window.act_delete.isEnabled()
    assert not window.act_restore.isVisible()
    window.act_open.trigger()
    editor = next(iter(window.editors.values()))
    case = S.get_case(supervisor, editor.case_id)
    assert editor.read_only
    assert not editor.save_button.isVisible() and not editor.save_action.isEnabled()
    assert all(not section.isEnabled() for section in editor.sections)
    assert editor._extra_tabs and all(not tab.isEnabled() for tab in editor._extra_tabs)
    banner = editor.supervisor_banner
    assert banner is not None and "市局只能查看" in banner.label.text()
    assert "只读" in editor.hint.text() and "Ctrl+S" not in editor.hint.text()
    editor.grab().save(str(tmp_path / "read-only-editor.png"))
    editor.grab().save("/tmp/sync-readonly.png") if os.environ.get("SYNC_SHOT") else None

    # Ctrl+S cannot reach the save; a direct call refuses with a sentence and changes nothing.
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.save() is False
    assert "市局只能查看" in boxes.errors[-1]  # type: ignore[attr-defined]
    assert S.get_case(supervisor, case.id).version == case.version

    # A review note (and flag) stays writable: through the banner's 监督意见… button.
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("请补充送达回证", True))
    qtbot.mouseClick(banner.note_button, Qt.MouseButton.LeftButton)
    assert [n.text for n in case_notes(supervisor, case.id)] == ["请补充送达回证"]
    assert "已有监督意见 1 条（已标记）" in banner.label.text()
    # Cancelling the note dialog writes nothing.
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("", False))
    qtbot.mouseClick(banner.note_button, Qt.MouseButton.LeftButton)
    assert len(case_notes(supervisor, case.id)) == 1
    assert S.get_case(supervisor, case.id).version == case.version
    editor.close()


def test_supervisor_dashboard_has_a_station_column_and_filter(
        qtbot: QtBot, station: Station, supervisor: Database, tmp_path: Path) -> None:
    from adjudicator.procedure.dashboard import deadline_board
    from adjudicator.sync.importer import import_packages
    from adjudicator.sync.keys import register_station
    from tests.core.sync_helpers import TODAY
    from ui.deadline_dashboard import STATION_COLUMN, DeadlineDashboard

    other = make_station(tmp_path, "07", 12, seed=6)  # open deadlines on TODAY
    for st in (station, other):
        register_station(supervisor, st.key_file)
    assert import_packages(supervisor, [station.export(), other.export()]).ok
    page = DeadlineDashboard(supervisor)
    qtbot.addWidget(page)
    page.resize(1300, 600)
    board = deadline_board(supervisor, today=TODAY)
    assert "07" in board.stations, (board.stations, len(board.rows))
    page.show_board(board)
    assert not page.view.isColumnHidden(STATION_COLUMN) and page.station.isVisibleTo(page)
    assert page.model.headerData(STATION_COLUMN, Qt.Orientation.Horizontal) == "裁决所"
    assert page.view.horizontalHeader().visualIndex(STATION_COLUMN) == 2  # beside 案号
    shown = {page.model.index(r, STATION_COLUMN).data() for r in range(page.model.rowCount())}
    assert shown == set(board.stations)
    assert page.station.itemText(page.station.findData("07")).startswith("07 ")
    page.grab().save(str(tmp_path / "dashboard.png"))
    page.grab().save("/tmp/sync-dashboard.png") if os.environ.get("SYNC_SHOT") else None
    page.station.setCurrentIndex(page.station.findData("07"))
    kept = {page.model.index(r, STATION_COLUMN).data() for r in range(page.model.rowCount())}
    assert kept == {"07"}
    page.station.setCurrentIndex(0)
    assert page.model.rowCount() == len(page.board.rows)  # type: ignore[union-attr]

    own = DeadlineDashboard(station.db)  # a station's own board: neither column nor filter
    qtbot.addWidget(own)
    own.show_board(deadline_board(station.db, today=TODAY))
    assert own.view.isColumnHidden(STATION_COLUMN) and not own.station.isVisibleTo(own)
    other.db.close()

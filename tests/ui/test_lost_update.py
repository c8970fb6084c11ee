"""No lost update: a colleague's saved notes survive another clerk's stale editor, through the real widgets.

The scenario of issue #8: clerk A has unsaved edits open in a case window; clerk B (another
program on the same database) saves new notes; A records a procedure event from the 案件进程
tab, then saves. B's notes must stay, A must be told who changed the case, and A's input must
stay in the window. Without B, A's event and A's edits both save, as before.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.cases.listing import case_input_of
from adjudicator.cases.views import CaseView
from adjudicator.database import Database
from adjudicator.procedure.service import load_procedure
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import add_case, open_window, type_text
from ui.editor import CaseEditor
from ui.event_dialog import EventDialog
from ui.timeline_tab import TimelineTab

A_NOTES = "请求人补充提交了公证书。"
B_NOTES = "被请求人来电称已下架全部链接，待核实。"
FILED_ON = date(2026, 3, 4)


def _type_notes(qtbot: QtBot, editor: CaseEditor, text: str) -> None:
    editor.tabs.setCurrentWidget(editor.case_info)
    editor.case_info.notes.setFocus()
    type_text(qtbot, editor.case_info.notes, text)
    assert editor.is_dirty


def _record_filing_through_the_dialog(qtbot: QtBot, tab: TimelineTab) -> list[str]:
    """Click 添加事件, choose 立案 and its date, click 保存; returns what the dialog said, then closes it."""
    said: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EventDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData("filed"))
        dialog.date.setDate(QDate(FILED_ON.year, FILED_ON.month, FILED_ON.day))
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        if dialog.isVisible():  # refused: the sentence shows and the clerk's choice is still there
            said.append(dialog.error.text())
            assert dialog.kind.currentData() == "filed"
            dialog.reject()

    QTimer.singleShot(0, drive)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    return said


def _open(qtbot: QtBot, db: Database) -> tuple[CaseEditor, TimelineTab, CaseView]:
    case = add_case(db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, db)
    editor = window.open_case(case.id)
    assert editor is not None
    tab = editor.findChild(TimelineTab)
    assert tab is not None
    return editor, tab, case


def test_a_colleagues_notes_survive_a_stale_editor_that_records_an_event(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    editor, tab, case = _open(qtbot, station_db)
    _type_notes(qtbot, editor, A_NOTES)

    b_input = case_input_of(case_service.get_case(station_db, case.id))
    b_input.notes = B_NOTES
    case_service.update_case(station_db, case.id, b_input, expected_version=case.version,
                             actor="李书记员")

    editor.tabs.setCurrentWidget(tab)
    said = _record_filing_through_the_dialog(qtbot, tab)
    assert said and "已被其他人修改" in said[0] and "李书记员" in said[0]
    assert load_procedure(station_db, case.id).events == ()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert boxes.errors and "已被其他人修改" in boxes.errors[-1] and "李书记员" in boxes.errors[-1]
    assert case_service.get_case(station_db, case.id).notes == B_NOTES
    assert editor.case_info.notes.toPlainText() == A_NOTES and editor.is_dirty  # A's input is kept


def test_without_a_colleague_the_event_and_the_edits_both_save(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    editor, tab, case = _open(qtbot, station_db)
    _type_notes(qtbot, editor, A_NOTES)
    editor.tabs.setCurrentWidget(tab)
    assert _record_filing_through_the_dialog(qtbot, tab) == []
    assert [e.kind for e in load_procedure(station_db, case.id).events] == ["filed"]
    assert editor.is_dirty and editor.case is not None and editor.case.status == "filed"  # the header follows

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert boxes.errors == []
    saved = case_service.get_case(station_db, case.id)
    assert saved.notes == A_NOTES and saved.status == "filed"

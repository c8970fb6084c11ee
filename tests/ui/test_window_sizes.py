"""Every window and dialog fits a 1024×700 screen: nothing demands more room than that."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from adjudicator.calendar.store import load_calendar
from adjudicator.cases import service as S
from adjudicator.documents import service as D
from adjudicator.procedure.service import load_procedure
from adjudicator.stations.registry import registry
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS

SMALL = QSize(1024 - 16, 700 - 48)  # the screen less a window frame and a task bar


def _fits(widget: QWidget) -> None:
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    assert need.width() <= SMALL.width() and need.height() <= SMALL.height(), (type(widget).__name__, need)


def test_the_case_window_fits_whichever_tab_and_draft_is_shown(qtbot: QtBot, station_db: Database) -> None:
    from ui.documents_tab import DocumentsTab
    from ui.editor import CaseEditor

    case = S.create_case(station_db, case_input())
    D.create_draft(station_db, case.id, "decision", FIELDS["decision"])
    editor = CaseEditor(station_db, case.id)
    qtbot.addWidget(editor)
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        _fits(editor)
    docs = editor.findChild(DocumentsTab)
    assert docs is not None
    docs.list.setCurrentRow(0)  # the decision's many fields used to grow the window to 968 px
    _fits(editor)
    editor.resize(1008, 652)
    editor.show()
    assert editor.save_button.isVisible() and editor.close_button.isVisible()
    assert editor.save_button.mapTo(editor, editor.save_button.rect().bottomRight()).y() <= 652


def test_the_dialogs_fit(qtbot: QtBot, station_db: Database) -> None:
    from ui.batch_print import BatchPrintDialog
    from ui.calendar_settings import CalendarSettingsDialog
    from ui.case_settings import CaseSettingsDialog
    from ui.documents_tab import ServiceDialog
    from ui.event_dialog import EventDialog
    from ui.first_run import FirstRunDialog
    from ui.main_window import MainWindow
    from ui.printing import PrintPreviewDialog

    case = S.create_case(station_db, case_input())
    draft = D.create_draft(station_db, case.id, "hearing-notice", FIELDS["hearing-notice"])
    pdf = D.render_preview(station_db, draft.id)
    widgets: list[QWidget] = [
        MainWindow(station_db), BatchPrintDialog(station_db), CalendarSettingsDialog(station_db),
        CaseSettingsDialog(station_db), ServiceDialog("answer-notice"),
        EventDialog(station_db, load_procedure(station_db, case.id), load_calendar(station_db), today=date(2026, 5, 1)),
        FirstRunDialog(registry(station_db), choose_station=True), PrintPreviewDialog(pdf, "口头审理通知书"),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        _fits(widget)

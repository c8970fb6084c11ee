"""Required dates use the one date field too: typed the clerk's ways, no ✕, never left empty, Tab moves on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from adjudicator.calendar.store import load_calendar
from adjudicator.cases import service as S
from adjudicator.procedure.service import load_procedure
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.ui.helpers import type_text
from ui.widgets import DateEdit, OptionalDateEdit


def _form(qtbot: QtBot) -> tuple[QWidget, DateEdit, QLineEdit]:
    host = QWidget()
    column = QVBoxLayout(host)
    field = DateEdit()
    after = QLineEdit()
    column.addWidget(field)
    column.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    with qtbot.waitActive(host):
        host.activateWindow()
    return host, field, after  # the host is kept alive by the caller


def test_a_required_date_is_typed_like_the_optional_one_and_never_empty(qtbot: QtBot) -> None:
    _host, field, after = _form(qtbot)
    assert field.value() == date.today() and not field.edit.isClearButtonEnabled()
    seen: list[QDate] = []
    field.dateChanged.connect(seen.append)
    for typed in ("2026-3-2", "2026年3月2日", "20260302"):
        field.edit.setFocus()
        field.edit.selectAll()
        type_text(qtbot, field.edit, typed)
        assert field.value() == date(2026, 3, 2), typed
        qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
        assert after.hasFocus() and field.edit.text() == "2026-03-02"
    assert seen == [QDate(2026, 3, 2)]  # invalid dates never reach the form
    field.edit.setFocus()
    field.edit.clear()  # emptied by the clerk ...
    assert field.value() == date(2026, 3, 2)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.edit.text() == "2026-03-02"  # ... it shows its date again on leaving
    field.edit.setFocus()
    type_text(qtbot, field.edit, "x")
    assert field.edit.property("invalid") is True and field.problem()
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.edit.text() == "2026-03-02" and field.edit.property("invalid") is False


def test_the_event_day_opens_its_holiday_calendar_and_refuses_the_future(qtbot: QtBot, station_db: Database) -> None:
    from ui.event_dialog import EventDialog

    case = S.create_case(station_db, case_input())
    dialog = EventDialog(station_db, load_procedure(station_db, case.id), load_calendar(station_db),
                         today=date(2026, 5, 1))
    qtbot.addWidget(dialog)
    dialog.date.set_value(date(2026, 2, 16))
    picker = dialog.date.open_calendar()
    assert (picker.yearShown(), picker.monthShown()) == (2026, 2)
    assert picker.width() >= 360
    picker.clicked.emit(QDate(2026, 2, 14))  # a make-up working day of the Spring Festival
    assert dialog.date.value() == date(2026, 2, 14) and "调休上班" in dialog.date_info.text()
    dialog.date.edit.setText("2026-05-02")  # after the dialog's today
    assert dialog.date.value() == date(2026, 2, 14) and "2026-05-01" in dialog.date.problem()


def test_no_window_or_dialog_uses_another_date_widget(qtbot: QtBot, station_db: Database) -> None:
    from ui.batch_print import BatchPrintDialog
    from ui.documents_tab import ServiceDialog
    from ui.editor import CaseEditor
    from ui.event_dialog import EventDialog
    from ui.intake.batch_dialogs import BatchEventDialog, BatchNoticeDialog
    from ui.reports.dashboard import ReportsWindow

    case = S.create_case(station_db, case_input())
    widgets: list[QWidget] = [
        CaseEditor(station_db, case.id), BatchPrintDialog(station_db), ServiceDialog("answer-notice"),
        EventDialog(station_db, load_procedure(station_db, case.id), load_calendar(station_db)),
        BatchEventDialog(2), BatchNoticeDialog(2), ReportsWindow(station_db),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        assert widget.findChildren(QDateEdit) == [], type(widget).__name__
        assert widget.findChildren(OptionalDateEdit), type(widget).__name__
        for field in widget.findChildren(OptionalDateEdit):
            wide = field.edit.fontMetrics().horizontalAdvance("2026-03-02")
            assert field.edit.minimumWidth() > wide  # the whole date shows, never "…"
            assert field.edit.isClearButtonEnabled() == (not isinstance(field, DateEdit))

"""The optional date field: empty until set, typed in the clerk's ways, picked on a holiday calendar, cleared."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import type_text
from ui.widgets import OptionalDateEdit


def _form(qtbot: QtBot) -> tuple[QWidget, OptionalDateEdit, QLineEdit]:
    host = QWidget()
    column = QVBoxLayout(host)
    field = OptionalDateEdit()
    after = QLineEdit()
    column.addWidget(field)
    column.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    with qtbot.waitActive(host):
        host.activateWindow()
    return host, field, after


def test_empty_until_set_and_typed_dates_are_read(qtbot: QtBot) -> None:
    _host, field, after = _form(qtbot)
    assert field.value() is None and field.edit.text() == "" and "未填" in field.edit.placeholderText()
    seen: list[QDate] = []
    field.dateChanged.connect(seen.append)
    for typed in ("2026-3-2", "2026年3月2日", "20260302"):
        field.edit.setFocus()
        field.edit.clear()
        type_text(qtbot, field.edit, typed)
        assert field.value() == date(2026, 3, 2), typed
        qtbot.keyClick(field.edit, Qt.Key.Key_Tab)  # Tab leaves the field ...
        assert after.hasFocus()                     # ... for the next one
        assert field.edit.text() == "2026-03-02"    # and the date is shown the one way
    assert seen[0] == QDate(2026, 3, 2)


def test_what_is_not_a_date_is_marked_and_clears(qtbot: QtBot) -> None:
    _host, field, _ = _form(qtbot)
    field.edit.setFocus()
    type_text(qtbot, field.edit, "2026-2-30")
    assert field.value() is None and "不存在" in field.problem()
    assert field.edit.property("invalid") is True and "不存在" in field.edit.toolTip()
    field.set_value(date(2026, 5, 1))
    assert field.problem() == "" and field.edit.property("invalid") is False
    field.edit.clear()  # the ✕ button of the line edit
    assert field.value() is None and not field.date().isValid()


def test_the_calendar_opens_on_the_related_date_and_marks_holidays(qtbot: QtBot) -> None:
    _host, field, _ = _form(qtbot)
    picker = field.open_calendar()
    today = QDate.currentDate()
    assert (picker.yearShown(), picker.monthShown()) == (today.year(), today.month())  # empty: today
    field.popup.hide()  # type: ignore[union-attr]
    field.set_anchor(lambda: date(2016, 3, 1))
    picker = field.open_calendar()
    assert (picker.yearShown(), picker.monthShown()) == (2016, 3)
    assert picker.width() >= 360  # wide enough for every day number
    picker.clicked.emit(QDate(2016, 3, 8))
    assert field.value() == date(2016, 3, 8) and not field.popup.isVisible()  # type: ignore[union-attr]
    field.set_value(date(2026, 10, 1))
    picker = field.open_calendar()
    assert (picker.yearShown(), picker.monthShown()) == (2026, 10)  # set: on the date itself
    image = picker.grab()
    assert not image.isNull()

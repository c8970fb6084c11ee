"""Driving the case editor the way a clerk does: select, type, save."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.store import Database
from adjudicator.cases.views import CaseView
from tests.core.factories import case_input
from ui.editor import CaseEditor
from ui.main_window import MainWindow

REAL_PATENT = "ZL 2016 2 0161392.4"


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a user does: ASCII key by key, Chinese as the input method commits it.

    (``QTest.keyClicks`` only knows ASCII keys; a Chinese IME delivers each word as an
    input-method commit, which is what this sends.)
    """
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            qtbot.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace what a line edit holds by typing ``text`` into it."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(qtbot, edit, text)


def choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def fill_new_case(qtbot: QtBot, editor: CaseEditor, *, requester: str = "内蒙古草原星光科技有限公司",
                  respondent: str = "张小明", patent: str = REAL_PATENT) -> None:
    """Fill a new case's required fields through the widgets: two parties and the patent."""
    parties = editor.parties
    editor.tabs.setCurrentWidget(parties)
    parties.list.setCurrentRow(0)
    type_into(qtbot, parties.name, requester)
    type_into(qtbot, parties.legal_rep, "王刚")
    parties.list.setCurrentRow(1)
    choose(parties.party_type, "person")
    type_into(qtbot, parties.name, respondent)
    editor.tabs.setCurrentWidget(editor.patent)
    type_into(qtbot, editor.patent.number, patent)


def add_case(db: Database, requester: str, respondent: str, **overrides: object) -> CaseView:
    """Save a case through the service (the same one the editor calls)."""
    inp = case_input(**overrides)
    inp.parties[0].name = requester
    inp.parties[1].name = respondent
    return case_service.create_case(db, inp)


def open_window(qtbot: QtBot, db: Database) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.cases.load()
    return window


TODAY = date.today()

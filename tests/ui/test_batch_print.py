"""批量打印: the dialog lists a day's issued documents, saves the checked ones as one PDF, prints them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS, _proceed
from ui.batch_print import BatchPrintDialog
from ui.main_window import MainWindow

DAY = date(2026, 5, 8)


def _issue(db: Database, case_id: object, kind: str, day: date = DAY) -> D.DocumentView:
    if kind == "decision":  # a decision needs a filed case whose answer period has run
        _proceed(db, case_id)
    draft = D.create_draft(db, case_id, kind, FIELDS[kind])  # type: ignore[arg-type]
    return issuing.issue(db, draft.id, issued_on=day)


def test_batch_dialog_saves_the_checked_documents(qtbot: QtBot, station_db: Database, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, boxes: object) -> None:
    case = S.create_case(station_db, case_input())
    answer = _issue(station_db, case.id, "answer-notice")
    hearing = _issue(station_db, case.id, "hearing-notice")
    decision = _issue(station_db, case.id, "decision")
    _issue(station_db, case.id, "evidence-notice", date(2026, 5, 9))
    dialog = BatchPrintDialog(station_db)
    qtbot.addWidget(dialog)
    assert dialog.date_edit.date() == QDate.currentDate()
    dialog.date_edit.setDate(QDate(2026, 5, 8))
    assert dialog.list.count() == 3
    assert [d.id for d in dialog.selected()] == [answer.id, hearing.id, decision.id]
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # not the hearing notice
    assert dialog.save_button.isEnabled()
    out = tmp_path / "batch.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    dialog.save_selected()
    assert len(PdfReader(str(out)).pages) == answer.pages + decision.pages
    assert dialog.worker is None and dialog.save_button.isEnabled()
    assert not boxes.errors  # type: ignore[attr-defined]

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_selected(printer)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == answer.pages + decision.pages

    dialog.set_all_checked(False)
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.date_edit.setDate(QDate(2026, 5, 10))
    assert dialog.list.count() == 0 and "没有" in dialog.summary.text()


def test_main_window_file_menu_opens_batch_print(qtbot: QtBot, station_db: Database) -> None:
    window = MainWindow(station_db)
    qtbot.addWidget(window)
    assert window.act_batch_print.shortcut() == QKeySequence("Ctrl+Shift+P")
    file_menu = window.menuBar().actions()[0].menu()
    assert window.act_batch_print in file_menu.actions()
    dialog = window.batch_print()
    assert isinstance(dialog, BatchPrintDialog) and dialog.isVisible()
    dialog.close()

"""The 文书 tab: a draft previews in QPdfView, issuing asks first and numbers it, printing goes to a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.documents import service as D
from adjudicator.store import Database
from tests.core.factories import case_input
from ui.documents_tab import DocumentsTab


def test_draft_preview_issue_and_print(qtbot: QtBot, station_db: Database, boxes: object, tmp_path: Path) -> None:
    case = S.create_case(station_db, case_input())
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("hearing-notice"))
    tab.new_draft()
    assert tab.list.count() == 1
    qtbot.waitUntil(lambda: tab.pdf.pageCount() > 0)
    assert "口头审理日期" in tab.missing.text()
    tab.editors["hearing_on"].setText("2026-04-10")
    tab.editors["hearing_time"].setText("上午9时30分")
    tab.editors["place"].setText("本局第一审理室")
    tab.refresh_preview()
    assert tab.missing.text() == ""
    tab.issue_current()
    assert boxes.confirms  # type: ignore[attr-defined]
    doc = D.list_documents(station_db, case.id)[0]
    assert doc.status == "issued" and doc.number == "呼新市监专审字〔2026〕1号"
    assert tab.pdf_bytes == D.reprint(station_db, str(doc.id))
    qtbot.waitUntil(lambda: tab.pdf.pageCount() >= 2)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    tab.print_current(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 1000


def test_void_correct_and_discard_from_the_tab(qtbot: QtBot, station_db: Database, boxes: object,
                                              monkeypatch: object) -> None:
    from PySide6.QtWidgets import QInputDialog

    case = S.create_case(station_db, case_input())
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("answer-notice"))
    tab.new_draft()
    tab.editors["filed_on"].setText("2026-03-04")
    tab.refresh_preview()
    tab.issue_current()
    issued = D.list_documents(station_db, case.id)[0]
    assert issued.status == "issued" and tab.correct_button.isEnabled() and tab.void_button.isEnabled()
    assert not tab.discard_button.isEnabled()

    tab.correct_current()  # a correction draft of the issued notice, selected
    assert tab.current is not None and tab.current.status == "draft" and tab.discard_button.isEnabled()
    tab.discard_current()  # confirmed by the recorded dialogs
    assert [d.status for d in D.list_documents(station_db, case.id)] == ["issued"]

    tab.list.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))  # type: ignore[attr-defined]
    tab.void_current()
    assert "理由" in " ".join(boxes.errors)  # type: ignore[attr-defined]
    assert D.list_documents(station_db, case.id)[0].status == "issued"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("文书送达对象有误", True))  # type: ignore[attr-defined]
    tab.void_current()
    voided = D.list_documents(station_db, case.id)[0]
    assert voided.status == "voided" and voided.number == issued.number
    assert not tab.void_button.isEnabled()


def test_what_is_missing_shows_before_issuing_and_clears_when_the_case_is_saved(
        qtbot: QtBot, station_db: Database, boxes: object) -> None:
    """出具 is offered only once nothing is missing; a case saved elsewhere refreshes the note."""
    from dataclasses import replace

    case = S.create_case(station_db, case_input(panel=[]))
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("filing-notice"))
    tab.new_draft()
    tab.editors["filed_on"].setText("2026-03-04")
    tab.refresh_preview()
    assert "合议组" in tab.missing.text()
    assert not tab.issue_button.isEnabled() and "合议组" in tab.issue_button.toolTip()
    tab.issue_current()  # even if reached (a shortcut): refused before any question
    assert not boxes.confirms and "合议组" in boxes.errors[-1]  # type: ignore[attr-defined]
    assert D.list_documents(station_db, case.id)[0].status == "draft"
    S.update_case(station_db, case.id, replace(case_input(), panel=["王建国", "李明", "赵敏"]))
    tab.case_saved()
    assert tab.missing.text() == "" and tab.issue_button.isEnabled()


def test_case_rules_dialog_sets_the_sole_handler_rule_the_form_then_states(qtbot: QtBot, station_db: Database) -> None:
    from adjudicator.cases.panel import sole_handler_allowed
    from ui.editor import CaseEditor
    from ui.main_window import MainWindow

    window = MainWindow(station_db)
    qtbot.addWidget(window)
    dialog = window.case_settings()
    dialog.sole_handler.setChecked(True)
    dialog.reject()  # 取消 changes nothing
    assert not sole_handler_allowed(station_db)
    dialog = window.case_settings()
    assert not dialog.sole_handler.isChecked()
    dialog.sole_handler.setChecked(True)
    dialog.accept()
    assert sole_handler_allowed(station_db)
    editor = CaseEditor(station_db)
    qtbot.addWidget(editor)
    assert "独任审理" in editor.case_info.panel_field.hint.text()


def _writes(db: Database, case_id: object) -> tuple[int, int, list[int]]:
    """How many changes were recorded, the case's version and its documents' versions."""
    from sqlalchemy import func, select

    from adjudicator.store.models import AuditEntry, Case

    with db.session() as s:
        audit = s.scalar(select(func.count()).select_from(AuditEntry))
        version = s.get(Case, case_id).version  # type: ignore[union-attr]
    return int(audit or 0), version, [d.version for d in D.list_documents(db, case_id)]  # type: ignore[arg-type]


def test_refreshing_the_preview_writes_nothing_and_changed_text_is_saved_once(
        qtbot: QtBot, station_db: Database, boxes: object) -> None:
    """Typing and previewing leave the database alone; the autosave writes changed text once, unchanged never."""
    case = S.create_case(station_db, case_input())
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("hearing-notice"))
    tab.new_draft()
    before = _writes(station_db, case.id)
    tab.editors["place"].setText("本局第一审理室")
    tab.editors["place"].textEdited.emit("本局第一审理室")  # typed, as the clerk does (QTest types ASCII only)
    tab.editors["hearing_time"].setText("上午9时30分")
    for _ in range(3):
        tab.refresh_preview()
    assert _writes(station_db, case.id) == before  # no row, no version, no change in the audit trail
    assert "本局第一审理室" in _pdf_text(tab.pdf_bytes)  # the preview shows what was typed all the same
    assert tab.autosave_timer.isActive()  # typing started the autosave clock
    tab.autosave()  # the timer's moment
    after = _writes(station_db, case.id)
    assert after[0] == before[0] + 1 and after[2] == [before[2][0] + 1] and after[1] == before[1]
    assert D.list_documents(station_db, case.id)[0].fields["place"] == "本局第一审理室"
    tab.refresh_preview()
    tab.autosave()  # nothing changed since: nothing written
    assert _writes(station_db, case.id) == after
    tab.show()
    tab.editors["place"].setText("本局第二审理室")
    tab.hide()  # leaving the tab (or closing the window) keeps what was typed
    assert D.list_documents(station_db, case.id)[0].fields["place"] == "本局第二审理室"
    from adjudicator.history.trail import case_history

    assert not [line for line in case_history(station_db, case.id) if "口头审理通知书" in line.summary + line.record]


def _pdf_text(pdf: bytes) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()

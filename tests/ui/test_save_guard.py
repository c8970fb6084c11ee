"""Every save dialog goes through the output guard: never onto the database, its journal, a backup or evidence.

Each test picks a forbidden file in the real widget's save dialog (its return value patched, as a
clerk's click would give it) and checks that a Chinese sentence says why and that not a byte changed.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.evidence.filestore import store_root
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS
from tests.ui.conftest import DialogRecorder
from ui.batch_print import BatchPrintDialog
from ui.calendar_settings import CalendarSettingsDialog
from ui.documents_tab import DocumentsTab
from ui.intake.batch_dialogs import folder_refused

DAY = date(2026, 5, 8)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _forbidden(db: Database, tmp_path: Path) -> dict[str, Path]:
    """The files a clerk must never overwrite: the database, its journal files, a backup, an exhibit."""
    assert db.path is not None
    base = Path(str(db.path))
    backup = tmp_path / "station.db.2026-05-08.bak"
    shutil.copyfile(base, backup)  # a backup copy: an SQLite file under another name
    exhibit = store_root(db) / "ab" / "ab12.pdf"
    exhibit.parent.mkdir(parents=True, exist_ok=True)
    exhibit.write_bytes(b"%PDF-1.4 exhibit")
    wal = base.with_name(base.name + "-wal")
    if not wal.exists():
        wal.write_bytes(b"")
    return {"数据库文件": base, "日志文件": wal, "journal": base.with_name(base.name + "-journal"),
            "数据库文件（或其备份）": backup, "证据文件库": exhibit}


def _pick(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def _issued(db: Database) -> tuple[object, D.DocumentView]:
    case = S.create_case(db, case_input())
    draft = D.create_draft(db, case.id, "answer-notice", FIELDS["answer-notice"])
    return case.id, issuing.issue(db, draft.id, issued_on=DAY)


def test_save_as_pdf_refuses_the_database_its_journals_a_backup_and_evidence(
        qtbot: QtBot, station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        boxes: DialogRecorder) -> None:
    case_id, _doc = _issued(station_db)
    tab = DocumentsTab(station_db, case_id)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.list.setCurrentRow(0)
    assert tab.pdf_bytes.startswith(b"%PDF")
    for words, path in _forbidden(station_db, tmp_path).items():
        before = _digest(path)
        boxes.errors.clear()
        _pick(monkeypatch, path)
        tab.save_current()
        assert _digest(path) == before, path
        assert len(boxes.errors) == 1 and "未写入任何文件" in boxes.errors[0], boxes.errors
        assert any(w in boxes.errors[0] for w in (words, "日志文件", "数据库文件")), boxes.errors[0]
        assert not list(path.parent.glob(f".{path.name}.*.part"))  # no torn temporary file left behind
    good = tmp_path / "答辩通知书.pdf"
    boxes.errors.clear()
    _pick(monkeypatch, good)
    tab.save_current()
    assert good.read_bytes() == tab.pdf_bytes and not boxes.errors


def test_batch_print_save_is_refused_before_combining(
        qtbot: QtBot, station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        boxes: DialogRecorder) -> None:
    _issued(station_db)
    dialog = BatchPrintDialog(station_db)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    assert dialog.list.count() == 1
    db_file = Path(str(station_db.path))
    before = _digest(db_file)
    _pick(monkeypatch, db_file)
    dialog.save_selected()
    assert _digest(db_file) == before and dialog.worker is None  # nothing was even combined
    assert boxes.errors and "正在使用的数据库文件" in boxes.errors[0]


def test_holiday_export_and_report_export_refuse_the_database(
        qtbot: QtBot, station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        boxes: DialogRecorder) -> None:
    from ui.reports.dashboard import ReportsWindow

    forbidden = _forbidden(station_db, tmp_path)
    dialog = CalendarSettingsDialog(station_db)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    backup = forbidden["数据库文件（或其备份）"]
    before = _digest(backup)
    _pick(monkeypatch, backup)
    dialog.export_selected()
    assert _digest(backup) == before and "备份" in boxes.errors[-1]
    good = tmp_path / "2026.json"
    _pick(monkeypatch, good)
    dialog.export_selected()
    assert '"year": 2026' in good.read_text(encoding="utf-8")

    window = ReportsWindow(station_db, today=DAY)
    qtbot.addWidget(window)
    exhibit = forbidden["证据文件库"]
    before = _digest(exhibit)
    boxes.errors.clear()
    _pick(monkeypatch, exhibit)
    qtbot.mouseClick(window.pdf_button, Qt.MouseButton.LeftButton)
    assert _digest(exhibit) == before and "证据文件库" in boxes.errors[0]


def test_station_key_export_refuses_the_database(
        qtbot: QtBot, station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        boxes: DialogRecorder) -> None:
    from ui.supervisor.station_menu import KeyDialog

    dialog = KeyDialog(station_db)
    qtbot.addWidget(dialog)
    wal = _forbidden(station_db, tmp_path)["日志文件"]
    before = _digest(wal)
    _pick(monkeypatch, wal)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert _digest(wal) == before and boxes.errors and "数据库文件" in boxes.errors[0]


def test_batch_notice_folder_inside_the_evidence_store_is_refused_before_issuing(
        station_db: Database, tmp_path: Path) -> None:
    inside = store_root(station_db) / "文书"
    assert "证据文件库" in folder_refused(station_db, str(inside))
    assert folder_refused(station_db, str(tmp_path / "新文件夹" / "文书")) == ""  # made on saving
    assert not inside.exists()


def test_batch_notices_into_the_evidence_store_are_refused_before_a_number_is_used(
        qtbot: QtBot, station_db: Database, tmp_path: Path, boxes: DialogRecorder) -> None:
    from adjudicator.intake.batch import set_assignment
    from tests.ui.test_intake_ui import click_later, imported_window
    from ui.intake.batch_dialogs import BatchNoticeDialog

    window, ids = imported_window(qtbot, station_db, tmp_path, n=2)
    set_assignment(station_db, ids, panel=["王建国", "李明", "赵敏"])
    window.cases.view.selectAll()
    dialog = BatchNoticeDialog(len(ids), window)
    inside = store_root(station_db) / "文书"
    dialog.folder.setText(str(inside))
    click_later(qtbot, dialog, accept=True)
    window.intake.batch_notice(dialog=dialog)  # type: ignore[attr-defined]
    assert boxes.errors and "证据文件库" in boxes.errors[0]
    assert not inside.exists()
    assert all(D.list_documents(station_db, i) == [] for i in ids)  # type: ignore[arg-type]

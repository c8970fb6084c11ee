"""Printing issued documents: preview, vector output to a PDF printer, raster at the printer's resolution."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS, _proceed
from ui import printing
from ui.documents_tab import DocumentsTab


def _pdf_printer(path: Path, resolution: int | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if resolution:
        printer.setResolution(resolution)
    return printer


def _issue(db: Database, kind: str = "decision") -> D.DocumentView:
    case = S.create_case(db, case_input())
    if kind == "decision":  # a decision needs a filed case whose answer period has run
        _proceed(db, case.id)
    draft = D.create_draft(db, case.id, kind, FIELDS[kind])
    return issuing.issue(db, draft.id, issued_on=date(2026, 5, 8))


def _issued(db: Database, kind: str = "decision") -> tuple[DocumentsTab, D.DocumentView]:
    doc = _issue(db, kind)
    return DocumentsTab(db, doc.case_id), doc


def test_print_button_opens_the_preview_and_prints_the_issued_pages(
        qtbot: QtBot, station_db: Database, tmp_path: Path, boxes: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    tab, doc = _issued(station_db)
    qtbot.addWidget(tab)
    tab.list.setCurrentRow(0)
    assert tab.print_button.isEnabled()
    tab.print_button.click()  # used to pass False as the printer and crash
    preview = tab.print_preview
    assert isinstance(preview, printing.PrintPreviewDialog) and preview.isVisible()
    assert preview.document.pageCount() == doc.pages
    assert preview.summary.text() == f"共 {doc.pages} 页。"
    preview.reject()  # 关闭: nothing printed
    assert preview.printed == 0

    out = tmp_path / "printed.pdf"

    def accept_dialog(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept_dialog)
    tab.print_button.click()
    tab.print_preview.print_button.click()
    pages = PdfReader(str(out)).pages
    assert len(pages) == doc.pages
    assert "专利侵权纠纷" in pages[0].extract_text()  # vector text, not a picture of it
    # The vector copy is the issued file's pages, so it stays about the size of the original.
    assert out.stat().st_size < 2 * len(D.reprint(station_db, str(doc.id))) + 20_000
    assert not boxes.errors  # type: ignore[attr-defined]


def test_cancelling_the_print_dialog_prints_nothing(qtbot: QtBot, station_db: Database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    tab, _ = _issued(station_db, "answer-notice")
    qtbot.addWidget(tab)
    tab.list.setCurrentRow(0)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    tab.print_button.click()
    preview = tab.print_preview
    preview.print_button.click()
    assert preview.worker is None and preview.isVisible() and preview.printed == 0
    preview.reject()


def test_a_page_range_prints_only_those_pages(station_db: Database, tmp_path: Path) -> None:
    doc = _issue(station_db)
    pdf = D.reprint(station_db, str(doc.id))
    assert doc.pages >= 2
    printer = _pdf_printer(tmp_path / "range.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    assert printing.print_pdf(pdf, printer) == 1
    assert len(PdfReader(str(tmp_path / "range.pdf")).pages) == 1


def test_rendering_at_the_printer_resolution_paints_every_page(qapp: object, station_db: Database, tmp_path: Path) -> None:
    """The path a real printer takes: each page rendered in bands at the printer's dots per inch."""
    doc = _issue(station_db, "hearing-notice")
    pdf = D.reprint(station_db, str(doc.id))
    printer = _pdf_printer(tmp_path / "raster.pdf", resolution=150)
    seen: list[str] = []
    assert printing._render_pages(pdf, printer, lambda f, m: seen.append(m)) == doc.pages
    reader = PdfReader(str(tmp_path / "raster.pdf"))
    assert len(reader.pages) == doc.pages
    assert abs(float(reader.pages[0].mediabox.width) - 595) < 2  # A4 kept
    assert seen[0] == f"正在打印第 1/{doc.pages} 页"


def test_cancelling_between_pages_stops_the_job(qapp: object, station_db: Database, tmp_path: Path) -> None:
    doc = _issue(station_db)
    pdf = D.reprint(station_db, str(doc.id))
    printer = _pdf_printer(tmp_path / "cancelled.pdf", resolution=100)

    class Stop(Exception):
        pass

    def progress(fraction: float, message: str) -> None:
        if fraction > 0:
            raise Stop

    with pytest.raises(Stop):
        printing._render_pages(pdf, printer, progress)

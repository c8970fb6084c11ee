"""Printing an issued PDF: a preview first, then the print dialog, then the pages in the background.

The PDF a document was issued as is the record, so printing sends *those* pages and nothing
re-laid-out. Where the printer writes a PDF file (「打印到文件」) the pages go there as they are,
vector and unchanged (:mod:`pypdf` picks the page range). A real printer gets each page rendered
by QtPdf at the printer's own resolution, in horizontal bands so a 600-dpi page never needs one
huge image, and painted at paper size (``fullPage``) so the document's margins stay where they were
laid out. The work runs in the thread pool with a cancellable progress dialog (QPainter on a
QPrinter is allowed outside the GUI thread), so the window stays responsive.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from adjudicator.errors import DomainError
from adjudicator.progress import Progress
from ui import dialogs
from ui.worker import Worker, run_in_background

#: Height in device pixels of one band of a rendered page (a 600-dpi A4 band is ~20 MB).
BAND_PIXELS = 1024


def page_numbers(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages to print: the range chosen in the print dialog, else all of them."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        return list(range(first - 1, last))
    return list(range(count))


def _writes_pdf_file(printer: QPrinter) -> bool:
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())


def _write_vector(pdf: bytes, printer: QPrinter, progress: Progress | None) -> int:
    """Copy the chosen pages of ``pdf`` unchanged into the printer's output file (atomically)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = page_numbers(printer, len(reader.pages))
    writer = PdfWriter()
    for n, page in enumerate(pages):
        if progress is not None:
            progress(n / max(len(pages), 1), f"正在输出第 {n + 1}/{len(pages)} 页")
        writer.add_page(reader.pages[page])
    target = printer.outputFileName()
    folder = os.path.dirname(os.path.abspath(target))
    fd, temp = tempfile.mkstemp(suffix=".pdf", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            writer.write(fh)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    return len(pages)


def _render_pages(pdf: bytes, printer: QPrinter, progress: Progress | None) -> int:
    """Render each chosen page at the printer's resolution, band by band, and paint it at paper size."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise DomainError("文书的 PDF 无法读取，未打印；请用“另存为 PDF”检查文件。")
    pages = page_numbers(printer, document.pageCount())
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError("打印机未能开始打印；请检查打印机是否连接并可用。")
    try:
        dpi = printer.resolution()
        paper = printer.pageLayout().fullRectPixels(dpi)
        for n, page in enumerate(pages):
            if progress is not None:
                progress(n / max(len(pages), 1), f"正在打印第 {n + 1}/{len(pages)} 页")
            if n:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            if size.width() > paper.width() or size.height() > paper.height():
                size.scale(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)  # a larger page is shrunk to fit
            for top in range(0, size.height(), BAND_PIXELS):
                band = QRect(0, top, size.width(), min(BAND_PIXELS, size.height() - top))
                options = QPdfDocumentRenderOptions()
                options.setScaledSize(size)
                options.setScaledClipRect(band)
                image = document.render(page, band.size(), options)
                painter.drawImage(QPoint(0, top), image)
    except BaseException:
        painter.end()
        printer.abort()
        raise
    finally:
        document.close()
    painter.end()
    return len(pages)


def print_pdf(pdf: bytes, printer: QPrinter, progress: Progress | None = None) -> int:
    """Print ``pdf`` on ``printer``: vector into a PDF file, else rendered at the printer's resolution.

    Returns the number of pages printed; ``progress`` may raise to cancel between pages.
    """
    if _writes_pdf_file(printer):
        count = _write_vector(pdf, printer, progress)
    else:
        count = _render_pages(pdf, printer, progress)
    if progress is not None:
        progress(1.0, f"已打印 {count} 页")
    return count


def new_printer(pdf: bytes) -> QPrinter:
    """A printer at its own resolution, set to the paper size of the document's first page."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("文书")
    try:
        first = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        points = QSize(round(float(first.width)), round(float(first.height)))
        printer.setPageSize(QPageSize(points, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    except (PyPdfError, IndexError, ValueError):  # an unreadable PDF is reported when it is printed; A4 meanwhile
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def print_in_background(pdf: bytes, printer: QPrinter, parent: QWidget | None,
                        on_done: Callable[[int], None] | None = None) -> Worker[int]:
    """Print on ``printer`` in the thread pool under a cancellable progress dialog."""
    def failed(exc: BaseException) -> None:
        dialogs.show_error(parent, str(exc) if isinstance(exc, DomainError) else
                           "打印失败：" + (str(exc) or type(exc).__name__) + "。请检查打印机后重试。")

    return run_in_background(print_pdf, pdf, printer, parent=parent, on_success=on_done, on_failure=failed,
                             progress_title=parent.tr("正在打印…") if parent is not None else "正在打印…")


def ask_and_print(pdf: bytes, parent: QWidget | None, printer: QPrinter | None = None,
                  on_done: Callable[[int], None] | None = None) -> Worker[int] | None:
    """The print dialog (unless ``printer`` is given), then the pages in the background."""
    if printer is None:
        printer = new_printer(pdf)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
    return print_in_background(pdf, printer, parent, on_done)


class PrintPreviewDialog(QDialog):
    """打印预览: the very pages that will print, then 打印… (the print dialog) or 关闭."""

    def __init__(self, pdf: bytes, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf_bytes = pdf
        self.worker: Worker[int] | None = None
        self.printed = 0
        self.setWindowTitle(self.tr("打印预览 — %1").replace("%1", title))
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.summary = QLabel(self.tr("共 %1 页。").replace("%1", str(self.document.pageCount())))
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(lambda: self.print_to())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.view, 1)
        column.addWidget(self.summary)
        column.addWidget(buttons)
        from ui.geometry import fit_to_screen

        fit_to_screen(self, 640, 820)

    def print_to(self, printer: QPrinter | None = None) -> None:
        """The print dialog (unless ``printer`` is given); the dialog closes once printing is under way."""
        def done(count: int) -> None:
            self.printed = count

        self.worker = ask_and_print(self.pdf_bytes, self.parentWidget(), printer, done)
        if self.worker is not None:
            self.accept()


def preview_and_print(pdf: bytes, title: str, parent: QWidget | None) -> PrintPreviewDialog:
    """Open the print preview of ``pdf`` (window-modal) and return it."""
    dialog = PrintPreviewDialog(pdf, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

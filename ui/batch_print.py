"""批量打印: print or save as one PDF the documents issued on a day (issue #4 item 6).

The dialog lists the day's issued (not voided) documents with check boxes; 打印… and 保存为 PDF…
combine the checked ones in the background (:func:`adjudicator.documents.batch.combine_pdfs`)
under a cancellable progress dialog (pypdf appends the stored pages, so the result is vector and about
the size of its parts), then preview, print (:mod:`ui.printing`, also in the background) or write the file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.documents import batch as B
from adjudicator.errors import DomainError
from adjudicator.database import Database
from ui import dialogs, printing
from ui.geometry import remember
from ui.save_as import choose_output, write_bytes
from ui.widgets import DateEdit
from ui.worker import Worker, run_in_background


class BatchPrintDialog(QDialog):
    """批量打印: a date (today by default), that day's issued documents to tick, 打印… and 保存为 PDF…."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.worker: Worker[bytes] | None = None
        self.setWindowTitle(self.tr("批量打印"))
        self.date_edit = DateEdit()
        self.date_edit.dateChanged.connect(lambda *_: self.reload())
        self.list = QListWidget()
        self.list.itemChanged.connect(lambda *_: self._update_buttons())
        self.summary = QLabel()
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("保存为 PDF…"))
        self.preview_button = QPushButton(self.tr("打印预览…"))
        self.preview_button.clicked.connect(lambda: self.preview_selected())
        self.print_button.clicked.connect(lambda: self.print_selected())
        self.save_button.clicked.connect(lambda: self.save_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("出具日期"), self.date_edit)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.list, 1)
        col.addWidget(self.summary)
        col.addWidget(buttons)
        remember(self, "batchPrint", 620, 480)
        self.reload()

    # --- data ---------------------------------------------------------------------------------
    def day(self) -> date:
        return self.date_edit.value() or date.today()

    def reload(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        try:
            docs = B.issued_on(self.db, self.day())
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            docs = []
        for doc in docs:
            item = QListWidgetItem(f"{doc.title}　{doc.number}　{doc.case_no}　{doc.pages} 页")
            item.setData(Qt.ItemDataRole.UserRole, doc)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_buttons()

    def set_all_checked(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)

    def selected(self) -> list[B.IssuedDocument]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def _update_buttons(self) -> None:
        docs = self.selected()
        enabled = bool(docs) and self.worker is None
        self.print_button.setEnabled(enabled)
        self.preview_button.setEnabled(enabled)
        self.save_button.setEnabled(enabled)
        if self.list.count() == 0:
            self.summary.setText(self.tr("当日没有出具的文书。"))
        else:
            self.summary.setText(self.tr("已选 %1 份，共 %2 页。").replace("%1", str(len(docs)))
                                 .replace("%2", str(sum(d.pages for d in docs))))

    # --- actions ------------------------------------------------------------------------------
    def _combine(self, then: Callable[[bytes], None]) -> None:
        docs = self.selected()
        if not docs:
            dialogs.show_error(self, self.tr("请先勾选要打印的文书。"))
            return

        def done(*_: object) -> None:
            self.worker = None
            self._update_buttons()

        self.worker = run_in_background(B.combine_pdfs, self.db, docs, parent=self, on_success=then,
                                        progress_title=self.tr("正在合并文书…"))
        if self.worker.done:  # an immediate pool (tests) has already finished
            done()
        else:
            self.worker.finished.connect(done)
            self._update_buttons()

    def save_selected(self) -> None:
        """Ask for a file name, combine the checked documents and write them there."""
        if not self.selected():
            dialogs.show_error(self, self.tr("请先勾选要打印的文书。"))
            return
        name = self.tr("%1 出具的文书.pdf").replace("%1", self.day().isoformat())
        path = choose_output(self, self.db, self.tr("保存为 PDF"), name, "PDF (*.pdf)")
        if path is None:
            return

        def write(pdf: bytes) -> None:
            write_bytes(self, self.db, path, pdf)

        self._combine(write)

    def print_selected(self, printer: QPrinter | None = None) -> None:
        """Combine the checked documents and print them (a print dialog unless ``printer`` is given)."""
        if not self.selected():
            dialogs.show_error(self, self.tr("请先勾选要打印的文书。"))
            return
        def send(pdf: bytes) -> None:
            self.printing = printing.ask_and_print(pdf, self, printer)

        self._combine(send)

    def preview_selected(self) -> None:
        """Combine the checked documents and show their print preview (打印… from there)."""
        if not self.selected():
            dialogs.show_error(self, self.tr("请先勾选要打印的文书。"))
            return

        def show(pdf: bytes) -> None:
            self.preview = printing.preview_and_print(pdf, self.tr("%1 出具的文书").replace(
                "%1", self.day().isoformat()), self)

        self._combine(show)


def open_batch_print(db: Database, parent: QWidget | None = None) -> BatchPrintDialog:
    """Show the 批量打印 dialog (modal to ``parent``) and return it."""
    dialog = BatchPrintDialog(db, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

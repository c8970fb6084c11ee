"""批量办理: one action for the cases selected in the list, in the background, with a summary.

Three dialogs ask what to do — 登记进程事件 (the same event and day for each case), 出具文书 (the
same notice kind: each numbered in its series, one PDF per case into a folder, one combined PDF
printed as one job), 设置承办人/合议组 — and :func:`run_batch` runs the core's batch function
(:mod:`adjudicator.intake.batch`) under a cancellable progress dialog. Each case either takes the
action or is left unchanged; :class:`BatchSummaryDialog` lists what was done and what was refused,
with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.documents.templates import DOCUMENT_KINDS
from adjudicator.errors import DomainError
from adjudicator.intake import batch as B
from adjudicator.outputs import UnsafeOutput, check_output_folder, write_output
from adjudicator.procedure.kinds import EVENT_KINDS, DetailField, EventKind
from adjudicator.procedure.service import EventInput
from ui import dialogs
from ui.widgets import DateEdit, OptionalDateEdit, ok_cancel_buttons
from ui.worker import run_in_background

#: Notice kinds offered for a batch (the decision and the mediation agreement are written one by one).
BATCH_NOTICE_KINDS = tuple(k for k in DOCUMENT_KINDS if k not in ("decision", "mediation-agreement",
                                                                  "extension-approval"))


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_")


class _BatchDialog(QDialog):
    """A small form with 确定/取消 for one batch action on ``count`` cases."""

    def __init__(self, title: str, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        head = QLabel(self.tr("对所选的 {n} 件案件逐件办理；某件不能办理时，该件不作任何改动，其余照常办理。").format(n=count))
        head.setWordWrap(True)
        layout.addWidget(head)
        layout.addLayout(self.form)
        self.buttons = ok_cancel_buttons(self, self.tr("办理(&B)"), self.tr("取消"))
        layout.addWidget(self.buttons)
        self.resize(520, 10)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


class BatchEventDialog(_BatchDialog):
    """登记进程事件: the event kind, its date (and receipt date), details and a note."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(self.tr("批量登记进程事件"), count, parent)
        self.setObjectName("batchEventDialog")
        self.kind = QComboBox()
        for kind in EVENT_KINDS.values():
            if kind.code != "received":
                self.kind.addItem(kind.label, kind.code)
        self.day = DateEdit()
        self.received = OptionalDateEdit()
        self.note = QLineEdit()
        self.form.addRow(self.tr("事件(&E)"), self.kind)
        self.form.addRow(self.tr("日期(&D)"), self.day)
        self.received_label = QLabel()
        self.form.addRow(self.received_label, self.received)
        self.details = QFormLayout()
        self.form.addRow(self.details)
        self.form.addRow(self.tr("备注"), self.note)
        self.detail_widgets: dict[str, QWidget] = {}
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.set_kind("request_served")

    def set_kind(self, code: str) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(code), 0))
        self._kind_changed()

    def current_kind(self) -> EventKind:
        return EVENT_KINDS[str(self.kind.currentData())]

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.received_label.setText(kind.received_label or "")
        self.received_label.setVisible(bool(kind.received_label))
        self.received.setVisible(bool(kind.received_label))
        while self.details.rowCount():
            self.details.removeRow(0)
        self.detail_widgets = {}
        for spec in kind.fields:
            widget = self._field_widget(spec)
            self.detail_widgets[spec.key] = widget
            self.details.addRow(spec.label + (" *" if spec.required else ""), widget)

    def _field_widget(self, spec: DetailField) -> QWidget:
        if spec.type == "bool":
            box = QCheckBox()
            box.setChecked(bool(spec.default))
            return box
        if spec.type == "int":
            spin = QSpinBox()
            spin.setRange(1, 99)
            spin.setValue(int(spec.default or 1))
            return spin
        if spec.type == "date":
            return OptionalDateEdit()
        if spec.type == "choice":
            combo = QComboBox()
            if not spec.required and spec.default is None:
                combo.addItem(self.tr("（未填）"), "")
            for code, label in spec.choices:
                combo.addItem(label, code)
            if spec.default is not None:
                combo.setCurrentIndex(max(combo.findData(spec.default), 0))
            return combo
        return QLineEdit()

    def event_input(self) -> EventInput:
        details: dict[str, Any] = {}
        for key, widget in self.detail_widgets.items():
            if isinstance(widget, QCheckBox):
                details[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                details[key] = widget.value()
            elif isinstance(widget, OptionalDateEdit):
                value = widget.value()
                if value is not None:
                    details[key] = value.isoformat()
            elif isinstance(widget, QComboBox):
                details[key] = widget.currentData() or None
            elif isinstance(widget, QLineEdit):
                details[key] = widget.text()
        day = self.day.value() or date.today()
        received = self.received.value() if self.current_kind().received_label else None
        return EventInput(str(self.kind.currentData()), day, received, details, self.note.text())


class BatchNoticeDialog(_BatchDialog):
    """出具文书: the notice kind, the issue date, a folder for one PDF per case, and printing."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(self.tr("批量出具文书"), count, parent)
        self.setObjectName("batchNoticeDialog")
        self.kind = QComboBox()
        for code in BATCH_NOTICE_KINDS:
            self.kind.addItem(DOCUMENT_KINDS[code], code)
        self.kind.setCurrentIndex(max(self.kind.findData("answer-notice"), 0))
        self.day = DateEdit()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("每件案件一个 PDF，另存一个合并的 PDF（可不填）"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.print_check = QCheckBox(self.tr("出具后合并为一个打印任务打印"))
        self.print_check.setChecked(True)
        self.form.addRow(self.tr("文书(&K)"), self.kind)
        self.form.addRow(self.tr("出具日期(&D)"), self.day)
        self.form.addRow(self.tr("保存到文件夹"), row)
        self.form.addRow("", self.print_check)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存文书的文件夹"))
        if folder:
            self.folder.setText(folder)

    @property
    def document_kind(self) -> str:
        return str(self.kind.currentData())


class BatchAssignDialog(_BatchDialog):
    """设置承办人/合议组: either or both, for every selected case."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(self.tr("批量设置承办人、合议组"), count, parent)
        self.setObjectName("batchAssignDialog")
        self.handler_check = QCheckBox(self.tr("承办人(&H)"))
        self.handler = QLineEdit()
        self.panel_check = QCheckBox(self.tr("合议组(&P)"))
        self.panel = QLineEdit()
        self.panel.setPlaceholderText(self.tr("3 名以上单数成员，用顿号或逗号分隔；留空则清除合议组"))
        self.handler.textEdited.connect(lambda _t: self.handler_check.setChecked(True))
        self.panel.textEdited.connect(lambda _t: self.panel_check.setChecked(True))
        self.form.addRow(self.handler_check, self.handler)
        self.form.addRow(self.panel_check, self.panel)

    def values(self) -> tuple[str | None, list[str] | None]:
        handler = self.handler.text().strip() if self.handler_check.isChecked() else None
        panel = [p for p in re.split(r"[、,，;；\s]+", self.panel.text()) if p] if self.panel_check.isChecked() else None
        return handler, panel


class BatchSummaryDialog(QDialog):
    """What a batch did: one line per case, refused ones first, with the reason."""

    def __init__(self, result: B.BatchResult, parent: QWidget | None = None, extra: str = ""):
        super().__init__(parent)
        self.setObjectName("batchSummary")
        self.setWindowTitle(self.tr("批量办理结果"))
        self.result = result
        layout = QVBoxLayout(self)
        self.heading = QLabel(result.summary() + (f"\n{extra}" if extra else ""))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        outcomes = [*result.refused, *result.done]
        self.table = QTableWidget(len(outcomes), 3)
        self.table.setHorizontalHeaderLabels([self.tr("案号"), self.tr("结果"), self.tr("说明")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, outcome in enumerate(outcomes):
            state = QTableWidgetItem(self.tr("已办理") if outcome.done else self.tr("未办理"))
            if not outcome.done:
                state.setForeground(QBrush(QColor("#b3261e")))
            for col, item in enumerate((QTableWidgetItem(outcome.case_no), state, QTableWidgetItem(outcome.message))):
                item.setToolTip(outcome.message)
                self.table.setItem(row, col, item)
        self.table.setWordWrap(True)
        self.table.resizeColumnToContents(0)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        layout.addWidget(buttons)
        self.resize(760, 420)


class BatchRunner(QWidget):
    """Runs one batch in the background and shows its summary; ``finished`` when done or cancelled."""

    #: The batch ended (done, failed or cancelled): ``(result or None)``.
    finished = Signal(object)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.hide()
        self.summary: BatchSummaryDialog | None = None
        self.worker: Any = None

    def run(self, fn: Callable[..., B.BatchResult], *args: Any, title: str,
            after: Callable[[B.BatchResult], str] | None = None, **kwargs: Any) -> None:
        parent = self.parentWidget()

        def done(result: B.BatchResult) -> None:
            extra = ""
            if after is not None:
                try:
                    extra = after(result)
                except DomainError as exc:
                    extra = str(exc)
            self.summary = BatchSummaryDialog(result, parent, extra)
            self.summary.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.summary.open()
            self.finished.emit(result)

        def failed(exc: BaseException) -> None:
            from ui.errors import show_exception

            show_exception(parent, exc)
            self.finished.emit(None)

        def cancelled() -> None:
            dialogs.show_error(parent, self.tr("已取消：已办理的案件保持办理后的状态，其余案件未作任何改动。"),
                               title=self.tr("批量办理已取消"))
            self.finished.emit(None)

        self.worker = run_in_background(fn, *args, parent=parent, on_success=done, on_failure=failed,
                                        on_cancelled=cancelled, progress_title=title, **kwargs)


def folder_refused(db: Database, folder: str) -> str:
    """Why PDFs must not be saved into ``folder`` (inside the evidence store, not writable), or "".

    Asked before anything is issued, so a refusal uses no number; the folder is made on saving.
    """
    if not folder:
        return ""
    try:
        check_output_folder(db, folder)
    except UnsafeOutput as exc:
        return str(exc)
    return ""


def save_notices(db: Database, result: B.BatchResult, folder: str, kind_title: str, day: date) -> str:
    """Write one PDF per issued notice and the combined one into ``folder``; a sentence saying so."""
    if not folder or result.combined_pdf is None:
        return ""
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for outcome in result.done:
            if outcome.document_id is None:
                continue
            name = _safe_name(f"{outcome.case_no}-{kind_title}-{outcome.document_number}") + ".pdf"
            write_output(db, target / name, B.document_pdf(db, outcome.document_id))
        combined = target / _safe_name(f"合并打印-{kind_title}-{day.isoformat()}.pdf")
        write_output(db, combined, result.combined_pdf)
    except UnsafeOutput as exc:
        raise DomainError(f"文书已出具，但未能保存到文件夹：{exc}") from None
    except OSError as exc:
        raise DomainError(f"文书已出具，但无法写入文件夹“{folder}”：{exc.strerror or exc}；可在批量打印中重新打印。") from None
    return f"已在“{folder}”保存 {len(result.done)} 份文书和合并文件 {combined.name}。"


def print_combined(result: B.BatchResult, parent: QWidget, printer: QPrinter | None = None) -> str:
    """Open the combined PDF in the print preview: all notices go to the printer as one job.

    With ``printer`` (tests, or a printer chosen beforehand) it is printed there at once.
    """
    from ui.printing import preview_and_print

    if result.combined_pdf is None:
        return ""
    dialog = preview_and_print(result.combined_pdf, f"{result.action}（{len(result.done)} 份）", parent)
    pages = dialog.document.pageCount()
    if printer is None:
        return f"合并文件（共 {pages} 页）已在打印预览中打开，按“打印…”作为一个打印任务打印。"
    dialog.print_to(printer)
    return f"已作为一个打印任务打印 {pages} 页。"

"""The 文书 tab of a case: drafts, their fields with a live preview, issue, print, save as PDF, service.

The case editor builds it as listed in :data:`ui.features.CASE_TABS`. The preview renders what is
typed without writing anything; the draft is saved only when its text changed, at most once per
:data:`AUTOSAVE_DELAY_MS` while typing, and when the clerk leaves it (another document, another tab,
closing the window, issuing), so a refresh of the preview never becomes a write.

Every write carries the version the clerk saw: a change to one document its own version, a new draft
and a service record the case version read with the list (kept current through :mod:`ui.changes`),
issuing and publishing both (they record an event that moves the case on). A write that moves the
case hands the version it left to the case's other views, so the clerk's own service record never
makes the case window's unsaved input look stale. A colleague's change in between is refused with a
sentence naming who and when; the typed text stays, and so does what was typed into the service or
void dialog: it is offered again the next time that dialog opens for the document.

Over 400 lines: the list, the preview and the actions all work on the one document shown, its
version and the case version read with the list; the field editors are built by
:mod:`ui.document_fields` and the service dialog lives in :mod:`ui.service_dialog`.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.service_records import SERVICE_METHODS, add_service
from adjudicator.documents.templates import DERIVED_KINDS, DOCUMENT_KINDS, template
from adjudicator.errors import DomainError
from ui import changes, dialogs, printing
from ui.document_fields import FieldEditor, add_field_editors, field_values
from ui.geometry import scrolling
from ui.save_as import choose_output, write_bytes
from ui.service_dialog import ServiceDialog
from ui.widgets import OptionalDateEdit

PREVIEW_DELAY_MS = 400
AUTOSAVE_DELAY_MS = 30_000


class DocumentsTab(QWidget):
    """Per-case documents (文书): list, field editor, preview (QPdfView) and the actions on a document."""

    def __init__(self, db: Database, case_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.case_id = db, case_id
        self.current: D.DocumentView | None = None
        #: The case version read with the list: a new draft and a service record give it back.
        self.case_version: int | None = None
        self.missing_items: list[str] = []
        self.editors: dict[str, FieldEditor] = {}
        self._dates: dict[str, OptionalDateEdit] = {}
        self.pdf_bytes = b""
        self._saved_values: dict[str, str] = {}  # the draft's fields as last stored: unchanged text is not written
        self._buffer: QBuffer | None = None
        #: What was typed into a dialog whose write was refused, by (action, document): offered again.
        self.refused_input: dict[tuple[str, uuid.UUID], object] = {}
        self.kind_box = QComboBox()
        for kind, title in DOCUMENT_KINDS.items():
            self.kind_box.addItem(title, kind)
        new = QPushButton(self.tr("新建草稿"))
        new.clicked.connect(self.new_draft)
        self.list = QListWidget()
        self.list.currentItemChanged.connect(lambda *_: self._select())
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        # The pane beside the page is narrow and some labels are long (经审理查明（每行一项事实）):
        # each label sits above its field, so no field is cut off at the right.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.served = QLabel()  # the last service recorded, so the clerk sees it took
        self.served.setObjectName("servedNote")
        self.served.setWordWrap(True)
        self.served.setProperty("role", "ok")
        self.issue_button = QPushButton(self.tr("出具…"))
        self.print_button = QPushButton(self.tr("打印…"))
        self.save_button = QPushButton(self.tr("另存为 PDF…"))
        self.serve_button = QPushButton(self.tr("登记送达…"))
        self.correct_button = QPushButton(self.tr("更正…"))
        self.correct_button.setToolTip(self.tr("以此文书为底稿新建更正稿；更正稿出具后，原文书作废并在更正稿中注明"))
        self.void_button = QPushButton(self.tr("作废…"))
        self.discard_button = QPushButton(self.tr("删除草稿"))
        self.publish_button = QPushButton(self.tr("公开版…"))
        self.publish_button.setToolTip(self.tr("制作隐去自然人身份证号、住址、电话的公开版，存档并登记“公开裁决书”"))
        self.publish_button.clicked.connect(self.publish_current)
        self.draft_button = QPushButton(self.tr("在起草窗口中编辑…"))
        self.draft_button.setToolTip(self.tr("大幅面编辑各段内容（技术特征比对、条款库、标点规范），旁边即时预览"))
        self.draft_button.clicked.connect(self.open_drafting)
        self.drafting: QWidget | None = None
        self.correct_button.clicked.connect(self.correct_current)
        self.void_button.clicked.connect(self.void_current)
        self.discard_button.clicked.connect(self.discard_current)
        self.issue_button.clicked.connect(self.issue_current)
        self.print_button.clicked.connect(lambda: self.print_current())
        self.save_button.clicked.connect(self.save_current)
        self.serve_button.clicked.connect(self.serve_current)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self._layout(new)
        self.reload()
        changes.hub().caseChanged.connect(self._case_changed)

    def _layout(self, new: QPushButton) -> None:
        left = QWidget()
        col = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.kind_box, 1)
        top.addWidget(new)
        col.addLayout(top)
        col.addWidget(self.list, 1)
        fields_area = scrolling(self.form_host)
        fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        col.addWidget(fields_area, 2)  # a long draft scrolls; the window keeps its size
        col.addWidget(self.missing)
        col.addWidget(self.served)
        for row in ((self.issue_button, self.print_button, self.save_button, self.serve_button),
                    (self.draft_button, self.publish_button, self.correct_button, self.void_button,
                     self.discard_button)):
            buttons = QHBoxLayout()
            for b in row:
                buttons.addWidget(b)
            col.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        self.placeholder = QLabel(self.tr(
            "未选中文书。\n在左上方选择文书种类并点“新建草稿”，在左侧填写内容，这里显示文书预览。"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #667085;")
        self.preview = QStackedWidget()
        self.preview.addWidget(self.placeholder)
        self.preview.addWidget(self.view)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        split.setSizes([440, 900])  # room for the draft's fields beside the page
        QVBoxLayout(self).addWidget(split)

    # --- data ---------------------------------------------------------------------------------
    def reload(self, select: uuid.UUID | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.case_version, documents = D.read_documents(self.db, self.case_id)
        for doc in documents:
            parts = [doc.title, doc.number or "", doc.status_label]
            item = QListWidgetItem("　".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            self.list.addItem(item)
            if doc.id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._select()

    def _done(self, select: uuid.UUID | None = None, before: int | None = None, after: int | None = None) -> None:
        """A write succeeded: show it and tell the case's other views.

        ``before``, ``after``: the case version the write was checked against and the one it left; a
        view that saw ``before`` takes ``after``. None: a write checked against one document's own
        version, which leaves the case version as it was; the views only re-read.
        """
        self.reload(select=select)
        moved = before is not None and after is not None and after != before
        what = (changes.DOCUMENTS, changes.EVENTS, changes.STATUS) if moved else (changes.DOCUMENTS,)
        changes.report(self.case_id, before, after, *what, source=self)

    def _case_changed(self, change: changes.CaseChange) -> None:
        """This program changed the case elsewhere: follow its version only if it was checked against ours."""
        if change.case_id != self.case_id or change.source == id(self):
            return
        if change.before is not None and change.before == self.case_version and change.after is not None:
            self.case_version = change.after

    def new_draft(self) -> None:
        try:
            doc = D.create_draft(self.db, self.case_id, str(self.kind_box.currentData()),
                                 expected_version=self.case_version)
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return
        self._done(select=doc.id)

    def _select(self) -> None:
        self.autosave()  # what was typed into the document being left
        self.served.clear()
        item = self.list.currentItem()
        doc_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.current = D.find_document(self.db, str(doc_id)) if doc_id else None
        self._build_form()
        self.refresh_preview()

    def _build_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        self._dates = {}
        doc = self.current
        draft = doc is not None and doc.status == "draft"
        if doc is not None and doc.kind not in DERIVED_KINDS:
            try:
                specs = D.draft_fields(self.db, doc.id)
            except DomainError:  # the case was deleted while open: its editor shows it read-only
                specs = []
            self.editors, self._dates = add_field_editors(self.form, specs, doc.fields, draft, self._edited,
                                                          self.tr)
        self.issue_button.setEnabled(draft)
        issued = doc is not None and doc.status == "issued"
        self.serve_button.setEnabled(issued)
        self.correct_button.setEnabled(issued)
        self.void_button.setEnabled(issued)
        self.discard_button.setEnabled(draft)
        self.draft_button.setEnabled(draft)
        self.publish_button.setEnabled(issued and doc is not None and doc.kind == "decision")
        self.print_button.setEnabled(doc is not None)
        self.save_button.setEnabled(doc is not None)
        self._saved_values = self.field_values()

    def field_values(self) -> dict[str, str]:
        """What the draft's fields say now (see :func:`ui.document_fields.field_values`)."""
        return field_values(self.editors, self._dates)

    def _edited(self) -> None:
        """A field changed: preview soon; save within :data:`AUTOSAVE_DELAY_MS` even while typing goes on."""
        self.timer.start()
        if not self.autosave_timer.isActive():
            self.autosave_timer.start()

    def _save_fields(self) -> None:
        """Store the draft's fields if they differ from what is stored (one change, never one per refresh)."""
        self.autosave_timer.stop()
        if self.current is None or self.current.status != "draft":
            return
        values = self.field_values()
        if values == self._saved_values:
            return
        self.current = D.update_draft(self.db, self.current.id, values, expected_version=self.current.version)
        self._saved_values = values

    def autosave(self) -> None:
        """Save changed text now (the timer, leaving the document or the tab); a refusal is said, not raised."""
        try:
            self._save_fields()
        except DomainError as exc:
            dialogs.show_error(self, str(exc))

    def hideEvent(self, event: QHideEvent) -> None:
        # Another tab chosen or the case window closed: what was typed is kept.
        self.autosave()
        super().hideEvent(event)

    # --- preview ------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Show the PDF of what the fields say now (a watermarked draft, or the issued bytes); nothing is written."""
        self.timer.stop()
        if self.current is None:
            self.pdf.close()
            self.preview.setCurrentWidget(self.placeholder)
            self.missing.clear()
            return
        try:
            if self.current.status == "draft":
                self.pdf_bytes, missing = D.preview_fields(self.db, self.current.id, self.field_values())
            else:
                self.pdf_bytes, missing = D.render_preview(self.db, self.current.id), []
        except DomainError as exc:
            self.missing.setText(str(exc))
            return
        self.missing_items = missing
        self.missing.setText(self.tr("出具前还需填写：") + "、".join(missing) + "。" if missing else "")
        # 出具 is offered only once nothing is missing, so the clerk is never asked and then refused.
        ready = self.current.status == "draft" and not missing
        self.issue_button.setEnabled(ready)
        self.issue_button.setToolTip("" if ready or self.current.status != "draft" else self.missing.text())
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        self.preview.setCurrentWidget(self.view)

    def case_saved(self) -> None:
        """The case was saved in the editor: its parties, patent or panel may now fill what was missing."""
        self.autosave()  # against the version typed on: a colleague's draft is never overwritten
        if self.current is not None and self.field_values() != self._saved_values:
            return  # refused: the clerk's text and the version it was typed on stay
        try:
            self.reload(select=self.current.id if self.current is not None else None)
        except DomainError as exc:  # e.g. the case was deleted meanwhile: said where the preview notes go
            self.missing.setText(str(exc))

    # --- actions ------------------------------------------------------------------------------
    def issue_current(self) -> None:
        doc = self.current
        if doc is None:
            return
        self.refresh_preview()  # what is missing now, before asking anything
        if self.missing_items:
            dialogs.show_error(self, self.missing.text())
            return
        title = template(doc.kind).title
        question = self.tr("出具后《%1》将取得文号并存档，不能再修改。确定出具吗？").replace("%1", title)
        if not dialogs.confirm(self, self.tr("出具文书"), question, self.tr("出具")):
            return
        try:
            self._save_fields()
            seen = self.current.version if self.current is not None else doc.version
            before = self.case_version
            issued = issuing.issue(self.db, doc.id, expected_version=seen, case_version=before)
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return
        # Checked against the case version this tab saw, so the version it left may be handed on:
        # a decision's event moves the case, and the case window's unsaved input stays saveable.
        self._done(issued.id, before, issued.case_version)

    def publish_current(self) -> None:
        """Make and record the public version of the issued decision shown (today's date), then show it."""
        from adjudicator.documents.publication import publish_decision

        doc = self.current
        if doc is None or doc.kind != "decision":
            return
        question = self.tr("制作《%1》%2 的公开版（隐去自然人的身份证号、住址和电话），并登记今天公开？") \
            .replace("%1", doc.title).replace("%2", doc.number or "")
        if not dialogs.confirm(self, self.tr("公开裁决书"), question, self.tr("公开")):
            return
        before = self.case_version
        try:
            public = publish_decision(self.db, doc.id, expected_version=doc.version, case_version=before)
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return
        self._done(public.id, before, public.case_version)  # 公开裁决书 is an event: the case moved on

    def open_drafting(self) -> None:
        """Open the draft shown in the drafting window; the tab reloads it when that window closes."""
        from ui.drafting.window import DraftingWindow

        doc = self.current
        if doc is None or doc.status != "draft":
            return
        self._save_fields()
        window = DraftingWindow(self.db, doc.id, self)
        window.setWindowFlag(Qt.WindowType.Window)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: self.reload(select=doc.id))
        self.drafting = window
        window.show()

    def correct_current(self) -> None:
        """Start a correction (更正稿) of the issued document shown."""
        doc = self.current
        if doc is None:
            return
        try:
            draft = issuing.correct(self.db, doc.id, expected_version=doc.version)
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return
        self._done(select=draft.id)

    def void_current(self) -> None:
        """Void the issued document shown, with a reason; its number is never issued again."""
        doc = self.current
        if doc is None:
            return
        typed = str(self.refused_input.get(("void", doc.id), ""))
        reason, ok = QInputDialog.getText(
            self, self.tr("作废文书"),
            self.tr("作废《%1》%2 的理由（文号保留在记录中，不再使用）：").replace("%1", doc.title)
            .replace("%2", doc.number or ""), QLineEdit.EchoMode.Normal, typed)
        if not ok:
            return
        try:
            issuing.void(self.db, doc.id, reason, expected_version=doc.version)
        except DomainError as exc:
            self.refused_input[("void", doc.id)] = reason
            dialogs.show_error(self, str(exc))
            return
        self.refused_input.pop(("void", doc.id), None)
        self._done(select=doc.id)

    def discard_current(self) -> None:
        """Delete the draft shown (drafts carry no number, so nothing is lost from the sequence)."""
        doc = self.current
        if doc is None or not dialogs.confirm(self, self.tr("删除草稿"),
                                              self.tr("删除《%1》草稿？").replace("%1", doc.title), self.tr("删除")):
            return
        try:
            D.discard_draft(self.db, doc.id, expected_version=doc.version)
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.current = None  # gone: nothing of it is saved on the way out
        self._done()

    def save_current(self) -> None:
        if self.current is None:
            return
        name = f"{self.current.title}{self.current.number or '（草稿）'}.pdf"
        path = choose_output(self, self.db, self.tr("另存为 PDF"), name, "PDF (*.pdf)")
        if path is not None:
            write_bytes(self, self.db, path, self.pdf_bytes)

    def print_current(self, printer: QPrinter | None = None) -> None:
        """Print the shown document: its print preview first, or straight onto ``printer`` if given."""
        if self.current is None or not self.pdf_bytes:
            return
        if printer is None:
            self.print_preview = printing.preview_and_print(self.pdf_bytes, self.current.title, self)
            return
        printing.print_in_background(self.pdf_bytes, printer, self)

    def serve_current(self) -> None:
        """Record a service of the issued document shown (登记送达); a refused one's input is offered again."""
        doc = self.current
        if doc is None:
            return
        key = ("serve", doc.id)
        dialog = ServiceDialog(doc.kind, self)
        typed = self.refused_input.get(key)
        if isinstance(typed, dict):
            dialog.set_values(typed)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        before = self.case_version
        try:
            record, message = add_service(self.db, doc.id, **values, expected_version=before)
        except DomainError as exc:
            self.refused_input[key] = values
            dialogs.show_error(self, str(exc))
            return
        self.refused_input.pop(key, None)
        self._done(doc.id, before, record.case_version)  # a receipt records its event: the case moved on
        sent = values["sent_on"]
        words = " ".join(str(p) for p in (SERVICE_METHODS.get(str(values["method"]), ""), values["recipient"],
                                          sent.isoformat() if isinstance(sent, date) else "") if p)
        self.served.setText(self.tr("已登记送达：%1。").replace("%1", words) + (message or ""))

"""The drafting window (文书起草窗口): a document's long texts written in a window sized for writing.

Each field of the draft gets its own section — large text areas for the long ones (请求人称, each
respondent's defence, 经审理查明, 本局认为, 裁决事项), the feature comparison as a table — with the
live preview beside them (hidden and shown with 预览). The clause library inserts reusable
paragraphs at the cursor; 规范标点 makes the punctuation full-width with “” quotes. What is typed
is previewed without being saved, autosaved to a local file (not to the case's history) and
written to the database once, when the clerk saves or closes the window.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.documents import service as D
from adjudicator.documents.autosave import AutosaveStore
from adjudicator.documents.punctuation import normalize_punctuation
from adjudicator.documents.templates import FieldSpec
from adjudicator.errors import DomainError
from ui import dialogs

from .clauses import ClauseDialog
from .features import FeatureTable

PREVIEW_DELAY_MS = 600
AUTOSAVE_DELAY_MS = 3000

Editor = QPlainTextEdit | QLineEdit | QComboBox | FeatureTable


def default_autosave_dir() -> Path:
    """Where drafts are autosaved: the user's local application data, never the shared database."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base or Path.home() / ".adjudicator") / "autosave"


class DraftingWindow(QMainWindow):
    """One draft in a window of its own: sections to write in, the preview beside them."""

    def __init__(self, db: Database, doc_id: uuid.UUID, parent: QWidget | None = None,
                 autosave_dir: Path | None = None):
        super().__init__(parent)
        self.db, self.doc_id = db, doc_id
        self.doc = D.find_document(db, str(doc_id))
        self.store = AutosaveStore(autosave_dir or default_autosave_dir())
        self.editors: dict[str, Editor] = {}
        self.dirty = False
        self.pdf_bytes = b""
        self._buffer: QBuffer | None = None
        self.setWindowTitle(self.tr("起草：%1").replace("%1", self.doc.title))
        self.resize(1400, 900)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b42318;")
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self._build()
        self._offer_autosaved()
        self.refresh_preview()

    # --- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        sections = QWidget()
        form = QFormLayout(sections)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for spec in D.draft_fields(self.db, self.doc_id):
            editor = self._editor(spec)
            self.editors[spec.key] = editor
            hint = f"　{spec.hint}" if spec.hint and spec.kind in ("table", "choice") else ""
            label = QLabel(spec.label + ("＊" if spec.required else "") + hint)
            form.addRow(label, editor)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(sections)
        left = QWidget()
        col = QVBoxLayout(left)
        col.addWidget(scroll, 1)
        col.addWidget(self.missing)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(self.view)
        self.split.setSizes([760, 640])
        self.setCentralWidget(self.split)
        self._toolbar()

    def _editor(self, spec: FieldSpec) -> Editor:
        value = self.doc.fields.get(spec.key, "")
        editor: Editor
        if spec.kind == "table":
            editor = FeatureTable()
            editor.set_text(value)
            editor.changed.connect(self._edited)
        elif spec.kind == "choice":
            editor = QComboBox()
            for code, label in spec.choices:
                editor.addItem(self.tr(label), code)
            editor.setCurrentIndex(max(0, editor.findData(value)))
            editor.currentIndexChanged.connect(lambda *_: self._edited())
        elif spec.multiline:
            editor = QPlainTextEdit(value)
            editor.setMinimumHeight(200 if spec.required else 140)
            editor.setPlaceholderText(spec.hint)
            editor.textChanged.connect(self._edited)
        else:
            editor = QLineEdit(value)
            editor.setPlaceholderText(spec.hint or ("2026-03-02" if spec.kind == "date" else ""))
            editor.textEdited.connect(lambda *_: self._edited())
        return editor

    def _toolbar(self) -> None:
        bar = QToolBar(self.tr("起草"))
        self.addToolBar(bar)
        self.save_action = QAction(self.tr("保存"), self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.triggered.connect(self.save)
        self.clause_action = QAction(self.tr("插入条款…"), self, shortcut=QKeySequence("Ctrl+K"))
        self.clause_action.triggered.connect(self.insert_clause)
        self.punctuation_action = QAction(self.tr("规范标点"), self, shortcut=QKeySequence("Ctrl+Shift+P"))
        self.punctuation_action.setToolTip(self.tr("把各栏中的半角标点改为全角，引号改为“”"))
        self.punctuation_action.triggered.connect(self.normalize_all)
        self.preview_action = QAction(self.tr("预览"), self, checkable=True, checked=True,
                                      shortcut=QKeySequence("Ctrl+P"))
        self.preview_action.toggled.connect(self.view.setVisible)
        for action in (self.save_action, self.clause_action, self.punctuation_action, self.preview_action):
            bar.addAction(action)

    # --- values ---------------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        out = {}
        for key, editor in self.editors.items():
            if isinstance(editor, FeatureTable):
                out[key] = editor.text()
            elif isinstance(editor, QComboBox):
                out[key] = str(editor.currentData() or "")
            elif isinstance(editor, QPlainTextEdit):
                out[key] = editor.toPlainText()
            else:
                out[key] = editor.text()
        return out

    def set_values(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            editor = self.editors.get(key)
            if isinstance(editor, FeatureTable):
                editor.set_text(value)
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value)))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            elif isinstance(editor, QLineEdit):
                editor.setText(value)

    def _edited(self) -> None:
        self.dirty = True
        self.preview_timer.start()
        self.autosave_timer.start()

    # --- actions --------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Render what is typed (not saved) as the watermarked draft, and say what is still missing."""
        self.preview_timer.stop()
        try:
            self.pdf_bytes, missing = D.preview_fields(self.db, self.doc_id, self.values())
        except DomainError as exc:
            self.missing.setText(str(exc))
            return
        self.missing.setText(self.tr("出具前还需：") + "；".join(missing) + "。" if missing else "")
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)

    def autosave(self) -> None:
        """Keep what is typed in the local autosave file (the case's history is not touched)."""
        self.autosave_timer.stop()
        if self.dirty:
            self.store.save(self.doc_id, self.values())

    def save(self) -> bool:
        """Write the draft to the database (one change in the case's history) and drop the autosave."""
        try:
            self.doc = D.update_draft(self.db, self.doc_id, self.values(), expected_version=self.doc.version)
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return False
        self.store.clear(self.doc_id)
        self.dirty = False
        return True

    def _focused_text(self) -> QPlainTextEdit | None:
        widget = self.focusWidget()
        if isinstance(widget, QPlainTextEdit) and widget in self.editors.values():
            return widget
        return next((e for e in self.editors.values() if isinstance(e, QPlainTextEdit)), None)

    def insert_clause(self) -> None:
        """Insert a clause from the library at the cursor of the text area being written in."""
        target = self._focused_text()
        dialog = ClauseDialog(self.db, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or target is None:
            return
        clause = dialog.chosen()
        if clause is not None:
            target.insertPlainText(clause.text)
            target.setFocus()

    def normalize_all(self) -> None:
        """Full-width Chinese punctuation and “” quotes in every text area and line."""
        for editor in self.editors.values():
            if isinstance(editor, QPlainTextEdit):
                fixed = normalize_punctuation(editor.toPlainText())
                if fixed != editor.toPlainText():
                    editor.setPlainText(fixed)
            elif isinstance(editor, QLineEdit):
                editor.setText(normalize_punctuation(editor.text()))
            elif isinstance(editor, FeatureTable):
                editor.set_text(normalize_punctuation(editor.text()))
        self._edited()

    def _offer_autosaved(self) -> None:
        saved = self.store.load(self.doc_id)
        if not saved:
            return
        current = self.values()
        if all(current.get(k, "") == v for k, v in saved.items()):
            self.store.clear(self.doc_id)
            return
        if dialogs.confirm(self, self.tr("恢复自动保存的内容"),
                           self.tr("这份草稿有上次未保存的内容（自动保存）。要恢复吗？"), self.tr("恢复")):
            self.set_values(saved)
            self.dirty = True
        else:
            self.store.clear(self.doc_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty:
            choice = dialogs.ask_save_changes(self, self.doc.title)
            if choice is dialogs.SaveChoice.CANCEL or (choice is dialogs.SaveChoice.SAVE and not self.save()):
                event.ignore()
                return
            if choice is dialogs.SaveChoice.DISCARD:
                self.store.clear(self.doc_id)
        self.preview_timer.stop()
        self.autosave_timer.stop()
        event.accept()

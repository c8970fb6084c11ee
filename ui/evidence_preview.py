"""The files of one exhibit with their SHA-256 and a preview of the selected one (image or PDF)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from adjudicator.errors import DomainError
from adjudicator.evidence import filestore as F
from adjudicator.evidence import service as E
from adjudicator.database import Database
from ui.errors import show_exception


class PreviewPane(QWidget):
    """The files of an exhibit with their SHA-256, and a preview of the selected one."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._pixmap: QPixmap | None = None
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        self.files = QListWidget()
        self.files.setMaximumHeight(72)
        self.hash = QLabel()
        self.hash.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hash.setProperty("role", "hint")
        self.open_button = QPushButton(self.tr("用系统程序打开"))
        self.add_button = QPushButton(self.tr("添加文件…"))
        self.remove_button = QPushButton(self.tr("移除文件"))
        self.image = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.pdf_document = QPdfDocument(self)
        self.pdf = QPdfView(self)
        self.pdf.setDocument(self.pdf_document)
        self.pdf.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.message = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.message.setProperty("role", "hint")
        self.stack = QStackedWidget()
        for w in (self.message, self.image, self.pdf):
            self.stack.addWidget(w)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.files)
        layout.addWidget(self.hash)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)
        self.files.currentRowChanged.connect(self._show_current)
        self.open_button.clicked.connect(self.open_external)
        self.show_exhibit(None)

    def show_exhibit(self, view: E.ExhibitView | None) -> None:
        self.files.clear()
        for f in view.files if view else ():
            item = QListWidgetItem(f"{f.name}　{F.human_size(f.size)}")
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setToolTip(f"{f.media_type}\nSHA-256 {f.sha256}")
            self.files.addItem(item)
        self.add_button.setEnabled(view is not None)
        if self.files.count():
            self.files.setCurrentRow(0)
        else:
            self._show_current(-1)
            physical = view is not None and view.physical
            self.message.setText(self.tr("实物证据，无文件") if physical else
                                 self.tr("没有文件。把文件拖到证据列表上即可添加。"))

    def current_file(self) -> E.FileView | None:
        item = self.files.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, E.FileView) else None

    def _show_current(self, row: int) -> None:
        f = self.current_file()
        self.open_button.setEnabled(f is not None)
        self.remove_button.setEnabled(f is not None)
        self.hash.setText(f"SHA-256 {f.sha256}" if f else "")
        self._pixmap = None
        self.pdf_document.close()
        if f is None:
            self.stack.setCurrentWidget(self.message)
            return
        try:
            path = F.file_store(self._db).path_for(f.sha256)
        except DomainError as exc:  # a server database whose store directory is not set
            self.message.setText(str(exc))
            self.stack.setCurrentWidget(self.message)
            return
        if not path.is_file():
            self.message.setText(self.tr("文件“{name}”在证据文件库中缺失；请运行 adjudicator evidence verify 检查。")
                                 .format(name=f.name))
            self.stack.setCurrentWidget(self.message)
        elif f.media_type.startswith("image/") and not (pixmap := QPixmap(str(path))).isNull():
            self._pixmap = pixmap
            self._scale()
            self.stack.setCurrentWidget(self.image)
        elif f.media_type == "application/pdf" and self.pdf_document.load(str(path)) == QPdfDocument.Error.None_:
            self.stack.setCurrentWidget(self.pdf)
        else:
            self.message.setText(self.tr("“{name}”（{type}）不能在此预览，请用系统程序打开。")
                                 .format(name=f.name, type=f.media_type))
            self.stack.setCurrentWidget(self.message)

    def _scale(self) -> None:
        if self._pixmap is not None:
            size = self.stack.size()
            self.image.setPixmap(self._pixmap.scaled(size.width() - 8, size.height() - 8,
                                                     Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()

    def open_external(self) -> Path | None:
        """Open a copy of the file (under a cleaned name, never the stored one as a path) with the system's program."""
        f = self.current_file()
        if f is None:
            return None
        if self._temp is None:
            self._temp = tempfile.TemporaryDirectory(prefix="adjudicator-evidence-")
        try:
            copy = F.external_copy(F.file_store(self._db), f.sha256, f.name, Path(self._temp.name))
        except OSError as exc:
            show_exception(self, DomainError(self.tr("无法打开“{name}”：{err}").format(name=f.name, err=exc)))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        return copy

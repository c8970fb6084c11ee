"""The evidence tab of a case (证据): the exhibit list, drag and drop, a preview, cross-examination and finding.

Files dropped from the desktop onto the list become exhibits (one per file); dropped onto a row they
are attached to that exhibit. Copying runs in the background (:mod:`ui.worker`), with a progress
dialog when the files are large. Everything goes through :mod:`adjudicator.evidence.service`; no SQL here.
The case editor builds it as listed in :data:`ui.features.CASE_TABS`.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases import service as case_service
from adjudicator.evidence import service as E
from adjudicator.evidence import filestore as F
from adjudicator.documents.evidence_list import render_evidence_list
from adjudicator.errors import DomainError
from adjudicator.database import Database
from ui import dialogs
from ui.errors import show_exception
from ui.widgets import OptionalDateEdit
from ui.worker import run_in_background

Index = QModelIndex | QPersistentModelIndex
#: Above this many bytes a drop shows a cancellable progress dialog.
PROGRESS_THRESHOLD = 20 * 1024 * 1024
ExhibitIdRole = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()


def _form_text(v: E.ExhibitView) -> str:
    if v.physical:
        return "实物"
    return ("原件" if v.original else "复印件") + ("，经公证" if v.notarised else "")


def guess_kind(path: Path) -> str:
    """A first guess of the evidence kind from a file's type (the clerk corrects it)."""
    media = F.media_type(path.name)
    return "audiovisual" if media.startswith(("video/", "audio/")) else "documentary"


class ExhibitTableModel(QAbstractTableModel):
    """A case's exhibits (optionally one side's) as table rows; accepts files dropped as URLs."""

    #: Files were dropped: ``(paths, exhibit id or None)``; None means "one new exhibit per file".
    filesDropped = Signal(list, object)

    def __init__(self, db: Database, case_id: uuid.UUID, parent: QObject | None = None):
        super().__init__(parent)
        self._db, self._case_id = db, case_id
        self.side: str | None = None
        self._rows: list[E.ExhibitView] = []
        self._headers = [self.tr("编号"), self.tr("证据名称"), self.tr("种类"), self.tr("形式"), self.tr("文件"),
                         self.tr("质证意见"), self.tr("认定")]

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = E.list_exhibits(self._db, self._case_id, side=self.side)
        self.endResetModel()

    def exhibit(self, row: int) -> E.ExhibitView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, exhibit_id: uuid.UUID) -> int:
        return next((i for i, v in enumerate(self._rows) if v.id == exhibit_id), -1)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        v = self.exhibit(index.row())
        if v is None:
            return None
        if role == ExhibitIdRole:
            return v.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join([v.title, *(f"{f.name}（{F.human_size(f.size)}）" for f in v.files)])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        files = self.tr("实物") if v.physical else (str(len(v.files)) if v.files else "—")
        return (v.label, v.title, v.kind_label, _form_text(v), files, v.cross_exam.replace("\n", " "),
                v.finding_label if v.finding else "")[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction | Qt.DropAction.LinkAction

    @staticmethod
    def local_paths(data: QMimeData) -> list[Path]:
        return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()] if data.hasUrls() else []

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        return bool(self.local_paths(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        paths = self.local_paths(data)
        if not paths:
            return False
        target = self.exhibit(parent.row()) if parent.isValid() else None
        self.filesDropped.emit(paths, target.id if target else None)
        return True


class ExhibitForm(QWidget):
    """The description, cross-examination opinion (质证意见) and finding (认定) of one exhibit."""

    #: The user changed a field (the form is dirty).
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = True
        self.view: E.ExhibitView | None = None
        self.dirty = False
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.title = QLineEdit()
        self.side = QComboBox()
        for code, label in E.EXHIBIT_SIDES.items():
            self.side.addItem(label, code)
        self.submitted_by = QLineEdit()
        self.kind = QComboBox()
        for code, label in E.EXHIBIT_KINDS.items():
            self.kind.addItem(label, code)
        self.received_on = OptionalDateEdit()
        self.original, self.notarised = QCheckBox(self.tr("原件")), QCheckBox(self.tr("经公证"))
        self.physical = QCheckBox(self.tr("实物（无文件）"))
        self.purpose, self.cross_exam, self.finding_reason = QPlainTextEdit(), QPlainTextEdit(), QPlainTextEdit()
        for box in (self.purpose, self.cross_exam, self.finding_reason):
            box.setFixedHeight(54)
        self.finding = QComboBox()
        for code, label in E.EXHIBIT_FINDINGS.items():
            self.finding.addItem(label, code)
        self.save_button, self.revert_button = QPushButton(self.tr("保存")), QPushButton(self.tr("撤销修改"))
        self._lay_out()
        for w in (self.title, self.submitted_by):
            w.textEdited.connect(self._touch)
        for c in (self.side, self.kind, self.finding):
            c.activated.connect(self._touch)
        for b in (self.original, self.notarised, self.physical):
            b.clicked.connect(self._touch)
        for t in (self.purpose, self.cross_exam, self.finding_reason):
            t.textChanged.connect(self._touch)
        self.received_on.dateChanged.connect(self._touch)
        self.load(None)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        who = QHBoxLayout()
        who.addWidget(self.side)
        who.addWidget(self.submitted_by, 1)
        what = QHBoxLayout()
        for w in (self.kind, self.original, self.notarised, self.physical):
            what.addWidget(w)
        what.addStretch(1)
        form.addRow(self.tr("证据名称"), self.title)
        form.addRow(self.tr("提交方"), who)
        form.addRow(self.tr("种类与形式"), what)
        form.addRow(self.tr("收到日期"), self.received_on)
        form.addRow(self.tr("证明目的"), self.purpose)
        form.addRow(self.tr("质证意见"), self.cross_exam)
        form.addRow(self.tr("认定"), self.finding)
        form.addRow(self.tr("认定理由"), self.finding_reason)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addLayout(form)
        outer.addLayout(buttons)
        outer.addStretch(1)

    def _touch(self, *args: object) -> None:
        if self.view is not None and not self._loading:
            self.dirty = True
            self.save_button.setEnabled(True)
            self.revert_button.setEnabled(True)
            self.edited.emit()

    def load(self, view: E.ExhibitView | None) -> None:
        """Show an exhibit (None: an empty, disabled form)."""
        self._loading = True
        self.view = view
        v = view or E.ExhibitView(uuid.UUID(int=0), uuid.UUID(int=0), "requester", 0, 0, "", "documentary", "",
                                  None, "", False, False, False, "", "", "", 0, False)
        self.heading.setText(view.label if view else self.tr("请选择一件证据"))
        self.title.setText(v.title)
        self.side.setCurrentIndex(self.side.findData(v.side))
        self.submitted_by.setText(v.submitted_by)
        self.kind.setCurrentIndex(self.kind.findData(v.kind))
        self.received_on.set_value(v.received_on)
        self.original.setChecked(v.original)
        self.notarised.setChecked(v.notarised)
        self.physical.setChecked(v.physical)
        self.physical.setEnabled(not v.files)
        self.purpose.setPlainText(v.purpose)
        self.cross_exam.setPlainText(v.cross_exam)
        self.finding.setCurrentIndex(self.finding.findData(v.finding))
        self.finding_reason.setPlainText(v.finding_reason)
        self.setEnabled(view is not None)
        self.dirty = False
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)
        self._loading = False

    def value(self) -> E.ExhibitInput:
        """The form as the service's input (the number stays unless the side changes)."""
        assert self.view is not None
        side = str(self.side.currentData())
        return E.ExhibitInput(
            side=side, title=self.title.text(), kind=str(self.kind.currentData()),
            number=self.view.number if side == self.view.side else None,
            submitted_by=self.submitted_by.text(), received_on=self.received_on.value(),
            purpose=self.purpose.toPlainText(), original=self.original.isChecked(),
            notarised=self.notarised.isChecked(), physical=self.physical.isChecked(),
            cross_exam=self.cross_exam.toPlainText(), finding=str(self.finding.currentData()),
            finding_reason=self.finding_reason.toPlainText())


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
        """Open a copy of the file (under its own name) with the system's program for its type."""
        f = self.current_file()
        if f is None:
            return None
        if self._temp is None:
            self._temp = tempfile.TemporaryDirectory(prefix="adjudicator-evidence-")
        try:
            copy = F.file_store(self._db).copy_out(f.sha256, Path(self._temp.name) / f.sha256[:16] / f.name)
        except OSError as exc:
            show_exception(self, DomainError(self.tr("无法打开“{name}”：{err}").format(name=f.name, err=exc)))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))
        return copy


class EvidenceTab(QWidget):
    """The evidence tab of one saved case; ``EvidenceTab(db, case_id, parent)`` is the tab factory."""

    def __init__(self, db: Database, case_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.case_id = db, case_id
        self.model = ExhibitTableModel(db, case_id, self)
        self.table = QTableView()
        self.form = ExhibitForm()
        self.preview = PreviewPane(db)
        self.filter = QComboBox()
        self.filter.addItem(self.tr("全部证据"), None)
        for code, prefix in E.EXHIBIT_PREFIXES.items():
            self.filter.addItem(prefix, code)
        self.count = QLabel()
        self.count.setProperty("role", "hint")
        self._buttons: dict[str, QToolButton] = {}
        self._reloading = False
        self._lay_out()
        self._connect()
        self.reload()

    def _tool(self, key: str, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        self._buttons[key] = button
        return button

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for key, text, tip in (
                ("add", self.tr("添加文件…"), self.tr("选择文件，每个文件作为一件证据（也可把文件拖到列表上）")),
                ("physical", self.tr("登记实物…"), self.tr("登记一件不附文件的实物证据")),
                ("up", self.tr("上移"), self.tr("在本方证据中上移")), ("down", self.tr("下移"), self.tr("在本方证据中下移")),
                ("number", self.tr("改编号…"), self.tr("给这件证据另一个编号")),
                ("renumber", self.tr("按顺序重新编号"), self.tr("把本方证据按列表顺序编为 1、2、3…")),
                ("delete", self.tr("删除"), self.tr("删除这件证据（可在历史记录中查到）")),
                ("print", self.tr("打印证据清单…"), self.tr("生成证据清单 PDF"))):
            bar.addWidget(self._tool(key, text, tip))
        bar.addStretch(1)
        bar.addWidget(self.count)
        bar.addWidget(self.filter)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.table.setDragDropOverwriteMode(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((128, 250, 80, 96, 56, 200, 96)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(scroll)
        lower.addWidget(self.preview)
        lower.setSizes([460, 540])
        upper = QWidget()
        top = QVBoxLayout(upper)
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(bar)
        top.addWidget(self.table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setSizes([260, 480])
        QVBoxLayout(self).addWidget(split)

    def _connect(self) -> None:
        self.model.filesDropped.connect(self.add_files)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.filter.activated.connect(self._on_filter)
        self.form.save_button.clicked.connect(self.save)
        self.form.revert_button.clicked.connect(lambda: self.form.load(self.form.view))
        self.preview.add_button.clicked.connect(self._choose_files_for_current)
        self.preview.remove_button.clicked.connect(self._remove_file)
        b = self._buttons
        b["add"].clicked.connect(lambda: self._choose_files(None))
        b["physical"].clicked.connect(self._add_physical)
        b["up"].clicked.connect(lambda: self._act(E.move_exhibit, -1))
        b["down"].clicked.connect(lambda: self._act(E.move_exhibit, 1))
        b["number"].clicked.connect(self._change_number)
        b["renumber"].clicked.connect(self._renumber)
        b["delete"].clicked.connect(self._delete)
        b["print"].clicked.connect(self.print_list)

    # -- the list ---------------------------------------------------------------------------------

    def current(self) -> E.ExhibitView | None:
        return self.model.exhibit(self.table.currentIndex().row())

    def reload(self, select: uuid.UUID | None = None) -> None:
        """Read the exhibits again and select ``select`` (default: the current one)."""
        shown = self.current()
        keep = select or (shown.id if shown else None)
        self._reloading = True
        try:
            self.model.reload()
            row = self.model.row_of(keep) if keep else -1
            row = row if row >= 0 else (0 if self.model.rowCount() else -1)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.selectRow(row)
        finally:
            self._reloading = False
        self._show(self.model.exhibit(row))
        self.count.setText(self.tr("共 {n} 件").format(n=self.model.rowCount()))

    def case_saved(self) -> None:
        if self._leave_ok():
            self.reload()

    def _show(self, view: E.ExhibitView | None) -> None:
        self.form.load(view)
        self.preview.show_exhibit(view)
        for key in ("up", "down", "number", "renumber", "delete"):
            self._buttons[key].setEnabled(view is not None)

    def _leave_ok(self) -> bool:
        """True if the form may be left: nothing unsaved, or the user saved or discarded it."""
        if not self.form.dirty or self.form.view is None:
            return True
        choice = dialogs.ask_save_changes(self, self.form.view.label)
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        if choice is dialogs.SaveChoice.DISCARD:
            self.form.load(self.form.view)
            return True
        return False

    def _on_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._reloading:
            return
        target = self.model.exhibit(current.row())
        if not self._leave_ok():
            model = self.table.selectionModel()
            model.blockSignals(True)
            self.table.setCurrentIndex(previous)
            self.table.selectRow(previous.row())
            model.blockSignals(False)
            return
        if target is not None and self.model.row_of(target.id) != current.row():
            self.reload(target.id)  # saving re-read the list
        else:
            self._show(target)

    def _on_filter(self) -> None:
        if not self._leave_ok():
            self.filter.setCurrentIndex(self.filter.findData(self.model.side))
            return
        self.model.side = self.filter.currentData()
        self.reload()

    # -- actions ----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the form; False (and a message) if the service refused."""
        view = self.form.view
        if view is None:
            return True
        try:
            saved = E.update_exhibit(self.db, view.id, self.form.value(), expected_version=view.version)
        except Exception as exc:  # noqa: BLE001 - shown as a sentence
            show_exception(self, exc)
            return False
        self.form.dirty = False
        self.reload(saved.id)
        return True

    def add_files(self, paths: list[Path], exhibit_id: uuid.UUID | None = None) -> None:
        """Files from a drop or the file dialog: one new exhibit each, or all onto ``exhibit_id``."""
        if not self._leave_ok():
            return
        paths = [Path(p) for p in paths]
        total = sum(p.stat().st_size for p in paths if p.is_file())
        title = self.tr("正在复制证据文件…") if total > PROGRESS_THRESHOLD else None
        side = self.model.side or "requester"
        if exhibit_id is not None:
            run_in_background(E.attach_files, self.db, exhibit_id, paths, parent=self, progress_title=title,
                              on_success=lambda v: self.reload(v.id))
            return
        entries = [(E.ExhibitInput(side=side, title=p.stem, kind=guess_kind(p)), [p]) for p in paths]
        run_in_background(E.add_exhibits, self.db, self.case_id, entries, parent=self, progress_title=title,
                          on_success=lambda views: self.reload(views[0].id if views else None))

    def _choose_files(self, exhibit_id: uuid.UUID | None = None) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择证据文件"))
        if names:
            self.add_files([Path(n) for n in names], exhibit_id)

    def _choose_files_for_current(self) -> None:
        if (view := self.current()) is not None:
            self._choose_files(view.id)

    def _add_physical(self) -> None:
        title, ok = QInputDialog.getText(self, self.tr("登记实物证据"), self.tr("证据名称（如：被控侵权产品实物一件）"))
        if ok and title.strip():
            inp = E.ExhibitInput(side=self.model.side or "requester", title=title, kind="physical", physical=True,
                                 original=True)
            self._call(lambda: E.add_exhibit(self.db, self.case_id, inp))

    def _call(self, fn: Any) -> None:
        if not self._leave_ok():
            return
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - shown as a sentence
            show_exception(self, exc)
            return
        self.reload(result.id if isinstance(result, E.ExhibitView) else None)

    def _act(self, fn: Any, *args: Any) -> None:
        if (view := self.current()) is not None:
            self._call(lambda: fn(self.db, view.id, *args))

    def _change_number(self) -> None:
        if (view := self.current()) is None:
            return
        number, ok = QInputDialog.getInt(self, self.tr("修改证据编号"),
                                         self.tr("{prefix}编号").format(prefix=E.EXHIBIT_PREFIXES[view.side]),
                                         view.number, 1, 9999)
        if ok and number != view.number:
            self._act(E.set_number, number)

    def _renumber(self) -> None:
        view = self.current()
        side = view.side if view else self.model.side
        if side and dialogs.confirm(self, self.tr("重新编号"), self.tr("把{prefix}按列表顺序重新编为 1、2、3…？").format(
                prefix=E.EXHIBIT_PREFIXES[side]), self.tr("重新编号")):
            self._call(lambda: E.renumber_side(self.db, self.case_id, side))

    def _delete(self) -> None:
        view = self.current()
        if view and dialogs.confirm(self, self.tr("删除证据"), self.tr("删除{label}“{title}”？").format(
                label=view.label, title=view.title), self.tr("删除"), self.tr("文件仍保留在证据文件库中，删除记录可在历史记录中查到。")):
            self._call(lambda: E.remove_exhibit(self.db, view.id))

    def _remove_file(self) -> None:
        f = self.preview.current_file()
        if f and dialogs.confirm(self, self.tr("移除文件"), self.tr("从这件证据中移除“{name}”？").format(name=f.name),
                                 self.tr("移除")):
            self._call(lambda: E.remove_file(self.db, f.id))

    def print_list(self) -> None:
        """Save the evidence list (证据清单) as a PDF where the user chooses."""
        name = self.tr("证据清单-{case_no}.pdf").format(case_no=case_service.get_case(self.db, self.case_id).case_no)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存证据清单"), name, self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return

        def written(data: bytes) -> None:
            try:
                Path(path).write_bytes(data)
            except OSError as exc:
                show_exception(self, DomainError(self.tr("无法写入“{path}”：{err}").format(path=path, err=exc)))
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

        run_in_background(render_evidence_list, self.db, self.case_id, parent=self, on_success=written)


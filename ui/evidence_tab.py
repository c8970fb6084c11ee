"""The evidence tab of a case (证据): the exhibit list, drag and drop, a preview, cross-examination and finding.

Files dropped from the desktop onto the list become exhibits (one per file); dropped onto a row they
are attached to that exhibit. Copying runs in the background (:mod:`ui.worker`), with a progress
dialog when the files are large. Everything goes through :mod:`adjudicator.evidence.service`; no SQL here.
Every write carries the version the clerk saw: a change to one exhibit its own version, adding exhibits
and renumbering the case version read with the list (kept current through :mod:`ui.changes` when this
program's other windows change the case). A colleague's change in between is refused with a sentence
naming who and when, and the clerk's input stays in the form.
The case editor builds it as listed in :data:`ui.features.CASE_TABS`.
The parts live beside it: the table model (:mod:`ui.evidence_model`), the exhibit form
(:mod:`ui.evidence_form`) and the file preview (:mod:`ui.evidence_preview`).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.documents.evidence_list import render_evidence_list
from adjudicator.database import Database
from adjudicator.evidence import service as E
from ui import changes, dialogs
from ui.errors import show_exception
from ui.evidence_form import ExhibitForm
from ui.evidence_model import ExhibitTableModel, guess_kind
from ui.evidence_preview import PreviewPane
from ui.printing import preview_and_print
from ui.worker import run_in_background

#: Above this many bytes a drop shows a cancellable progress dialog.
PROGRESS_THRESHOLD = 20 * 1024 * 1024


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
        changes.hub().caseChanged.connect(self._case_changed)

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
                ("print", self.tr("打印证据清单…"), self.tr("预览并打印本案的证据清单"))):
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
        editing = QWidget()  # the fields scroll; 保存 and 撤销修改 stay in sight below them
        column = QVBoxLayout(editing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll, 1)
        column.addWidget(self.form.button_bar)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(editing)
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
        self._report()
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
            row = self.model.row_of(exhibit_id)
            target = self.model.exhibit(row)
            run_in_background(E.attach_files, self.db, exhibit_id, paths, parent=self, progress_title=title,
                              expected_version=target.version if target is not None else None,
                              on_success=lambda v: self._done(v.id))
            return
        entries = [(E.ExhibitInput(side=side, title=p.stem, kind=guess_kind(p)), [p]) for p in paths]
        run_in_background(E.add_exhibits, self.db, self.case_id, entries, parent=self, progress_title=title,
                          expected_version=self.model.case_version,
                          on_success=lambda views: self._done(views[0].id if views else None))

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
            seen = self.model.case_version
            self._call(lambda: E.add_exhibit(self.db, self.case_id, inp, expected_version=seen))

    def _call(self, fn: Any) -> None:
        if not self._leave_ok():
            return
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - shown as a sentence
            show_exception(self, exc)
            return
        self._done(result.id if isinstance(result, E.ExhibitView) else None)

    def _done(self, select: uuid.UUID | None) -> None:
        """A write succeeded: show it and tell the case's other views."""
        self.reload(select)
        self._report()

    def _report(self) -> None:
        # Exhibits leave the case's version alone: views re-read, no window takes a new version.
        changes.report(self.case_id, None, None, changes.EVIDENCE, source=self)

    def _case_changed(self, change: changes.CaseChange) -> None:
        """This program changed the case elsewhere: follow its version only if it was checked against ours."""
        if change.case_id != self.case_id or change.source == id(self):
            return
        if change.before is not None and change.before == self.model.case_version and change.after is not None:
            self.model.case_version = change.after

    def _act(self, fn: Any, *args: Any) -> None:
        """``fn(db, exhibit_id, *args)`` on the current exhibit, checked against the version shown."""
        if (view := self.current()) is not None:
            self._call(lambda: fn(self.db, view.id, *args, expected_version=view.version))

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
            seen = self.model.case_version
            self._call(lambda: E.renumber_side(self.db, self.case_id, side, expected_version=seen))

    def _delete(self) -> None:
        view = self.current()
        if view and dialogs.confirm(self, self.tr("删除证据"), self.tr("删除{label}“{title}”？").format(
                label=view.label, title=view.title), self.tr("删除"), self.tr("文件仍保留在证据文件库中，删除记录可在历史记录中查到。")):
            self._call(lambda: E.remove_exhibit(self.db, view.id, expected_version=view.version))

    def _remove_file(self) -> None:
        f, view = self.preview.current_file(), self.current()
        if f and view and dialogs.confirm(self, self.tr("移除文件"), self.tr("从这件证据中移除“{name}”？").format(name=f.name),
                                 self.tr("移除")):
            self._call(lambda: E.remove_file(self.db, f.id, expected_version=view.version))

    def print_list(self) -> None:
        """Build the evidence list (证据清单) in the background and open its print preview."""
        def show(data: bytes) -> None:
            self.print_preview = preview_and_print(data, self.tr("证据清单"), self)

        run_in_background(render_evidence_list, self.db, self.case_id, parent=self, on_success=show)


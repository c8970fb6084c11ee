"""导入移交清单: a referral spreadsheet in, previewed cell by cell, then imported as cases in one go.

The clerk picks a file (xlsx or CSV) and its source (维权援助平台 / 电商平台; a sheet layout imported
before brings back its source, unless the clerk picked one). Reading and checking run in the
background; the dialog then shows which column fills which case field (each a combo box the clerk
may change, remembered per sheet layout and source after a successful import), the rows with every
problem marked on its cell (red, with the sentence as tooltip and in the list below), and what
the import will do. 导入 creates the valid rows' cases in one transaction in the background
(cancellable: nothing is created); 取消 closes without creating anything.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.intake import mapping as M
from adjudicator.intake.referrals import cell_text
from adjudicator.intake.service import ImportResult, Preview, import_preview, preview_file, preview_sheet
from adjudicator.intake.sheet import column_letter
from adjudicator.database import Database
from ui import dialogs
from ui.errors import show_exception
from ui.worker import run_in_background

BAD = QColor("#fde2e1")
DUPLICATE = QColor("#eef0f3")
STATUS_LABELS = {"valid": "有效", "invalid": "有问题", "duplicate": "重复，跳过"}
#: Rows shown in the preview table at most (problems are all listed below it).
PREVIEW_ROWS = 5000


class PreviewModel(QAbstractTableModel):
    """The sheet's rows with a status column first; a cell with a problem is red with its sentence."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.preview: Preview | None = None
        self._problems: dict[tuple[int, int], str] = {}
        self._row_problems: dict[int, str] = {}
        self._outcomes: dict[int, Any] = {}

    def set_preview(self, preview: Preview | None) -> None:
        self.beginResetModel()
        self.preview = preview
        self._problems, self._row_problems, self._outcomes = {}, {}, {}
        if preview is not None:
            for outcome in preview.rows:
                self._outcomes[outcome.row] = outcome
                for p in outcome.problems:
                    if p.column is None:
                        self._row_problems[p.row] = "；".join(filter(None, [self._row_problems.get(p.row), p.message]))
                    else:
                        key = (p.row, p.column)
                        self._problems[key] = "；".join(filter(None, [self._problems.get(key), p.message]))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if self.preview is None or parent.isValid() else min(len(self.preview.sheet.rows), PREVIEW_ROWS)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if self.preview is None or parent.isValid() else len(self.preview.header) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.preview is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        if section == 0:
            return self.tr("行")
        if section == 1:
            return self.tr("结果")
        col = section - 2
        field = M.FIELD_BY_KEY.get(self.preview.mapping.get(col, ""))
        name = f"{column_letter(col)} {self.preview.header[col]}"
        return f"{name}\n→ {field.label}" if field else f"{name}\n（不导入）"

    def problem_at(self, row: int, column: int) -> str:
        """The problem shown on a cell of the table (row and column of the table), or ""."""
        if self.preview is None:
            return ""
        sheet_row = self.preview.sheet.rows[row]
        if column == 1:
            return self._row_problems.get(sheet_row.number, "")
        return self._problems.get((sheet_row.number, column - 2), "")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.preview is None or not index.isValid():
            return None
        sheet_row = self.preview.sheet.rows[index.row()]
        outcome = self._outcomes.get(sheet_row.number)
        status = outcome.status if outcome is not None else ""
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(sheet_row.number)
            if column == 1:
                text = STATUS_LABELS.get(status, "")
                if status == "valid" and outcome is not None and outcome.case_index is not None:
                    text += self.tr("（第 {n} 件）").format(n=outcome.case_index + 1)
                return text
            return cell_text(sheet_row.cells[column - 2])
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self.problem_at(index.row(), column)
            if problem:
                return problem
            if column == 1 and outcome is not None and outcome.note:
                return outcome.note
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.problem_at(index.row(), column):
                return QBrush(BAD)
            if status == "duplicate":
                return QBrush(DUPLICATE)
        return None


class ImportDialog(QDialog):
    """The referral import dialog (导入移交清单)."""

    #: Cases were created: ``(list of case ids)``.
    imported = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.setWindowTitle(self.tr("导入移交清单"))
        self.db = db
        self.preview: Preview | None = None
        self.result: ImportResult | None = None
        self.worker: Any = None
        self._building_mapping = False
        self._build()
        self.resize(1180, 780)
        self._update()

    # -- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = QLabel(self.tr("请选择维权援助平台或电商平台移交的投诉清单（.xlsx 或 .csv）。"))
        self.file_label.setObjectName("intakeFile")
        self.choose_button = QPushButton(self.tr("选择文件(&O)…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("intakeSource")
        for code, label in M.SOURCES.items():
            self.source_combo.addItem(label, code)
        self.source_combo.setCurrentIndex(self.source_combo.findData(M.DEFAULT_SOURCE))  # as the command line
        self.source_combo.currentIndexChanged.connect(self._source_changed)
        self._source_picked = False  # until the clerk picks one, a known layout brings its own source
        source_label = QLabel(self.tr("来源(&S)"))
        source_label.setBuddy(self.source_combo)
        top.addWidget(self.file_label, 1)
        top.addWidget(source_label)
        top.addWidget(self.source_combo)
        top.addWidget(self.choose_button)
        layout.addLayout(top)

        self.summary = QLabel()
        self.summary.setObjectName("intakeSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("intakeMapping")
        self.mapping_table.setHorizontalHeaderLabels([self.tr("列"), self.tr("表头"), self.tr("对应的案件字段")])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setObjectName("intakePreview")
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setDefaultSectionSize(130)
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("intakeProblems")
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.problem_list.itemClicked.connect(self._go_to_problem)
        for widget in (self.mapping_table, self.table, self.problem_list):
            splitter.addWidget(widget)
        splitter.setSizes([170, 420, 150])
        layout.addWidget(splitter, 1)

        buttons = QHBoxLayout()
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setObjectName("intakeImport")
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

    # -- reading and checking -----------------------------------------------------------------------

    @property
    def source(self) -> str:
        return str(self.source_combo.currentData())

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择移交清单"), "",
                                              self.tr("电子表格 (*.xlsx *.xlsm *.csv);;所有文件 (*)"))
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> None:
        """Read and check ``path`` in the background; the preview shows when done."""
        self.file_label.setText(str(path))
        self.preview = None
        self.model.set_preview(None)
        self._update()
        source = self.source if self._source_picked else None
        self.worker = run_in_background(preview_file, self.db, str(path), source=source, parent=self,
                                        on_success=self._show_preview, on_failure=self._read_failed,
                                        progress_title=self.tr("正在读取和检查移交清单…"))

    def _read_failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc))
        show_exception(self, exc)
        self._update()

    def _source_changed(self) -> None:
        self._source_picked = True
        if self.preview is not None:
            self._recheck(None)

    def _recheck(self, mapping: M.Mapping | None) -> None:
        """Check the sheet again with ``mapping`` (None: the one remembered for the source), in the background."""
        assert self.preview is not None
        self.import_button.setEnabled(False)
        self.worker = run_in_background(preview_sheet, self.db, self.preview.sheet, source=self.source,
                                        mapping=mapping, parent=self, on_success=self._show_preview,
                                        progress_title=self.tr("正在按新的列对应重新检查…"))

    def _show_preview(self, preview: Preview) -> None:
        self.preview = preview
        index = self.source_combo.findData(preview.source)
        if index >= 0 and index != self.source_combo.currentIndex():  # the source the layout was last imported as
            self.source_combo.blockSignals(True)
            self.source_combo.setCurrentIndex(index)
            self.source_combo.blockSignals(False)
        self.model.set_preview(preview)
        self._fill_mapping(preview)
        self._fill_problems(preview)
        self.table.resizeRowsToContents()
        self._update()

    def _fill_mapping(self, preview: Preview) -> None:
        self._building_mapping = True
        table = self.mapping_table
        table.setRowCount(len(preview.header))
        for col, heading in enumerate(preview.header):
            table.setItem(col, 0, QTableWidgetItem(column_letter(col)))
            table.setItem(col, 1, QTableWidgetItem(heading))
            combo = QComboBox()
            combo.addItem(self.tr("（不导入）"), "")
            for spec in M.FIELDS:
                combo.addItem(spec.label + (" *" if spec.required else ""), spec.key)
            combo.setCurrentIndex(max(combo.findData(preview.mapping.get(col, "")), 0))
            combo.currentIndexChanged.connect(lambda _i, c=col: self._mapping_changed(c))
            table.setCellWidget(col, 2, combo)
        table.resizeColumnToContents(0)
        table.setColumnWidth(2, 220)
        self._building_mapping = False

    def mapping_combo(self, column: int) -> QComboBox:
        widget = self.mapping_table.cellWidget(column, 2)
        assert isinstance(widget, QComboBox)
        return widget

    def _mapping_changed(self, column: int) -> None:
        if self._building_mapping or self.preview is None:
            return
        key = str(self.mapping_combo(column).currentData() or "")
        mapping = {c: k for c, k in self.preview.mapping.items() if c != column and (not key or k != key)}
        if key:
            mapping[column] = key
        self._recheck(mapping)

    def _fill_problems(self, preview: Preview) -> None:
        self.problem_list.clear()
        for outcome in preview.rows:
            for p in outcome.problems:
                item = QListWidgetItem(p.sentence(preview.header))
                item.setData(Qt.ItemDataRole.UserRole, (p.row, p.column))
                item.setForeground(QBrush(QColor("#b3261e")))
                self.problem_list.addItem(item)
            if outcome.note:
                item = QListWidgetItem(self.tr("第 {row} 行：{note}").format(row=outcome.row, note=outcome.note))
                item.setData(Qt.ItemDataRole.UserRole, (outcome.row, None))
                self.problem_list.addItem(item)
        for note in preview.notes:
            self.problem_list.addItem(QListWidgetItem(note))

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        place = item.data(Qt.ItemDataRole.UserRole)
        if not place or self.preview is None:
            return
        row_no, column = place
        rows = [r.number for r in self.preview.sheet.rows]
        if row_no in rows and rows.index(row_no) < self.model.rowCount():
            index = self.model.index(rows.index(row_no), 1 if column is None else column + 2)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _update(self) -> None:
        preview = self.preview
        if preview is None:
            self.import_button.setEnabled(False)
            self.import_button.setText(self.tr("导入"))
            if not self.summary.text():
                self.summary.setText(self.tr("尚未选择文件。"))
            return
        text = preview.summary()
        if preview.notes:
            text += "\n" + "\n".join(preview.notes)
        self.summary.setText(text)
        cases = len(preview.cases)
        ok = preview.refusal is None and cases > 0
        self.import_button.setEnabled(ok)
        invalid = preview.count("invalid") + preview.count("duplicate")
        label = self.tr("导入 {cases} 件案件（{rows} 条投诉）").format(cases=cases, rows=preview.count("valid"))
        if ok and invalid:
            label += self.tr("，跳过 {n} 行").format(n=invalid)
        self.import_button.setText(label if ok else self.tr("导入"))

    # -- importing -------------------------------------------------------------------------------------

    def start_import(self) -> None:
        """Create the planned cases in the background (cancellable; all or nothing)."""
        if self.preview is None or not self.preview.cases:
            return
        self.import_button.setEnabled(False)
        self.worker = run_in_background(import_preview, self.db, self.preview, skip_invalid=True, parent=self,
                                        on_success=self._imported, on_failure=self._import_failed,
                                        on_cancelled=self._import_cancelled,
                                        progress_title=self.tr("正在登记案件…"))

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        ids: list[uuid.UUID] = [case_id for _, case_id in result.cases]
        self.imported.emit(ids)
        self.accept()

    def _import_failed(self, exc: BaseException) -> None:
        show_exception(self, exc)
        self.worker = None
        self._update()

    def _import_cancelled(self) -> None:
        dialogs.show_error(self, self.tr("已取消导入，未登记任何案件。"), title=self.tr("导入已取消"))
        self.worker = None
        self._update()


def open_import_dialog(db: Database, parent: QWidget | None = None) -> ImportDialog:
    """Show the import dialog (modal to ``parent``) and return it."""
    dialog = ImportDialog(db, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

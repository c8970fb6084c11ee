"""Pieces the station menu and the supervisor page share: file choosers, the import summary window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.sync.importer import ImportRun
from ui.save_as import choose_output

PACKAGE_FILTER = "数据包 (*.zip)"
KEY_FILTER = "公钥文件 (*.pubkey.json *.json)"


def choose_save(parent: QWidget, db: Database, title: str, suggested: str, file_filter: str) -> Path | None:
    """Where to save an export: checked by the output guard (never the database, a backup or evidence)."""
    return choose_output(parent, db, title, str(Path.home() / suggested), file_filter)


def choose_open(parent: QWidget, title: str, file_filter: str, many: bool = False) -> list[Path]:
    if many:
        names, _ = QFileDialog.getOpenFileNames(parent, title, str(Path.home()), file_filter)
        return [Path(n) for n in names]
    name, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), file_filter)
    return [Path(name)] if name else []


def fill_table(table: QTableWidget, headers: list[str], rows: list[list[str]],
               tips: list[str] | None = None) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if tips:
                item.setToolTip(tips[r])
            table.setItem(r, c, item)


def read_only_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


STATUS_LABELS = {"imported": "已导入", "repeat": "已导入过（无改动）", "refused": "拒绝"}


class ImportSummaryDialog(QDialog):
    """What an import did, package by package: new, updated, unchanged, conflicts, or why refused."""

    def __init__(self, run: ImportRun, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importSummary")
        self.setWindowTitle(self.tr("导入结果"))
        refused = sum(1 for o in run.outcomes if not o.ok)
        head = QLabel(self.tr("共 {n} 个数据包；拒绝 {bad} 个。").format(n=len(run.outcomes), bad=refused)
                      if refused else self.tr("共 {n} 个数据包，全部处理完毕。").format(n=len(run.outcomes)))
        head.setProperty("role", "title")
        self.table = read_only_table("importSummaryTable")
        rows, tips = [], []
        for o in run.outcomes:
            totals = o.summary.get("totals", {})
            rows.append([o.file, o.station, str(o.sequence or ""), self.tr(STATUS_LABELS[o.status]),
                         *(f"{totals[k]:,}" if k in totals else "" for k in ("new", "updated", "unchanged",
                                                                             "conflicts")),
                         o.message])
            tips.append(o.message)
        fill_table(self.table, [self.tr("文件"), self.tr("裁决所"), self.tr("序号"), self.tr("结果"),
                                self.tr("新增"), self.tr("更新"), self.tr("未变"), self.tr("冲突"),
                                self.tr("说明")], rows, tips)
        for r, o in enumerate(run.outcomes):
            if not o.ok:
                for c in range(self.table.columnCount()):
                    self.table.item(r, c).setForeground(Qt.GlobalColor.darkRed)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table)
        if run.backup:
            backup = QLabel(self.tr("导入前已自动备份数据库：{path}").format(path=run.backup))
            backup.setWordWrap(True)
            backup.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(backup)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(1000, 320)

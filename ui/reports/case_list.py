"""The cases behind a figure (指标对应的案件): a list opened from the dashboard; double-click opens a case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.reports.statistics import CaseLine
from adjudicator.reports.workbook import OUTCOME_LABELS
from ui.geometry import remember

CaseIdRole = Qt.ItemDataRole.UserRole + 1


class CaseListDialog(QDialog):
    """A read-only list of cases; :attr:`openRequested` carries the id of a double-clicked case."""

    openRequested = Signal(object)
    """The case id (uuid.UUID) the user asked to open."""

    COLUMNS = ("案号", "裁决所", "案件类型", "状态", "收到请求", "立案", "结案", "结案方式", "结案期限", "审理天数", "当事人")

    def __init__(self, title: str, lines: Sequence[CaseLine], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lines = list(lines)
        layout = QVBoxLayout(self)
        count = QLabel(self.tr("共 {n} 件；双击一行打开案件。").format(n=len(self.lines)) if self.lines
                       else self.tr("没有符合条件的案件。"))
        count.setObjectName("caseCount")
        layout.addWidget(count)
        self.table = QTableWidget(len(self.lines), len(self.COLUMNS))
        self.table.setObjectName("reportCases")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for row, line in enumerate(self.lines):
            values = (line.case_no, line.station, line.kind_label, line.status_label, line.received, line.filed or "",
                      line.closed or "", OUTCOME_LABELS.get(line.outcome or "", ""), line.limit_due or "",
                      "" if line.net_days is None else str(line.net_days), line.parties)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(CaseIdRole, line.case_id)
                if column == 9:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(self._open)  # double-click or Enter
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        remember(self, "reportCaseList", 1100, 520)  # never beyond a 1024×700 screen

    def case_numbers(self) -> list[str]:
        return [line.case_no for line in self.lines]

    def _open(self, item: QTableWidgetItem) -> None:
        case_id = item.data(CaseIdRole)
        if isinstance(case_id, uuid.UUID):
            self.openRequested.emit(case_id)

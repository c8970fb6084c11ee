"""The technical feature comparison table (技术特征比对表) of the drafting window.

One row per feature of a claim relied on: the claim, the claim's feature, the accused product's
feature, the finding (相同 / 等同 / 不相同) and the reason. It reads and writes the draft's
``features`` field in the stored form of :mod:`adjudicator.documents.templates.comparison`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.documents.templates.comparison import FINDINGS, Comparison, Feature, parse_features
from adjudicator.errors import DomainError

_COLUMNS = ("权利要求", "涉案专利技术特征", "被诉侵权产品技术特征", "比对结论", "理由")


class FeatureTable(QWidget):
    """Rows of claim features against the accused product's, with the conclusion they lead to."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in _COLUMNS])
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(180)
        self.table.itemChanged.connect(lambda *_: self._changed())
        self.add_button = QPushButton(self.tr("添加特征"))
        self.remove_button = QPushButton(self.tr("删除所选特征"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_selected)
        self.conclusion = QLabel()
        self.conclusion.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.table)
        col.addLayout(buttons)
        col.addWidget(self.conclusion)

    def add_row(self, feature: Feature | None = None) -> None:
        row = self.table.rowCount()
        claim = feature.claim.removeprefix("权利要求") if feature else self._last_claim()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        values = (claim, feature.feature if feature else "", feature.accused if feature else "")
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setItem(row, 4, QTableWidgetItem(feature.reason if feature else ""))
        box = QComboBox()
        for finding in FINDINGS:
            box.addItem(self.tr(finding), finding)
        if feature:
            box.setCurrentIndex(FINDINGS.index(feature.finding))
        box.currentIndexChanged.connect(lambda *_: self._changed())
        self.table.setCellWidget(row, 3, box)
        self.table.blockSignals(False)
        self._changed()

    def _last_claim(self) -> str:
        last = self.table.rowCount() - 1
        item = self.table.item(last, 0) if last >= 0 else None
        return item.text() if item else "1"

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
        self._changed()

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item else ""

    def text(self) -> str:
        """The rows in the stored form (incomplete rows are kept so nothing typed is lost)."""
        lines = []
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, 3)
            finding = str(box.currentData()) if isinstance(box, QComboBox) else "相同"
            cells = [self._cell(row, 0), self._cell(row, 1), self._cell(row, 2), finding, self._cell(row, 4)]
            if any(cells[:3]) or cells[4]:
                lines.append("|".join(c.replace("|", "／") for c in cells))
        return "\n".join(lines)

    def set_text(self, text: str) -> None:
        self.table.setRowCount(0)
        try:
            rows = parse_features(text)
        except DomainError:
            rows = []
        for feature in rows:
            self.add_row(feature)
        self._changed()

    def _changed(self) -> None:
        try:
            rows = parse_features(self.text())
            self.conclusion.setText(Comparison(rows).conclusion() if rows else self.tr("尚未填写比对。"))
        except DomainError as exc:
            self.conclusion.setText(str(exc))
        self.changed.emit()


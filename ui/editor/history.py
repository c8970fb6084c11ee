"""历史记录: the case's audit trail as a readable list — when, who, what, and each changed field.

One save writes several audit lines (the case, each party, the patent ...); they are shown as
one entry, newest first, with the records it touched and their changed fields beneath.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from adjudicator.database import Database
from adjudicator.history.trail import HistoryLine, case_history

_ACTION_COLOURS = {"create": "#2e7d32", "update": "#1f5fbf", "delete": "#c62828", "restore": "#8a5a9e",
                   "issue": "#2e7d32", "void": "#c62828"}
#: The records one save of the case form touches (the case, its parties, patent and e-commerce details).
_FORM_RECORDS = ("案件“", "当事人“", "涉案专利“", "电商信息“")
#: Audit lines this close together, by the same person, came from one save.
_SAME_SAVE = timedelta(seconds=2)


def group_saves(lines: list[HistoryLine]) -> list[list[HistoryLine]]:
    """The lines (oldest first) grouped by save, newest save first.

    The audit trail has no save number, so a save is recognised as lines by one person within
    moments of each other, each about a different record (one save touches a record once).
    """
    groups: list[list[HistoryLine]] = []
    for line in lines:
        group = groups[-1] if groups else []
        same_save = bool(group) and _from_form(line) and _from_form(group[-1]) and group[-1].actor == line.actor \
            and line.at - group[-1].at <= _SAME_SAVE and all(g.record != line.record for g in group)
        if same_save:
            group.append(line)
        else:
            groups.append([line])
    return list(reversed(groups))


def _from_form(line: HistoryLine) -> bool:
    """A line the case form's save (or a delete or restore of the case) writes; other acts stand alone."""
    return not line.headline and line.record.startswith(_FORM_RECORDS)


def _headline(group: list[HistoryLine]) -> HistoryLine:
    """The line naming the save: the case's own line if the save touched the case."""
    return next((line for line in group if line.record.startswith("案件“")), group[0])


class HistorySection(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._case_id: uuid.UUID | None = None
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyTree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("时间"), self.tr("操作人"), self.tr("内容")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree)

    def showEvent(self, event: QShowEvent) -> None:
        """Read the history again each time the tab is shown: events, documents and evidence change it too."""
        super().showEvent(event)
        if self._case_id is not None:
            self.load(self._case_id)

    def load(self, case_id: uuid.UUID | None) -> None:
        self._case_id = case_id
        self.tree.clear()
        if case_id is None:
            self.hint.setText(self.tr("案件保存后，这里将列出它的每一次修改。"))
            return
        groups = group_saves(case_history(self._db, case_id))
        self.hint.setText(self.tr("共 {n} 次操作，最新的在前。每一次新建、修改、删除和恢复都记录在此，不能更改。")
                          .format(n=len(groups)))
        for group in groups:
            self.tree.addTopLevelItem(self._group_item(group))
        self.tree.expandAll()

    def _group_item(self, group: list[HistoryLine]) -> QTreeWidgetItem:
        head = _headline(group)
        when = head.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        summary = head.summary if len(group) == 1 else self.tr("{summary}（共 {n} 项）").format(
            summary=head.summary, n=len(group))
        item = QTreeWidgetItem([when, head.actor, summary])
        _paint(item, head.action, bold=True)
        for line in group:
            if len(group) == 1:  # one change: its details right under it, not the same words twice
                record = item
            else:
                record = QTreeWidgetItem(["", "", line.summary])
                record.setData(0, _RECORD, True)
                _paint(record, line.action, bold=False)
                item.addChild(record)
            for detail in line.details:
                child = QTreeWidgetItem(["", "", detail])
                child.setToolTip(2, detail)
                record.addChild(child)
        return item

    def lines(self) -> list[str]:
        """The saves shown, newest first (for tests and accessibility tools)."""
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item.text(2) for item in items if item is not None]

    def details(self, index: int) -> list[str]:
        """Every changed field listed under the ``index``-th save."""
        item = self.tree.topLevelItem(index)
        if item is None:
            return []
        found: list[str] = []
        for i in range(item.childCount()):
            child = item.child(i)
            if child.data(0, _RECORD):
                found += [child.child(j).text(2) for j in range(child.childCount())]
            else:
                found.append(child.text(2))
        return found


_RECORD = Qt.ItemDataRole.UserRole + 1  # marks one change's row inside a save of several


def _paint(item: QTreeWidgetItem, action: str, bold: bool) -> None:
    colour = _ACTION_COLOURS.get(action)
    if colour:
        item.setForeground(2, QBrush(QColor(colour)))
    font = item.font(2)
    font.setBold(bold)
    item.setFont(2, font)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)

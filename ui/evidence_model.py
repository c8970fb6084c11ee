"""The exhibit list of a case as a table model (证据列表), which also takes files dropped on it."""

from __future__ import annotations

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
    Signal,
)

from adjudicator.evidence import filestore as F
from adjudicator.evidence import service as E
from adjudicator.database import Database

Index = QModelIndex | QPersistentModelIndex
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
        #: The case version read with the rows: adding exhibits and renumbering give it back.
        self.case_version: int | None = None
        self._headers = [self.tr("编号"), self.tr("证据名称"), self.tr("种类"), self.tr("形式"), self.tr("文件"),
                         self.tr("质证意见"), self.tr("认定")]

    def reload(self) -> None:
        self.beginResetModel()
        self.case_version, self._rows = E.read_exhibits(self._db, self._case_id, side=self.side)
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

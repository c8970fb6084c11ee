"""文书设置: the issuing authority and the court each station's documents print, and the platform registry.

The authority name (文书署名机关) heads every document and signs it; the court (受理行政诉讼的人民法院)
is named in the remedy sentence of decisions; the platform registry (电商平台名录) gives the legal name
of the operator the office notifies in e-commerce cases. All three are edited here in tables. 确定
checks every row first and writes only what changed; a problem is said under the tables, naming the
row, and nothing is written; 取消 leaves everything as it was.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.documents.platforms import (
    added_platforms,
    check_platform,
    platforms,
    set_platform_additions,
    shipped_operator,
)
from adjudicator.errors import DomainError
from adjudicator.stations.registry import (
    StationInfo,
    check_document_authority,
    registry,
    set_document_authority,
)
from ui.widgets import ok_cancel_buttons

_READ_ONLY = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


def _cell(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(_READ_ONLY)
    return item


class DocumentSettingsDialog(QDialog):
    """Two tables: authority and court per station, then the platforms and their operators."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("文书设置"))
        self.stations = self._editable_stations()
        self.authority = QTableWidget(len(self.stations), 3)
        self.authority.setHorizontalHeaderLabels([self.tr("裁决所"), self.tr("文书署名机关"),
                                                  self.tr("受理行政诉讼的人民法院")])
        for row, info in enumerate(self.stations):
            self.authority.setItem(row, 0, _cell(info.name, editable=False))
            self.authority.setItem(row, 1, _cell(info.office_name))
            self.authority.setItem(row, 2, _cell(info.court))
        self.platforms = QTableWidget(0, 3)
        self.platforms.setHorizontalHeaderLabels([self.tr("电商平台"), self.tr("经营者法定名称"), self.tr("来源")])
        for entry in platforms(db):
            self._add_platform_row(entry.platform, entry.operator)
        for table in (self.authority, self.platforms):
            table.verticalHeader().setVisible(False)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("添加平台"))
        self.add_button.clicked.connect(self.add_platform)
        self.remove_button = QPushButton(self.tr("删除所选平台"))
        self.remove_button.setToolTip(self.tr("随程序提供的平台不能删除，只能更正其经营者名称"))
        self.remove_button.clicked.connect(self.remove_platform)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = ok_cancel_buttons(self, self.tr("确定"), self.tr("取消"))
        self._layout()
        self.resize(760, 560)

    def _editable_stations(self) -> list[StationInfo]:
        """A station changes its own row; the supervisor's database holds every station's."""
        stations = registry(self.db)
        if self.db.role == "supervisor":
            return stations
        own = self.db.station_code
        return [s for s in stations if s.code == own]

    def _layout(self) -> None:
        column = QVBoxLayout(self)
        first = QGroupBox(self.tr("文书署名与受理行政诉讼的人民法院"))
        inner = QVBoxLayout(first)
        hint = QLabel(self.tr("专利行政案件的第一审由有专利案件管辖权的中级人民法院管辖（本市：呼和浩特市中级人民法院），"
                              "不填基层人民法院。"))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        inner.addWidget(self.authority)
        inner.addWidget(hint)
        second = QGroupBox(self.tr("电商平台名录（通知平台经营者、抄送时使用其法定名称）"))
        inner = QVBoxLayout(second)
        inner.addWidget(self.platforms)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        inner.addLayout(row)
        rows = sum(self.authority.rowHeight(r) for r in range(min(self.authority.rowCount(), 9)))
        self.authority.setMaximumHeight(  # as tall as its rows: a station has one, the supervisor nine
            self.authority.horizontalHeader().sizeHint().height() + rows + 2 * self.authority.frameWidth() + 2)
        column.addWidget(first)
        column.addWidget(second, 1)
        column.addWidget(self.error)
        column.addWidget(self.buttons)

    # -- platforms -----------------------------------------------------------------------------------------

    def _add_platform_row(self, name: str, operator: str) -> int:
        row = self.platforms.rowCount()
        self.platforms.insertRow(row)
        shipped = shipped_operator(name) if name else ""
        source = "" if not name else self.tr("随程序提供") if shipped == operator else \
            self.tr("本所更正") if shipped else self.tr("本所添加")
        item = _cell(name, editable=not shipped)  # a shipped platform keeps its name
        item.setData(Qt.ItemDataRole.UserRole, bool(shipped))
        self.platforms.setItem(row, 0, item)
        self.platforms.setItem(row, 1, _cell(operator))
        self.platforms.setItem(row, 2, _cell(source, editable=False))
        return row

    def add_platform(self) -> None:
        """A new empty row, its name cell open for typing."""
        row = self._add_platform_row("", "")
        self.platforms.setCurrentCell(row, 0)
        item = self.platforms.item(row, 0)
        if item is not None:
            self.platforms.editItem(item)

    def remove_platform(self) -> None:
        row = self.platforms.currentRow()
        item = self.platforms.item(row, 0) if row >= 0 else None
        if item is None:
            return
        if item.data(Qt.ItemDataRole.UserRole):
            self._say(self.tr("“%1”随程序提供，不能删除；如其经营者名称有误，请直接更正。").replace("%1", item.text()))
            return
        self.platforms.removeRow(row)

    def _text(self, table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def platform_additions(self) -> dict[str, str]:
        """What the table asks of the registry beyond the shipped list; DomainError naming the row otherwise."""
        out: dict[str, str] = {}
        seen: set[str] = set()
        for row in range(self.platforms.rowCount()):
            name, operator = self._text(self.platforms, row, 0), self._text(self.platforms, row, 1)
            where = self.tr("电商平台名录第 %1 行").replace("%1", str(row + 1))
            try:
                check_platform(name, operator)
            except DomainError as exc:
                raise DomainError(f"{where}：{exc}") from None
            if not operator:
                raise DomainError(f"{where}：请填写“{name}”经营者的法定名称，如：浙江天猫网络有限公司。")
            if name.lower() in seen:
                raise DomainError(f"{where}：平台“{name}”已在名录中，请删去重复的一行。")
            seen.add(name.lower())
            if shipped_operator(name) != operator:
                out[name] = operator
        return out

    # -- saving --------------------------------------------------------------------------------------------

    def authority_changes(self) -> list[tuple[StationInfo, str, str]]:
        """The stations whose authority or court was changed, with the new values; DomainError naming the row."""
        out = []
        for row, info in enumerate(self.stations):
            name, court = self._text(self.authority, row, 1), self._text(self.authority, row, 2)
            if (name, court) == (info.office_name, info.court):
                continue
            try:
                check_document_authority(name, court)
            except DomainError as exc:
                raise DomainError(f"{info.name}：{exc}") from None
            out.append((info, name, court))
        return out

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        """Check every row, then write what changed; on a problem say it and write nothing."""
        try:
            changes = self.authority_changes()
            additions = self.platform_additions()
        except DomainError as exc:
            self._say(str(exc))
            return
        try:
            for info, name, court in changes:
                set_document_authority(self.db, office_name=name, court=court, code=info.code)
            if additions != added_platforms(self.db):
                set_platform_additions(self.db, additions)
        except DomainError as exc:
            self._say(str(exc))
            return
        super().accept()

"""First run (首次使用): pick this database's station from the registry and give the user's name.

Asked only while a database has no accounts: once it has, the sign-in says who is working.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.errors import DomainError
from adjudicator.stations.registry import StationInfo, init_station, registry
from adjudicator.database import Database
from ui import dialogs, icons, settings


class FirstRunDialog(QDialog):
    """Choose the station (only while the database has none) and enter your name."""

    def __init__(self, stations: list[StationInfo], *, choose_station: bool, name: str = "",
                 station_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("首次使用"))  # Qt appends the application name
        self.setWindowIcon(icons.app_icon())
        self.setObjectName("firstRunDialog")
        self._choose_station = choose_station

        heading = QLabel(self.tr("欢迎使用专利纠纷行政裁决办案系统"))
        heading.setProperty("role", "title")
        if choose_station:
            intro = self.tr("请选择本数据库所属的知识产权行政裁决所，并填写您的姓名。"
                            "裁决所选定后，案号和文书编号都将使用它的文号前缀，之后不能更改。")
        else:
            intro = self.tr("本数据库属于{station}。请填写您的姓名，它将记录在您所做的每一项修改中。").format(
                station=station_name)
        text = QLabel(intro)
        text.setWordWrap(True)

        self.table = QTableWidget(len(stations), 3)
        self.table.setObjectName("stationTable")
        self.table.setHorizontalHeaderLabels([self.tr("代码"), self.tr("裁决所"), self.tr("文号前缀")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        for row, info in enumerate(stations):
            for column, value in enumerate((info.code, info.name, info.doc_prefix)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, info.code)
                item.setToolTip(f"{info.office_name}\n{info.address}")
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVisible(choose_station)
        self.table.setMinimumHeight(300 if choose_station else 0)

        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("userNameEdit")
        self.name_edit.setPlaceholderText(self.tr("如：李明"))
        self.name_edit.setMaxLength(50)
        form = QFormLayout()
        station_label = QLabel(self.tr("裁决所(&S) *"))
        station_label.setBuddy(self.table)
        self.chosen = QLabel(self.tr("在上表中选择"))
        self.chosen.setObjectName("chosenStation")
        self._stations = {info.code: info for info in stations}
        if choose_station:
            form.addRow(station_label, self.chosen)
        form.addRow(self.tr("您的姓名(&N) *"), self.name_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert ok is not None and cancel is not None
        ok.setText(self.tr("开始使用(&O)"))
        ok.setProperty("primary", True)
        cancel.setText(self.tr("退出(&Q)"))
        for button in (ok, cancel):
            button.setIcon(QIcon())
            button.setMinimumWidth(96)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.table.itemSelectionChanged.connect(self._update)
        self.name_edit.textChanged.connect(self._update)
        self.resize(680, 520 if choose_station else 220)
        (self.table if choose_station else self.name_edit).setFocus()
        self._update()

    def station_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_station(self, code: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == code:
                self.table.selectRow(row)

    def user_name(self) -> str:
        return self.name_edit.text().strip()

    def _update(self) -> None:
        code = self.station_code()
        info = self._stations.get(code) if code else None
        self.chosen.setText(self.tr("%1（文号前缀 %2）").replace("%1", info.name).replace("%2", info.doc_prefix)
                            if info is not None else self.tr("在上表中选择"))
        ok = bool(self.user_name()) and (not self._choose_station or code is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        """The station cannot be changed later, so it is confirmed by name first."""
        code = self.station_code()
        info = self._stations.get(code) if code else None
        if self._choose_station and info is not None and not dialogs.confirm(
                self, self.tr("确认裁决所"),
                self.tr("本数据库将属于“%1”，案号和文书编号使用文号前缀“%2”。选定后不能更改，确定吗？")
                .replace("%1", info.name).replace("%2", info.doc_prefix), self.tr("确定")):
            return
        super().accept()


def _make_station_key(db: Database, parent: QWidget | None) -> None:
    """The station's Ed25519 key pair, made at set-up (its fingerprint: 数据交换 › 本所密钥).

    A key that cannot be written (a read-only folder) does not stop the first run: the station
    can work, and the first export names the problem again.
    """
    from adjudicator.sync.keys import ensure_key_pair

    try:
        ensure_key_pair(db)
    except (DomainError, OSError) as exc:
        dialogs.show_error(parent, QCoreApplication.translate(
            "FirstRunDialog", "本所的签名密钥未能生成：{reason}。导出数据包前请解决此问题。").format(
            reason=str(exc).rstrip("。")))


def ensure_identity(db: Database, parent: QWidget | None = None) -> bool:
    """Make sure the database has a station and the user a name (asking if not); set ``db.actor``.

    The name is who the audit trail names. A database with accounts (necessarily one whose station
    is chosen) names the signed-in user instead, so nothing is asked here: its sign-in
    (:func:`ui.accounts.sign_in.sign_in_at_start`, called right after) is the first question.
    Returns False if the user chose to quit instead.
    """
    from adjudicator.accounts.roles import accounts_enabled

    choose_station = db.role == "uninitialised"
    if not choose_station and accounts_enabled(db):
        return True
    name = settings.user_name()
    if choose_station or not name:
        station_name = ""
        if not choose_station:
            code = db.station_code
            station_name = next((s.name for s in registry(db) if s.code == code), "") or \
                QCoreApplication.translate("FirstRunDialog", "市局监督数据库")
        dialog = FirstRunDialog(registry(db), choose_station=choose_station,
                                name=name or str(db.get_setting("last_user", "") or ""),
                                station_name=station_name, parent=parent)
        while True:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            name = dialog.user_name()
            code = dialog.station_code()
            if choose_station and code:
                try:
                    init_station(db, code, user=name)
                except DomainError as exc:
                    dialogs.show_error(dialog, str(exc))
                    continue
                _make_station_key(db, parent)
            break
        settings.set_user_name(name)
    db.actor = name
    return True

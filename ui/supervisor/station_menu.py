"""A station's 数据交换 menu: export this station's package, import the supervisors' reference data, keys."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.sync.export import ExportResult, export_station
from adjudicator.sync.importer import ImportRun, import_packages
from adjudicator.sync.keys import (
    SUPERVISOR_KEY_SETTING,
    ensure_key_pair,
    fingerprint,
    trust_supervisor,
    write_key_file,
)
from ui import dialogs
from ui.errors import show_exception
from ui.supervisor.common import (
    KEY_FILTER,
    PACKAGE_FILTER,
    ImportSummaryDialog,
    choose_open,
    choose_save,
)
from ui.worker import run_in_background


def insert_menu(window: Any, title: str) -> Any:
    """A new menu in the window's menu bar, before 帮助."""
    bar = window.menuBar()
    actions = bar.actions()
    menu = bar.addMenu(title)
    if actions:
        bar.insertMenu(actions[-1], menu)
    return menu


class KeyDialog(QDialog):
    """This station's key fingerprint, exporting its key file, trusting the supervisors' key."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("stationKeyDialog")
        self.setWindowTitle(self.tr("本所密钥"))
        own = fingerprint(ensure_key_pair(db))
        self.own_label = QLabel(self.tr("本所公钥指纹：<b>{fp}</b>").format(fp=own))
        self.supervisor_label = QLabel()
        for label in (self.own_label, self.supervisor_label):
            label.setWordWrap(True)
        hint = QLabel(self.tr("把公钥文件交市局登记后，请电话核对：两边显示的指纹必须完全一致。"))
        hint.setWordWrap(True)
        self.export_button = QPushButton(self.tr("导出本所公钥文件…"))
        self.export_button.setObjectName("exportKeyButton")
        self.export_button.clicked.connect(self.export_key)
        self.trust_button = QPushButton(self.tr("登记市局公钥…"))
        self.trust_button.setObjectName("trustSupervisorButton")
        self.trust_button.clicked.connect(self.trust)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.own_label, hint, self.export_button, self.supervisor_label, self.trust_button, buttons):
            layout.addWidget(widget)
        self._show_supervisor()

    def _show_supervisor(self) -> None:
        key = self.db.get_setting(SUPERVISOR_KEY_SETTING)
        self.supervisor_label.setText(
            self.tr("市局公钥指纹：<b>{fp}</b>").format(fp=fingerprint(str(key))) if key
            else self.tr("尚未登记市局公钥：登记后才能导入市局的参考数据包。"))

    def export_key(self) -> None:
        code = self.db.station_code or "station"
        target = choose_save(self, self.db, self.tr("导出本所公钥文件"), f"裁决所{code}.pubkey.json", KEY_FILTER)
        if target is None:
            return
        try:
            write_key_file(self.db, target)
        except Exception as exc:  # noqa: BLE001 - a sentence, not a crash
            show_exception(self, exc)
            return
        self.own_label.setText(self.own_label.text() + self.tr("<br>已导出到 {path}").format(path=target))

    def trust(self) -> None:
        paths = choose_open(self, self.tr("选择市局公钥文件"), KEY_FILTER)
        if not paths:
            return
        try:
            trust_supervisor(self.db, paths[0])
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)
            return
        self._show_supervisor()


def install_station_menu(window: Any) -> None:
    db: Database = window.db
    menu = insert_menu(window, window.tr("数据交换(&S)"))
    menu.setObjectName("syncMenu")
    export = QAction(window.tr("导出本所数据包…"), window)
    export.setObjectName("exportPackageAction")
    export.setStatusTip(window.tr("把本所的案件导出为数据包，交市局导入"))
    reference = QAction(window.tr("导入市局参考数据…"), window)
    reference.setObjectName("importReferenceAction")
    keys = QAction(window.tr("本所密钥…"), window)
    keys.setObjectName("stationKeyAction")
    menu.addAction(export)
    menu.addAction(reference)
    menu.addSeparator()
    menu.addAction(keys)
    window.sync_actions = {"export": export, "import_reference": reference, "keys": keys}

    def do_export() -> None:
        code = db.station_code or "station"
        target = choose_save(window, db, window.tr("导出本所数据包"), f"裁决所{code}-{date.today():%Y%m%d}.zip",
                             PACKAGE_FILTER)
        if target is None:
            return

        def done(result: ExportResult) -> None:
            window.statusBar().showMessage(window.tr("已导出第 {n} 号数据包：{path}（{mb:.1f} MB）").format(
                n=result.sequence, path=result.path, mb=result.size / 1e6), 15000)
            if result.missing_files:
                dialogs.show_error(window, window.tr("有 {n} 个证据文件在本机缺失，未能打包；"
                                                     "请运行“证据文件检查”找回它们后再导出。").format(
                    n=len(result.missing_files)))

        run_in_background(export_station, db, target, parent=window, on_success=done,
                          progress_title=window.tr("正在导出数据包…"))

    def do_import() -> None:
        paths = choose_open(window, window.tr("选择市局参考数据包"), PACKAGE_FILTER, many=True)
        if paths:
            run_in_background(import_packages, db, paths, parent=window,
                              on_success=lambda run: _show_summary(window, run),
                              progress_title=window.tr("正在导入参考数据…"))

    export.triggered.connect(do_export)
    reference.triggered.connect(do_import)
    keys.triggered.connect(lambda: KeyDialog(db, window).exec())


def _show_summary(window: Any, run: ImportRun) -> ImportSummaryDialog:
    dialog = ImportSummaryDialog(run, window)
    window.last_import_summary = dialog
    dialog.show()
    return dialog

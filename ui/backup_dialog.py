"""从备份恢复: pick a backup, see what it holds, confirm, and only then replace the database.

Selecting a backup reads it in the background (:func:`adjudicator.trust.backups.examine_backup`:
the whole file is checked, its rows against its audit trail too) and shows its station, case count, last change and schema revision; a
damaged or foreign backup shows the refusal sentence and cannot be restored. 恢复 asks once more,
then restores in the background (the current database is backed up first).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.trust.backups import BackupInfo, examine_backup, list_backups, restore_backup
from ui import dialogs
from ui.worker import run_in_background


class RestoreDialog(QDialog):
    """The backups beside the database, newest first; ``restored`` holds what was restored once done."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("restoreDialog")
        self.setWindowTitle(self.tr("从备份恢复"))
        self.info: BackupInfo | None = None
        self.restored: BackupInfo | None = None
        self.before_restore: Path | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("选择一份备份，核对其内容后恢复。恢复会替换当前数据库的全部内容，"
                               "替换前会先把当前数据库备份一份。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        layout.addWidget(self.list, 1)
        self.details = QLabel(self.tr("请选择一份备份。"))
        self.details.setObjectName("backupDetails")
        self.details.setWordWrap(True)
        self.details.setMinimumHeight(48)
        layout.addWidget(self.details)
        self.buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("恢复(&R)…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.currentItemChanged.connect(self._selected)
        self._fill()
        self.resize(620, 420)

    def _fill(self) -> None:
        path = self.db.path
        backups = list_backups(path) if path is not None else []
        for backup in backups:
            text = f"{backup.taken:%Y-%m-%d %H:%M:%S}　{backup.kind}　{backup.size / 1048576:.1f} MB"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.list.addItem(item)
        if not backups:
            self.details.setText(self.tr("数据库旁还没有备份。"))

    def _selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self.info = None
        self.restore_button.setEnabled(False)
        if item is None:
            return
        path = str(item.data(Qt.ItemDataRole.UserRole))
        self.details.setStyleSheet("")
        self.details.setText(self.tr("正在检查备份…"))
        run_in_background(examine_backup, path, parent=self, on_success=lambda info: self._described(path, info),
                          on_failure=lambda exc: self._unusable(path, exc))

    def _current_path(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _described(self, path: str, info: BackupInfo) -> None:
        if path != self._current_path():
            return  # the user moved on meanwhile
        self.info = info
        self.details.setText(info.sentence())
        self.restore_button.setEnabled(True)

    def _unusable(self, path: str, exc: BaseException) -> None:
        if path != self._current_path():
            return
        self.details.setStyleSheet("color: #b3261e;")
        self.details.setText(str(exc))

    def restore(self) -> None:
        info = self.info
        if info is None:
            return
        question = self.tr("用备份“{name}”替换当前数据库吗？").format(name=info.path.name)
        if not dialogs.confirm(self, self.tr("从备份恢复"), question, self.tr("恢复"),
                               informative=info.sentence() + self.tr("恢复前会先备份当前数据库。")):
            return
        self.restore_button.setEnabled(False)
        run_in_background(restore_backup, self.db, info.path, parent=self, progress_title=self.tr("正在恢复…"),
                          on_success=self._done, on_failure=self._failed)

    def _done(self, result: tuple[BackupInfo, object]) -> None:
        self.restored, before = result
        self.before_restore = getattr(before, "path", None)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.restore_button.setEnabled(self.info is not None)
        dialogs.show_error(self, str(exc), title=self.tr("无法恢复"))

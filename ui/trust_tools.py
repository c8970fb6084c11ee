"""The 工具 menu of the main window: 校验审计记录, 核验文书, 立即备份, 从备份恢复.

:func:`install` adds a 工具 menu before 设置. 校验审计记录… runs :func:`adjudicator.trust.audit_verify.verify_audit`
in the background with a cancellable progress dialog and shows what it found in :class:`AuditResultDialog`:
the verdict in one sentence, then each broken chain and each record that differs from its audit trail.
核验文书… opens :class:`ui.docverify_dialog.DocVerifyDialog`. 立即备份 copies the database beside itself; 从备份恢复… opens :class:`ui.backup_dialog.RestoreDialog`.
:meth:`TrustActions.start_auto_backups` (called once the program has started) takes the automatic
backup and looks again every hour (a new one at most once a day). The backup actions are for a
SQLite database; on a server database they are disabled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMenu, QPlainTextEdit, QVBoxLayout, QWidget

from adjudicator.trust.audit_verify import AuditReport, verify_audit
from adjudicator.trust.backups import BackupFile, auto_backup, backup_now
from ui import dialogs
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class AuditResultDialog(QDialog):
    """The outcome of 校验审计记录: a verdict line and, when something failed, the details."""

    def __init__(self, report: AuditReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditResultDialog")
        self.setWindowTitle(self.tr("校验审计记录"))
        self.report = report
        layout = QVBoxLayout(self)
        self.verdict = QLabel(report.summary())
        self.verdict.setObjectName("auditVerdict")
        self.verdict.setWordWrap(True)
        colour = "#1b6e3a" if report.ok else "#b3261e"
        self.verdict.setStyleSheet(f"font-weight: bold; color: {colour};")
        layout.addWidget(self.verdict)
        self.details = QPlainTextEdit("\n".join(report.lines()[1:]))
        self.details.setObjectName("auditDetails")
        self.details.setReadOnly(True)
        self.details.setVisible(not report.ok)
        layout.addWidget(self.details, 1)
        if not report.ok:
            hint = QLabel(self.tr("以上记录可能在本程序之外被改动。请保留数据库文件原样，"
                                  "联系技术支持或市局核查；也可以从备份恢复。"))
            hint.setWordWrap(True)
            layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 420 if not report.ok else 160)


class TrustActions(QObject):
    """The 工具 menu's actions; one per main window (``window.trust``)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        tr = self.tr
        self.act_verify = QAction(tr("校验审计记录(&V)…"), window)
        self.act_verify.setStatusTip(tr("检查审计记录的哈希链是否完整、每条记录是否与审计记录一致"))
        self.act_verify.triggered.connect(self.verify)
        self.menu = QMenu(tr("工具(&O)"), window)
        self.menu.setObjectName("toolsMenu")
        self.act_doc_verify = QAction(tr("核验文书(&D)…"), window)
        self.act_doc_verify.setStatusTip(tr("核验一份 PDF 或文书二维码：真实、已被改动或无法识别"))
        self.act_doc_verify.triggered.connect(self.open_doc_verify)
        self.act_backup = QAction(tr("立即备份(&B)"), window)
        self.act_backup.setStatusTip(tr("把数据库完整复制一份，放在数据库文件旁"))
        self.act_backup.triggered.connect(self.backup)
        self.act_restore = QAction(tr("从备份恢复(&R)…"), window)
        self.act_restore.setStatusTip(tr("查看备份的内容，确认后用它替换当前数据库"))
        self.act_restore.triggered.connect(self.open_restore)
        for action in (self.act_backup, self.act_restore):
            action.setEnabled(window.db.path is not None and not window.db.readonly)
        self.menu.addAction(self.act_verify)
        self.menu.addAction(self.act_doc_verify)
        self.menu.addSeparator()
        self.menu.addAction(self.act_backup)
        self.menu.addAction(self.act_restore)
        self.result_dialog: AuditResultDialog | None = None
        self.restore_dialog: QDialog | None = None
        self.doc_verify_dialog: QDialog | None = None
        self.last_backup: BackupFile | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(3600 * 1000)
        self.timer.timeout.connect(self._auto_backup)
        self._place_menu()

    def _place_menu(self) -> None:
        bar = self.window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        settings = next((a for a in menus if a.text().startswith(self.tr("设置"))), None)
        if settings is None:
            bar.addMenu(self.menu)
        else:
            bar.insertMenu(settings, self.menu)

    def verify(self) -> None:
        """Run the check off the UI thread, then show its result."""
        self.act_verify.setEnabled(False)
        run_in_background(verify_audit, self.window.db, parent=self.window,
                          progress_title=self.tr("正在校验审计记录…"), on_success=self._show,
                          on_failure=self._failed, on_cancelled=lambda: self.act_verify.setEnabled(True))

    def _failed(self, exc: BaseException) -> None:
        from ui.errors import show_exception

        self.act_verify.setEnabled(True)
        show_exception(self.window, exc)

    def _show(self, report: AuditReport) -> None:
        self.act_verify.setEnabled(True)
        self.result_dialog = AuditResultDialog(report, self.window)
        self.result_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.result_dialog.open()


    def open_doc_verify(self) -> None:
        from ui.docverify_dialog import DocVerifyDialog

        self.doc_verify_dialog = DocVerifyDialog(self.window.db, self.window)
        self.doc_verify_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.doc_verify_dialog.open()

    # -- backups -----------------------------------------------------------------------------------------

    def start_auto_backups(self) -> None:
        """The automatic backup now (in the background), then a look every hour."""
        if self.window.db.path is None or self.window.db.readonly:
            return
        self._auto_backup()
        self.timer.start()

    def _auto_backup(self) -> None:
        run_in_background(auto_backup, self.window.db, parent=self.window, on_success=self._backed_up,
                          on_failure=self._backup_failed)

    def _backup_failed(self, exc: BaseException) -> None:
        self.window.statusBar().showMessage(self.tr("自动备份未完成：{reason}").format(reason=str(exc)), 15000)

    def _backed_up(self, made: BackupFile | None) -> None:
        if made is not None:
            self.last_backup = made
            self.window.statusBar().showMessage(self.tr("已备份到 {file}").format(file=made.path.name), 8000)

    def backup(self) -> None:
        run_in_background(backup_now, self.window.db, parent=self.window, on_success=self._backed_up)

    def open_restore(self) -> None:
        """The restore dialog; refused while a case is open in its own window (it would hold old data)."""
        from ui.backup_dialog import RestoreDialog

        if self.window.editors:
            dialogs.show_error(self.window, self.tr("请先关闭已打开的案件窗口，再从备份恢复。"),
                               title=self.tr("从备份恢复"))
            return
        dialog = RestoreDialog(self.window.db, self.window)
        self.restore_dialog = dialog
        dialog.accepted.connect(lambda: self._restored(dialog))
        dialog.open()

    def _restored(self, dialog: QDialog) -> None:
        info = getattr(dialog, "restored", None)
        if info is None:
            return
        self.window.cases.refresh()
        self.window.statusBar().showMessage(self.tr("已从备份恢复：{what}").format(what=info.sentence()), 15000)


def install(window: MainWindow) -> TrustActions:
    """Add the 工具 menu to ``window`` (as ``window.trust``)."""
    actions = TrustActions(window)
    window.trust = actions  # type: ignore[attr-defined]
    return actions

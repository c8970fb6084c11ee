"""The session in the main window: 锁定, 退出登录, 账户管理, the idle lock and the signed-in user in the status bar.

:func:`install` (called when the database is attached) adds 修改密码…, 锁定 (Ctrl+L) and 退出登录
(Ctrl+Shift+L) to the 文件 menu and 账户管理… to the 设置 menu. Locking shows the unlock dialog and hides every
other window of the program (their unsaved input stays as it was) until the signed-in user's
password, or a head's, is given. The idle lock watches the program's keyboard and mouse input and
locks after the database's idle time (:func:`adjudicator.accounts.service.lock_minutes`). Signing
out first closes every other window of the program — drafting windows and case windows asking
about unsaved changes as closing them does, reports and lists simply — so none is left to write
later under nobody's name; then it asks for a sign-in again; cancelling that closes the program.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from adjudicator.accounts import service as A
from adjudicator.accounts.roles import accounts_enabled, may, role_label
from ui.accounts.manage import AccountsDialog, ChangePasswordDialog
from ui.accounts.sign_in import SignInDialog, UnlockDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
#: How often the idle time is looked at.
CHECK_MS = 15_000


class SessionActions(QObject):
    """The session's actions and idle lock for one main window (``window.session``)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.db = window.db
        tr = self.tr
        self.act_lock = QAction(tr("锁定(&L)"), window)
        self.act_lock.setObjectName("actLock")
        self.act_lock.setShortcut(QKeySequence("Ctrl+L"))
        self.act_lock.setStatusTip(tr("遮住程序窗口，未保存的输入保留；输入密码解除"))
        self.act_lock.triggered.connect(self.lock)
        self.act_sign_out = QAction(tr("退出登录(&G)"), window)
        self.act_sign_out.setObjectName("actSignOut")
        self.act_sign_out.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.act_sign_out.setStatusTip(tr("关闭案件、起草等窗口（未保存的先询问）并退出登录，换人登录"))
        self.act_sign_out.triggered.connect(self.sign_out)
        self.act_password = QAction(tr("修改密码(&W)…"), window)
        self.act_password.setObjectName("actChangePassword")
        self.act_password.setStatusTip(tr("修改自己的登录密码（需输入原密码）"))
        self.act_password.triggered.connect(self.change_password)
        self.act_accounts = QAction(tr("账户管理(&U)…"), window)
        self.act_accounts.setObjectName("actAccounts")
        self.act_accounts.setStatusTip(tr("账户与角色：建立账户（第一个为负责人，建立后启用登录）、停用、重设密码"))
        self.act_accounts.triggered.connect(self.open_accounts)
        for action in (self.act_password, self.act_lock, self.act_sign_out, self.act_accounts):
            window.addAction(action)
        self._place_actions()
        self.locked = False
        self.unlock_dialog: UnlockDialog | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.accounts_dialog: AccountsDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self._hidden: list[QWidget] = []
        self._moved: list[tuple[QWidget, QPoint]] = []
        self.last_activity = time.monotonic()
        self.minutes = A.lock_minutes(self.db)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_idle)
        self.timer.start()
        self.update_state()

    def _place_actions(self) -> None:
        menus: dict[str, QMenu] = {}
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu):
                menus[action.text()] = menu
        file_menu = next((m for t, m in menus.items() if t.startswith(self.tr("文件"))), None)
        if file_menu is not None:
            quit_action = getattr(self.window, "act_quit", None)
            if isinstance(quit_action, QAction) and quit_action in file_menu.actions():
                file_menu.insertActions(quit_action, [self.act_password, self.act_lock, self.act_sign_out])
                file_menu.insertSeparator(quit_action)
            else:
                file_menu.addActions([self.act_password, self.act_lock, self.act_sign_out])
        settings_menu = next((m for t, m in menus.items() if t.startswith(self.tr("设置"))), None)
        if settings_menu is not None:
            settings_menu.addSeparator()
            settings_menu.addAction(self.act_accounts)

    # -- state ------------------------------------------------------------------------------------------

    def update_state(self) -> None:
        """The actions and the status bar follow who is signed in."""
        user = self.db.user
        self.act_password.setEnabled(user is not None)
        self.act_lock.setEnabled(user is not None)
        self.act_sign_out.setEnabled(user is not None)
        label = getattr(self.window, "user_label", None)
        if label is not None:
            if user is not None:
                label.setText(self.tr("已登录：{name}（{role}）").format(name=user.name, role=role_label(user.role)))
            else:
                label.setText(self.tr("操作人：{name}").format(name=self.db.actor))
        self.minutes = A.lock_minutes(self.db)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last_activity = time.monotonic()
        return False

    def check_idle(self, now: float | None = None) -> bool:
        """Lock if nobody has touched the program for the idle time; True if it locked now."""
        if self.locked or self.db.user is None or self.minutes <= 0:
            return False
        if (now if now is not None else time.monotonic()) - self.last_activity < self.minutes * 60:
            return False
        self.lock()
        return True

    # -- locking ----------------------------------------------------------------------------------------

    def _cover(self) -> None:
        """Put every other window of the program out of sight (remembered for later).

        A dialog that runs modally (an event being entered) is moved off the screen rather than
        hidden: hiding would end its ``exec()`` and lose what was typed into it.
        """
        front = self.unlock_dialog or self.sign_in_dialog
        self._hidden, self._moved = [], []
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible() or widget is front:
                continue
            if isinstance(widget, QDialog) and widget.isModal():
                self._moved.append((widget, widget.pos()))
                widget.move(-100_000, -100_000)
            else:
                self._hidden.append(widget)
                widget.hide()

    def _uncover(self) -> None:
        for widget in self._hidden:
            widget.show()
        for widget, pos in self._moved:
            widget.move(pos)
        self._hidden, self._moved = [], []
        self.window.raise_()
        self.window.activateWindow()

    def lock(self) -> None:
        """Cover the program until the signed-in user (or a head) gives a password; unsaved input stays."""
        if self.locked or self.db.user is None:
            return
        self.locked = True
        self.unlock_dialog = UnlockDialog(self.db, None)
        self.unlock_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)  # above a dialog already open
        self.unlock_dialog.accepted.connect(self._unlocked)
        self.unlock_dialog.show()  # first: hiding the last visible window must not end the program
        self._cover()

    def _unlocked(self) -> None:
        self.locked = False
        self.last_activity = time.monotonic()
        if self.unlock_dialog is not None:
            self.unlock_dialog.deleteLater()
            self.unlock_dialog = None
        self._uncover()
        self.update_state()

    # -- signing out -----------------------------------------------------------------------------------

    def _other_windows(self) -> list[QWidget]:
        """The program's other open windows but the case windows: drafting windows, reports, lists.

        Deepest first, so a window opened from another one is closed before its opener.
        """
        keep = {self.window, self.sign_in_dialog, self.unlock_dialog, *self.window.open_editors()}
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w not in keep
                   and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)]

        def depth(widget: QWidget) -> int:
            n, parent = 0, widget.parentWidget()
            while parent is not None:
                n, parent = n + 1, parent.parentWidget()
            return n

        return sorted(windows, key=depth, reverse=True)

    def sign_out(self) -> bool:
        """Close every window that writes for the user (asking about unsaved input), sign out, ask for a sign-in.

        A drafting window asks to save, discard or keep editing, as closing it does; then the case
        windows are asked in the same way; the remaining windows (reports, case lists) just close.
        Nothing is left open to write later under nobody's name. False if a window stayed open (the
        user chose to keep editing): the user is still signed in.
        """
        if self.db.user is None:
            return False
        for other in self._other_windows():
            if not other.close():  # its own question answered 取消
                other.raise_()
                return False
        for editor in self.window.open_editors():
            if not editor.may_close():
                editor.raise_()
                return False
        for editor in self.window.open_editors():
            editor.done(0)
        A.sign_out(self.db)
        self.update_state()
        self.sign_in_dialog = SignInDialog(self.db, None)
        self.sign_in_dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.sign_in_dialog.finished.connect(self._signed_in_again)
        self.sign_in_dialog.show()
        self._cover()
        return True

    def _signed_in_again(self, result: int) -> None:
        dialog, self.sign_in_dialog = self.sign_in_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            from ui.app import quit_application

            self._hidden, self._moved = [], []
            self.window.close()  # nobody signed in: the program ends
            quit_application(0)
            return
        self.last_activity = time.monotonic()
        self._uncover()
        self.update_state()
        self.window.cases.refresh(self.window.cases.selected_ids())

    # -- accounts -------------------------------------------------------------------------------------

    def open_accounts(self) -> AccountsDialog:
        self.accounts_dialog = AccountsDialog(self.db, self.window)
        self.accounts_dialog.signedInChanged.connect(self.update_state)
        self.accounts_dialog.finished.connect(lambda _result: self.update_state())
        self.accounts_dialog.open()
        return self.accounts_dialog

    def change_password(self) -> ChangePasswordDialog | None:
        """修改密码 of the signed-in user; a refusal stays in the dialog and changes nothing."""
        if self.db.user is None:
            return None
        self.password_dialog = ChangePasswordDialog(self.db, self.window)
        self.password_dialog.accepted.connect(lambda: self.window.statusBar().showMessage(
            self.tr("密码已修改；下次登录请使用新密码。"), 8000))
        self.password_dialog.open()
        return self.password_dialog


def install(window: MainWindow) -> SessionActions:
    """Add the session's actions to ``window`` (once its database is attached) as ``window.session``."""
    session = SessionActions(window)
    window.session = session  # type: ignore[attr-defined]
    return session


__all__ = ["SessionActions", "accounts_enabled", "install", "may"]

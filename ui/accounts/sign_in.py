"""The sign-in dialog (登录) and the unlock dialog (解除锁定).

Both call the core (:func:`adjudicator.accounts.service.sign_in` / ``unlock``) when accepted; a
refusal (wrong password, the account held or disabled) shows its sentence in the dialog, the
password is cleared and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.accounts.roles import accounts_enabled, role_label
from adjudicator.accounts.service import sign_in, unlock
from adjudicator.database import Database
from adjudicator.errors import DomainError


class SignInDialog(QDialog):
    """User name and password; accepted once the core has signed the user in on ``db``."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, username: str = ""):
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("登录"))
        self._db = db
        layout = QVBoxLayout(self)
        self.intro = QLabel(self._intro_text())
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("如 zhangsan"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名(&U)："), self.username)
        form.addRow(self.tr("密码(&P)："), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.ok_button = self._buttons()
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()
        self.setMinimumWidth(420)

    def _intro_text(self) -> str:
        where = self._db.path.name if self._db.path is not None else self.tr("服务器数据库")
        return self.tr("数据库“{where}”已启用登录：请输入您的用户名和密码。").format(where=where)

    def _buttons(self) -> QPushButton:
        ok = self.buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        return ok

    def _attempt(self, username: str, password: str) -> None:
        sign_in(self._db, username, password)

    def accept(self) -> None:
        """Ask the core; on a refusal show its sentence, clear the password and stay open."""
        try:
            self._attempt(self.username.text(), self.password.text())
        except DomainError as refused:
            self.message.setText(str(refused))
            self.message.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        super().accept()


class UnlockDialog(SignInDialog):
    """The locked session's dialog: the signed-in user's own password, or a head's, unlocks it."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        user = db.user
        super().__init__(db, parent, username=user.username if user else "")
        self.setObjectName("unlockDialog")
        self.setWindowTitle(self.tr("已锁定"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

    def _intro_text(self) -> str:
        user = self._db.user
        who = f"{user.name}（{role_label(user.role)}）" if user else ""
        return self.tr("程序已锁定，未保存的输入仍然保留。请{who}输入密码解除锁定；"
                       "负责人也可以输入自己的用户名和密码解除。").format(who=who)

    def _buttons(self) -> QPushButton:
        return self.buttons.addButton(self.tr("解除锁定"), QDialogButtonBox.ButtonRole.AcceptRole)

    def _attempt(self, username: str, password: str) -> None:
        unlock(self._db, username, password)

    def reject(self) -> None:
        """Esc does not unlock."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


def sign_in_at_start(db: Database, parent: QWidget | None = None) -> bool:
    """Before the case list is usable: sign in if the database has accounts. False: the user cancelled."""
    if db.user is not None or not accounts_enabled(db):
        return True
    dialog = SignInDialog(db, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted

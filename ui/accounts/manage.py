"""账户管理: the head's dialog to add accounts, disable or enable them, reset passwords, set the lock time.

With no account yet the dialog explains that the first account (the head) turns sign-in on, and
offers to make it; with accounts, only a signed-in head (supervisor on the supervisors' database)
may change anything: the buttons say so, and the core refuses anyway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.accounts import service as A
from adjudicator.accounts.roles import ROLES_BY_DATABASE, accounts_enabled, may, role_label
from adjudicator.database import Database
from adjudicator.errors import DomainError
from ui import dialogs
from ui.widgets import ok_cancel_buttons


class PasswordFields(QWidget):
    """A new password typed twice."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first = QLineEdit()
        self.first.setObjectName("newPassword")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setPlaceholderText(self.tr("至少 8 个字符"))
        self.second = QLineEdit()
        self.second.setObjectName("newPasswordAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("密码(&P)："), self.first)
        form.addRow(self.tr("再输一次(&A)："), self.second)

    def value(self) -> str:
        if self.first.text() != self.second.text():
            raise DomainError(self.tr("两次输入的密码不一致；请重新输入。"))
        return self.first.text()


class _FormDialog(QDialog):
    """A small form whose 确定 asks the core and shows a refusal in the dialog."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel()
        self.message.setObjectName("formMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        self.buttons = ok_cancel_buttons(self)
        self.setMinimumWidth(440)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)

    def apply(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.apply()
        except DomainError as refused:
            self.message.setText(str(refused))
            self.message.show()
            return
        super().accept()


class NewAccountDialog(_FormDialog):
    """新建账户: user name, name, role, password twice."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(self.tr("新建账户") if accounts_enabled(db) else self.tr("建立第一个账户（负责人）"), parent)
        self.setObjectName("newAccountDialog")
        self._db = db
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.username.setPlaceholderText(self.tr("登录用，如 zhangsan"))
        self.name = QLineEdit()
        self.name.setObjectName("newName")
        self.name.setPlaceholderText(self.tr("显示在审计记录和批准记录中，如 张所长"))
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        roles = ROLES_BY_DATABASE.get(db.role, ())
        if not accounts_enabled(db):
            roles = roles[:1]  # the first account is the head (or a supervisor)
        for role in roles:
            self.role.addItem(role_label(role), role)
        self.passwords = PasswordFields()
        self.form.addRow(self.tr("用户名(&U)："), self.username)
        self.form.addRow(self.tr("姓名(&N)："), self.name)
        self.form.addRow(self.tr("角色(&R)："), self.role)
        self.layout_.addWidget(self.passwords)
        self.created: A.AccountView | None = None
        self.finish_layout()

    def apply(self) -> None:
        self.created = A.create_account(self._db, self.username.text(), self.name.text(),
                                        str(self.role.currentData() or ""), self.passwords.value())


class ResetPasswordDialog(_FormDialog):
    """重设密码 of one account (a head's act)."""

    def __init__(self, db: Database, username: str, parent: QWidget | None = None):
        super().__init__(self.tr("重设“{name}”的密码").format(name=username), parent)
        self.setObjectName("resetPasswordDialog")
        self._db = db
        self._username = username
        self.passwords = PasswordFields()
        self.layout_.addWidget(self.passwords)
        self.finish_layout()

    def apply(self) -> None:
        A.reset_password(self._db, self._username, self.passwords.value())


class ChangePasswordDialog(_FormDialog):
    """修改密码: the signed-in user's old password, then the new one twice.

    A mismatch is said before the core is asked (no failure counted); a wrong old password is the
    core's sentence (it counts, as a wrong sign-in does). Either way the password stays as it was.
    """

    def __init__(self, db: Database, parent: QWidget | None = None):
        user = db.user
        who = f"{user.name}（{user.username}）" if user else ""
        super().__init__(self.tr("修改密码"), parent)
        self.setObjectName("changePasswordDialog")
        self._db = db
        self.intro = QLabel(self.tr("修改{who}的登录密码：先输入原密码，再输入两次新密码。").format(who=who))
        self.intro.setWordWrap(True)
        self.layout_.insertWidget(0, self.intro)
        self.old, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for edit, name in ((self.old, "oldPassword"), (self.new, "newPassword"), (self.again, "newPasswordAgain")):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.setPlaceholderText(self.tr("至少 8 个字符"))
        self.form.addRow(self.tr("原密码(&O)："), self.old)
        self.form.addRow(self.tr("新密码(&P)："), self.new)
        self.form.addRow(self.tr("再输一次(&A)："), self.again)
        self.finish_layout()
        self.old.setFocus()

    def apply(self) -> None:
        if self.new.text() != self.again.text():
            self.again.clear()
            self.again.setFocus()
            raise DomainError(self.tr("两次输入的新密码不一致，密码未修改；请重新输入新密码。"))
        try:
            A.change_own_password(self._db, self.old.text(), self.new.text())
        except DomainError:
            self.old.clear()
            self.old.setFocus()
            raise
        for edit in (self.old, self.new, self.again):
            edit.clear()


class AccountsDialog(QDialog):
    """The accounts of this database and what a head may do with them."""

    #: The signed-in user may have changed (the first account signs its maker in).
    signedInChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("账户管理"))
        self._db = db
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setObjectName("accountsNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels([self.tr("用户名"), self.tr("姓名"), self.tr("角色"), self.tr("状态"),
                                              self.tr("最近登录")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("新建账户(&N)…"))
        self.add_button.setObjectName("addAccount")
        self.add_button.clicked.connect(self.add_account)
        self.toggle_button = QPushButton(self.tr("停用(&D)"))
        self.toggle_button.setObjectName("toggleAccount")
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reset_button = QPushButton(self.tr("重设密码(&R)…"))
        self.reset_button.setObjectName("resetPassword")
        self.reset_button.clicked.connect(self.reset_selected)
        for button in (self.add_button, self.toggle_button, self.reset_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel(self.tr("无操作")))
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(self.tr(" 分钟"))
        self.lock_minutes.setSpecialValueText(self.tr("不自动锁定"))
        lock_row.addWidget(self.lock_minutes)
        lock_row.addWidget(QLabel(self.tr("后自动锁定")))
        self.lock_apply = QPushButton(self.tr("应用(&A)"))
        self.lock_apply.setObjectName("applyLockMinutes")
        self.lock_apply.clicked.connect(self.apply_lock_minutes)
        lock_row.addWidget(self.lock_apply)
        lock_row.addStretch(1)
        layout.addLayout(lock_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 400)
        self.refresh()

    def refresh(self) -> None:
        accounts = A.list_accounts(self._db)
        self._accounts = accounts
        self.table.setRowCount(len(accounts))
        for i, a in enumerate(accounts):
            state = self.tr("可用") if a.enabled else self.tr("已停用")
            if a.locked_until is not None:
                state += self.tr("（密码输错 {n} 次，暂时锁定）").format(n=a.failed_count)
            last = f"{a.last_sign_in_at.astimezone():%Y-%m-%d %H:%M}" if a.last_sign_in_at else self.tr("从未登录")
            for column, text in enumerate((a.username, a.name, a.role_label, state, last)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.username)
                self.table.setItem(i, column, item)
        self.lock_minutes.setValue(A.lock_minutes(self._db))
        if not accounts:
            self.note.setText(self.tr("本数据库尚未启用登录：任何人打开程序都可以修改数据。建立第一个账户（必须是负责人）后，"
                                      "本数据库即启用登录——每次启动都须登录，修改记录在登录者名下，延长期限、登记保存证据、"
                                      "回避决定须经负责人批准。"))
        elif may(self._db.user, "manage_accounts"):
            self.note.setText(self.tr("本数据库已启用登录。负责人可以新建账户、停用账户、重设密码。"))
        else:
            self.note.setText(self.tr("本数据库已启用登录。只有负责人可以管理账户。"))
        self._update_buttons()

    def _manager(self) -> bool:
        return not self._accounts or may(self._db.user, "manage_accounts")

    def selected(self) -> A.AccountView | None:
        rows = self.table.selectionModel().selectedRows()
        return self._accounts[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        manager = self._manager()
        chosen = self.selected()
        self.add_button.setEnabled(manager)
        self.add_button.setText(self.tr("新建账户(&N)…") if self._accounts else self.tr("建立第一个账户（负责人）(&N)…"))
        self.toggle_button.setEnabled(manager and chosen is not None and bool(self._accounts))
        self.toggle_button.setText(self.tr("启用(&E)") if chosen is not None and not chosen.enabled else self.tr("停用(&D)"))
        self.reset_button.setEnabled(manager and chosen is not None)
        self.lock_minutes.setEnabled(manager and bool(self._accounts))
        self.lock_apply.setEnabled(manager and bool(self._accounts))

    def add_account(self) -> NewAccountDialog:
        dialog = NewAccountDialog(self._db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.signedInChanged.emit()
        return dialog

    def toggle_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            A.set_enabled(self._db, chosen.username, not chosen.enabled)
        except DomainError as refused:
            dialogs.show_error(self, str(refused))
        self.refresh()

    def reset_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = ResetPasswordDialog(self._db, chosen.username, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def apply_lock_minutes(self) -> None:
        try:
            A.set_lock_minutes(self._db, self.lock_minutes.value())
        except DomainError as refused:
            dialogs.show_error(self, str(refused))
        self.refresh()
        self.signedInChanged.emit()

"""The approval dialog (负责人签认): a head types their own user name and password to approve a clerk's act.

Opened by the event dialog and the timeline when a clerk records, changes or removes an act the
rules reserve for the head (:data:`adjudicator.procedure.kinds.RESERVED_FOR_HEAD`). The dialog only
collects the co-signature; the service checks it (a wrong password is counted like a sign-in's)
and stores the approval with the event.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from adjudicator.accounts.approval import Cosigner
from adjudicator.database import Database
from adjudicator.procedure.kinds import RESERVED_FOR_HEAD, event_kind


def needs_cosigner(db: Database, kind: str) -> bool:
    """Whether recording ``kind`` needs a head's co-signature: a reserved act, and someone not a head signed in."""
    return kind in RESERVED_FOR_HEAD and db.user is not None and db.user.role != "head"


class ApprovalDialog(QDialog):
    """A head's user name and password for one reserved act."""

    def __init__(self, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setWindowTitle(self.tr("负责人签认"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("“{what}”须经负责人批准。请负责人本人在此输入用户名和密码签认；"
                               "批准人和时间将记入该事件，显示在案件进程和历史记录中。").format(what=what))
        intro.setObjectName("approvalIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setObjectName("approverUsername")
        self.username.setPlaceholderText(self.tr("负责人的用户名"))
        self.password = QLineEdit()
        self.password.setObjectName("approverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("负责人用户名(&U)："), self.username)
        form.addRow(self.tr("负责人密码(&P)："), self.password)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("签认批准"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.username.setFocus()
        self.setMinimumWidth(440)

    def cosigner(self) -> Cosigner:
        return Cosigner(self.username.text().strip(), self.password.text())


def ask_cosigner(parent: QWidget, db: Database, kind: str) -> tuple[bool, Cosigner | None]:
    """Whether to go on, and the co-signature ``kind`` needs (None when it needs none).

    ``(False, None)``: the user cancelled the approval dialog; nothing is to be saved.
    """
    if not needs_cosigner(db, kind):
        return True, None
    dialog = ApprovalDialog(event_kind(kind).label, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.cosigner()

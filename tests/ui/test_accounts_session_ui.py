"""The signed-in user's own session, clicked through the real widgets: 修改密码… (accept, cancel, a
mismatch, a wrong old password), and 退出登录 closing every window that writes for the user first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from adjudicator.accounts import service as A
from adjudicator.errors import PermissionRefused
from adjudicator.store import Database
from tests.ui.test_accounts_ui import CLERK_PW, _signed_in_window, _type
from ui.accounts.manage import ChangePasswordDialog

NEW_PW = "Li-ming-2027-xin"


def _click(qtbot: QtBot, dialog: ChangePasswordDialog, which: QDialogButtonBox.StandardButton) -> None:
    button = dialog.buttons.button(which)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _fill(qtbot: QtBot, dialog: ChangePasswordDialog, old: str, new: str, again: str) -> None:
    _type(qtbot, dialog.old, old)
    _type(qtbot, dialog.new, new)
    _type(qtbot, dialog.again, again)


def _failures(db: Database, username: str) -> int:
    return next(a.failed_count for a in A.list_accounts(db) if a.username == username)


def _password_is(db: Database, username: str, password: str) -> bool:
    try:
        A.verify_password(db, username, password)
    except PermissionRefused:
        return False
    return True


def test_the_signed_in_user_changes_their_own_password(qtbot: QtBot, station_db: Database, tmp_path: Path) -> None:
    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    session = window.session
    menus = {a.text(): a.menu().actions() for a in window.menuBar().actions() if a.menu() is not None}
    file_actions = menus["文件(&F)"]
    assert file_actions.index(session.act_password) + 1 == file_actions.index(session.act_lock)
    assert session.act_password.isEnabled() and session.act_password.text() == "修改密码(&W)…"

    # Cancel: nothing changes.
    session.act_password.trigger()
    dialog = session.password_dialog
    assert isinstance(dialog, ChangePasswordDialog) and dialog.isVisible()
    assert "李明（liming）" in dialog.intro.text()
    _fill(qtbot, dialog, CLERK_PW, NEW_PW, NEW_PW)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    assert not dialog.isVisible() and _password_is(station_db, "liming", CLERK_PW)

    session.act_password.trigger()
    dialog = session.password_dialog
    assert dialog is not None
    # The new password typed differently twice: said at once, no failure counted, nothing changed.
    _fill(qtbot, dialog, CLERK_PW, NEW_PW, NEW_PW + "x")
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible() and "两次输入的新密码不一致" in dialog.message.text()
    assert dialog.again.text() == "" and dialog.old.text() == CLERK_PW
    assert _failures(station_db, "liming") == 0
    # A wrong old password: the core's sentence, the old field cleared, the password unchanged.
    _fill(qtbot, dialog, "not-my-old-one", NEW_PW, NEW_PW)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible() and dialog.message.text().startswith("原密码不正确，密码未修改；")
    assert dialog.old.text() == "" and _failures(station_db, "liming") == 1
    qtbot.wait(50)  # the sentence laid out before the picture
    dialog.grab().save(str(tmp_path / "change-password.png"))  # to look at
    # The right old password: the dialog closes, the status bar says so, only the new one works now.
    _type(qtbot, dialog.old, CLERK_PW)
    _click(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible() and "密码已修改" in window.statusBar().currentMessage()
    assert _password_is(station_db, "liming", NEW_PW) and not _password_is(station_db, "liming", CLERK_PW)
    assert station_db.user is not None and station_db.user.username == "liming"


def test_change_password_is_greyed_out_with_nobody_signed_in(qtbot: QtBot, station_db: Database) -> None:
    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    A.sign_out(station_db)
    window.session.update_state()
    assert not window.session.act_password.isEnabled()
    assert window.session.change_password() is None

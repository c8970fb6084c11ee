"""Users and roles in the desktop, clicked through the real widgets: sign-in at start (accept, cancel, a wrong
password), 退出登录, the idle lock and Ctrl+L with unlock, the head's approval dialog, account management."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from adjudicator.accounts import service as A
from adjudicator.cases import service as S
from adjudicator.history.trail import case_history
from adjudicator.procedure.service import EventInput, add_event, load_procedure
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database
from tests.core.factories import case_input
from tests.ui.helpers import open_window, type_text
from ui import app as ui_app
from ui.accounts.approval import ApprovalDialog
from ui.accounts.manage import NewAccountDialog, ResetPasswordDialog
from ui.accounts.sign_in import SignInDialog, UnlockDialog
from ui.main_window import MainWindow
from ui.timeline_tab import TimelineTab

HEAD_PW = "Zhang-2026-suo"
CLERK_PW = "Li-ming-2026"
TODAY = date(2026, 6, 1)


@pytest.fixture(autouse=True)
def quiet_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app, "setup_logging", lambda: None)
    monkeypatch.setattr(ui_app, "install_excepthook", lambda: None)


def _accounts(db: Database, *, sign_out: bool = True) -> None:
    A.create_account(db, "zhang", "张所长", "head", HEAD_PW)
    A.create_account(db, "liming", "李明", "clerk", CLERK_PW)
    A.create_account(db, "zhaomin", "赵敏", "clerk", CLERK_PW)
    if sign_out:
        A.sign_out(db)


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    type_text(qtbot, edit, text)


def _sign_in_with(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    _type(qtbot, dialog.username, username)
    _type(qtbot, dialog.password, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def _answer(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], fn: Callable[[QDialog], None]) -> list[QDialog]:
    """``cls.exec`` shows the dialog, lets ``fn`` click its widgets, and returns how it ended."""
    shown: list[QDialog] = []

    def exec_(self: QDialog) -> int:
        shown.append(self)
        self.show()
        fn(self)
        self.hide()
        return int(self.result())

    monkeypatch.setattr(cls, "exec", exec_)
    return shown


def _station_with_accounts(path: Path) -> Path:
    db = open_database(path)
    init_station(db, "01", user="测试员")
    S.create_case(db, case_input())
    _accounts(db)
    db.close()
    return path


# -- sign-in at start ------------------------------------------------------------------------------------


def test_sign_in_at_start_refuses_a_wrong_password_then_accepts(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _station_with_accounts(tmp_path / "station.db")
    messages: list[str] = []

    def sign_in(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        _sign_in_with(qtbot, dialog, "liming", "not-my-password")
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
        messages.append(dialog.message.text())
        assert dialog.password.text() == ""
        _sign_in_with(qtbot, dialog, "liming", CLERK_PW)

    shown = _answer(monkeypatch, SignInDialog, sign_in)
    window = ui_app.start(["main.py", "--db", str(path)])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert len(shown) == 1 and "用户名或密码不正确" in messages[0]
    assert window.attached  # no first look before the sign-in: nothing of the database showed
    assert window.db.user is not None and window.db.user.username == "liming"
    assert window.user_label.text() == "已登录：李明（承办人）"
    window.close()
    window.db.close()


def test_cancelling_the_sign_in_at_start_ends_the_program(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _station_with_accounts(tmp_path / "station.db")

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        cancel_button = next(b for b in dialog.buttons.buttons() if b is not dialog.ok_button)
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)

    _answer(monkeypatch, SignInDialog, cancel)
    assert ui_app.start(["main.py", "--db", str(path)]) == 0


def test_a_database_without_accounts_asks_for_no_sign_in(
        qtbot: QtBot, station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _answer(monkeypatch, SignInDialog, lambda d: None)
    window = open_window(qtbot, station_db)
    assert shown == [] and window.user_label.text() == "操作人：测试员"
    assert not window.session.act_lock.isEnabled() and window.session.act_accounts.isEnabled()
    menus = {a.text(): a.menu().actions() for a in window.menuBar().actions() if a.menu() is not None}
    file_actions = menus["文件(&F)"]
    assert file_actions.index(window.session.act_sign_out) < file_actions.index(window.act_quit)
    assert window.session.act_lock in file_actions and window.session.act_accounts in menus["设置(&T)"]
    assert window.session.act_lock.shortcut().toString() == "Ctrl+L"


# -- sign-out, lock --------------------------------------------------------------------------------------


def _signed_in_window(qtbot: QtBot, db: Database, username: str, password: str) -> MainWindow:
    _accounts(db)
    A.sign_in(db, username, password)
    window = open_window(qtbot, db)
    qtbot.waitExposed(window)
    return window


def test_sign_out_then_another_user_signs_in(qtbot: QtBot, station_db: Database) -> None:
    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    session = window.session
    window.session.act_sign_out.trigger()
    dialog = session.sign_in_dialog
    assert dialog is not None and dialog.isVisible() and not window.isVisible()
    assert station_db.user is None
    _sign_in_with(qtbot, dialog, "zhang", HEAD_PW)
    assert window.isVisible() and session.sign_in_dialog is None
    assert window.user_label.text() == "已登录：张所长（负责人）"
    # Signing out and cancelling the sign-in closes the program's window.
    with qtbot.waitActive(window):
        window.activateWindow()
    window.cases.view.setFocus()
    qtbot.keyClick(window.cases.view, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = session.sign_in_dialog
    assert dialog is not None
    cancel_button = next(b for b in dialog.buttons.buttons() if b is not dialog.ok_button)
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible() and station_db.user is None


def test_idle_lock_keeps_unsaved_input_and_only_the_user_or_a_head_unlocks(qtbot: QtBot, station_db: Database) -> None:
    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    session = window.session
    editor = window.new_case()
    assert editor is not None
    qtbot.addWidget(editor)
    editor.show()
    handler = editor.findChild(QLineEdit, "handler")
    if handler is None:
        handler = next(e for e in editor.findChildren(QLineEdit) if e.isVisible())
    handler.setText("李明（未保存）")
    assert session.minutes == A.DEFAULT_LOCK_MINUTES
    assert not session.check_idle(now=time.monotonic())  # not idle yet
    assert session.check_idle(now=session.last_activity + 10 * 60 + 1)
    unlock = session.unlock_dialog
    assert isinstance(unlock, UnlockDialog) and unlock.isVisible()
    assert not window.isVisible() and not editor.isVisible()
    unlock.reject()  # Esc does nothing
    assert unlock.isVisible()
    _sign_in_with(qtbot, unlock, "zhaomin", CLERK_PW)  # another clerk may not
    assert "只有“李明”本人或负责人" in unlock.message.text() and session.locked
    _sign_in_with(qtbot, unlock, "liming", "wrong-password")
    assert "用户名或密码不正确" in unlock.message.text() and session.locked
    _sign_in_with(qtbot, unlock, "zhang", HEAD_PW)  # the head lets the clerk back in
    assert not session.locked and window.isVisible() and editor.isVisible()
    assert handler.text() == "李明（未保存）" and station_db.user is not None and station_db.user.username == "liming"
    # Ctrl+L locks at once; the user's own password unlocks.
    with qtbot.waitActive(window):
        window.activateWindow()
    window.cases.view.setFocus()
    qtbot.keyClick(window.cases.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.locked and session.unlock_dialog is not None
    _sign_in_with(qtbot, session.unlock_dialog, "liming", CLERK_PW)
    assert not session.locked and window.isVisible()
    editor.mark_clean() if hasattr(editor, "mark_clean") else None
    editor.done(0)


# -- the head's approval ----------------------------------------------------------------------------------


def _filed_case(db: Database) -> uuid.UUID:
    case = S.create_case(db, case_input(received_on=date(2026, 3, 2)), today=date(2026, 3, 2))
    add_event(db, case.id, EventInput("filed", date(2026, 3, 6)), today=TODAY)
    return case.id


def _extension_dialog(qtbot: QtBot, db: Database, case_id: uuid.UUID):  # type: ignore[no-untyped-def]
    tab = TimelineTab(db, case_id, today=TODAY)
    qtbot.addWidget(tab)
    dialog = tab.event_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("extension_approved"))
    dialog.date.setDate(QDate(2026, 5, 20))
    return dialog


def test_a_clerk_needs_the_heads_cosignature_in_the_approval_dialog(
        qtbot: QtBot, station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = _filed_case(station_db)
    _accounts(station_db)
    A.sign_in(station_db, "liming", CLERK_PW)
    cancel = _answer(monkeypatch, ApprovalDialog, lambda d: d.reject())
    dialog = _extension_dialog(qtbot, station_db, case_id)
    assert not dialog.save() and len(cancel) == 1
    assert "未经负责人签认" in dialog.error.text()
    assert all(e.kind != "extension_approved" for e in load_procedure(station_db, case_id).events)

    def wrong(d: QDialog) -> None:
        assert isinstance(d, ApprovalDialog)
        _type(qtbot, d.username, "zhang")
        _type(qtbot, d.password, "guess-guess")
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)

    _answer(monkeypatch, ApprovalDialog, wrong)
    assert not dialog.save() and "用户名或密码不正确" in dialog.error.text()

    def cosign(d: QDialog) -> None:
        assert isinstance(d, ApprovalDialog)
        assert "“延长审理期限”须经负责人批准" in d.findChild(type(dialog.error), "approvalIntro").text()
        _type(qtbot, d.username, "zhang")
        _type(qtbot, d.password, HEAD_PW)
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)

    _answer(monkeypatch, ApprovalDialog, cosign)
    assert dialog.save(), dialog.error.text()
    event = next(e for e in load_procedure(station_db, case_id).events if e.kind == "extension_approved")
    assert event.details["approval"]["how"] == "cosigned"
    lines = [line for line in case_history(station_db, case_id) if "延长审理期限" in line.record]
    assert any("负责人批准：张所长（zhang），负责人当面签认" in d for d in lines[-1].details)


def test_the_head_signed_in_approves_without_a_dialog_and_the_timeline_shows_it(
        qtbot: QtBot, station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id = _filed_case(station_db)
    _accounts(station_db)
    A.sign_in(station_db, "zhang", HEAD_PW)
    shown = _answer(monkeypatch, ApprovalDialog, lambda d: d.reject())
    dialog = _extension_dialog(qtbot, station_db, case_id)
    assert dialog.save(), dialog.error.text()
    assert shown == []
    tab = TimelineTab(station_db, case_id, today=TODAY)
    qtbot.addWidget(tab)
    texts = [tab.events.topLevelItem(i).text(c) for i in range(tab.events.topLevelItemCount())
             for c in range(tab.events.columnCount())]
    assert any("负责人批准：张所长（zhang），负责人登录批准" in t for t in texts), texts


# -- account management ----------------------------------------------------------------------------------


def test_the_first_account_from_the_dialog_turns_sign_in_on(
        qtbot: QtBot, station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, station_db)
    session = window.session
    session.act_accounts.trigger()
    accounts = session.accounts_dialog
    assert accounts is not None and accounts.isVisible()
    assert "建立第一个账户（必须是负责人）后" in accounts.note.text()
    assert accounts.add_button.text().startswith("建立第一个账户")

    def first(d: QDialog) -> None:
        assert isinstance(d, NewAccountDialog)
        assert [d.role.itemData(i) for i in range(d.role.count())] == ["head"]
        _type(qtbot, d.username, "zhang")
        _type(qtbot, d.name, "张所长")
        _type(qtbot, d.passwords.first, HEAD_PW)
        _type(qtbot, d.passwords.second, "typo-typo-typo")
        d.accept()
        assert "两次输入的密码不一致" in d.message.text() and d.isVisible()
        _type(qtbot, d.passwords.second, HEAD_PW)
        d.accept()

    _answer(monkeypatch, NewAccountDialog, first)
    qtbot.mouseClick(accounts.add_button, Qt.MouseButton.LeftButton)
    assert station_db.user is not None and station_db.user.role == "head"
    assert window.user_label.text() == "已登录：张所长（负责人）" and session.act_lock.isEnabled()
    assert accounts.table.rowCount() == 1

    def clerk(d: QDialog) -> None:
        assert isinstance(d, NewAccountDialog)
        assert [d.role.itemData(i) for i in range(d.role.count())] == ["head", "clerk"]
        _type(qtbot, d.username, "liming")
        _type(qtbot, d.name, "李明")
        d.role.setCurrentIndex(d.role.findData("clerk"))
        _type(qtbot, d.passwords.first, CLERK_PW)
        _type(qtbot, d.passwords.second, CLERK_PW)
        d.accept()

    _answer(monkeypatch, NewAccountDialog, clerk)
    qtbot.mouseClick(accounts.add_button, Qt.MouseButton.LeftButton)
    assert [accounts.table.item(i, 0).text() for i in range(accounts.table.rowCount())] == ["zhang", "liming"]
    accounts.table.selectRow(1)
    assert accounts.toggle_button.text() == "停用(&D)"
    qtbot.mouseClick(accounts.toggle_button, Qt.MouseButton.LeftButton)
    assert accounts.table.item(1, 3).text() == "已停用"
    accounts.table.selectRow(1)
    qtbot.mouseClick(accounts.toggle_button, Qt.MouseButton.LeftButton)
    assert accounts.table.item(1, 3).text() == "可用"
    accounts.table.selectRow(1)
    _answer(monkeypatch, ResetPasswordDialog, lambda d: d.reject())
    qtbot.mouseClick(accounts.reset_button, Qt.MouseButton.LeftButton)

    def reset(d: QDialog) -> None:
        assert isinstance(d, ResetPasswordDialog)
        _type(qtbot, d.passwords.first, "Reset-by-head-1")
        _type(qtbot, d.passwords.second, "Reset-by-head-1")
        d.accept()

    _answer(monkeypatch, ResetPasswordDialog, reset)
    qtbot.mouseClick(accounts.reset_button, Qt.MouseButton.LeftButton)
    assert A.verify_password(station_db, "liming", "Reset-by-head-1").username == "liming"
    accounts.lock_minutes.setValue(5)
    qtbot.mouseClick(accounts.lock_apply, Qt.MouseButton.LeftButton)
    assert A.lock_minutes(station_db) == 5 and session.minutes == 5
    accounts.close()


def test_a_clerk_sees_the_accounts_but_may_not_change_them(qtbot: QtBot, station_db: Database) -> None:
    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    accounts = window.session.open_accounts()
    assert "只有负责人可以管理账户" in accounts.note.text()
    accounts.table.selectRow(0)
    assert not accounts.add_button.isEnabled() and not accounts.toggle_button.isEnabled()
    assert not accounts.reset_button.isEnabled() and not accounts.lock_apply.isEnabled()
    accounts.close()
    QApplication.processEvents()


def test_locking_while_a_dialog_is_open_keeps_it_running_with_its_input(qtbot: QtBot, station_db: Database) -> None:
    from PySide6.QtCore import QTimer

    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    session = window.session
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    edit.setText("尚未保存的事件备注")
    seen: list[object] = []

    def during() -> None:
        session.lock()
        unlock = session.unlock_dialog
        assert unlock is not None and unlock.isVisible() and not window.isVisible()
        seen.append(dialog.isVisible() and dialog.pos().x() < -10_000)  # out of sight, still running
        _sign_in_with(qtbot, unlock, "liming", CLERK_PW)
        seen.append(dialog.pos().x() > -10_000 and window.isVisible())
        seen.append(edit.text())
        dialog.accept()

    QTimer.singleShot(0, during)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert seen == [True, True, "尚未保存的事件备注"]


def test_a_clerk_is_told_the_station_rules_are_the_heads(qtbot: QtBot, station_db: Database, boxes) -> None:  # type: ignore[no-untyped-def]
    from adjudicator.cases.panel import sole_handler_allowed
    from ui.case_settings import CaseSettingsDialog

    _accounts(station_db)
    A.sign_in(station_db, "liming", CLERK_PW)
    dialog = CaseSettingsDialog(station_db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sole_handler.setChecked(True)
    dialog.accept()
    assert boxes.errors and "承办人“李明”无权修改本所办案规则" in boxes.errors[-1]
    assert dialog.isVisible() and not sole_handler_allowed(station_db)
    dialog.reject()

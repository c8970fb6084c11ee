"""The signed-in user's own session, clicked through the real widgets: 修改密码… (accept, cancel, a
mismatch, a wrong old password), 退出登录 closing every window that writes for the user first, and the
first question at start (the sign-in with accounts, the first-run station and name without)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from adjudicator.accounts import service as A
from adjudicator.cases import service as S
from adjudicator.documents import service as D
from adjudicator.errors import PermissionRefused
from adjudicator.store import Database
from tests.core.test_decision import two_respondents
from tests.ui.helpers import type_text
from tests.ui.test_accounts_ui import (
    CLERK_PW,
    HEAD_PW,
    _answer,
    _sign_in_with,
    _signed_in_window,
    _station_with_accounts,
    _type,
)
from ui import app as ui_app
from ui import dialogs, settings
from ui.accounts.sign_in import SignInDialog
from ui.accounts.manage import ChangePasswordDialog
from ui.documents_tab import DocumentsTab
from ui.drafting import window as W
from ui.first_run import FirstRunDialog
from ui.main_window import MainWindow

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


def test_signing_out_closes_the_drafting_window_and_the_reports_first(
        qtbot: QtBot, station_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(W, "default_autosave_dir", lambda: tmp_path / "autosave")
    case = S.create_case(station_db, two_respondents())
    window = _signed_in_window(qtbot, station_db, "liming", CLERK_PW)
    session = window.session
    editor = window.open_case(case.id)
    assert editor is not None
    tab = next(t for t in editor._extra_tabs if isinstance(t, DocumentsTab))
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("decision"))
    tab.new_draft()
    qtbot.mouseClick(tab.draft_button, Qt.MouseButton.LeftButton)
    drafting = tab.drafting
    assert isinstance(drafting, W.DraftingWindow) and drafting.isVisible()
    facts = drafting.editors["facts"]
    assert isinstance(facts, QPlainTextEdit)
    type_text(qtbot, facts, "请求人是ZL201620161392.4号专利的专利权人。")
    assert drafting.dirty
    window.act_reports.trigger()
    reports = window.reports_window
    assert reports is not None and reports.isVisible()

    # 取消 in the drafting window's question: nothing closes, the user stays signed in.
    boxes.save_answer = dialogs.SaveChoice.CANCEL
    window.session.act_sign_out.trigger()
    assert boxes.save_questions == 1 and drafting.isVisible() and reports.isVisible() and editor.isVisible()
    assert station_db.user is not None and session.sign_in_dialog is None

    # 保存: the draft is written while the user is still signed in, then every window closes.
    boxes.save_answer = dialogs.SaveChoice.SAVE
    window.session.act_sign_out.trigger()
    assert boxes.save_questions == 2 and boxes.errors == []
    draft = D.list_documents(station_db, case.id)[0]
    assert D.find_document(station_db, str(draft.id)).fields["facts"] == "请求人是ZL201620161392.4号专利的专利权人。"
    assert not (tmp_path / "autosave" / f"{draft.id}.json").exists()
    assert not reports.isVisible() and not editor.isVisible() and window.open_editors() == []
    assert station_db.user is None
    dialog = session.sign_in_dialog
    assert dialog is not None and dialog.isVisible()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()
               and w.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)]
    assert visible == [dialog]  # nothing of the last user's is left on screen, nor able to write
    qtbot.wait(50)
    dialog.grab().save(str(tmp_path / "signed-out.png"))  # to look at
    _sign_in_with(qtbot, dialog, "zhang", HEAD_PW)
    assert window.isVisible() and not reports.isVisible() and boxes.errors == []
    assert window.user_label.text() == "已登录：张所长（负责人）"


# -- the first question at start: the sign-in with accounts, the first-run name without -------------------


@pytest.fixture
def quiet_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui_app, "setup_logging", lambda: None)
    monkeypatch.setattr(ui_app, "install_excepthook", lambda: None)


def test_a_database_with_accounts_asks_who_signs_in_not_for_a_name(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet_start: None) -> None:
    settings.set_user_name("")  # a fresh install on this computer
    path = _station_with_accounts(tmp_path / "station.db")
    first_runs = _answer(monkeypatch, FirstRunDialog, lambda d: d.reject())
    cancel = _answer(monkeypatch, SignInDialog, lambda d: qtbot.mouseClick(
        next(b for b in d.buttons.buttons() if b is not d.ok_button), Qt.MouseButton.LeftButton))
    assert ui_app.start(["main.py", "--db", str(path)]) == 0
    assert first_runs == [] and len(cancel) == 1

    signed = _answer(monkeypatch, SignInDialog, lambda d: _sign_in_with(qtbot, d, "liming", CLERK_PW))
    window = ui_app.start(["main.py", "--db", str(path)])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert first_runs == [] and len(signed) == 1  # the sign-in was the only question
    assert window.db.actor == "李明（liming）" and window.user_label.text() == "已登录：李明（承办人）"
    assert settings.user_name() == ""  # the signed-in name is the database's, not this computer's
    window.close()
    window.db.close()


def test_a_database_without_accounts_asks_for_the_station_and_name_only(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quiet_start: None, boxes) -> None:  # type: ignore[no-untyped-def]
    settings.set_user_name("")
    sign_ins = _answer(monkeypatch, SignInDialog, lambda d: d.reject())

    def quit_(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunDialog)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    quits = _answer(monkeypatch, FirstRunDialog, quit_)
    assert ui_app.start(["main.py", "--db", str(tmp_path / "station.db")]) == 0
    assert len(quits) == 1 and sign_ins == []

    def first_run(dialog: QDialog) -> None:
        assert isinstance(dialog, FirstRunDialog)
        item = dialog.table.item(0, 1)
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton,
                         pos=dialog.table.visualItemRect(item).center())
        type_text(qtbot, dialog.name_edit, "李明")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    shown = _answer(monkeypatch, FirstRunDialog, first_run)
    window = ui_app.start(["main.py", "--db", str(tmp_path / "station.db")])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert len(shown) == 1 and sign_ins == [] and len(boxes.confirms) == 1
    assert window.db.station_code == "01" and window.db.actor == "李明"
    assert window.user_label.text() == "操作人：李明"
    window.close()
    window.db.close()

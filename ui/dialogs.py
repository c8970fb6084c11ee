"""Message boxes in one place: every question and error the UI asks or shows goes through here.

Tests replace these functions (``monkeypatch.setattr(dialogs, "confirm", ...)``) instead of
clicking modal boxes.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

APP_TITLE = "专利纠纷行政裁决办案系统"


def _tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def confirm(parent: QWidget | None, title: str, text: str, accept_label: str, informative: str = "") -> bool:
    """Ask a yes/no question whose "yes" button says what will happen; default is No."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    if informative:
        box.setInformativeText(informative)
    yes = box.addButton(accept_label, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def ask_save_changes(parent: QWidget | None, what: str = "") -> SaveChoice:
    """"有未保存的修改，是否保存？" with 保存 / 不保存 / 取消."""
    box = QMessageBox(QMessageBox.Icon.Warning, _tr(APP_TITLE), _tr("有未保存的修改，是否保存？"),
                      QMessageBox.StandardButton.NoButton, parent)
    if what:
        box.setInformativeText(what)
    save = box.addButton(_tr("保存(&S)"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_tr("不保存(&N)"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return SaveChoice.SAVE
    if clicked is discard:
        return SaveChoice.DISCARD
    return SaveChoice.CANCEL


def show_error(parent: QWidget | None, text: str, title: str = "", informative: str = "") -> None:
    """An error the user must read: one sentence saying what was wrong and what to do."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or _tr(APP_TITLE), text, QMessageBox.StandardButton.Ok,
                      parent)
    if informative:
        box.setInformativeText(informative)
    box.exec()


def show_info(parent: QWidget | None, text: str, title: str = "") -> None:
    QMessageBox.information(parent, title or _tr(APP_TITLE), text)

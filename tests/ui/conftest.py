"""Fixtures for the UI tests: settings in a temporary file, tasks run at once, no real modal boxes.

The root ``tests/conftest.py`` sets ``QT_QPA_PLATFORM=offscreen`` and provides ``station_db``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from ui import dialogs, settings
from ui.worker import use_immediate_pool


@dataclass
class DialogRecorder:
    """Stands in for the message boxes of :mod:`ui.dialogs`: records them and answers as told."""

    errors: list[str] = field(default_factory=list)
    confirms: list[str] = field(default_factory=list)
    save_questions: int = 0
    confirm_answer: bool = True
    save_answer: dialogs.SaveChoice = dialogs.SaveChoice.CANCEL

    def show_error(self, parent: Any, text: str, title: str = "", informative: str = "") -> None:
        self.errors.append(text)

    def confirm(self, parent: Any, title: str, text: str, accept_label: str, informative: str = "") -> bool:
        self.confirms.append(text)
        return self.confirm_answer

    def ask_save_changes(self, parent: Any, what: str = "") -> dialogs.SaveChoice:
        self.save_questions += 1
        return self.save_answer


@pytest.fixture(autouse=True)
def no_windows_left() -> Iterator[None]:
    """Every window a test leaves behind is deleted after it (first set up, so last torn down).

    A closed window is only hidden: without this, each test's windows, their menus and popups
    stayed alive for the rest of the session, and every later style change (the theme a test
    applies) re-polished hundreds of them, tens of seconds a test.
    """
    yield
    app = QApplication.instance()
    if app is None:
        return
    for widget in app.topLevelWidgets():
        if widget.parent() is None:
            widget.hide()
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def ui_settings(tmp_path: Path) -> Iterator[Path]:
    """Per-test user settings (the user's name is 测试员), never the real user's."""
    path = tmp_path / "settings.ini"
    settings.use_file(str(path))
    settings.set_user_name("测试员")
    yield path
    settings.use_file(None)


@pytest.fixture(autouse=True)
def immediate_pool() -> Iterator[None]:
    """Background tasks run at once on the test's thread: deterministic, no waiting."""
    with use_immediate_pool():
        yield


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> DialogRecorder:
    """No real modal message box ever opens in a test; each is recorded instead."""
    recorder = DialogRecorder()
    monkeypatch.setattr(dialogs, "show_error", recorder.show_error)
    monkeypatch.setattr(dialogs, "confirm", recorder.confirm)
    monkeypatch.setattr(dialogs, "ask_save_changes", recorder.ask_save_changes)
    return recorder

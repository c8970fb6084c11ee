"""Extra pages of the main window, registered by later features (期限看板, 日历 …).

Each entry is ``(title, factory)``; the main window calls ``factory(db, main_window)`` once,
when it is built, and adds the widget as a page (a tab) after 案件列表, in list order::

    from ui.pages import EXTRA_PAGES
    EXTRA_PAGES.append(("期限看板", lambda db, window: DeadlineDashboard(db, window)))

A page may also be added at any time with :meth:`ui.main_window.MainWindow.add_page`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from adjudicator.store import Database

PageFactory = Callable[[Database, QWidget], QWidget]

EXTRA_PAGES: list[tuple[str, PageFactory]] = []

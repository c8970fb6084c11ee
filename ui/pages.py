"""Extra pages of the main window, registered by later features (期限看板, 日历 …).

Each entry is ``(title, factory)``; the main window calls ``factory(db, main_window)`` once,
when it is built, and adds the widget as a page (a tab) after 案件列表, in list order::

    from ui.pages import EXTRA_PAGES
    EXTRA_PAGES.append(("期限看板", lambda db, window: DeadlineDashboard(db, window)))

A page may also be added at any time with :meth:`ui.main_window.MainWindow.add_page`.

:data:`WINDOW_EXTENSIONS` holds functions ``extend(main_window)`` called once per window, for a
feature that adds menus or pages depending on the database (the supervisor's window, a
station's export menu).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from adjudicator.database import Database

PageFactory = Callable[[Database, QWidget], QWidget]

EXTRA_PAGES: list[tuple[str, PageFactory]] = []

#: ``extend(main_window)`` functions, each called once per main window (see the module docstring).
WINDOW_EXTENSIONS: list[Callable[[Any], None]] = []

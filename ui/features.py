"""The feature pages of the main window and the feature tabs of the case editor, listed here in order.

Nothing registers itself by being imported: this module names each feature, the module that
holds it and the widget (a class or a factory function) that builds it. The module is imported
when the page or tab is first built, so the start-up path stays light and the list reads as the
program's table of contents. A feature that fails to load or build is reported to the user in a
message box (and logged); the rest of the program still works.

Factories: a page is built as ``widget(db, main_window)``; a case tab as ``widget(db, case_id,
parent)`` for a saved case. If a case tab has a ``case_saved()`` method, the editor calls it
after each save of the case. A window extension is called as ``extend(main_window)`` and adds
the menus or pages that depend on the database (a station's 数据交换 menu, the supervisor's page).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Feature:
    """One page or tab: its title, the module that holds it and the name of what builds it."""

    title: str
    module: str
    builder: str

    def load(self) -> Callable[..., Any]:
        """Import the feature's module and return its builder (ImportError, AttributeError if broken)."""
        builder: Callable[..., Any] = getattr(importlib.import_module(self.module), self.builder)
        return builder


#: Pages after 案件列表, in this order.
PAGES: tuple[Feature, ...] = (
    Feature("期限看板", "ui.deadline_dashboard", "dashboard_page"),
    Feature("月历", "ui.calendar_view", "calendar_page"),
)

#: Tabs of a saved case's editor, after 电商信息 and before 历史记录, in this order.
CASE_TABS: tuple[Feature, ...] = (
    Feature("电商速办", "ui.intake.track_tab", "TrackTab"),
    Feature("案件进程", "ui.timeline_tab", "TimelineTab"),
    Feature("文书", "ui.documents_tab", "DocumentsTab"),
    Feature("证据", "ui.evidence_tab", "EvidenceTab"),
)

#: Called once per main window, after the pages, to add what depends on the database's role.
WINDOW_EXTENSIONS: tuple[Feature, ...] = (
    Feature("数据交换", "ui.supervisor", "extend_window"),
)

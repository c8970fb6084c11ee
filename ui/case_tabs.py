"""Extra tabs of the case editor, registered by later features (案件进程, 文书, 证据 …).

Each entry is ``(title, factory)``; the editor calls ``factory(db, case_id, parent)`` for a saved
case (never for a new one) and appends the widget it returns as a tab titled ``title``, in list
order, after 电商信息 and before 历史记录. Register at import time of your feature module::

    from ui.case_tabs import EXTRA_CASE_TABS
    EXTRA_CASE_TABS.append(("证据", lambda db, case_id, parent: EvidencePanel(db, case_id, parent)))

If the widget has a ``case_saved()`` method, the editor calls it after each save of the case
(so a tab can re-read what depends on the case data).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from adjudicator.database import Database

CaseTabFactory = Callable[[Database, uuid.UUID, QWidget], QWidget]

EXTRA_CASE_TABS: list[tuple[str, CaseTabFactory]] = []

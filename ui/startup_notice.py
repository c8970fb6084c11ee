"""On start-up: a notice (今日期限提醒) of the deadlines that are overdue or fall due today.

When the main window first appears the dashboard's rows are read in the background; if anything
is overdue or due today, a small non-modal window lists it (the most urgent first) with a button
that shows the 期限看板. Nothing appears when nothing is due. Once per program run.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.procedure.dashboard import Board, BoardRow, deadline_board
from adjudicator.database import Database
from ui.geometry import fit_to_screen
from ui.worker import run_in_background

SHOWN_ROWS = 30
_shown_once: set[str] = set()


class StartupNotice(QDialog):
    """What is overdue and what is due today, with a way to the dashboard."""

    def __init__(self, overdue: list[BoardRow], due_today: list[BoardRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startupNotice")
        self.setWindowTitle(self.tr("今日期限提醒"))
        self.open_dashboard = False
        self.opened_case: uuid.UUID | None = None
        self.heading = QLabel(self.tr(
            "<b>已逾期 <span style='color:#b71c1c'>{o}</span> 项，今日届满 "
            "<span style='color:#8a4b00'>{t}</span> 项。</b>").format(o=len(overdue), t=len(due_today)))
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.list = QTreeWidget()
        self.list.setObjectName("noticeList")
        self.list.setHeaderLabels([self.tr("届满日"), self.tr("案号"), self.tr("期限"), self.tr("承办人")])
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, 110)
        self.list.setColumnWidth(1, 200)
        self.list.setColumnWidth(2, 180)
        # Today's first, then the most recently overdue: a deadline missed years ago is for the dashboard.
        recent_first = sorted(overdue, key=lambda r: r.due, reverse=True)
        for row in [*due_today, *recent_first][:SHOWN_ROWS]:
            item = QTreeWidgetItem([row.due.isoformat(), row.case_no, row.label, row.handler])
            item.setForeground(0, QBrush(QColor("#b71c1c" if row.urgency == "overdue" else "#8a4b00")))
            item.setData(0, Qt.ItemDataRole.UserRole, row.case_id)
            self.list.addTopLevelItem(item)
        self.list.itemActivated.connect(self._open_case)
        more = len(overdue) + len(due_today) - SHOWN_ROWS
        self.more = QLabel(self.tr("另有 {n} 项，请在期限看板中查看。").format(n=more) if more > 0 else "")
        self.more.setProperty("role", "hint")
        buttons = QDialogButtonBox()
        self.dashboard_button = QPushButton(self.tr("打开期限看板(&D)"))
        self.dashboard_button.setDefault(True)
        buttons.addButton(self.dashboard_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._to_dashboard)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.more)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 380)

    def _to_dashboard(self) -> None:
        self.open_dashboard = True
        self.accept()

    def _open_case(self, item: QTreeWidgetItem) -> None:
        value = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(value, uuid.UUID):
            self.opened_case = value
            self.accept()


def notice_for(board: Board, parent: QWidget | None = None) -> StartupNotice | None:
    """The notice for a board, or None when nothing is overdue or due today."""
    overdue = [r for r in board.rows if r.urgency == "overdue"]
    due_today = [r for r in board.rows if r.urgency == "today"]
    if not overdue and not due_today:
        return None
    return StartupNotice(overdue, due_today, parent)


class _FirstShow(QObject):
    """Runs once when the watched window is first shown."""

    def __init__(self, window: QWidget, action: Any):
        super().__init__(window)
        self._action = action
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self._action()
        return False


def schedule_startup_notice(db: Database, window: QWidget, dashboard: QWidget) -> None:
    """Show the notice once per program run, after ``window`` first appears, if anything is due."""
    if db.url in _shown_once:
        return

    def start() -> None:
        if db.url in _shown_once:
            return
        _shown_once.add(db.url)
        run_in_background(deadline_board, db, parent=window, on_success=show,
                          on_failure=lambda _error: None)

    def show(board: Board) -> None:
        notice = notice_for(board, window)
        if notice is None:
            return
        notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(_result: int) -> None:
            show_page = getattr(window, "show_page", None)
            if notice.open_dashboard and callable(show_page):
                show_page(dashboard)
            opener = getattr(window, "open_case", None)
            if notice.opened_case is not None and callable(opener):
                opener(notice.opened_case)

        notice.finished.connect(finished)
        notice.show()

    if window.isVisible():  # the pages arrive after the window is on screen (see ui.app.start)
        QTimer.singleShot(0, start)
    else:
        _FirstShow(window, start)

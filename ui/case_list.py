"""The case list page (案件列表): filter bar, the lazily filled table, and what it reports upward."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases.inputs import CASE_KINDS, CASE_STATUSES, OPEN_STATUSES
from adjudicator.cases.query import CaseQuery
from ui import icons
from ui.case_model import COLUMN_INDEX, COLUMNS, CaseTableModel
from ui.case_painter import RowPainter
from ui.sorting import use_sort_arrows

if TYPE_CHECKING:
    from adjudicator.database import Database

#: Delay between the last keystroke and the query (type-to-filter).
FILTER_DELAY_MS = 150
#: The rest of a keystroke's matches is searched after the first screenful painted, or after this.
AFTER_PAINT_FALLBACK_MS = 100
ROW_HEIGHT = 30

_OPEN = "__open__"
_CLOSED = "__closed__"


class CaseTableView(QTableView):
    """The table: whole rows, fixed row height, a hint when it is empty; Enter opens the case."""

    #: Enter or Return on a row: ``(row)``.
    rowActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.empty_text = ""
        #: Paints the rows (None: Qt paints them cell by cell, as before; kept to compare the two).
        self.row_painter: RowPainter | None = RowPainter()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        vertical = self.verticalHeader()
        vertical.hide()
        # Fixed heights: the view never asks 100,000 rows for their size.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(50)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowActivated.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model()
        if self.row_painter is not None and isinstance(model, CaseTableModel):
            self.row_painter.paint(self, model, event)
        else:
            super().paintEvent(event)
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.viewport().rect().adjusted(20, 60, -20, -20),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.empty_text)
            painter.end()


class CaseListPage(QWidget):
    """The first page of the main window: find cases and open them."""

    #: Open a case: ``(case id)``.
    openRequested = Signal(object)
    #: The number of cases shown changed: ``(count)``.
    countChanged = Signal(int)
    #: The selected cases changed (the main window enables its actions).
    selectionChanged = Signal()
    #: "显示已删除" was toggled: ``(showing deleted)``.
    deletedModeChanged = Signal(bool)

    def __init__(self, db: Database | None, parent: QWidget | None = None):
        """``db`` None: the database is still being opened; see :meth:`attach`."""
        super().__init__(parent)
        self.db = db
        self.model = CaseTableModel(db, self)
        self._pending_select: list[uuid.UUID] = []
        self._count = 0

        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.apply_filters)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_filter_bar())
        layout.addWidget(self._build_table(), 1)

        self._after_paint: list[Callable[[], None]] = []
        self.model.defer_rest = self._after_next_paint
        self.view.viewport().installEventFilter(self)
        self.model.loaded.connect(self._on_loaded)
        self.model.modelAboutToBeReset.connect(self._remember_selection)

    # -- building ------------------------------------------------------------------------------------

    def _build_filter_bar(self) -> QWidget:
        bar = QFrame()
        bar.setProperty("role", "filterbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(8)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText(self.tr("筛选：案号、当事人名称、专利号（Ctrl+F）"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icons.icon("search", "#6b7480"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.setMinimumWidth(220)  # the window still fits a 1024-px screen
        self.filter_edit.textChanged.connect(lambda _text: self.filter_timer.start())
        self.filter_edit.returnPressed.connect(self.apply_filters)
        self.filter_edit.installEventFilter(self)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindFilter")
        self.kind_combo.addItem(self.tr("全部类型"), None)
        for code, label in CASE_KINDS.items():
            self.kind_combo.addItem(label, code)
        self.kind_combo.currentIndexChanged.connect(self.apply_filters)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("全部状态"), None)
        self.status_combo.addItem(self.tr("办理中"), _OPEN)
        self.status_combo.addItem(self.tr("已结案"), _CLOSED)
        self.status_combo.insertSeparator(self.status_combo.count())
        for code, label in CASE_STATUSES.items():
            self.status_combo.addItem(label, code)
        self.status_combo.currentIndexChanged.connect(self.apply_filters)

        self.deleted_check = QCheckBox(self.tr("显示已删除(&D)"))
        self.deleted_check.setObjectName("deletedCheck")
        self.deleted_check.setToolTip(self.tr("只列出已删除的案件，以便查看或恢复"))
        self.deleted_check.toggled.connect(self._deleted_toggled)

        kind_label = QLabel(self.tr("类型(&K)"))
        kind_label.setBuddy(self.kind_combo)
        status_label = QLabel(self.tr("状态(&T)"))
        status_label.setBuddy(self.status_combo)
        row.addWidget(self.filter_edit, 2)
        row.addSpacing(6)
        row.addWidget(kind_label)
        row.addWidget(self.kind_combo)
        row.addWidget(status_label)
        row.addWidget(self.status_combo)
        row.addSpacing(6)
        row.addWidget(self.deleted_check)
        row.addStretch(1)
        return bar

    def _build_table(self) -> QWidget:
        self.view = CaseTableView()
        self.view.setObjectName("caseTable")
        self.view.setModel(self.model)
        header = self.view.horizontalHeader()
        for i, column in enumerate(COLUMNS):
            header.resizeSection(i, column.width)
        header.setSectionResizeMode(COLUMN_INDEX["party_summary"], QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(COLUMN_INDEX["received_on"], Qt.SortOrder.DescendingOrder)
        use_sort_arrows(header)
        self.view.setSortingEnabled(True)  # calls model.sort(), which re-queries the database
        self.view.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.view.rowActivated.connect(self._open_row)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selectionChanged.emit())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.selectionChanged.emit())
        return self.view

    # -- filtering -----------------------------------------------------------------------------------

    def current_query(self) -> CaseQuery:
        """The query the filter widgets describe (keeping the current sort)."""
        status = self.status_combo.currentData()
        if status == _OPEN:
            statuses: tuple[str, ...] = tuple(OPEN_STATUSES)
        elif status == _CLOSED:
            statuses = tuple(s for s in CASE_STATUSES if s not in OPEN_STATUSES)
        elif status:
            statuses = (str(status),)
        else:
            statuses = ()
        kind = self.kind_combo.currentData()
        return replace(self.model.query, text=self.filter_edit.text().strip(),
                       kinds=(str(kind),) if kind else (), statuses=statuses,
                       deleted=self.deleted_check.isChecked())

    def apply_filters(self) -> None:
        """Query now with what the filter widgets say (the timer calls this after typing stops)."""
        self.filter_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.set_query(query)

    def load(self) -> None:
        """The first query, when the window opens (unless restoring the sort already started it)."""
        query = self.current_query()
        if self.model.is_loading and self.model.query == query:
            return
        self.model.set_query(query)

    def attach(self, db: Database) -> None:
        """The database is open (after the first look at start-up): the list asks it from now on."""
        self.db = db
        self.model.attach(db)

    def refresh(self, select: list[uuid.UUID] | None = None) -> None:
        """Query again (after a save or delete); select ``select`` once the rows are back."""
        if select is not None:
            self._pending_select = list(select)
        self.filter_timer.stop()
        self.model.set_query(self.current_query(), reload=True)

    def _deleted_toggled(self, checked: bool) -> None:
        self.deletedModeChanged.emit(checked)
        self.apply_filters()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _after_next_paint(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` once the list has painted (or soon regardless, if it does not paint)."""
        self._after_paint.append(fn)
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, self._run_after_paint)

    def _run_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for fn in waiting:
            fn()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._after_paint and watched is self.view.viewport():
            QTimer.singleShot(0, self, self._run_after_paint)  # once this paint is done
            return False
        # Down arrow in the filter box moves into the list, as in a browser's address bar.
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()  # Esc empties the filter, as in a browser's find bar
                return True
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.view.setFocus()
                if not self.view.currentIndex().isValid():
                    self.view.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    # -- selection -------------------------------------------------------------------------------------

    @property
    def showing_deleted(self) -> bool:
        return self.deleted_check.isChecked()

    @property
    def count(self) -> int:
        return self._count

    def selected_ids(self) -> list[uuid.UUID]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        ids = [self.model.case_id(r) for r in rows]
        return [i for i in ids if i is not None]

    def current_id(self) -> uuid.UUID | None:
        index = self.view.currentIndex()
        return self.model.case_id(index.row()) if index.isValid() else None

    def select_case(self, case_id: uuid.UUID) -> bool:
        """Select and show the row of ``case_id``; False if the list does not contain it."""
        row = self.model.row_of(case_id)
        if row is None:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _remember_selection(self) -> None:
        if not self._pending_select:
            self._pending_select = self.selected_ids()

    def _on_loaded(self, count: int) -> None:
        self._count = count
        pending, self._pending_select = self._pending_select, []
        for case_id in pending[:1]:
            self.select_case(case_id)
        for case_id in pending[1:]:
            row = self.model.row_of(case_id)
            if row is not None:
                self.view.selectionModel().select(
                    self.model.index(row, 0),
                    self.view.selectionModel().SelectionFlag.Select | self.view.selectionModel().SelectionFlag.Rows)
        self.view.empty_text = self._empty_text()
        self.view.viewport().update()
        self.countChanged.emit(count)
        self.selectionChanged.emit()

    def _empty_text(self) -> str:
        query = self.model.query
        if query.deleted:
            return self.tr("没有已删除的案件。")
        if query.text or query.kinds or query.statuses:
            return self.tr("没有符合筛选条件的案件。\n请修改或清除筛选条件。")
        return self.tr("还没有案件。\n按 Ctrl+N 新建第一个案件。")

    def _open_row(self, row: int) -> None:
        case_id = self.model.case_id(row)
        if case_id is not None:
            self.openRequested.emit(case_id)

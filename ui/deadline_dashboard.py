"""期限看板: every open deadline of every case, sorted by due date, overdue in red and the next 3 working days in amber.

Filters by handler (承办人), station (裁决所: a supervisor's database only, with its column), case kind,
rule and whose act it is; double-click or Enter opens the
case (:attr:`DeadlineDashboard.open_case`, which the main window connects to its ``open_case``).
The rows come from :func:`adjudicator.procedure.dashboard.deadline_board` in the background; filtering
happens on the rows already read. :func:`dashboard_page` builds the page for the main window (listed
in :data:`ui.features.PAGES`) and schedules the start-up notice of what is overdue or due today
(:mod:`ui.startup_notice`).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from adjudicator.procedure.case_deadlines import ACTOR_LABELS
from adjudicator.cases.inputs import CASE_KINDS
from adjudicator.procedure.dashboard import Board, BoardQuery, BoardRow, deadline_board
from adjudicator.stations.registry import registry
from adjudicator.calendar.periods import RULES, period_text, remaining_text
from adjudicator.calendar.store import load_calendar
from adjudicator.calendar.workdays import WorkCalendar
from adjudicator.database import Database
from ui import icons, labels
from ui.sorting import pinyin_key
from ui.worker import run_in_background

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
CaseIdRole = Qt.ItemDataRole.UserRole + 1
UrgencyRole = Qt.ItemDataRole.UserRole + 2

#: Row colours: text and background per urgency.
COLOURS = {
    "overdue": (QColor("#b71c1c"), QColor("#fdecea")),
    "today": (QColor("#8a4b00"), QColor("#ffe9c2")),
    "soon": (QColor("#8a5300"), QColor("#fff6e0")),
}
COLUMNS = ("届满日", "剩余", "案号", "期限", "义务人", "承办人", "案件类型", "状态", "起算日", "说明", "裁决所")
#: The station column: shown on a supervisor's database only, placed beside 案号.
STATION_COLUMN = 10


def due_text(row: BoardRow) -> str:
    return row.due.isoformat() + ("（暂定）" if row.provisional else "")


def left_text(row: BoardRow, calendar: WorkCalendar | None = None) -> str:
    """还剩 3 个工作日 / 还剩 5 天 — in the unit the rule counts — or 今日届满 / 已逾期 2 天."""
    today = row.due - timedelta(days=row.days_left)
    return remaining_text(row.rule, row.due, today, calendar)


class DeadlineModel(QAbstractTableModel):
    """The dashboard rows (a list of :class:`BoardRow`)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[BoardRow] = []
        #: The station's working calendar, for working days left (set by the page; None: the built-in one).
        self.calendar: WorkCalendar | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: list[BoardRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.urgency in COLOURS and column in (0, 1, 3):
            return QBrush(COLOURS[row.urgency][0])
        if role == Qt.ItemDataRole.BackgroundRole and row.urgency in COLOURS:
            return QBrush(COLOURS[row.urgency][1])
        if role == Qt.ItemDataRole.FontRole and column in (0, 1) and row.urgency in ("overdue", "today"):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1, 4, 5, 7, 8, STATION_COLUMN):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.label}：{period_text(row.rule, row.start, row.due, row.provisional)}" + (
                f"（{row.note}）" if row.note else "")
        if role == CaseIdRole:
            return row.case_id
        if role == UrgencyRole:
            return row.urgency
        return None

    def _text(self, row: BoardRow, column: int) -> str:
        values = (due_text(row), left_text(row, self.calendar), row.case_no, row.label, ACTOR_LABELS.get(row.actor, row.actor),
                  row.handler, labels.kind_short(row.case_kind), labels.status_label(row.status),
                  row.start.isoformat(), row.note, row.station)
        return values[column]


class RowTintDelegate(QStyledItemDelegate):
    """Paints the model's row tint under the text (the theme's item style would otherwise hide it)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        if isinstance(brush, QBrush) and not option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, brush)
        super().paint(painter, option, index)


class DeadlineDashboard(QWidget):
    """期限看板 page of the main window."""

    #: The user asked to open a case: ``(case id)``.
    open_case = Signal(object)
    #: A board was read: ``(Board)`` (the start-up notice and the calendar listen).
    loaded = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deadlineDashboard")
        self._db = db
        self.board: Board | None = None
        self.model = DeadlineModel(self)
        self.view = QTableView()
        self.view.setObjectName("deadlineTable")
        self.view.setModel(self.model)
        self.view.setItemDelegate(RowTintDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setWordWrap(False)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        header = self.view.horizontalHeader()
        for column, width in enumerate((150, 130, 230, 220, 70, 80, 80, 100, 100)):  # 还剩 20 个工作日 fits
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.moveSection(STATION_COLUMN, 2)  # shown before 案号; 说明 stays the stretching last section
        header.resizeSection(STATION_COLUMN, 70)
        self.view.setColumnHidden(STATION_COLUMN, True)
        header.setStretchLastSection(True)
        self.handler = QComboBox()
        self.handler.setObjectName("handlerFilter")
        self.station = QComboBox()
        self.station.setObjectName("stationFilter")
        self.station.addItem(self.tr("全部裁决所"), None)
        self.station.setVisible(False)
        self.kind = QComboBox()
        self.kind.setObjectName("kindFilter")
        self.kind.addItem(self.tr("全部类型"), None)
        for code, label in CASE_KINDS.items():
            self.kind.addItem(label, code)
        self.rule = QComboBox()
        self.rule.setObjectName("ruleFilter")
        self.rule.addItem(self.tr("全部期限"), None)
        for rule in RULES.values():
            self.rule.addItem(rule.label, rule.id)
        self.actor = QComboBox()
        self.actor.addItem(self.tr("本机关和当事人"), None)
        for code, label in ACTOR_LABELS.items():
            self.actor.addItem(self.tr("{who}的期限").format(who=label), code)
        self.overdue_only = QCheckBox(self.tr("只看逾期(&O)"))
        self.today_button = QPushButton(self.tr("转到今天(&T)"))
        self.today_button.setToolTip(self.tr("滚动到今天及以后届满的第一项（其上为已逾期的期限）"))
        self.today_button.clicked.connect(self.scroll_to_today)
        self.refresh_button = QPushButton(icons.icon("refresh"), self.tr("刷新"))
        self.refresh_button.setToolTip(self.tr("重新计算（F5）"))
        self.refresh_button.clicked.connect(self.refresh)
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self._set_handlers(())
        for combo in (self.handler, self.station, self.kind, self.rule, self.actor):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.overdue_only.toggled.connect(self.apply_filters)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._layout()

    def _layout(self) -> None:
        bar = QFrame()
        bar.setProperty("role", "filterbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        handler_label = QLabel(self.tr("承办人(&H)："))
        handler_label.setBuddy(self.handler)
        row.addWidget(handler_label)
        row.addWidget(self.handler)
        for combo in (self.station, self.kind, self.rule, self.actor):
            row.addWidget(combo)
        row.addWidget(self.overdue_only)
        row.addStretch(1)
        row.addWidget(self.today_button)
        row.addWidget(self.refresh_button)
        head = QHBoxLayout()
        head.setContentsMargins(12, 8, 12, 0)
        head.addWidget(self.summary, 1)
        legend = QLabel(self.tr("双击或按回车打开案件；（暂定）：该年假日安排尚未导入"))
        legend.setProperty("role", "hint")
        head.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addLayout(head)
        body = QVBoxLayout()
        body.setContentsMargins(12, 6, 12, 10)
        body.addWidget(self.view)
        layout.addLayout(body, 1)

    def showEvent(self, event: QShowEvent) -> None:
        """Each time the page comes to the front it reads again: events may have changed meanwhile."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    # -- data ---------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the open deadlines again (in the background)."""
        self.summary.setText(self.tr("正在计算期限…"))
        run_in_background(deadline_board, self._db, parent=self, on_success=self.show_board)

    def show_board(self, board: Board) -> None:
        self.board = board
        self.model.calendar = load_calendar(self._db)
        self._set_handlers(board.handlers)
        self._set_stations(board.stations)
        self.apply_filters()
        self.loaded.emit(board)

    def _set_handlers(self, handlers: tuple[str, ...]) -> None:
        current = self.handler.currentData()
        self.handler.blockSignals(True)
        self.handler.clear()
        self.handler.addItem(self.tr("全部"), None)
        for name in sorted(handlers, key=pinyin_key):
            self.handler.addItem(name, name)
        self.handler.setCurrentIndex(max(0, self.handler.findData(current)))
        self.handler.blockSignals(False)

    def _set_stations(self, stations: tuple[str, ...]) -> None:
        """A supervisor's board spans stations: their column and filter (a station's board has none)."""
        self.view.setColumnHidden(STATION_COLUMN, not stations)
        self.station.setVisible(bool(stations))
        current = self.station.currentData()
        names = {info.code: info.name for info in registry(self._db)} if stations else {}
        self.station.blockSignals(True)
        self.station.clear()
        self.station.addItem(self.tr("全部裁决所"), None)
        for code in stations:
            self.station.addItem(f"{code} {names.get(code, '')}".strip(), code)
        self.station.setCurrentIndex(max(0, self.station.findData(current)))
        self.station.blockSignals(False)

    def query(self) -> BoardQuery:
        def chosen(combo: QComboBox) -> tuple[str, ...]:
            value = combo.currentData()
            return (str(value),) if value else ()

        return BoardQuery(handler=str(self.handler.currentData() or ""), case_kinds=chosen(self.kind),
                          rules=chosen(self.rule), actors=chosen(self.actor),
                          overdue_only=self.overdue_only.isChecked(), stations=chosen(self.station))

    def apply_filters(self) -> None:
        if self.board is None:
            return
        rows = self.board.filtered(self.query())
        self.model.set_rows(rows)
        counts = {"overdue": 0, "today": 0, "soon": 0}
        for row in rows:
            if row.urgency in counts:
                counts[row.urgency] += 1
        self.summary.setText(self.tr(
            "共 <b>{n}</b> 项未完成期限　<span style='color:#b71c1c'>■ 已逾期 <b>{o}</b></span>　"
            "<span style='color:#8a4b00'>■ 今日届满 <b>{t}</b></span>　"
            "<span style='color:#b07700'>■ 3 个工作日内 <b>{s}</b></span>　（截至 {today}）").format(
            n=len(rows), o=counts["overdue"], t=counts["today"], s=counts["soon"], today=self.board.today))

    def scroll_to_today(self) -> int:
        """Show the first row due today or later near the top; returns its row (-1 if none)."""
        row = next((i for i, r in enumerate(self.model.rows) if r.urgency != "overdue"), -1)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.scrollTo(self.model.index(max(0, row - 3), 0), QAbstractItemView.ScrollHint.PositionAtTop)
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        return row

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.data(index, CaseIdRole)
        if isinstance(case_id, uuid.UUID):
            self.open_case.emit(case_id)


def dashboard_page(db: Database, window: QWidget) -> QWidget:
    """The 期限看板 page for the main window ``window``, with the start-up notice of what is due."""
    page = DeadlineDashboard(db, window)
    opener = getattr(window, "open_case", None)
    if callable(opener):
        page.open_case.connect(opener)
    from ui.startup_notice import schedule_startup_notice

    schedule_startup_notice(db, window, page)
    return page


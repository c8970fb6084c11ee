"""月历: a month calendar marking holidays (休), make-up working days (班) and the deadlines of each day.

:class:`HolidayCalendar` is the calendar widget the whole feature uses — the date pickers of the
event dialog show it too — so a clerk sees at a glance that 2026-02-14 is a Saturday that is
worked and 02-16 a Spring Festival holiday. :class:`CalendarPage` is the 月历 page of the main
window: the month, and for the selected day what is due on it. The page is registered by
:mod:`ui.deadline_dashboard` (so that 期限看板 comes first).
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.calendar.store import day_info, load_calendar
from adjudicator.procedure.dashboard import Board, BoardRow, deadline_board
from adjudicator.database import Database
from adjudicator.procedure.schedule import ScheduledHearing, hearings_between
from adjudicator.calendar.workdays import WorkCalendar, default_calendar
from ui import icons
from ui.worker import run_in_background

HOLIDAY = QColor("#c62828")
HOLIDAY_TINT = QColor(198, 40, 40, 26)
MAKEUP = QColor("#1f5fbf")
MAKEUP_TINT = QColor(31, 95, 191, 26)
OVERDUE = QColor("#c62828")
SOON = QColor("#d98a00")
LATER = QColor("#5f6b7a")
HEARING = QColor("#6a1b9a")
_WEEKDAYS = "一二三四五六日"


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def day_summary(calendar: WorkCalendar, day: date) -> str:
    """星期六 · 调休上班（春节调休） / 休息日（春节） / 工作日, with （暂定） for an unannounced year."""
    info = day_info(calendar, day)
    text = f"星期{_WEEKDAYS[day.weekday()]} · " + ("工作日" if info.workday else "休息日")
    if info.holiday:
        text += f"（{info.holiday}）"
    elif info.makeup:
        text = f"星期{_WEEKDAYS[day.weekday()]} · 调休上班（{info.makeup}）"
    if info.provisional:
        text += "（暂定：该年假日安排尚未导入）"
    return text


class HolidayCalendar(QCalendarWidget):
    """A month calendar that marks holidays, make-up working days and (optionally) deadlines per day."""

    def __init__(self, calendar: WorkCalendar | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._calendar = calendar or default_calendar()
        self._marks: dict[date, tuple[int, QColor]] = {}
        self._hearings: set[date] = set()
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        plain = self.weekdayTextFormat(Qt.DayOfWeek.Monday)
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):  # weekends are coloured per date below
            self.setWeekdayTextFormat(day, plain)

    def set_calendar(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar
        self.updateCells()

    def set_deadline_marks(self, marks: dict[date, tuple[int, QColor]]) -> None:
        """Per day: how many deadlines fall on it and the colour of the most urgent."""
        self._marks = marks
        self.updateCells()

    def set_hearing_days(self, days: set[date]) -> None:
        """Days with an oral hearing: marked 审 in the top right corner."""
        self._hearings = days
        self.updateCells()

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        day = to_date(qdate)
        entry = self._calendar.entry_on(day)
        honoured = entry is not None and not self._calendar.is_provisional_year(day.year)
        holiday = honoured and entry is not None and entry.kind == "holiday"
        makeup = honoured and entry is not None and entry.kind == "workday"
        painter.save()
        if holiday or makeup:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), HOLIDAY_TINT if holiday else MAKEUP_TINT)
        painter.restore()
        super().paintCell(painter, rect, qdate)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(painter.font())
        small.setPointSizeF(max(6.5, small.pointSizeF() * 0.72))
        small.setBold(True)
        painter.setFont(small)
        roomy = rect.height() >= 36
        if holiday or makeup:
            colour = HOLIDAY if holiday else MAKEUP
            if roomy:
                painter.setPen(colour)
                painter.drawText(rect.adjusted(3, 1, -2, -1), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                                 "休" if holiday else "班")
            else:  # a small cell (the date pickers): a coloured corner instead of a letter
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                corner = rect.topLeft()
                painter.drawPolygon([corner, corner + QPoint(7, 0), corner + QPoint(0, 7)])
        elif roomy and not self._calendar.is_workday(day) and qdate.month() == self.monthShown():
            painter.setPen(QColor("#9aa3ad"))
            painter.drawText(rect.adjusted(3, 1, -2, -1), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                             "休")
        if day in self._hearings:
            painter.setPen(HEARING)
            painter.drawText(rect.adjusted(2, 1, -3, -1), Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight, "审")
        mark = self._marks.get(day)
        if mark is not None:
            count, colour = mark
            size = min(rect.height() // 2, 18)
            badge = QRect(rect.right() - size - 2, rect.bottom() - size - 2, size, size)
            painter.setPen(QPen(Qt.PenStyle.NoPen))
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(badge)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
        painter.restore()


def urgency_colour(row: BoardRow) -> QColor:
    return OVERDUE if row.urgency == "overdue" else SOON if row.urgency in ("today", "soon") else LATER


class CalendarPage(QWidget):
    """月历 page: holidays and make-up days of the month, and the deadlines due on each day."""

    #: The user asked to open a case: ``(case id)``.
    open_case = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self._db = db
        self._by_day: dict[date, list[BoardRow]] = {}
        self.calendar = HolidayCalendar(load_calendar(db))
        self.calendar.setObjectName("monthCalendar")
        self.calendar.setMinimumSize(560, 420)
        self.calendar.selectionChanged.connect(self._show_day)
        self.calendar.currentPageChanged.connect(lambda *_: self._show_month())
        self._hearings: dict[date, list[ScheduledHearing]] = {}
        self.provisional = QLabel()
        self.provisional.setObjectName("provisionalBanner")
        self.provisional.setWordWrap(True)
        self.provisional.setStyleSheet("background:#fff4e5; color:#8a4b00; border:1px solid #f0c36d;"
                                       "border-radius:4px; padding:6px 10px;")
        self.provisional.hide()
        self.day_title = QLabel()
        self.day_title.setProperty("role", "title")
        self.day_detail = QLabel()
        self.day_detail.setProperty("role", "subtitle")
        self.day_detail.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("dayDeadlines")
        self.list.setHeaderLabels([self.tr("案号"), self.tr("事项"), self.tr("承办人"), self.tr("状态")])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.itemActivated.connect(self._activated)
        self.list.setColumnWidth(0, 200)
        self.list.setColumnWidth(1, 190)
        self.refresh_button = QPushButton(self.tr("刷新(&R)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.settings_button = QPushButton(icons.icon("calendar"), self.tr("工作日历设置(&S)…"))
        self.settings_button.clicked.connect(self._settings)
        self._layout()

    def _layout(self) -> None:
        legend = QLabel(self.tr(
            '<span style="color:#c62828;font-weight:bold">休</span> 法定节假日　'
            '<span style="color:#1f5fbf;font-weight:bold">班</span> 调休上班　'
            '<span style="color:#c62828">●</span> 有逾期期限　<span style="color:#d98a00">●</span> 3 个工作日内届满　'
            '<span style="color:#5f6b7a">●</span> 其他期限（数字为期限数）　'
            '<span style="color:#6a1b9a;font-weight:bold">审</span> 口头审理'))
        legend.setProperty("role", "hint")
        top = QHBoxLayout()
        top.addWidget(legend, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.settings_button)
        side = QFrame()
        column = QVBoxLayout(side)
        column.setContentsMargins(12, 0, 0, 0)
        column.addWidget(self.day_title)
        column.addWidget(self.day_detail)
        hint = QLabel(self.tr("当日的口头审理和届满的期限（双击打开案件）："))
        hint.setProperty("role", "hint")
        column.addWidget(hint)
        column.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(self.calendar)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(self.provisional)
        layout.addWidget(splitter, 1)

    def showEvent(self, event: QShowEvent) -> None:
        """Each time the page comes to the front it reads again: events may have changed meanwhile."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> None:
        """Read the calendar and the open deadlines again (in the background)."""
        self.calendar.set_calendar(load_calendar(self._db))
        self._show_month()
        run_in_background(deadline_board, self._db, parent=self, on_success=self.show_board)

    def _show_month(self) -> None:
        """The hearings of the month shown (and the days of the neighbouring months it shows), and 暂定."""
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        first = date(year, month, 1)
        shown_from = date.fromordinal(first.toordinal() - 7)
        shown_to = date.fromordinal(first.toordinal() + 45)
        self._hearings = {}
        for hearing in hearings_between(self._db, shown_from, shown_to):
            self._hearings.setdefault(hearing.day, []).append(hearing)
        self.calendar.set_hearing_days(set(self._hearings))
        calendar = load_calendar(self._db)
        if calendar.is_provisional_year(year):
            self.provisional.setText(self.tr(
                "暂定：%1 年的法定节假日和调休安排尚未导入，本月的休息日只按周末标出，届满日也按周末计算，均为暂定。"
                "国务院公布安排后，请在“工作日历设置”中导入该年，期限会自动重新计算。").replace("%1", str(year)))
            self.provisional.show()
        else:
            self.provisional.hide()
        self._show_day()

    def show_board(self, board: Board) -> None:
        self._by_day = {}
        for row in board.rows:
            self._by_day.setdefault(row.due, []).append(row)
        rank = {"overdue": 0, "today": 1, "soon": 1, "later": 2}
        marks = {}
        for day, rows in self._by_day.items():
            worst = min(rows, key=lambda r: rank[r.urgency])
            marks[day] = (len(rows), urgency_colour(worst))
        self.calendar.set_deadline_marks(marks)
        self._show_day()

    def _show_day(self) -> None:
        day = to_date(self.calendar.selectedDate())
        self.day_title.setText(f"{day.year}年{day.month}月{day.day}日")
        self.day_detail.setText(day_summary(load_calendar(self._db), day))
        self.list.clear()
        for hearing in self._hearings.get(day, []):
            item = QTreeWidgetItem([hearing.case_no, hearing.words, hearing.handler,
                                    self.tr("已进行") if hearing.held else self.tr("已安排")])
            item.setData(0, Qt.ItemDataRole.UserRole, hearing.case_id)
            item.setForeground(1, QBrush(HEARING))
            self.list.addTopLevelItem(item)
        for row in self._by_day.get(day, []):
            item = QTreeWidgetItem([row.case_no, row.label, row.handler,
                                    {"overdue": self.tr("已逾期"), "today": self.tr("今日届满")}.get(row.urgency, "")])
            item.setData(0, Qt.ItemDataRole.UserRole, row.case_id)
            item.setForeground(3, QBrush(urgency_colour(row)))
            item.setToolTip(1, row.note or row.label)
            self.list.addTopLevelItem(item)

    def hearings_on(self, day: date) -> list[ScheduledHearing]:
        return list(self._hearings.get(day, []))

    def deadlines_on(self, day: date) -> list[BoardRow]:
        return list(self._by_day.get(day, []))

    def _activated(self, item: QTreeWidgetItem) -> None:
        case_id = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(case_id, uuid.UUID):
            self.open_case.emit(case_id)

    def _settings(self) -> None:
        from ui.calendar_settings import CalendarSettingsDialog

        dialog = CalendarSettingsDialog(self._db, self)
        dialog.exec()
        if dialog.changed:
            self.refresh()


def calendar_page(db: Database, window: QWidget) -> QWidget:
    """The 月历 page for the main window ``window`` (its double-clicks open cases there)."""
    page = CalendarPage(db, window)
    opener = getattr(window, "open_case", None)
    if callable(opener):
        page.open_case.connect(opener)
    return page

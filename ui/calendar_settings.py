"""工作日历设置: the years the calendar knows, importing the State Council's schedule for a new year.

A supervisor types the announced schedule into a small file (an existing year exported here is
the example to follow) and imports it here; each year's holidays and make-up days show as a table; every due date
that depended on that year stops being provisional (暂定). The public-notice period (公告送达期间)
is set here too. Everything goes through :mod:`adjudicator.calendar.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.calendar.store import (
    calendar_years,
    export_schedule,
    import_schedule_file,
    load_calendar,
    public_notice_days,
    set_public_notice_days,
)
from adjudicator.calendar.workdays import CalendarEntry
from adjudicator.errors import DomainError
from adjudicator.database import Database
from ui import dialogs
from ui.geometry import remember
from ui.save_as import choose_output, write_bytes


def schedule_rows(entries: Sequence[CalendarEntry]) -> list[tuple[str, str, str, str]]:
    """One row per holiday (its days joined into a range) and per make-up working day: 名称, 安排, 日期, 天数."""
    rows: list[tuple[str, str, str, str]] = []
    run: list[CalendarEntry] = []

    def flush() -> None:
        if run:
            first, last = run[0].day, run[-1].day
            span = first.isoformat() if first == last else f"{first.isoformat()} 至 {last.isoformat()}"
            rows.append((run[0].name, "放假", span, str(len(run))))
            run.clear()

    for entry in sorted(entries, key=lambda e: e.day):
        if entry.kind == "holiday":
            if run and (entry.name != run[-1].name or (entry.day - run[-1].day).days != 1):
                flush()
            run.append(entry)
        else:
            flush()
            rows.append((entry.name, "调休上班", entry.day.isoformat(), "1"))
    flush()
    return rows


class CalendarSettingsDialog(QDialog):
    """Years of the working-day calendar; import and export of a year's schedule; the public-notice period."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("calendarSettings")
        self.setWindowTitle(self.tr("工作日历设置"))
        self._db = db
        self.changed = False
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("calendarYears")
        self.table.setHorizontalHeaderLabels([self.tr("年份"), self.tr("假日安排"), self.tr("放假天数"),
                                              self.tr("调休上班"), self.tr("来源")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.itemSelectionChanged.connect(self._show_schedule)
        self.schedule = QTableWidget(0, 4)
        self.schedule.setObjectName("yearSchedule")
        self.schedule.setHorizontalHeaderLabels([self.tr("名称"), self.tr("安排"), self.tr("日期"), self.tr("天数")])
        self.schedule.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.schedule.verticalHeader().hide()
        self.schedule.setAlternatingRowColors(True)
        self.schedule.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.schedule.horizontalHeader().setStretchLastSection(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.import_button = QPushButton(self.tr("导入假日安排(&I)…"))
        self.import_button.setObjectName("importSchedule")
        self.import_button.clicked.connect(self.choose_and_import)
        self.export_button = QPushButton(self.tr("导出所选年份(&E)…"))
        self.export_button.clicked.connect(self.export_selected)
        self.notice_days = QSpinBox()
        self.notice_days.setRange(1, 365)
        self.notice_days.setSuffix(self.tr(" 日"))
        self.notice_days.setValue(public_notice_days(db))
        self.notice_days.setToolTip(self.tr("《民事诉讼法》为 30 日；2019 年办案指南为 60 日"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout()
        self.reload()
        remember(self, "calendarSettings", 720, 620)

    def _layout(self) -> None:
        intro = QLabel(self.tr(
            "国务院每年秋季公布下一年的放假安排。未导入安排的年份只按周末计算，相关期限标注“（暂定）”；"
            "导入后自动重新计算。要导入新的一年，可先“导出所选年份”得到一份样例文件，照其格式填写新一年的"
            "放假和调休上班日期后导入。"))
        intro.setWordWrap(True)
        schedule_title = QLabel(self.tr("所选年份的安排："))
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        notice_label = QLabel(self.tr("公告送达期间(&P)："))
        notice_label.setBuddy(self.notice_days)
        buttons.addWidget(notice_label)
        buttons.addWidget(self.notice_days)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(schedule_title)
        layout.addWidget(self.schedule, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(close)

    def reload(self) -> None:
        years = calendar_years(self._db)
        self.table.setRowCount(len(years))
        for row, year in enumerate(reversed(years)):
            values = [str(year.year), self.tr("已公布") if year.announced else self.tr("未公布"), str(year.holidays),
                      str(year.workdays), year.source]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (0, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        if years:
            self.table.selectRow(0)

    def _show_schedule(self) -> None:
        """The selected year's holidays and make-up working days as a table."""
        year = self.selected_year()
        calendar = load_calendar(self._db)
        rows = schedule_rows(calendar.entries_in(year)) if year is not None else []
        self.schedule.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                self.schedule.setItem(r, c, QTableWidgetItem(value))

    def selected_year(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.text()) if item is not None else None

    def import_file(self, path: str | Path) -> bool:
        """Import one schedule file; the sentence (done or what is wrong) shows under the table."""
        try:
            summary = import_schedule_file(self._db, path)
        except DomainError as error:
            self._say(str(error), ok=False)
            return False
        self.changed = True
        self.reload()
        self._say(summary.sentence() + self.tr("相关期限已按新安排重新计算。"), ok=True)
        return True

    def choose_and_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("选择假日安排文件"), "",
                                                    self.tr("假日安排 (*.json);;所有文件 (*)"))
        if path:
            self.import_file(path)

    def export_selected(self) -> None:
        year = self.selected_year()
        if year is None:
            return
        path = choose_output(self, self._db, self.tr("导出假日安排"), f"{year}.json", self.tr("假日安排 (*.json)"))
        if path is None:
            return
        try:
            text = export_schedule(self._db, year)
        except DomainError as error:
            dialogs.show_error(self, str(error))
            return
        if write_bytes(self, self._db, path, text.encode("utf-8")) is None:
            return
        self._say(self.tr("已导出 {year} 年假日安排：{path}").format(year=year, path=path), ok=True)

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setProperty("role", "ok" if ok else "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def done(self, result: int) -> None:
        if self.notice_days.value() != public_notice_days(self._db):
            set_public_notice_days(self._db, self.notice_days.value())
            self.changed = True
        super().done(result)

"""工作日历设置: the years the calendar knows, importing the State Council's schedule for a new year.

A supervisor types the announced schedule into a small JSON file (the format is shown in the
dialog, and an existing year can be exported as an example) and imports it here; every due date
that depended on that year stops being provisional (暂定). The public-notice period (公告送达期间)
is set here too. Everything goes through :mod:`adjudicator.calendar.store`.
"""

from __future__ import annotations

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
    public_notice_days,
    set_public_notice_days,
)
from adjudicator.errors import DomainError
from adjudicator.database import Database
from ui import dialogs

EXAMPLE = """{
  "year": 2027,
  "holidays": [
    {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
    {"name": "春节", "from": "2027-02-05", "to": "2027-02-13"}
  ],
  "workdays": [
    {"date": "2027-02-07", "name": "春节调休"}
  ]
}"""


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
        self.resize(720, 560)

    def _layout(self) -> None:
        intro = QLabel(self.tr(
            "国务院每年秋季公布下一年的放假安排。未导入安排的年份只按周末计算，相关期限标注“（暂定）”；"
            "导入后自动重新计算。文件为 UTF-8 编码的 JSON，格式如下（放假期间含首尾两日，调休上班日须为周六或周日）："))
        intro.setWordWrap(True)
        example = QLabel(f"<pre style='margin:0'>{EXAMPLE}</pre>")
        example.setProperty("role", "hint")
        example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        layout.addWidget(example)
        layout.addWidget(self.table, 1)
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
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("导出假日安排"), f"{year}.json",
                                                    self.tr("假日安排 (*.json)"))
        if not path:
            return
        try:
            Path(path).write_text(export_schedule(self._db, year), encoding="utf-8")
        except (DomainError, OSError) as error:
            dialogs.show_error(self, str(error))
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

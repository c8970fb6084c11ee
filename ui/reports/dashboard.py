"""统计报表 window: the supervisors' figures per station and in total, charts, cross-station matches, exports.

Pick a period and a station (or all), and the window shows every figure of
:data:`adjudicator.reports.figures.FIGURES` per station and in total, four charts (cases received
per month by kind, outcomes, net durations, overdue cases by station) and the cross-station
matches. Clicking a number or a bar opens the list of exactly the cases behind it
(:func:`adjudicator.reports.statistics.cases_behind`, the same tests that counted them).
Exports write the workbook or the PDF of the same query. On a station's database the window
shows that station's own cases.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases.inputs import CASE_KINDS
from adjudicator.errors import DomainError
from adjudicator.reports.figures import COUNTED, DURATION_BINS, FIGURE_BY_KEY, OUTCOME_KEYS
from adjudicator.reports.matches import Match, find_matches
from adjudicator.reports.service import export_report
from adjudicator.reports.statistics import (
    ReportQuery,
    Selection,
    Statistics,
    cases_behind,
    compute_statistics,
    report_stations,
    short_name,
)
from adjudicator.reports.summary import summary_sentences
from ui.errors import show_exception
from ui.reports.case_list import CaseListDialog
from ui.reports.charts import BarChartView
from ui.geometry import remember
from ui.save_as import checked_output, choose_output
from ui.widgets import DateEdit
from ui.worker import run_in_background

SelectionRole = Qt.ItemDataRole.UserRole + 1
_KIND_FIGURES = {"infringement": "received_infringement", "ecommerce": "received_ecommerce",
                 "mediation": "received_mediation"}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ReportsWindow(QMainWindow):
    """The dashboard window; :attr:`openCase` asks the main window to open a case from a list."""

    openCase = Signal(object)
    """A case id (uuid.UUID) from a list of cases behind a figure."""

    def __init__(self, db: Any, parent: QWidget | None = None, *, today: date | None = None):
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.stats: Statistics | None = None
        self.matches: list[Match] | None = None
        self.lists: list[CaseListDialog] = []
        self.setObjectName("reportsWindow")
        self.setWindowTitle(self.tr("统计报表"))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._build_bar())
        self.summary = QLabel()
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.figures = QTableWidget()
        self.figures.setObjectName("reportFigures")
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setToolTip(self.tr("单击数字，列出它所统计的案件"))
        self.figures.cellClicked.connect(self._figure_clicked)
        self.tabs.addTab(self.figures, self.tr("指标"))
        self.chart_page = QWidget()
        self.chart_grid = QGridLayout(self.chart_page)
        self.charts: dict[str, BarChartView] = {}
        self.tabs.addTab(self.chart_page, self.tr("图表"))
        self.match_tree = QTreeWidget()
        self.match_tree.setObjectName("reportMatches")
        self.match_tree.setHeaderLabels([self.tr("关联对象"), self.tr("关联类型"), self.tr("涉及裁决所"), self.tr("件数")])
        self.match_tree.itemDoubleClicked.connect(self._match_clicked)
        self.match_index = self.tabs.addTab(self.match_tree, self.tr("跨所关联"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        remember(self, "reportsWindow", 1200, 820)  # never beyond a 1024×700 or 1366×768 screen

    # -- building ---------------------------------------------------------------------------------------------

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("reportPreset")
        year = self.today.year
        self._presets = [(self.tr("本年度"), date(year, 1, 1), date(year, 12, 31)),
                         (self.tr("上年度"), date(year - 1, 1, 1), date(year - 1, 12, 31)),
                         (self.tr("本月"), self.today.replace(day=1), self.today),
                         (self.tr("自定义"), None, None)]
        self.preset.addItems([p[0] for p in self._presets])
        self.start = DateEdit()
        self.end = DateEdit()
        self.end.set_anchor(self.start.value)
        for edit, name, day in ((self.start, "reportStart", date(year, 1, 1)), (self.end, "reportEnd",
                                                                              date(year, 12, 31))):
            edit.setObjectName(name)
            edit.set_value(day)
            edit.dateChanged.connect(self._dates_edited)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.station = QComboBox()
        self.station.setObjectName("reportStation")
        self.station.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.station.setMinimumContentsLength(10)  # long station names elide: the bar fits a 1024-px screen
        scope, stations = report_stations(self.db)
        if scope == "supervisor":
            self.station.addItem(self.tr("全部裁决所"), "")
        for info in stations:
            self.station.addItem(f"{info.code} {info.name}", info.code)
        self.station.setEnabled(scope == "supervisor")
        self.refresh_button = QPushButton(self.tr("统计(&S)"))
        self.refresh_button.setObjectName("reportRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.xlsx_button = QPushButton(self.tr("导出 Excel(&X)…"))
        self.xlsx_button.setObjectName("reportExportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button = QPushButton(self.tr("导出 PDF(&P)…"))
        self.pdf_button.setObjectName("reportExportPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        for label, widget in ((self.tr("期间"), self.preset), (self.tr("自"), self.start), (self.tr("至"), self.end),
                              (self.tr("裁决所"), self.station)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)
        return bar

    def _preset_chosen(self, index: int) -> None:
        _label, start, end = self._presets[index]
        if start is None or end is None:
            return
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _dates_edited(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(self._presets) - 1)
        self.preset.blockSignals(False)

    def query(self) -> ReportQuery:
        code = self.station.currentData() or ""
        return ReportQuery(_pydate(self.start.date()), _pydate(self.end.date()), (code,) if code else ())

    # -- computing ----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count the figures of the chosen period and station (in the background) and show them."""
        query = self.query()
        if query.end < query.start:
            QMessageBox.warning(self, self.tr("统计期间有误"),
                                self.tr("结束日期 {end} 早于开始日期 {start}；请把结束日期改为开始日期或以后。")
                                .format(end=query.end.isoformat(), start=query.start.isoformat()))
            return
        self.refresh_button.setEnabled(False)
        run_in_background(compute_statistics, self.db, query, today=self.today, parent=self,
                          progress_title=self.tr("正在统计…"), on_success=self.show_statistics,
                          on_failure=self._failed, on_cancelled=lambda: self.refresh_button.setEnabled(True))

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        show_exception(self, exc)

    def show_statistics(self, stats: Statistics) -> None:
        self.refresh_button.setEnabled(True)
        self.stats = stats
        self.matches = None
        self.summary.setText("\n".join([*summary_sentences(stats), *stats.notes]))
        self._fill_figures(stats)
        self._fill_charts(stats)
        self.match_tree.clear()
        if self.tabs.currentIndex() == self.match_index:
            self._load_matches()

    def _fill_figures(self, stats: Statistics) -> None:
        columns = [*stats.stations, stats.total] if len(stats.stations) > 1 else list(stats.stations)
        table = self.figures
        table.clear()
        table.setColumnCount(len(columns))
        table.setRowCount(len(COUNTED) + 2)
        table.setHorizontalHeaderLabels([short_name(c.name) for c in columns])
        table.setVerticalHeaderLabels([f.label for f in COUNTED] + [self.tr("平均审理天数"), self.tr("审理天数中位数")])
        for row, fig in enumerate(COUNTED):
            table.verticalHeaderItem(row).setToolTip(fig.definition)
            for column, item in enumerate(columns):
                cell = QTableWidgetItem(str(item[fig.key]))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setData(SelectionRole, Selection(fig.key, item.code or None))
                cell.setToolTip(fig.definition)
                table.setItem(row, column, cell)
        for offset, attr in enumerate(("average_days", "median_days")):
            for column, item in enumerate(columns):
                value = getattr(item, attr)
                cell = QTableWidgetItem("—" if value is None else f"{value:.1f}")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setData(SelectionRole, Selection("net_days", item.code or None))
                table.setItem(len(COUNTED) + offset, column, cell)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def _fill_charts(self, stats: Statistics) -> None:
        for view in self.charts.values():
            self.chart_grid.removeWidget(view)
            view.deleteLater()
        kinds = list(CASE_KINDS)
        months = [m[2:] if len(stats.months) > 12 else str(int(m[5:])) for m in stats.months]
        stations = list(stats.stations)
        self.charts = {
            "months": BarChartView(self.tr("每月收到请求（按案件类型）"), months,
                                   [(CASE_KINDS[k], [stats.by_month.get(m, {}).get(k, 0) for m in stats.months])
                                    for k in kinds],
                                   lambda s, c: self.show_cases(Selection(_KIND_FIGURES[kinds[s]],
                                                                          month=stats.months[c])), stacked=True,
                                   axis_title=self.tr("月份") if len(stats.months) <= 12 else ""),
            "outcomes": BarChartView(self.tr("结案方式"), [FIGURE_BY_KEY[k].label for k in OUTCOME_KEYS],
                                     [(self.tr("结案"), [stats.total[k] for k in OUTCOME_KEYS])],
                                     lambda _s, c: self.show_cases(Selection(OUTCOME_KEYS[c]))),
            "durations": BarChartView(self.tr("审理天数（扣除不计入期间）"), [b[0] for b in DURATION_BINS],
                                      [(self.tr("结案"), list(stats.durations))],
                                      lambda _s, c: self.show_cases(Selection("net_days", duration=c))),
            "overdue": BarChartView(self.tr("各所超期未结案件"), [short_name(s.name) for s in stations],
                                    [(self.tr("超期未结"), [s["overdue"] for s in stations])],
                                    lambda _s, c: self.show_cases(Selection("overdue", stations[c].code))),
        }
        for index, view in enumerate(self.charts.values()):
            view.setObjectName(f"reportChart{index}")
            self.chart_grid.addWidget(view, index // 2, index % 2)

    # -- the cases behind a figure -------------------------------------------------------------------------------

    def _figure_clicked(self, row: int, column: int) -> None:
        item = self.figures.item(row, column)
        selection = item.data(SelectionRole) if item is not None else None
        if isinstance(selection, Selection):
            self.show_cases(selection)

    def show_cases(self, selection: Selection) -> CaseListDialog | None:
        """Open the list of the cases behind ``selection`` (for the period shown)."""
        if self.stats is None:
            return None
        try:
            lines = cases_behind(self.db, self.stats.query, selection, today=self.today)
        except DomainError as exc:
            show_exception(self, exc)
            return None
        dialog = CaseListDialog(self._title(selection), lines, self)
        dialog.openRequested.connect(self.openCase)
        dialog.finished.connect(lambda _r, d=dialog: self.lists.remove(d) if d in self.lists else None)
        self.lists.append(dialog)
        dialog.show()
        return dialog

    def _title(self, selection: Selection) -> str:
        assert self.stats is not None
        fig = FIGURE_BY_KEY[selection.figure]
        bits = [fig.label if fig.key != "net_days" else self.tr("已结案件")]
        if selection.station:
            bits.append(short_name(self.stats.station(selection.station).name))
        if selection.month:
            bits.append(selection.month)
        if selection.duration is not None:
            bits.append(self.tr("审理天数 {d}").format(d=DURATION_BINS[selection.duration][0]))
        return self.tr("案件清单：") + "，".join(bits) + f"（{self.stats.period.start} 至 {self.stats.period.end}）"

    # -- matches --------------------------------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        if index == self.match_index and self.matches is None and self.stats is not None:
            self._load_matches()

    def _load_matches(self) -> None:
        if self.stats is None:
            return
        if self.stats.scope != "supervisor":
            self.matches = []
            self.match_tree.clear()
            self.match_tree.addTopLevelItem(QTreeWidgetItem([self.tr("跨所关联只在市局监督数据库中统计。")]))
            return
        run_in_background(find_matches, self.db, self.stats, parent=self, on_success=self.show_matches)

    def show_matches(self, matches: list[Match]) -> None:
        self.matches = matches
        tree = self.match_tree
        tree.clear()
        if not matches:
            tree.addTopLevelItem(QTreeWidgetItem([self.tr("统计期间内未发现跨所关联或重复侵权。")]))
        for match in matches:
            top = QTreeWidgetItem([match.label, match.kind_label, "、".join(match.stations), str(len(match.cases))])
            for case in match.cases:
                child = QTreeWidgetItem([case.case_no, case.status_label, case.station, case.received])
                child.setData(0, SelectionRole, case.case_id)
                top.addChild(child)
            tree.addTopLevelItem(top)
        tree.resizeColumnToContents(0)

    def _match_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        case_id = item.data(0, SelectionRole)
        if isinstance(case_id, uuid.UUID):
            self.openCase.emit(case_id)

    # -- exports ----------------------------------------------------------------------------------------------------

    def export(self, fmt: str, path: str | None = None) -> None:
        """Save the report of the chosen query as ``fmt`` (xlsx or pdf), asking for the file unless ``path``."""
        query = self.query()
        if query.end < query.start:
            self.refresh()
            return
        if path is None:
            names = {"xlsx": self.tr("Excel 工作簿 (*.xlsx)"), "pdf": self.tr("PDF 文件 (*.pdf)")}
            suggested = f"统计报表_{query.start.isoformat()}_{query.end.isoformat()}.{fmt}"
            chosen = choose_output(self, self.db, self.tr("导出统计报表"), suggested, names[fmt])
            if chosen is None:
                return
            path = str(chosen)
        elif checked_output(self, self.db, path) is None:
            return
        run_in_background(export_report, self.db, query, fmt, path, today=self.today, parent=self,
                          progress_title=self.tr("正在导出统计报表…"),
                          on_success=lambda _r, p=path: self.statusBar().showMessage(
                              self.tr("已保存：{path}").format(path=p), 8000))

"""The statistics as an Excel workbook (统计报表.xlsx): a summary sheet, one sheet per breakdown, the case list.

Values only (no formulas), so a sheet copied elsewhere keeps its numbers; counts as integers,
days with one decimal, dates as real dates; column widths fitted to the text (a CJK character
counts double). Written with :mod:`adjudicator.reports.xlsx`, which streams a year's case list of
nine stations in about a second (openpyxl reads it back in the tests).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from adjudicator.cases.inputs import CASE_KINDS
from adjudicator.progress import Progress
from adjudicator.reports.figures import (
    COUNTED,
    DURATION_BINS,
    FIGURE_BY_KEY,
    FIGURES,
    KIND_KEYS,
    LAWSUIT_KEYS,
    OUTCOME_KEYS,
    PATENT_KEYS,
)
from adjudicator.reports.matches import Match
from adjudicator.reports.statistics import CaseLine, Statistics
from adjudicator.reports.summary import period_phrase, summary_sentences
from adjudicator.reports.xlsx import Sheet, Style, Table, write_xlsx

OUTCOME_LABELS = {"infringement": "裁决侵权成立", "partial": "裁决侵权部分成立", "rejected": "裁决驳回请求", "mediated": "调解结案", "withdrawn": "撤销案件"}
INT, DAYS, DAY = Style.INT, Style.DAYS, Style.DATE


_WIDE = re.compile("[\u2e80-\U0010ffff]")


def _width(value: Any) -> float:
    """The characters ``value`` takes in a column, a CJK character counting double (one regex, not a loop per character)."""
    if isinstance(value, date):
        return 10
    text = str(value if value is not None else "")
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def _widest(values: set[Any]) -> float:
    """The widest of ``values`` (as :func:`_width`), measuring only texts that could be the widest.

    A text is at most twice its length wide, so once the widest so far reaches that, the
    shorter ones cannot beat it: a case list's 30,000 distinct party lines need a few measured.
    """
    best = max((_width(v) for v in values if not isinstance(v, str)), default=0)
    for text in sorted((v for v in values if isinstance(v, str)), key=len, reverse=True):
        if 2 * len(text) <= best:
            break
        best = max(best, _width(text))
    return best


_BOLDER = {Style.PLAIN: Style.BOLD, Style.INT: Style.BOLD_INT, Style.DAYS: Style.BOLD_DAYS}


class _Sheet:
    """Rows collected first, so the column widths fit the text (from ``fit_from`` on)."""

    def __init__(self, title: str, max_width: float = 60):
        self.title = title
        self.rows: list[list[tuple[Any, Style]]] = []
        self.max_width = max_width
        self.fit_from = 0
        self.freeze = False
        self.table_rows: Sequence[Sequence[Any]] = ()
        self.table_styles: tuple[Style, ...] = ()

    def row(self, values: Sequence[Any], fmt: Sequence[Style | None] | Style | None = None, bold: bool = False
            ) -> None:
        formats: list[Style | None] = list(fmt) if isinstance(fmt, (list, tuple)) else [
            fmt if isinstance(fmt, Style) else None] * len(values)
        styles: list[Style] = [f or Style.PLAIN for f in formats] + [Style.PLAIN] * (len(values) - len(formats))
        if bold:
            styles = [_BOLDER.get(st, st) for st in styles]
        self.rows.append(list(zip(values, styles, strict=False)))

    def table(self, rows: Sequence[Sequence[Any]], styles: Sequence[Style]) -> None:
        """Many rows of the same styles after the other rows (the case list: tens of thousands of rows)."""
        self.table_rows = rows
        self.table_styles = tuple(styles)

    def title_row(self, text: str) -> None:
        self.rows.append([(text, Style.TITLE)])

    def header(self, values: Sequence[str]) -> None:
        self.rows.append([(v, Style.HEADER) for v in values])
        if not self.rows[:-1]:
            self.freeze = True

    def blank(self) -> None:
        self.rows.append([])

    def sheet(self) -> Sheet:
        widths: dict[int, float] = {}
        columns: dict[int, set[Any]] = defaultdict(set)  # a column's distinct values: a station's name once, not 3,000 times
        for cells in self.rows[self.fit_from:]:
            for index, (value, _style) in enumerate(cells):
                columns[index].add(value)
        for index, column in enumerate(zip(*self.table_rows)):  # set() of a whole column runs in C
            columns[index].update(column)
        for index, values in columns.items():
            widths[index] = _widest(values)
        table = Table(self.table_styles, self.table_rows) if self.table_rows else None
        return Sheet(self.title, self.rows, {i: min(self.max_width, max(8, w + 2)) for i, w in widths.items()},
                     self.freeze, table)


def _table(sheet: _Sheet, stats: Statistics, keys: Iterable[str], first: str = "裁决所") -> None:
    """Stations down, the figures ``keys`` across, and a total row."""
    keys = list(keys)
    sheet.header([first, *(FIGURE_BY_KEY[k].label for k in keys)])
    for item in [*stats.stations, stats.total]:
        sheet.row([item.name, *(item[k] for k in keys)], [None, *([INT] * len(keys))], bold=not item.code)


def build_workbook(stats: Statistics, cases: Sequence[CaseLine], matches: Sequence[Match] = (),
                   progress: Progress | None = None) -> bytes:
    """The workbook of ``stats`` with the case list ``cases`` and the cross-station ``matches``."""
    sheets = [_summary(stats, matches), _months(stats), _breakdown("结案方式", stats, ("closed", *OUTCOME_KEYS,
                                                                                    "closed_late")),
              _durations(stats), _breakdown("在办与超期", stats, ("pending", "suspended", "extended", "overdue",
                                                                  "near_limit")),
              _breakdown("案件类型", stats, ("received", *KIND_KEYS)), _breakdown("专利类型", stats, PATENT_KEYS),
              _breakdown("裁决公开", stats, ("decided", "published_in_time", "published_late", "unpublished")),
              _breakdown("诉讼与执行", stats, ("lawsuits", *LAWSUIT_KEYS, "enforcement", "enforcement_office")),
              _matches(matches), _case_list(cases), _definitions()]
    if progress is not None:
        progress(0.5, "正在写入工作簿")
    data = write_xlsx([sheet.sheet() for sheet in sheets], title="专利纠纷行政裁决工作统计")
    if progress is not None:
        progress(1.0, "工作簿已写好")
    return data


def _summary(stats: Statistics, matches: Sequence[Match]) -> _Sheet:
    sheet = _Sheet("汇总", max_width=48)
    phrase = period_phrase(stats.query.start, stats.query.end)
    sheet.title_row(f"专利纠纷行政裁决工作统计（{phrase}）")
    sheet.row(["统计期间", stats.period.start, "至", stats.period.end], [None, DAY, None, DAY])
    sheet.row(["基准日", stats.period.ref], [None, DAY])
    sheet.row(["制表日期", stats.today], [None, DAY])
    for note in stats.notes:
        sheet.row(["说明", note])
    repeats = sum(1 for m in matches if m.kind == "repeat")
    for line in summary_sentences(stats, len(matches), repeats):
        sheet.row(["", line])
    sheet.blank()
    sheet.fit_from = len(sheet.rows)
    sheet.header(["指标", *(s.name for s in stats.stations), "合计"])
    for fig in COUNTED:
        sheet.row([fig.label, *(s[fig.key] for s in stats.stations), stats.total[fig.key]],
                  [None, *([INT] * (len(stats.stations) + 1))])
    items = [*stats.stations, stats.total]
    sheet.row(["平均审理天数", *(s.average_days for s in items)], [None, *([DAYS] * len(items))])
    sheet.row(["审理天数中位数", *(s.median_days for s in items)], [None, *([DAYS] * len(items))])
    return sheet


def _breakdown(title: str, stats: Statistics, keys: Iterable[str]) -> _Sheet:
    sheet = _Sheet(title)
    _table(sheet, stats, keys)
    return sheet


def _months(stats: Statistics) -> _Sheet:
    sheet = _Sheet("按月收案")
    kinds = list(CASE_KINDS)
    sheet.header(["月份", *(CASE_KINDS[k] for k in kinds), "合计"])
    for month in stats.months:
        counts = stats.by_month.get(month, {})
        values = [counts.get(k, 0) for k in kinds]
        sheet.row([month, *values, sum(values)], [None, *([INT] * (len(kinds) + 1))])
    return sheet


def _durations(stats: Statistics) -> _Sheet:
    sheet = _Sheet("审理天数")
    sheet.header(["审理天数（扣除不计入期间）", "结案件数"])
    for (label, _low, _high), n in zip(DURATION_BINS, stats.durations, strict=True):
        sheet.row([label, n], [None, INT])
    sheet.blank()
    sheet.header(["裁决所", "已立案结案件数", "平均审理天数", "中位数"])
    for item in [*stats.stations, stats.total]:
        sheet.row([item.name, item["net_days"], item.average_days, item.median_days], [None, INT, DAYS, DAYS],
                  bold=not item.code)
    return sheet


def _matches(matches: Sequence[Match]) -> _Sheet:
    sheet = _Sheet("跨所关联")
    sheet.header(["序号", "关联类型", "关联对象", "涉及裁决所", "案号", "所属裁决所", "收到请求", "状态", "当事人"])
    if not matches:
        sheet.row(["", "统计期间内未发现跨所关联的被请求人、店铺或专利，也未发现重复侵权。"])
    rows = []
    for number, match in enumerate(matches, start=1):
        where = "、".join(match.stations)
        rows.extend((number, match.kind_label, match.label, where, case.case_no, case.station, case.received,
                     case.status_label, case.parties) for case in match.cases)
    plain = Style.PLAIN
    sheet.table(rows, [INT, plain, plain, plain, plain, plain, DAY, plain, plain])
    return sheet


def _case_list(cases: Sequence[CaseLine]) -> _Sheet:
    sheet = _Sheet("案件清单", max_width=50)
    sheet.header(["案号", "裁决所", "案件类型", "状态", "收到请求", "立案", "结案", "结案方式", "结案期限", "审理天数",
                  "当事人", "专利号", "承办人"])
    plain = Style.PLAIN
    styles = [plain, plain, plain, plain, DAY, DAY, DAY, plain, DAY, INT, plain, plain, plain]
    if not cases:
        sheet.row(["统计期间内没有案件。"])
    # dates stay ISO text: the writer turns each distinct day into a serial once
    sheet.table([(c.case_no, c.station, c.kind_label, c.status_label, c.received, c.filed, c.closed,
                  OUTCOME_LABELS.get(c.outcome or "", ""), c.limit_due, c.net_days, c.parties, c.patent_no, c.handler)
                 for c in cases], styles)
    return sheet


def _definitions() -> _Sheet:
    sheet = _Sheet("指标定义", max_width=90)
    sheet.header(["指标", "键", "分组", "定义"])
    for fig in FIGURES:
        sheet.row([fig.label, fig.key, fig.group, fig.definition], [None, None, None, Style.WRAP])
    return sheet


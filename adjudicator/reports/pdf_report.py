"""The statistics as a printed report (统计报告 PDF) on GB/T 9704 pages: sentences, tables and charts.

Built from the same :class:`~adjudicator.reports.statistics.Statistics` as the dashboard and the
workbook, with the document machinery of :mod:`adjudicator.documents` (fonts embedded as
subsets, page numbers, our line breaking); the charts are reportlab graphics drawn in the body
font, so they print the same anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from adjudicator.cases.inputs import CASE_KINDS
from adjudicator.documents.fonts import load_fonts
from adjudicator.documents.layout import (
    BLOCK_WIDTH,
    Block,
    Graphic,
    GridTable,
    Heading,
    Para,
    SignatureBlock,
    Title,
    render_pdf,
)
from adjudicator.reports.figures import COUNTED, DURATION_BINS, FIGURE_BY_KEY, OUTCOME_KEYS
from adjudicator.reports.matches import Match
from adjudicator.reports.statistics import Statistics, short_name
from adjudicator.reports.summary import period_phrase, summary_sentences

PALETTE = [colors.HexColor(c) for c in ("#2f6db5", "#e07b39", "#5a9e4b", "#b5473a", "#7d5ba6", "#8c8c8c")]
TABLE_SIZE = 10.5  # 五号
_MAIN_KEYS = ("received", "filed", "closed", "pending", "overdue", "near_limit")


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _bar_chart(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], font: str,
               *, stacked: bool = False, height: float = 190) -> Graphic:
    """A vertical bar chart ``BLOCK_WIDTH`` wide with a title and, for several series, a legend."""
    width = BLOCK_WIDTH
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 14, title, fontName=font, fontSize=11, textAnchor="middle"))
    chart = VerticalBarChart()
    many = len(categories) > 14
    chart.x, chart.y = 36, 48 if many else 30
    chart.width, chart.height = width - 50, height - chart.y - (44 if len(series) > 1 else 26)
    chart.data = [list(values) for _name, values in series] or [[0]]
    top = max([sum(col) for col in zip(*chart.data)] if stacked else [max(v) for v in chart.data] + [0])
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, top) * 1.15
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = lambda v: f"{v:.0f}"
    chart.categoryAxis.categoryNames = list(categories)
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7 if many else 8
    if many:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.style = "stacked" if stacked else "parallel"
    chart.barLabelFormat = None if stacked or many else "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    for index in range(len(chart.data)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    texts = [title, *categories]
    if len(series) > 1:
        legend = Legend()
        legend.fontName = font
        legend.fontSize = 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.x, legend.y = 40, height - 26
        legend.dx = legend.dy = 7
        legend.deltax = 150
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, (name, _v) in enumerate(series)]
        drawing.add(legend)
        texts += [name for name, _v in series]
    return Graphic(drawing, texts)


def _charts(stats: Statistics, font: str) -> list[Block]:
    kinds = list(CASE_KINDS)
    months = [m[2:].replace("-", "/") if len(stats.months) > 12 else f"{int(m[5:])}月" for m in stats.months]
    by_kind = [(CASE_KINDS[k], [stats.by_month.get(m, {}).get(k, 0) for m in stats.months]) for k in kinds]
    outcomes = [FIGURE_BY_KEY[k].label for k in OUTCOME_KEYS]
    stations = [short_name(s.name) for s in stats.stations]
    return [
        _bar_chart("图1  每月收到请求的案件（按案件类型）", months, by_kind, font, stacked=True),
        _bar_chart("图2  结案方式", outcomes, [("结案", [stats.total[k] for k in OUTCOME_KEYS])], font),
        _bar_chart("图3  已结案件审理天数分布（扣除不计入期间）", [b[0] for b in DURATION_BINS],
                   [("结案", list(stats.durations))], font),
        _bar_chart("图4  各裁决所超期未结与临近期限案件", stations,
                   [("超期未结", [s["overdue"] for s in stats.stations]),
                    ("临近期限", [s["near_limit"] for s in stats.stations])], font),
    ]


def _station_table(stats: Statistics) -> GridTable:
    header = ["裁决所", *(FIGURE_BY_KEY[k].label for k in _MAIN_KEYS), "平均审理天数"]
    rows = [[short_name(s.name), *(str(s[k]) for k in _MAIN_KEYS), _days(s.average_days)] for s in [*stats.stations, stats.total]]
    return GridTable(rows, col_widths=[1.8, 1, 1, 1, 1, 1.1, 1.1, 1.3], header=header,
                     align=["left", "right", "right", "right", "right", "right", "right", "right"], font_size=TABLE_SIZE)


def _figures_table(stats: Statistics) -> GridTable:
    rows = [[fig.label, str(stats.total[fig.key])] for fig in COUNTED]
    rows += [["平均审理天数（日）", _days(stats.total.average_days)], ["审理天数中位数（日）", _days(stats.total.median_days)]]
    return GridTable(rows, col_widths=[3, 1], header=["指标", "合计"], align=["left", "right"], font_size=TABLE_SIZE)


#: Matches listed in the PDF; the workbook and the JSON report list them all.
PDF_MATCHES = 40
#: Cases named per match in the PDF (a popular shop can have hundreds; a table row must fit a page).
PDF_MATCH_CASES = 12


def _match_blocks(matches: Sequence[Match]) -> list[Block]:
    if not matches:
        return [Para("统计期间内未发现同一被请求人、店铺或专利在两个以上裁决所出现，也未发现重复侵权。")]
    rows = []
    blocks: list[Block] = []
    if len(matches) > PDF_MATCHES:
        blocks.append(Para(f"共发现跨所关联{len(matches)}处，下表列出前{PDF_MATCHES}处（重复侵权在前，其余按涉及案件多少排列）；"
                           "完整清单见 Excel 工作簿的“跨所关联”表。"))
    for number, match in enumerate(matches[:PDF_MATCHES], start=1):
        shown = "、".join(f"{c.case_no}（{c.station}）" for c in match.cases[:PDF_MATCH_CASES])
        cases = shown + (f"等{len(match.cases)}件" if len(match.cases) > PDF_MATCH_CASES else "")
        rows.append([str(number), match.kind_label, match.label, cases])
    return [*blocks, GridTable(rows, col_widths=[0.5, 2, 2.4, 4], header=["序号", "关联类型", "关联对象", "涉及案件"],
                               align=["center", "left", "left", "left"], font_size=TABLE_SIZE)]


def build_pdf(stats: Statistics, matches: Sequence[Match] = (), *, office: str, created: datetime | None = None
              ) -> bytes:
    """The report of ``stats`` (with the cross-station ``matches``) as a PDF issued in the name of ``office``."""
    font = load_fonts().body.name
    phrase = period_phrase(stats.query.start, stats.query.end)
    repeats = sum(1 for m in matches if m.kind == "repeat")
    blocks: list[Block] = [Title(office, "专利纠纷行政裁决工作统计报告", space_after=0),
                           Para(f"（{phrase}，统计期间{stats.period.start}至{stats.period.end}）", indent=False,
                                align="center"),
                           Heading("一、总体情况")]
    blocks += [Para(line) for line in summary_sentences(stats, len(matches), repeats)]
    blocks += [Para(note) for note in stats.notes if not stats.empty]
    if not stats.empty:
        blocks += [Heading("二、各裁决所情况"), _station_table(stats), Heading("三、主要指标"), _figures_table(stats),
                   Heading("四、统计图表"), *_charts(stats, font), Heading("五、跨所关联"), *_match_blocks(matches)]
    blocks += [Heading("六、指标说明" if not stats.empty else "二、指标说明"),
               Para("各项指标的统计口径如下，表格、图表和上文数字均按同一口径计算。"),
               GridTable([[fig.label, fig.definition] for fig in COUNTED], col_widths=[1, 3], header=["指标", "统计口径"],
                         font_size=TABLE_SIZE),
               SignatureBlock(date=stats.today, seal_text=office)]
    return render_pdf(blocks, title=f"专利纠纷行政裁决工作统计报告（{phrase}）", author=office,
                      created=created or datetime.now(UTC))

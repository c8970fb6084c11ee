"""Bar charts of the dashboard (QtCharts): one helper that builds a chart and reports which bar was clicked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

PALETTE = ("#2f6db5", "#e07b39", "#5a9e4b", "#b5473a", "#7d5ba6", "#8c8c8c")
#: ``on_click(series_index, category_index)``: which set and which category the user clicked.
BarClicked = Callable[[int, int], None]


class BarChartView(QChartView):
    """A bar chart (stacked or not) whose bars can be clicked; :meth:`bar_point` finds a bar on screen."""

    def __init__(self, title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 on_click: BarClicked | None = None, *, stacked: bool = False, axis_title: str = "",
                 parent: QWidget | None = None):
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setVisible(len(series) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        bars = QStackedBarSeries() if stacked else QBarSeries()
        self.sets: list[QBarSet] = []
        for index, (name, values) in enumerate(series):
            bar_set = QBarSet(name)
            bar_set.append([float(v) for v in values])
            bar_set.setColor(QColor(PALETTE[index % len(PALETTE)]))
            bar_set.setBorderColor(QColor(PALETTE[index % len(PALETTE)]))
            if on_click is not None:
                bar_set.clicked.connect(lambda category, s=index: on_click(s, category))
            bars.append(bar_set)
            self.sets.append(bar_set)
        bars.setLabelsVisible(not stacked and len(categories) <= 12)
        chart.addSeries(bars)
        axis_x = QBarCategoryAxis()
        axis_x.append(list(categories))
        if len(categories) > 12:
            axis_x.setLabelsAngle(-60)
        if axis_title:
            axis_x.setTitleText(axis_title)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(axis_x)
        axis_y = QValueAxis()
        top = max([sum(col) for col in zip(*(v for _n, v in series))] if stacked and series
                  else [max(v, default=0) for _n, v in series] + [0])
        axis_y.setRange(0, max(1, top) * 1.15)
        axis_y.setLabelFormat("%d")
        axis_y.applyNiceNumbers()
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(axis_y)
        super().__init__(chart, parent)
        self.bars = bars
        self.categories = list(categories)
        self.values = [list(v) for _n, v in series]
        self.stacked = stacked
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(360, 260)

    def bar_point(self, series_index: int, category: int) -> QPoint:
        """The viewport point at the middle of one bar (for a test's mouse click)."""
        value = self.values[series_index][category]
        below = sum(self.values[s][category] for s in range(series_index)) if self.stacked else 0
        offset = 0.0
        if not self.stacked and len(self.values) > 1:
            width = self.bars.barWidth() / len(self.values)
            offset = -self.bars.barWidth() / 2 + width * (series_index + 0.5)
        scene = self.chart().mapToPosition(QPointF(category + offset, below + value / 2), self.bars)
        return self.mapFromScene(self.chart().mapToScene(scene))

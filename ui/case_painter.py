"""Painting the case list's visible rows in one Python call per paint.

Qt paints a table cell by cell: for each of some 130 visible cells it asks the model seven
roles (seven calls into Python), lets the style sheet find the cell's rules, and lays the text
out anew (Chinese text is shaped on every paint). That was most of a filter keystroke: about
24 ms for a screenful, more than a frame. :class:`RowPainter` instead paints every visible row
of :class:`~ui.case_model.CaseTableModel` from the model's pre-formatted texts. A text is
measured (and elided) once; the first time it is drawn plainly, and if it shows again (the
next keystroke mostly shows the same top rows; scrolling back) it is laid out once into a
:class:`QStaticText`, which draws faster than plain text but costs more to make.

It draws what the view and the style sheet drew (``ui.theme``): alternate row colours, the
selected rows' colours, a light line under each row, the cell padding, right elision with "…",
each column's alignment, the status as a tinted pill, and struck-out text when the list shows
deleted cases. Everything else of the view — selection, keyboard, scrolling, sorting,
accessibility — is Qt's own; only the drawing of the rows is ours.

Nothing here names the ``Qt`` namespace or ``QStyle`` (creating their Python enums costs some
60 ms at start-up, before the first paint): alignments are the model's plain integers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
)

from ui import labels, theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableView

    from ui.case_model import CaseTableModel

#: Space between a cell's edge and its text (the style sheet's ``padding: 0 6px`` plus Qt's text margin).
TEXT_MARGIN = 9
ELLIPSIS = "…"
#: Laid-out texts kept (a few screenfuls per column); emptied when full.
STATIC_LIMIT = 6000

_ALIGN_HCENTER = 0x0004
_ALIGN_RIGHT = 0x0002
_ALIGN_CENTER = 0x0084  # AlignCenter, for drawText's integer flags


def elided(metrics: QFontMetrics, text: str, width: int) -> tuple[str, int]:
    """``text`` cut to ``width`` pixels with "…" at its end (as Qt's right elision), and its width."""
    advance = metrics.horizontalAdvance(text)
    if advance <= width:
        return text, advance
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis: binary search
    while low < high:
        middle = (low + high + 1) // 2
        if metrics.horizontalAdvance(text[:middle] + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    cut = text[:low].rstrip() + ELLIPSIS if low else ELLIPSIS
    return cut, metrics.horizontalAdvance(cut)


class RowPainter:
    """Paints the visible rows of a case table view (see the module's docstring)."""

    def __init__(self) -> None:
        #: (text, room, struck out) -> the text as drawn (elided to the room), its width, and once it
        #: is drawn a second time its layout. Keyed by the text itself, so a changed row never shows
        #: an old layout, and texts many rows share (a kind, a date, a handler) are measured once.
        self._static: dict[tuple[str, int, bool], list[Any]] = {}
        self._pills: dict[tuple[str, str, int, float, str], QPixmap] = {}
        self._font_key = ""
        self._line = QColor(theme.ROW_LINE)

    def paint(self, view: QTableView, model: CaseTableModel, event: QPaintEvent) -> None:
        rows = model.rowCount()
        if rows == 0:
            return
        area = event.rect()
        vertical = view.verticalHeader()
        first = vertical.visualIndexAt(area.top())
        if first < 0:
            return
        last = vertical.visualIndexAt(area.bottom())
        if last < 0:
            last = rows - 1
        columns = self._columns(view, area)
        if not columns:
            return
        plain_font = view.font()  # the pills are never struck out
        font = QFont(plain_font)
        struck = model.showing_deleted
        if struck:
            font.setStrikeOut(True)
        font_key = font.key()
        if font_key != self._font_key:  # a new font lays every text out anew
            self._static.clear()
            self._pills.clear()
            self._font_key = font_key
        metrics = QFontMetrics(font)
        height = vertical.defaultSectionSize()
        text_top = (height - 1 - metrics.height()) // 2  # centred above the row's line
        baseline = text_top + metrics.ascent()
        palette = view.palette()
        group = QPalette.ColorGroup.Active if view.isEnabled() else QPalette.ColorGroup.Disabled
        text_pen = QPen(palette.color(group, QPalette.ColorRole.Text))
        selected_pen = QPen(palette.color(group, QPalette.ColorRole.HighlightedText))
        selected_brush = palette.brush(group, QPalette.ColorRole.Highlight)
        alternate_brush = palette.brush(group, QPalette.ColorRole.AlternateBase)
        selection = view.selectionModel()
        root = view.rootIndex()
        alternate = view.alternatingRowColors()
        left = min(x for x, _, _ in columns)
        right = max(x + w for x, w, _ in columns)
        status_column = model.status_column
        alignments = model.alignments
        static = self._static
        if len(static) > STATIC_LIMIT:
            static.clear()
        ratio = view.devicePixelRatioF()

        painter = QPainter(view.viewport())
        painter.setFont(font)
        y = vertical.sectionViewportPosition(first)
        for row in range(first, last + 1):
            shown = model.row_texts(row)
            selected = selection is not None and selection.isRowSelected(row, root)
            if selected:
                painter.fillRect(QRect(left, y, right - left, height), selected_brush)
            elif alternate and row % 2:
                painter.fillRect(QRect(left, y, right - left, height), alternate_brush)
            painter.fillRect(QRect(left, y + height - 1, right - left, 1), self._line)
            if shown is not None:
                texts, status = shown
                painter.setPen(selected_pen if selected else text_pen)
                for x, width, column in columns:
                    if column == status_column and status:
                        self._draw_pill(painter, status, texts[column], x, y, width, height, plain_font,
                                        palette.color(group, QPalette.ColorRole.Text), ratio)
                        continue
                    text = texts[column]
                    if not text:
                        continue
                    room = width - 2 * TEXT_MARGIN
                    seen = static.get((text, room, struck))
                    if seen is None:  # new: measured (and elided) now, laid out if it shows again
                        seen = static[(text, room, struck)] = [*elided(metrics, text, room), None]
                        laid_out = None
                    else:
                        laid_out = seen[2]
                        if laid_out is None:
                            laid_out = seen[2] = QStaticText(seen[0])
                            laid_out.prepare(font=font)
                    advance = seen[1]
                    if alignments[column] & _ALIGN_HCENTER:
                        left_x = x + (width - advance) // 2
                    elif alignments[column] & _ALIGN_RIGHT:
                        left_x = x + width - TEXT_MARGIN - advance
                    else:
                        left_x = x + TEXT_MARGIN
                    if laid_out is None:
                        painter.drawText(QPointF(left_x, y + baseline), seen[0])
                    else:
                        painter.drawStaticText(QPointF(left_x, y + text_top), laid_out)
            y += height
        painter.end()

    @staticmethod
    def _columns(view: QTableView, area: QRect) -> list[tuple[int, int, int]]:
        """The visible columns in ``area`` as (viewport x, width, logical column), in visual order."""
        header = view.horizontalHeader()
        first = header.visualIndexAt(area.left())
        last = header.visualIndexAt(area.right())
        first = max(first, 0)
        if last < 0:
            last = header.count() - 1
        found = []
        for visual in range(first, last + 1):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            width = header.sectionSize(column)
            if width > 0:
                found.append((header.sectionViewportPosition(column), width, column))
        return found

    def _draw_pill(self, painter: QPainter, status: str, text: str, x: int, y: int, width: int, height: int,
                   font: QFont, text_colour: QColor, ratio: float) -> None:
        """The status as a quiet coloured pill, so open and closed cases read at a glance.

        Each pill is drawn once into a pixmap and reused: antialiased rounded rectangles are
        slow to paint, and a screenful holds dozens of them.
        """
        key = (status, text, height, ratio, self._font_key)
        pill = self._pills.get(key)
        if pill is None:
            metrics = QFontMetrics(font)
            pill_height = min(height - 8, metrics.height() + 4)
            pill_width = metrics.horizontalAdvance(text) + 16
            pill = QPixmap(int(pill_width * ratio), int(pill_height * ratio))
            pill.setDevicePixelRatio(ratio)
            pill.fill(QColor(0, 0, 0, 0))
            drawing = QPainter(pill)
            drawing.setRenderHint(QPainter.RenderHint.Antialiasing)
            drawing.setFont(font)
            rect = QRectF(0, 0, pill_width, pill_height)
            tint = labels.STATUS_TINTS.get(status)
            if tint is not None:
                drawing.setPen(QPen(QColor(0, 0, 0, 0)))
                drawing.setBrush(QBrush(tint))
                drawing.drawRoundedRect(rect, pill_height / 2, pill_height / 2)
            colour = labels.STATUS_COLOURS.get(status)
            drawing.setPen(colour if colour is not None else text_colour)
            drawing.drawText(rect, _ALIGN_CENTER, text)
            drawing.end()
            self._pills[key] = pill
        cell_centre_x = x + (width - 1) // 2  # as QRect.center()
        cell_centre_y = y + (height - 1) // 2
        painter.drawPixmap(cell_centre_x - int(pill.width() / ratio / 2),
                           cell_centre_y - int(pill.height() / ratio / 2) + 1, pill)

"""The flowables documents are drawn with: text on the body grid, the signature area, glued groups.

:class:`TextBlock` sets lines broken by :mod:`.linebreak` on a fixed pitch (the 22-line grid) and
splits between lines without widows or orphans; :class:`SignatureFlowable` draws the signature
column, the authority and the date and is never split; :class:`Glued` keeps flowables on one page
(a heading with what follows, a signature with the lines before it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .blocks import (
    _FUZZ,
    BODY_SIZE,
    CHAR_PITCH,
    GRID_CHAR_SPACE,
    LINE_PITCH,
    MAX_STRETCH,
    SYNTHETIC_BOLD,
    Align,
    SignatureBlock,
    _clean,
    format_cn_date,
)
from .linebreak import _break, _char_widths, _Line

__all__ = ["Glued", "Run", "SignatureFlowable", "TextBlock", "TextStyle"]


@dataclass(frozen=True)
class Run:
    text: str
    font: str


@dataclass
class TextStyle:
    size: float = BODY_SIZE
    pitch: float = LINE_PITCH  # line height
    char_space: float = GRID_CHAR_SPACE
    first_indent: float = 0.0
    rest_indent: float = 0.0
    align: Align = "justify"
    bold: bool = False
    balanced: bool = False  # centred titles: lines of similar length (排列对称)
    space_after: int = 0  # blank lines of ``pitch`` after the text


class TextBlock(Flowable):
    """Lines of text on a fixed pitch, broken by :func:`_break`; splits between lines."""

    def __init__(self, runs: Sequence[Run], style: TextStyle):
        super().__init__()
        self.text = "".join(run.text for run in runs)
        self.fonts = [run.font for run in runs for _ in run.text]
        self.style = style
        self.widths = _char_widths(self.text, self.fonts, style.size, style.char_space)
        self._laid_for: float | None = None
        self.lines: list[_Line] = []
        self.width = 0.0

    def _lay_out(self, width: float) -> None:
        if self._laid_for == width:
            return
        st = self.style
        lines = _break(self.text, self.widths, width, st.first_indent, st.rest_indent)
        if st.balanced and len(lines) > 1:
            lines = self._balance(width, len(lines))
        self.lines, self._laid_for, self.width = lines, width, width

    def _balance(self, width: float, count: int) -> list[_Line]:
        low, high = width / count, width
        for _ in range(12):  # the narrowest measure that still needs no more lines
            mid = (low + high) / 2
            if len(_break(self.text, self.widths, mid, 0.0)) > count:
                low = mid
            else:
                high = mid
        return _break(self.text, self.widths, high, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._lay_out(availWidth)
        self.height = (len(self.lines) + self.style.space_after) * self.style.pitch
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._lay_out(availWidth)
        count = len(self.lines)
        fit = int((availHeight + _FUZZ) // self.style.pitch)
        if fit >= count + self.style.space_after:
            return [self]
        if fit >= count:  # the text fits; the blank lines after it are dropped at the page end
            return [self._part(0, count, first=True)]
        fit = min(fit, count - 2)  # no widow: at least two lines go over
        if fit < 2:  # no orphan: at least two lines stay
            return []
        return [self._part(0, fit, first=True), self._part(fit, count, first=False)]

    def _part(self, first_line: int, end_line: int, first: bool) -> TextBlock:
        part = TextBlock.__new__(TextBlock)
        Flowable.__init__(part)
        part.text, part.fonts, part.widths = self.text, self.fonts, self.widths
        part.style = replace(self.style, space_after=0) if first else self.style
        part.lines, part._laid_for, part.width = self.lines[first_line:end_line], self._laid_for, self.width
        return part

    def draw(self) -> None:
        canvas: Canvas = self.canv
        st = self.style
        for index, line in enumerate(self.lines):
            top = self.height - index * st.pitch
            self._draw_line(canvas, line, top)

    def _draw_line(self, canvas: Canvas, line: _Line, top: float) -> None:
        st = self.style
        if line.end <= line.start:
            return
        glyphs = sum(self.widths[line.start:line.end]) - st.char_space * (line.end - line.start)
        count = line.end - line.start
        room = self.width - line.indent
        char_space = st.char_space
        if st.align == "justify" and line.justify and count > 1:
            stretch = (room - glyphs) / (count - 1)
            if stretch - st.char_space <= MAX_STRETCH * st.size:  # never pull a line apart
                char_space = stretch
        natural = glyphs + char_space * (count - 1)
        x = line.indent
        if st.align == "center":
            x += (room - natural) / 2
        elif st.align == "right":
            x += room - natural
        baseline = top - _baseline_drop(self.fonts[line.start], st.size, st.pitch)
        text = canvas.beginText(x, baseline)
        text.setCharSpace(char_space)
        if st.bold:
            canvas.setLineWidth(st.size * SYNTHETIC_BOLD)
            canvas.setStrokeColor(colors.black)
            text.setTextRenderMode(2)
        for font_name, chunk in _font_chunks(self.text, self.fonts, line.start, line.end):
            text.setFont(font_name, st.size)
            text.textOut(chunk)
        canvas.drawText(text)


def _font_chunks(text: str, fonts: Sequence[str], start: int, end: int) -> Iterable[tuple[str, str]]:
    chunk_start = start
    for k in range(start + 1, end + 1):
        if k == end or fonts[k] != fonts[chunk_start]:
            yield fonts[chunk_start], text[chunk_start:k]
            chunk_start = k


@lru_cache(maxsize=64)
def _em_box(font_name: str) -> tuple[float, float]:
    face: Any = getattr(pdfmetrics.getFont(font_name), "face", None)
    ascent, descent = float(face.ascent), float(face.descent)
    if ascent <= 0 or descent >= 0:
        return 0.88, 0.12
    total = ascent - descent
    return ascent / total, -descent / total


def _baseline_drop(font_name: str, size: float, pitch: float) -> float:
    """Distance from the top of a line cell to the baseline: the em box centred in the cell."""
    ascent, _descent = _em_box(font_name)
    return (pitch - size) / 2 + ascent * size


class SignatureFlowable(Flowable):
    """The signature area: never split, laid on the body grid."""

    def __init__(self, block: SignatureBlock, font: str):
        super().__init__()
        self.block = block
        self.font = font
        self.date_text = (
            format_cn_date(block.date) if isinstance(block.date, date) else (block.date or "")
        )

    def _rows(self) -> list[str]:
        rows = [_clean(line) for line in self.block.lines]
        if rows and (self.block.seal_text or self.date_text):
            rows.append("")
        if self.block.seal_text:
            rows.append(_clean(self.block.seal_text))
        if self.date_text:
            rows.append(self.date_text)
        rows += [_clean(line) for line in self.block.after]
        return rows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = (self.block.blank_lines_before + len(self._rows())) * LINE_PITCH
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def _text_width(self, text: str) -> float:
        return sum(_char_widths(text, [self.font] * len(text), BODY_SIZE, GRID_CHAR_SPACE)) - GRID_CHAR_SPACE

    def draw(self) -> None:
        canvas: Canvas = self.canv
        block = self.block
        top = self.height - block.blank_lines_before * LINE_PITCH
        drop = _baseline_drop(self.font, BODY_SIZE, LINE_PITCH)
        right = self.width - 2 * CHAR_PITCH
        column = max((self._text_width(_clean(t)) for t in block.lines), default=0.0)
        column_x = right - column
        date_width = self._text_width(self.date_text) if self.date_text else 0.0
        centre = self.width - 4 * CHAR_PITCH - date_width / 2  # date four characters from the right
        if block.seal_text:
            seal_width = self._text_width(_clean(block.seal_text))
            centre = min(centre, right - seal_width / 2)
        row = 0
        for line in block.lines:
            self._text(canvas, column_x, top - row * LINE_PITCH - drop, _clean(line))
            row += 1
        if block.lines and (block.seal_text or self.date_text):
            row += 1
        for text in (_clean(block.seal_text), self.date_text):
            if text:
                x = centre - self._text_width(text) / 2
                self._text(canvas, x, top - row * LINE_PITCH - drop, text)
                row += 1
        for line in block.after:
            self._text(canvas, column_x, top - row * LINE_PITCH - drop, _clean(line))
            row += 1

    def _text(self, canvas: Canvas, x: float, baseline: float, text: str) -> None:
        obj = canvas.beginText(x, baseline)
        obj.setFont(self.font, BODY_SIZE)
        obj.setCharSpace(GRID_CHAR_SPACE)
        obj.textOut(text)
        canvas.drawText(obj)


class Glued(Flowable):
    """Flowables no page break may separate; the page may break only inside one of them."""

    def __init__(self, parts: Sequence[Flowable]):
        super().__init__()
        self.parts = list(parts)
        self.heights: list[float] = []

    @staticmethod
    def of(parts: Sequence[Flowable]) -> Flowable:
        flat: list[Flowable] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, Glued) else [part])
        return flat[0] if len(flat) == 1 else Glued(flat)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.heights = [part.wrap(availWidth, availHeight)[1] for part in self.parts]
        self.width, self.height = availWidth, sum(self.heights)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        offset = 0.0
        for index, (part, height) in enumerate(zip(self.parts, self.heights, strict=True)):
            if offset + height > availHeight + _FUZZ:
                return self._split_at(index, offset, availWidth, availHeight)
            offset += height
        return [self]

    def _split_at(self, index: int, offset: float, width: float, avail: float) -> list[Flowable]:
        pieces = self.parts[index].split(width, avail - offset) if avail - offset > 0 else []
        if len(pieces) >= 2:
            return [Glued.of([*self.parts[:index], pieces[0]]), Glued.of([*pieces[1:], *self.parts[index + 1:]])]
        if index == 0:
            return []
        # The part that does not fit cannot split (a signature): take lines of the one before it.
        previous = self.parts[index - 1]
        pieces = previous.split(width, self.heights[index - 1] - 1.0)  # at least a line goes over
        if len(pieces) < 2:
            return []
        return [Glued.of([*self.parts[:index - 1], pieces[0]]), Glued.of([*pieces[1:], *self.parts[index:]])]

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self.parts, self.heights, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)

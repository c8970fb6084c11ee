"""Page layout of official documents after GB/T 9704-2012, and the blocks templates compose.

A document template builds a list of blocks and hands it to :func:`render_pdf`::

    blocks = [
        Title("呼和浩特市新城区市场监督管理局", "专利侵权纠纷案件行政裁决书"),
        DocNumber("呼市监专裁字〔2026〕7号"),
        Para("请求人：某某科技有限公司，住所地……", indent=False),
        Heading("一、案件来源", level=1),
        Para("请求人于2026年1月5日向本局提出……"),
        NumberedList(["被请求人立即停止……", "驳回请求人的其他请求。"], style="一、"),
        SignatureBlock(lines=["审理人员：张三　李四　王五"], date=date(2026, 3, 2),
                       seal_text="呼和浩特市新城区市场监督管理局"),
    ]
    problems = check_renderable(blocks)       # characters no font can draw: report, don't print
    pdf = render_pdf(blocks, title="行政裁决书", created=issued_at)

The page: A4, text block 156 × 225 mm at 28 mm from the left and 37 mm from the top; body
3号 (16 pt) 仿宋 on a grid of 22 lines × 28 characters, first lines indented two characters;
page numbers "— 1 —" in 4号 7 mm under the text block on the outer side. The blocks and the page
measures live in :mod:`.blocks`; this module turns blocks into reportlab flowables and pages.

Line breaking is ours (:mod:`.linebreak`), not reportlab's (whose CJK mode lets "，" or "》" start a line and
lets "（" end one): closing punctuation never starts a line, opening punctuation never ends one,
"——" and "……" stay whole, Latin words and numbers (ZL201620161392.4) are never cut unless longer
than a line, and URLs break after "/". Lines are justified to both margins, as Word does.

Output is deterministic: the same blocks, fonts and ``created`` give byte-identical PDFs, so an
issued document can be reprinted with the same SHA-256 (with the same program and font files).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from .blocks import (
    _FUZZ,
    _MISSING_MARK,
    BLOCK_BOTTOM,
    BLOCK_HEIGHT,
    BLOCK_LEFT,
    BLOCK_TOP,
    BLOCK_WIDTH,
    BODY_SIZE,
    CHAR_PITCH,
    DEFAULT_CREATED,
    GRID_CHAR_SPACE,
    LINE_PITCH,
    MAX_STRETCH,
    PAGE_HEIGHT,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_WIDTH,
    SYNTHETIC_BOLD,
    TITLE_SIZE,
    Align,
    Block,
    DocNumber,
    Graphic,
    GridTable,
    Heading,
    KeyValueTable,
    MissingGlyphsError,
    NumberedList,
    PageBreak,
    Para,
    SignatureBlock,
    Spacer,
    Title,
    _clean,
    cn_numeral,
    format_cn_date,
    list_label,
)
from .fonts import FontSet, load_fonts, missing_glyphs
from .linebreak import NO_LINE_END, NO_LINE_START, _break, _char_widths, _Line, break_lines

__all__ = [
    "BLOCK_HEIGHT", "BLOCK_LEFT", "BLOCK_TOP", "BLOCK_WIDTH", "BODY_SIZE", "CHAR_PITCH",
    "GRID_CHAR_SPACE", "LINE_PITCH", "NO_LINE_END", "NO_LINE_START", "PAGE_HEIGHT", "PAGE_WIDTH", "TITLE_SIZE",
    "Block", "DocNumber", "Graphic", "GridTable", "Heading", "KeyValueTable", "MissingGlyphsError",
    "NumberedList", "PageBreak", "Para", "SignatureBlock", "Spacer", "Title",
    "break_lines", "check_renderable", "cn_numeral", "format_cn_date", "list_label", "render_pdf",
]

# --- flowables -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Run:
    text: str
    font: str


@dataclass
class _TextStyle:
    size: float = BODY_SIZE
    pitch: float = LINE_PITCH  # line height
    char_space: float = GRID_CHAR_SPACE
    first_indent: float = 0.0
    rest_indent: float = 0.0
    align: Align = "justify"
    bold: bool = False
    balanced: bool = False  # centred titles: lines of similar length (排列对称)
    space_after: int = 0  # blank lines of ``pitch`` after the text


class _TextBlock(Flowable):
    """Lines of text on a fixed pitch, broken by :func:`_break`; splits between lines."""

    def __init__(self, runs: Sequence[_Run], style: _TextStyle):
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

    def _part(self, first_line: int, end_line: int, first: bool) -> _TextBlock:
        part = _TextBlock.__new__(_TextBlock)
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


class _SignatureFlowable(Flowable):
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


class _Glued(Flowable):
    """Flowables no page break may separate; the page may break only inside one of them."""

    def __init__(self, parts: Sequence[Flowable]):
        super().__init__()
        self.parts = list(parts)
        self.heights: list[float] = []

    @staticmethod
    def of(parts: Sequence[Flowable]) -> Flowable:
        flat: list[Flowable] = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, _Glued) else [part])
        return flat[0] if len(flat) == 1 else _Glued(flat)

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
            return [_Glued.of([*self.parts[:index], pieces[0]]), _Glued.of([*pieces[1:], *self.parts[index + 1:]])]
        if index == 0:
            return []
        # The part that does not fit cannot split (a signature): take lines of the one before it.
        previous = self.parts[index - 1]
        pieces = previous.split(width, self.heights[index - 1] - 1.0)  # at least a line goes over
        if len(pieces) < 2:
            return []
        return [_Glued.of([*self.parts[:index - 1], pieces[0]]), _Glued.of([*pieces[1:], *self.parts[index:]])]

    def draw(self) -> None:
        y = self.height
        for part, height in zip(self.parts, self.heights, strict=True):
            y -= height
            part.drawOn(self.canv, 0, y)


# --- blocks -> flowables -------------------------------------------------------------------------
@dataclass
class _Context:
    fonts: FontSet
    substitute: Callable[[str, str], str] = field(default=lambda text, font: text)

    def run(self, text: str, role: str) -> _Run:
        font = self.fonts.face(role).name
        return _Run(self.substitute(_clean(text), font), font)


def _body_style(indent: bool, align: Align = "justify") -> _TextStyle:
    return _TextStyle(first_indent=2 * CHAR_PITCH if indent else 0.0, align=align)


_HEADING_ROLE = {1: "heading1", 2: "heading2", 3: "body", 4: "body"}
_TABLE_PAD = 5.0


def _flowables(block: Block, ctx: _Context) -> list[Flowable]:
    if isinstance(block, Title):
        lines = [block.text] + ([block.subtitle] if block.subtitle else [])
        return [
            _TextBlock(
                [ctx.run(line, "title")],
                _TextStyle(size=TITLE_SIZE, char_space=0.0, align="center", bold=ctx.fonts.title_bold,
                           balanced=True, space_after=block.space_after if k == len(lines) - 1 else 0),
            )
            for k, line in enumerate(lines)
        ]
    if isinstance(block, DocNumber):
        style = _TextStyle(align=block.align, space_after=block.space_after)
        return [_TextBlock([ctx.run(block.text, "body")], style)]
    if isinstance(block, Para):
        return [_TextBlock([ctx.run(block.text, "body")], _body_style(block.indent, block.align))]
    if isinstance(block, Heading):
        role = _HEADING_ROLE.get(block.level)
        if role is None:
            raise ValueError(f"heading level {block.level}: expected 1 to 4")
        runs = [ctx.run(block.text, role)] + ([ctx.run(block.body, "body")] if block.body else [])
        return [_TextBlock(runs, _body_style(True))]
    if isinstance(block, NumberedList):
        return [
            _TextBlock([ctx.run(list_label(block.start + k, block.style) + item, "body")], _body_style(True))
            for k, item in enumerate(block.items)
        ]
    if isinstance(block, KeyValueTable):
        grid = GridTable(
            rows=[list(row) for row in block.rows],
            col_widths=[block.label_width, 1 - block.label_width],
            align=["center", "left"],
            row_heights=[block.min_row_height] * len(block.rows) if block.min_row_height else None,
            font_size=block.font_size,
        )
        return [_table(grid, ctx)]
    if isinstance(block, GridTable):
        return [_table(block, ctx)]
    if isinstance(block, SignatureBlock):
        return [_SignatureFlowable(_substituted_signature(block, ctx), ctx.fonts.body.name)]
    if isinstance(block, Spacer):
        return [RLSpacer(1, block.lines * LINE_PITCH)] if block.lines > 0 else []
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    if isinstance(block, Graphic):
        block.drawing.hAlign = "CENTER"
        return [block.drawing]
    raise TypeError(f"not a document block: {block!r}")


def _substituted_signature(block: SignatureBlock, ctx: _Context) -> SignatureBlock:
    font = ctx.fonts.body.name
    return SignatureBlock(
        lines=[ctx.substitute(_clean(t), font) for t in block.lines],
        date=block.date if not isinstance(block.date, str) else ctx.substitute(block.date, font),
        seal_text=ctx.substitute(_clean(block.seal_text), font),
        after=[ctx.substitute(_clean(t), font) for t in block.after],
        blank_lines_before=block.blank_lines_before,
    )


def _table(block: GridTable, ctx: _Context) -> Table:
    columns = max((len(r) for r in [*block.rows, *([block.header] if block.header else [])]), default=0)
    weights = list(block.col_widths or [1.0] * columns)
    if len(weights) != columns:
        raise ValueError(f"GridTable: {len(weights)} column widths for {columns} columns")
    widths = [BLOCK_WIDTH * w / sum(weights) for w in weights]
    aligns: list[Align] = list(block.align or ["left"] * columns)
    pitch = block.font_size * 1.5

    def cell(text: str, role: str, align: Align) -> _TextBlock:
        style = _TextStyle(size=block.font_size, pitch=pitch, char_space=0.0, align=align)
        return _TextBlock([ctx.run(text, role)], style)

    data: list[list[Flowable]] = []
    if block.header:
        data.append([cell(t, "heading1", "center") for t in block.header])
    for row in block.rows:
        padded = list(row) + [""] * (columns - len(row))
        data.append([cell(t, "body", aligns[c]) for c, t in enumerate(padded)])
    offset = 1 if block.header else 0
    heights: list[float | None] = [None] * len(data)
    for r, minimum in enumerate(block.row_heights or []):
        if minimum:
            natural = max(f.wrap(w - 2 * _TABLE_PAD, 1e6)[1] for f, w in zip(data[r + offset], widths, strict=True))
            heights[r + offset] = max(minimum * mm, natural + 2 * _TABLE_PAD)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), ctx.fonts.body.name),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), _TABLE_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), _TABLE_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), _TABLE_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _TABLE_PAD),
    ]
    for c0, r0, c1, r1 in block.spans:
        commands.append(("SPAN", (c0, r0 + offset), (c1, r1 + offset)))
    return Table(data, colWidths=widths, rowHeights=heights, style=TableStyle(commands),
                 repeatRows=offset, hAlign="LEFT")


def _compose(blocks: Sequence[Block], ctx: _Context) -> list[Flowable]:
    """Flowables for the blocks, a heading glued to what follows and a signature to what precedes."""
    out: list[Flowable] = []
    glue_next = False
    for block in blocks:
        flows = _flowables(block, ctx)
        if not flows:
            continue
        if out and (glue_next or isinstance(block, SignatureBlock)) and not isinstance(flows[0], RLPageBreak):
            k = len(out) - 1
            while k > 0 and isinstance(out[k], RLSpacer):
                k -= 1
            if not isinstance(out[k], RLPageBreak):
                out[k:] = [_Glued.of([*out[k:], flows[0]])]
                flows = flows[1:]
        out.extend(flows)
        glue_next = isinstance(block, Heading)
    return out


# --- glyph coverage ------------------------------------------------------------------------------
def _texts(block: Block) -> Iterable[tuple[str, str]]:
    """(text, font role) pairs a block will draw."""
    if isinstance(block, Title):
        yield block.text, "title"
        if block.subtitle:
            yield block.subtitle, "title"
    elif isinstance(block, DocNumber | Para):
        yield block.text, "body"
    elif isinstance(block, Heading):
        yield block.text, _HEADING_ROLE.get(block.level, "body")
        yield block.body, "body"
    elif isinstance(block, NumberedList):
        for k, item in enumerate(block.items):
            yield list_label(block.start + k, block.style) + item, "body"
    elif isinstance(block, KeyValueTable):
        for label, value in block.rows:
            yield label + value, "body"
    elif isinstance(block, GridTable):
        for row in block.rows:
            yield "".join(row), "body"
        if block.header:
            yield "".join(block.header), "heading1"
    elif isinstance(block, Graphic):
        yield "".join(block.texts), "body"
    elif isinstance(block, SignatureBlock):
        date_text = block.date if isinstance(block.date, str) else ""
        yield "".join([*block.lines, block.seal_text, date_text, *block.after]), "body"


def check_renderable(blocks: Sequence[Block], fonts: FontSet | None = None) -> list[str]:
    """Characters in the blocks that their fonts cannot draw, in order of first appearance.

    An empty list means the document can be issued; otherwise report the characters (see
    :class:`MissingGlyphsError`) instead of printing boxes.
    """
    fonts = fonts or load_fonts()
    seen: dict[str, None] = {}
    for block in blocks:
        for text, role in _texts(block):
            missing = missing_glyphs(text, fonts.face(role).name)
            for char in text:
                if char in missing:
                    seen.setdefault(char, None)
    return list(seen)


# --- pages and the PDF ---------------------------------------------------------------------------
def _page_number(canvas: Canvas, page: int, fonts: FontSet) -> None:
    label = f"— {page} —"
    font = fonts.song.name
    width = pdfmetrics.stringWidth(label, font, PAGE_NUMBER_SIZE)
    if page % 2:  # odd pages: right, one character in from the edge of the text block
        x = BLOCK_LEFT + BLOCK_WIDTH - PAGE_NUMBER_SIZE - width
    else:
        x = BLOCK_LEFT + PAGE_NUMBER_SIZE
    dash_line = BLOCK_BOTTOM - PAGE_NUMBER_GAP
    canvas.setFont(font, PAGE_NUMBER_SIZE)
    canvas.drawString(x, dash_line - 0.3 * PAGE_NUMBER_SIZE, label)


def _watermark(canvas: Canvas, fonts: FontSet) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(45)
    canvas.setFont(fonts.heading1.name, 180)
    canvas.drawCentredString(0, -60, "草稿")
    canvas.restoreState()


class _Stamp:
    """Stands in for reportlab's TimeStamp so CreationDate is ``created``, not the clock."""

    def __init__(self, created: datetime):
        offset = created.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        hours, rest = divmod(abs(minutes), 60)
        self.dhh, self.dmm = (hours if minutes >= 0 else -hours), rest
        aware = created if created.tzinfo else created.replace(tzinfo=UTC)
        self.t = aware.timestamp()
        self.YMDhms = (created.year, created.month, created.day, created.hour, created.minute, created.second)
        self.lt = self.YMDhms


def _canvas_maker(created: datetime) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        document: Any = getattr(canvas, "_doc")  # noqa: B009  (private in the stubs)
        document._timeStamp = _Stamp(created)
        return canvas

    return make


_RENDER_LOCK = threading.Lock()
_TRAILER_ID = re.compile(rb"/ID\s*\n?\[<[0-9a-fA-F]+><[0-9a-fA-F]+>\]")


def _content_id(pdf: bytes) -> bytes:
    """Replace the file ID (reportlab's hashes only the metadata) with a digest of the content."""
    match = _TRAILER_ID.search(pdf)
    if match is None:
        return pdf
    digest = hashlib.md5(pdf[: match.start()], usedforsecurity=False).hexdigest().upper().encode()
    replacement = b"/ID \n[<" + digest + b"><" + digest + b">]"
    if len(replacement) != match.end() - match.start():
        replacement = b"/ID [<" + digest + b"><" + digest + b">]"
        if len(replacement) != match.end() - match.start():
            return pdf  # keep byte offsets intact rather than rewrite the cross-reference table
    return pdf[: match.start()] + replacement + pdf[match.end():]


def render_pdf(
    blocks: Sequence[Block],
    *,
    title: str,
    draft: bool = False,
    fonts: FontSet | None = None,
    subject: str = "",
    author: str = "",
    created: datetime | None = None,
) -> bytes:
    """Lay the blocks out on GB/T 9704 pages and return the PDF.

    ``title``/``subject``/``author`` go into the document properties. ``draft`` puts a grey
    diagonal 草稿 on every page and draws characters the fonts lack as 〓; an issued document
    (``draft=False``) with such characters raises :class:`MissingGlyphsError` instead.
    ``created`` is recorded as the creation date (default 2000-01-01 UTC); pass the moment of
    issue so that a reprint is byte-identical. Fonts are embedded as subsets.
    """
    fonts = fonts or load_fonts()
    missing = check_renderable(blocks, fonts)
    if missing and not draft:
        raise MissingGlyphsError(missing)
    ctx = _Context(fonts)
    if missing:
        ctx.substitute = _substituter(fonts)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=BLOCK_LEFT, rightMargin=PAGE_WIDTH - BLOCK_LEFT - BLOCK_WIDTH,
        topMargin=BLOCK_TOP, bottomMargin=BLOCK_BOTTOM, title=title, subject=subject,
        author=author, creator="Adjudicator", invariant=1, lang="zh-CN", displayDocTitle=True,
        initialFontName=fonts.body.name, initialFontSize=BODY_SIZE, initialLeading=LINE_PITCH,
    )
    frame = Frame(BLOCK_LEFT, BLOCK_BOTTOM, BLOCK_WIDTH, BLOCK_HEIGHT + 0.01, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="text")

    def on_page(canvas: Canvas, template_doc: BaseDocTemplate) -> None:
        if draft:
            _watermark(canvas, fonts)
        _page_number(canvas, template_doc.page, fonts)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    with _RENDER_LOCK:  # reportlab keeps per-document font state in shared font objects
        doc.build(_compose(blocks, ctx), canvasmaker=_canvas_maker(created or DEFAULT_CREATED))
    return _content_id(buffer.getvalue())


def _substituter(fonts: FontSet) -> Callable[[str, str], str]:
    def substitute(text: str, font: str) -> str:
        missing = missing_glyphs(text, font)
        return "".join(_MISSING_MARK if c in missing else c for c in text) if missing else text

    return substitute


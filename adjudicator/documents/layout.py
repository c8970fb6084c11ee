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
page numbers "— 1 —" in 4号 7 mm under the text block on the outer side.

Line breaking is done here, not by reportlab (whose CJK mode lets "，" or "》" start a line and
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
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, Literal, TypeAlias

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Spacer as RLSpacer

from adjudicator.errors import DomainError

from .fonts import FontSet, is_ignorable, load_fonts, missing_glyphs

__all__ = [
    "BLOCK_HEIGHT", "BLOCK_LEFT", "BLOCK_TOP", "BLOCK_WIDTH", "BODY_SIZE", "CHAR_PITCH",
    "GRID_CHAR_SPACE", "LINE_PITCH", "NO_LINE_END", "NO_LINE_START", "PAGE_HEIGHT", "PAGE_WIDTH", "TITLE_SIZE",
    "Block", "DocNumber", "GridTable", "Heading", "KeyValueTable", "MissingGlyphsError",
    "NumberedList", "PageBreak", "Para", "SignatureBlock", "Spacer", "Title",
    "break_lines", "check_renderable", "cn_numeral", "format_cn_date", "list_label", "render_pdf",
]

# --- the page (GB/T 9704-2012 §5.2) ---------------------------------------------------------------
PAGE_WIDTH, PAGE_HEIGHT = A4
BLOCK_LEFT = 28 * mm
BLOCK_TOP = 37 * mm  # from the top edge of the page
BLOCK_WIDTH = 156 * mm
BLOCK_HEIGHT = 225 * mm
BLOCK_BOTTOM = PAGE_HEIGHT - BLOCK_TOP - BLOCK_HEIGHT  # 35 mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = BLOCK_HEIGHT / LINES_PER_PAGE  # 10.23 mm = 28.99 pt
CHAR_PITCH = BLOCK_WIDTH / CHARS_PER_LINE  # 5.57 mm = 15.79 pt: 16 pt glyphs set 0.21 pt tight
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
TABLE_SIZE = 14.0
PAGE_NUMBER_GAP = 7 * mm  # from the bottom of the text block to the dash line
GRID_CHAR_SPACE = CHAR_PITCH - BODY_SIZE
DEFAULT_CREATED = datetime(2000, 1, 1, tzinfo=UTC)  # reportlab's invariant epoch
MAX_STRETCH = 0.1  # justification adds at most this much (em) between characters
SYNTHETIC_BOLD = 0.035  # stroke width, in em, that stands in for a bold face
_FUZZ = 1e-3
_MISSING_MARK = "〓"  # the typesetters' mark for a character the font lacks (drafts only)

# --- line-breaking classes (GB/T 15834-2011 附录 A, W3C clreq) -----------------------------------
NO_LINE_START = frozenset(
    "，。、；：？！）」』》〉】〕〗］｝〙〞〟”’·・～－%‰℃°′″．,.;:?!)]}>-"
)
NO_LINE_END = frozenset("（「『《〈【〔〖［｛〘〝“‘([{<￥$£")
_URL = re.compile(r"://|^www\.|@", re.IGNORECASE)
_URL_BREAK_AFTER = frozenset("/?&=#")


class MissingGlyphsError(DomainError):
    """The document holds characters its fonts cannot draw; issuing it would print boxes."""

    def __init__(self, chars: Sequence[str]):
        self.chars = list(chars)
        listed = "、".join(f"{c}（U+{ord(c):04X}）" for c in self.chars)
        super().__init__(
            f"文书中有字体无法显示的字符：{listed}。请核对用字（生僻字可改用通用规范汉字或加注说明），"
            "或在本机安装含有这些字的字体后再出具文书。"
        )


# --- blocks --------------------------------------------------------------------------------------
_Date = date  # the SignatureBlock field named "date" shadows the type inside the class
Align = Literal["justify", "left", "center", "right"]
ListStyle = Literal["一、", "（一）", "1.", "（1）"]


@dataclass(frozen=True)
class Title:
    """The title, 2号 小标宋 centred: ``text`` (office name), then ``subtitle`` (document name)."""

    text: str
    subtitle: str | None = None
    space_after: int = 1  # blank lines after the title


@dataclass(frozen=True)
class DocNumber:
    """The document number (文号/案号), e.g. 呼市监专裁字〔2026〕7号, in 仿宋 under the title."""

    text: str
    align: Align = "center"
    space_after: int = 1


@dataclass(frozen=True)
class Para:
    """A body paragraph in 仿宋; ``indent`` indents its first line by two characters.

    A newline in ``text`` forces a line break (the line before it is not justified).
    """

    text: str
    indent: bool = True
    align: Align = "justify"


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 "一、" 黑体, 2 "（一）" 楷体, 3 "1." and 4 "（1）" 仿宋.

    ``text`` includes its number (see :func:`list_label`). ``body``, if given, follows on the same
    line in 仿宋 (a run-in heading: "（一）关于侵权判定。本局认为……"). A heading is never the last
    line of a page: it moves with the first lines of the next block.
    """

    text: str
    level: int = 1
    body: str = ""


@dataclass(frozen=True)
class NumberedList:
    """Body paragraphs numbered 一、二、 / （一）（二） / 1. 2. / （1）（2）, in 仿宋, from ``start``."""

    items: Sequence[str]
    style: ListStyle = "一、"
    start: int = 1


@dataclass(frozen=True)
class KeyValueTable:
    """A bordered two-column form (label | value), e.g. the body of 送达回证.

    ``label_width`` is the share of the text block width the label column takes;
    ``min_row_height`` (mm) leaves room to sign or write by hand.
    """

    rows: Sequence[tuple[str, str]]
    label_width: float = 0.25
    min_row_height: float | None = None
    font_size: float = TABLE_SIZE


@dataclass(frozen=True)
class GridTable:
    """A bordered grid with wrapping cells, for forms such as 延长审理期限审批表.

    ``col_widths`` are relative weights (scaled to the text block width; default equal).
    ``header`` is a row drawn in 黑体 and repeated on each page. ``spans`` merge cells, each as
    (first column, first row, last column, last row) counted in ``rows`` (header excluded); the
    covered cells should be "". ``align`` gives each column's alignment. ``row_heights`` are
    minimum heights in mm per row (None: as high as the text needs). A newline in a cell breaks
    the line.
    """

    rows: Sequence[Sequence[str]]
    col_widths: Sequence[float] | None = None
    header: Sequence[str] | None = None
    spans: Sequence[tuple[int, int, int, int]] = ()
    align: Sequence[Align] | None = None
    row_heights: Sequence[float | None] | None = None
    font_size: float = TABLE_SIZE


@dataclass(frozen=True)
class SignatureBlock:
    """Signatures at the end: ``lines`` (panel members), then the authority and date, then ``after``.

    ``lines`` are set as a right-hand column (left-aligned among themselves, two characters from
    the right margin). ``seal_text`` (the authority's name, under the seal) is centred over the
    date, which stands four characters from the right margin (GB/T 9704 §7.3.5.1). ``after`` holds
    lines under the date, e.g. "书记员：王五". The block is kept on the same page as the last lines
    of the block before it.
    """

    lines: Sequence[str] = ()
    date: _Date | str | None = None
    seal_text: str = ""
    after: Sequence[str] = ()
    blank_lines_before: int = 2


@dataclass(frozen=True)
class Spacer:
    """``lines`` blank lines of the body grid."""

    lines: int = 1


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block: TypeAlias = (
    Title | DocNumber | Para | Heading | NumberedList | KeyValueTable | GridTable | SignatureBlock
    | Spacer | PageBreak
)


# --- text helpers --------------------------------------------------------------------------------
def format_cn_date(value: date) -> str:
    """A date as official documents write it, in Arabic numerals: ``2026年3月2日``."""
    return f"{value.year}年{value.month}月{value.day}日"


_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (1 to 999)."""
    if not 0 < n < 1000:
        raise ValueError(f"cn_numeral: {n} is outside 1..999")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _DIGITS[ones]
    return out


def list_label(n: int, style: ListStyle) -> str:
    """The number of item ``n`` in a list or heading: 一、 / （一） / 1. / （1）."""
    if style == "一、":
        return f"{cn_numeral(n)}、"
    if style == "（一）":
        return f"（{cn_numeral(n)}）"
    if style == "1.":
        return f"{n}."
    if style == "（1）":
        return f"（{n}）"
    raise ValueError(f"unknown list style {style!r}")


_VARIATION_SELECTOR = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _clean(text: str) -> str:
    """Drop controls and format characters, and make every space but U+3000 and newline plain."""
    if text.isprintable() and not _VARIATION_SELECTOR.search(text):
        return text  # the usual case: nothing to drop
    out = []
    for char in text:
        if char == "\n" or char == "\u3000":
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif not is_ignorable(char):
            out.append(char)
    return "".join(out)


# --- line breaking -------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # exclusive; trailing spaces and the newline excluded
    indent: float
    justify: bool


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    kind: Literal["text", "space", "newline"]


_CJK_AMBIGUOUS = frozenset("—―…‘’“”·※§№")  # "ambiguous" in Unicode; Chinese punctuation here


def _is_wide(char: str) -> bool:
    return char in _CJK_AMBIGUOUS or unicodedata.east_asian_width(char) in ("W", "F")


def _atoms(text: str) -> list[_Atom]:
    """Split text into pieces a line may not break inside, applying the punctuation rules."""
    raw: list[_Atom] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            raw.append(_Atom(i, i + 1, "newline"))
            i += 1
        elif char == " ":
            raw.append(_Atom(i, i + 1, "space"))
            i += 1
        elif _is_wide(char):
            raw.append(_Atom(i, i + 1, "text"))
            i += 1
        else:
            j = i + 1
            while j < n and text[j] not in " \n" and not _is_wide(text[j]):
                j += 1
            raw.extend(_split_latin(text, i, j))
            i = j
    return _glue_punctuation(text, raw)


def _split_latin(text: str, start: int, end: int) -> list[_Atom]:
    """A Latin word or number is one piece; a URL may break after / ? & = #."""
    word = text[start:end]
    if not _URL.search(word):
        return [_Atom(start, end, "text")]
    pieces: list[_Atom] = []
    piece_start = start
    for k in range(start, end - 1):
        if text[k] in _URL_BREAK_AFTER and text[k + 1] not in _URL_BREAK_AFTER:
            pieces.append(_Atom(piece_start, k + 1, "text"))
            piece_start = k + 1
    pieces.append(_Atom(piece_start, end, "text"))
    return pieces


def _glue_punctuation(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Join closing punctuation to what precedes it and opening punctuation to what follows."""
    out: list[_Atom] = []
    glue_next = False
    for atom in atoms:
        if atom.kind != "text":
            out.append(atom)
            glue_next = False
            continue
        first, last = text[atom.start], text[atom.end - 1]
        prev = out[-1] if out else None
        joins_prev = prev is not None and prev.kind == "text" and (
            glue_next or first in NO_LINE_START or _unbreakable_pair(text, prev.end - 1, atom.start)
        )
        if joins_prev and prev is not None:
            out[-1] = _Atom(prev.start, atom.end, "text")
        else:
            out.append(atom)
        glue_next = last in NO_LINE_END
    return out


def _unbreakable_pair(text: str, left: int, right: int) -> bool:
    return text[left] == text[right] and text[left] in "—…⋯"


def _break(
    text: str,
    widths: Sequence[float],
    width: float,
    first_indent: float,
    rest_indent: float = 0.0,
) -> list[_Line]:
    """Greedy line breaking over atoms; a piece wider than a line is cut by characters."""
    lines: list[_Line] = []
    indent = first_indent
    line_start: int | None = None
    line_end = 0
    used = 0.0

    def close(justify: bool) -> None:
        nonlocal line_start, used, indent
        start = line_start if line_start is not None else line_end
        lines.append(_Line(start, max(start, line_end), indent, justify))
        line_start, used, indent = None, 0.0, rest_indent

    atoms = _atoms(text)
    for atom in atoms:
        if atom.kind == "newline":
            close(justify=False)
            continue
        atom_width = sum(widths[atom.start:atom.end])
        if atom.kind == "space":
            if line_start is not None and used + atom_width <= width - indent + _FUZZ:
                used += atom_width  # kept only if text follows on this line
            elif line_start is not None:
                close(justify=True)
            continue
        if line_start is not None and used + atom_width > width - indent + _FUZZ:
            close(justify=True)
        for k in range(atom.start, atom.end):
            if line_start is not None and used + widths[k] > width - indent + _FUZZ:
                close(justify=True)  # only inside a piece wider than a whole line
            if line_start is None:
                line_start = k
            used += widths[k]
            line_end = k + 1
    if line_start is not None or not lines:
        close(justify=False)
    _avoid_lone_last_character(text, lines, atoms)
    return lines


def _avoid_lone_last_character(text: str, lines: list[_Line], atoms: Sequence[_Atom]) -> None:
    """A paragraph should not end with one character alone on its line (段末孤字): take one more.

    The character before it moves down when it is a piece of its own; the line it leaves is
    justified one character wider, which stays within the usual stretch.
    """
    if len(lines) < 2 or not lines[-2].justify:
        return
    prev, last = lines[-2], lines[-1]
    if sum(1 for c in text[last.start:last.end] if c not in NO_LINE_START) != 1:
        return
    moving = next((a for a in reversed(atoms) if a.kind == "text" and prev.start < a.start < prev.end), None)
    if moving is None or moving.end != prev.end or moving.end - moving.start != 1:
        return
    end = moving.start
    while end > prev.start and text[end - 1] == " ":
        end -= 1
    lines[-2] = _Line(prev.start, end, prev.indent, prev.justify)
    lines[-1] = _Line(moving.start, last.end, last.indent, last.justify)


@lru_cache(maxsize=64)
def _width_table(font_name: str) -> tuple[dict[int, float], float]:
    face: Any = getattr(pdfmetrics.getFont(font_name), "face", None)
    return face.charWidths, float(face.defaultWidth)


def _char_widths(text: str, fonts: Sequence[str], size: float, char_space: float) -> list[float]:
    out = []
    scale = size / 1000.0
    for char, font_name in zip(text, fonts, strict=True):
        table, default = _width_table(font_name)
        out.append(table.get(ord(char), default) * scale + char_space)
    return out


def break_lines(
    text: str,
    font_name: str,
    font_size: float,
    width: float,
    *,
    first_indent: float = 0.0,
    char_space: float = 0.0,
) -> list[str]:
    """The lines ``text`` breaks into at ``width`` points, as the renderer sets them.

    Closing punctuation never starts a line and opening punctuation never ends one.
    """
    text = _clean(text)
    widths = _char_widths(text, [font_name] * len(text), font_size, char_space)
    return [text[ln.start:ln.end] for ln in _break(text, widths, width, first_indent)]


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

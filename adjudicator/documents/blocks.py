"""The blocks official documents are composed of, the GB/T 9704-2012 page, and text helpers.

See :mod:`adjudicator.documents.layout` for how blocks become a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal, TypeAlias

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from adjudicator.errors import DomainError

from .fonts import is_ignorable

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
    ``keep_with_next``: never the last thing on a page ("本局认为：" moves with what follows);
    ``keep_with_previous``: never the first thing on a page (the contact note stays under the date).
    """

    text: str
    indent: bool = True
    align: Align = "justify"
    keep_with_next: bool = False
    keep_with_previous: bool = False


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
class Graphic:
    """A drawing (a chart of a report), centred in the text block: a reportlab ``Drawing``.

    ``texts`` are the strings the drawing shows, so that their glyphs are checked like any text.
    """

    drawing: Any
    texts: Sequence[str] = ()


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block: TypeAlias = (
    Title | DocNumber | Para | Heading | NumberedList | KeyValueTable | GridTable | SignatureBlock
    | Spacer | PageBreak | Graphic
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



"""Chinese line breaking for official documents (GB/T 15834-2011 附录 A, W3C clreq).

Closing punctuation never starts a line and opening punctuation never ends one; "——" and
"……" stay whole; Latin words and numbers (ZL201620161392.4) are never cut unless longer than a
line; URLs break after "/". reportlab's own CJK mode does none of this.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from reportlab.pdfbase import pdfmetrics

from .blocks import _FUZZ, _clean

# --- line-breaking classes (GB/T 15834-2011 附录 A, W3C clreq) -----------------------------------
NO_LINE_START = frozenset(
    "，。、；：？！）」』》〉】〕〗］｝〙〞〟”’·・～－%‰℃°′″．,.;:?!)]}>-"
)
NO_LINE_END = frozenset("（「『《〈【〔〖［｛〘〝“‘([{<￥$£")
_URL = re.compile(r"://|^www\.|@", re.IGNORECASE)
_URL_BREAK_AFTER = frozenset("/?&=#")


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



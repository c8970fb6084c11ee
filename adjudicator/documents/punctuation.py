"""Chinese punctuation normalisation (标点规范) for drafted text, after GB/T 15834-2011 (mainland usage).

Quotation marks become “” and ‘’ (never 「」『』 or straight quotes), and half-width , . : ; ? ! ( )
become full-width where they stand in Chinese text. "Spell-safe": nothing inside Latin words,
numbers (ZL201620161392.4, 3.5mm, 9:30), URLs or e-mail addresses is touched, and a character is
converted only when Chinese text stands next to it.
"""

from __future__ import annotations

import re

_CORNER = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’", "﹁": "“", "﹂": "”", "﹃": "‘", "﹄": "’"})
_HALF_TO_FULL = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！"}
_PROTECTED = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+;=%,]*[A-Za-z0-9/_\-=#%&]"
                        r"|[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]*[A-Za-z0-9]", re.IGNORECASE)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2FFFF
            or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or char in "“”‘’")


def _next_visible(chars: list[str], i: int) -> str:
    for char in chars[i + 1:]:
        if char not in " \t":
            return char
    return ""


def _full_width_here(char: str, before: str, after: str) -> bool:
    """Whether half-width ``char`` between ``before`` and ``after`` is Chinese punctuation."""
    if char in ".:" and after.isdigit():  # 3.5, 9:30, ZL…392.4 stay as written
        return False
    if before and _is_cjk(before):
        return True
    if char == ".":  # after Latin text only at a sentence end following a number (…9时30分 or 9:30.)
        return before.isdigit() and (not after or _is_cjk(after))
    return bool(after) and _is_cjk(after) and before != " "


def _convert(text: str) -> str:
    chars = list(text.translate(_CORNER))
    double_open = single_open = True
    for i, char in enumerate(chars):
        before = chars[i - 1] if i > 0 else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        cjk_near = (before and _is_cjk(before)) or (after and _is_cjk(after))
        if char == '"' and cjk_near:
            chars[i] = "“" if double_open else "”"
            double_open = not double_open
        elif char == "'" and cjk_near and not (before.isascii() and before.isalpha() and after.isascii()
                                               and after.isalpha()):
            chars[i] = "‘" if single_open else "’"
            single_open = not single_open
        elif char in _HALF_TO_FULL and _full_width_here(char, before, _next_visible(chars, i)):
            chars[i] = _HALF_TO_FULL[char]
        elif char == "(" and (after and _is_cjk(after) or before and _is_cjk(before)):
            close = "".join(chars[i + 1:]).find(")")
            if close >= 0:
                chars[i] = "（"
                chars[i + 1 + close] = "）"
    out = "".join(chars)
    return re.sub(r"(?<=[，。：；？！、（）“”‘’])[ \t]+|[ \t]+(?=[，。：；？！、（）“”‘’])", "", out)


def normalize_punctuation(text: str) -> str:
    """``text`` with Chinese punctuation made full-width and quotation marks “” ‘’; URLs and numbers untouched."""
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        out.append(_convert(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_convert(text[last:]))
    return "".join(out)

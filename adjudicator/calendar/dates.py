"""Reading a date the way a clerk writes it: 2026-3-2, 2026/03/02, 2026.3.2, 2026年3月2日, 20260302."""

from __future__ import annotations

import re
from datetime import date

from adjudicator.errors import DomainError

_SEPARATED = re.compile(r"(\d{4})\s*[-/.．／年]\s*(\d{1,2})\s*[-/.．／月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_FULLWIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")


def read_date(text: str, what: str = "日期") -> date | None:
    """The date ``text`` names, or None when it is blank; DomainError (naming ``what``) otherwise."""
    value = text.translate(_FULLWIDTH).strip()
    if not value:
        return None
    match = _SEPARATED.fullmatch(value) or _COMPACT.fullmatch(value)
    if match is None:
        raise DomainError(f"{what}“{text.strip()}”无法识别，请写成 2026-03-02、2026年3月2日或 20260302。")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError(f"{what}“{text.strip()}”不存在（{year} 年 {month} 月没有 {day} 日）。") from None

"""Short labels and colours the list shows; the full Chinese names live in :mod:`adjudicator.cases.inputs`."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QColor

from adjudicator.cases.inputs import CASE_KINDS, CASE_STATUSES, OPEN_STATUSES

#: Short kind names for the narrow 类型 column (the full name is the tooltip).
KIND_SHORT = {
    "infringement": "侵权裁决",
    "ecommerce": "电商侵权",
    "mediation": "纠纷调解",
}

#: Subtle text colours per status: open cases warm/blue, closed ones green or grey.
STATUS_COLOURS = {
    "received": QColor("#b26a00"),
    "filed": QColor("#1f5fbf"),
    "suspended": QColor("#8a5a9e"),
    "refused": QColor("#7a7a7a"),
    "decided": QColor("#2e7d32"),
    "mediated": QColor("#2e7d32"),
    "withdrawn": QColor("#7a7a7a"),
    "archived": QColor("#5f6b7a"),
}

#: A light tint of the status colour, for the pill behind the status text.
STATUS_TINTS = {code: QColor(c.red(), c.green(), c.blue(), 28) for code, c in STATUS_COLOURS.items()}


def kind_label(code: str) -> str:
    return CASE_KINDS.get(code, code)


def kind_short(code: str) -> str:
    return KIND_SHORT.get(code, CASE_KINDS.get(code, code))


def status_label(code: str) -> str:
    return CASE_STATUSES.get(code, code)


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def cell_text(key: str, value: Any) -> str:
    """What the case list shows for one column's value."""
    if value is None:
        return ""
    if key == "kind":
        return kind_short(str(value))
    if key == "status":
        return status_label(str(value))
    if key == "received_on" and isinstance(value, date):
        return value.isoformat()  # (SQLite's rows, read without conversion, hold the ISO text itself)
    return str(value)


def cell_tooltip(key: str, value: Any) -> str | None:
    """The case list's tooltip for one column's value (None: no tooltip)."""
    if key == "kind":
        return kind_label(str(value))
    if key == "party_summary":
        return str(value or "")
    if key == "case_no":
        return str(value or "")
    return None

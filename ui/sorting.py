"""Sorting as a clerk reads it: names in pinyin order, header arrows pointing the way a column sorts.

Apart from :mod:`ui.widgets` (the forms' date fields and their calendar): the case list needs
these as the window first opens, and the forms' module is not needed before the first paint.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCollator, QCollatorSortKey, QLocale
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QProxyStyle, QStyle, QStyleOption, QStyleOptionHeader, QWidget

_COLLATOR: QCollator | None = None


def pinyin_key(text: str) -> QCollatorSortKey:
    """A sort key putting Chinese names in pinyin order (安娜, 李明, 王海燕, 张伟), as a clerk expects."""
    global _COLLATOR
    if _COLLATOR is None:
        _COLLATOR = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return _COLLATOR.sortKey(text)


def pinyin_sorted(names: Iterable[str]) -> list[str]:
    """``names`` in pinyin order; safe in a background thread (its own collator, not the shared one)."""
    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return sorted(names, key=collator.sortKey)


_FLIPPED = {QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
            QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp}


class SortArrowStyle(QProxyStyle):
    """Header arrows that point the way the column sorts: ▲ ascending, ▼ descending.

    QHeaderView asks the style for a "down" arrow when sorting ascending (a Windows XP habit) and
    Fusion draws it literally, so a list sorted newest first showed ▲.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            flipped = QStyleOptionHeader(option)
            flipped.sortIndicator = _FLIPPED.get(option.sortIndicator, option.sortIndicator)
            super().drawPrimitive(element, flipped, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)


def use_sort_arrows(header: QHeaderView) -> None:
    """Give ``header`` arrows that point the way it sorts (see :class:`SortArrowStyle`)."""
    style = SortArrowStyle()
    style.setParent(header)
    header.setStyle(style)

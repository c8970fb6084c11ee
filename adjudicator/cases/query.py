"""What the case list asks for (:class:`CaseQuery`) and how a filter text splits into words.

Kept apart from :mod:`adjudicator.cases.service` and free of SQLAlchemy, so the desktop
application can show its first screenful of cases before the storage layer is imported.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows: a filter text, kind and status filters, deleted or not, and the sort."""

    text: str = ""
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    deleted: bool = False
    sort: str = "received_on"
    descending: bool = True


def filter_words(text: str) -> list[str]:
    """The words of a filter text; a case matches when its search text contains every one."""
    return text.lower().split()

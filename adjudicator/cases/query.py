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
    #: The handlers' names in the order a person expects (pinyin for Chinese names), for ``sort="handler"``.
    #: The database compares code points (张 before 李), so the caller that knows the collation says
    #: the order; names not listed follow in code-point order.
    handler_order: tuple[str, ...] = ()


#: A filter's words are capped: 400 words took minutes on PostgreSQL and 1,000 crashed SQLite's parser.
MAX_FILTER_WORDS = 8
MAX_FILTER_LENGTH = 200


def filter_words(text: str) -> list[str]:
    """The words of a filter text; a case matches when its search text contains every one.

    Repeated words count once; beyond :data:`MAX_FILTER_WORDS` only the longest (the most selective)
    are kept, and text beyond :data:`MAX_FILTER_LENGTH` characters is ignored.
    """
    words = list(dict.fromkeys(text[:MAX_FILTER_LENGTH].lower().split()))
    if len(words) <= MAX_FILTER_WORDS:
        return words
    keep = set(sorted(words, key=len, reverse=True)[:MAX_FILTER_WORDS])
    return [w for w in words if w in keep][:MAX_FILTER_WORDS]

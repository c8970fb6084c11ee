"""What the case list reads from the database: the first keys of a query and the whole loaded list.

Kept apart from :mod:`ui.case_model` (the Qt model): these run in the background executor and
import the listing (and so SQLAlchemy) only when called, never at start-up.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from adjudicator.cases.filtering import TextFilter
from adjudicator.cases.query import CaseQuery
from ui.sorting import pinyin_sorted

if TYPE_CHECKING:
    from adjudicator.database import Database


def named_query(db: Database, query: CaseQuery) -> CaseQuery:
    """``query`` with the handlers in pinyin order when it sorts by handler (the database cannot)."""
    if query.sort != "handler":
        return query
    from adjudicator.cases import listing

    return replace(query, handler_order=tuple(pinyin_sorted(listing.handler_names(db))))


def first_keys(db: Database, query: CaseQuery, limit: int) -> list[str]:
    from adjudicator.cases import listing

    return listing.query_case_keys(db, named_query(db, query), limit)


def load_base(db: Database, query: CaseQuery) -> tuple[list[str], TextFilter, dict[str, Sequence[Any]]]:
    """Every case of ``query`` (without its filter text): keys, a filter over their texts, their rows.

    Runs in the background, so the first keystroke finds the filter's joined text built and
    every row it may show already read: a keystroke never waits for the database.
    """
    from adjudicator.cases import listing

    rows = listing.query_case_list(db, named_query(db, query))
    keys = [row[0] for row in rows]
    text_filter = TextFilter([row[1] for row in rows]).prepare()
    loaded = dict(zip(keys, rows, strict=True))
    # A million new objects: Python's cycle collector would otherwise walk them in the middle of
    # the first keystrokes (some 50 ms). Collected here, in the background, the rows' tuples of
    # plain values are found acyclic and no longer tracked, and later collections stay short.
    # The young generations only: the new objects are there, and a full collection would walk
    # the whole heap, which in a long-running process (a test session) took seconds each time.
    gc.collect(1)
    return keys, text_filter, loaded

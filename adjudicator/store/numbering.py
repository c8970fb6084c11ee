"""Numbers issued per station, year and series, allocated inside the transaction that uses them.

One atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` both creates the series and
increments it, so two connections can never receive the same number: on PostgreSQL the
row lock serialises them, on SQLite the write transaction (BEGIN IMMEDIATE) does. A number
whose transaction rolls back is never seen by anyone; one that committed is never reused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.orm import Session

from adjudicator.store.models import NumberSequence

CASE_SERIES = "case"
#: (station, series) of the local list keys of cases; year 0. Local to this database, never synced.
LIST_KEY_SERIES = ("*", "list_key")


def _upsert_insert(dialect: str) -> Any:
    """The dialect's INSERT with ON CONFLICT, imported on use: the PostgreSQL dialect pulls in
    asyncio, ~0.1 s of a station's start-up."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def allocate_number(session: Session, station: str, year: int, series: str = CASE_SERIES, count: int = 1) -> int:
    """The next number of ``series`` for ``station`` in ``year`` (1, 2, 3…).

    ``count`` > 1 takes a block of consecutive numbers in the same single statement (an import
    numbering many cases) and returns the *last* of them; the block is ``last - count + 1 … last``.
    """
    insert_fn = _upsert_insert(session.get_bind().dialect.name)
    stmt: Insert = insert_fn(NumberSequence).values(station=station, year=year, series=series, last=count)
    stmt = stmt.on_conflict_do_update(  # type: ignore[attr-defined]
        index_elements=["station", "year", "series"],
        set_={"last": NumberSequence.last + count},
    ).returning(NumberSequence.last)
    return int(session.execute(stmt).scalar_one())


def allocate_block(session: Session, station: str, year: int, series: str, count: int) -> int:
    """Reserve ``count`` consecutive numbers of ``series`` at once; returns the first.

    The same single upsert as :func:`allocate_number`, so a bulk writer (the demo) and a clerk
    saving a case at the same moment queue on the row and never receive the same number.
    """
    if count < 1:
        raise ValueError("count must be positive")
    insert_fn = _upsert_insert(session.get_bind().dialect.name)
    stmt: Insert = insert_fn(NumberSequence).values(station=station, year=year, series=series, last=count)
    stmt = stmt.on_conflict_do_update(  # type: ignore[attr-defined]
        index_elements=["station", "year", "series"],
        set_={"last": NumberSequence.last + count},
    ).returning(NumberSequence.last)
    return int(session.execute(stmt).scalar_one()) - count + 1

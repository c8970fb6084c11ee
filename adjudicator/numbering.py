"""Numbers issued per station, year and series, allocated inside the transaction that uses them.

One atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` both creates the series and
increments it, so two connections can never receive the same number: on PostgreSQL the
row lock serialises them, on SQLite the write transaction (BEGIN IMMEDIATE) does. A number
whose transaction rolls back is never seen by anyone; one that committed is never reused.
"""

from __future__ import annotations

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from adjudicator.store.models import NumberSequence

CASE_SERIES = "case"
#: (station, series) of the local list keys of cases; year 0. Local to this database, never synced.
LIST_KEY_SERIES = ("*", "list_key")


def allocate_number(session: Session, station: str, year: int, series: str = CASE_SERIES) -> int:
    """The next number of ``series`` for ``station`` in ``year`` (1, 2, 3…)."""
    dialect = session.get_bind().dialect.name
    insert_fn = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt: Insert = insert_fn(NumberSequence).values(station=station, year=year, series=series, last=1)
    stmt = stmt.on_conflict_do_update(  # type: ignore[attr-defined]
        index_elements=["station", "year", "series"],
        set_={"last": NumberSequence.last + 1},
    ).returning(NumberSequence.last)
    return int(session.execute(stmt).scalar_one())

"""Checking the audit chains fast: the canonical bytes put together from the stored text, not the ORM's values.

:func:`adjudicator.store.chain.check_chains` asks here first. Every answer is "all hold" or "look
closer": a "look closer" sends it to the exact check, entry by entry through the ORM's types, which
names the break. So these scans only have to be *sound* — never call a chain whole that the exact
check would call broken — and fast when all is well (a supervisor's import checks some 180,000
entries per 10,000-case station; the exact check takes about 100 µs an entry).

Sound because each value is written the one way :func:`~adjudicator.store.chain.canonical` writes
the value the ORM reads back: a JSON string literal decodes to the one string it quotes, an id is
taken only as 32 hex digits (SQLite) or PostgreSQL's text form, a moment only in the one stored
shape, and ``changes`` as stored — it is written in canonical form (:class:`CanonicalJSON`), so
bytes that hash right are the canonical bytes, and parsing them gives back what was hashed.

1. PostgreSQL: one statement, run by the server: links (``chain_seq`` 1, 2, 3 …, each ``prev_hash``
   the previous ``hash``) by window functions, and each entry's SHA-256 by ``sha256()``.
2. SQLite (and PostgreSQL when that does not hold all through): the driver's rows, the bytes put
   together in Python (SQLite's own string functions were slower), ``changes`` parsed and
   serialized again only where its stored text does not hash right (entries stored before it was
   canonical, or by other tools).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, text

from adjudicator.store.chain import GENESIS, canonical_json

_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]  # a JSON string as ensure_ascii=False writes it

#: Links in SQL: an entry is linked when it is on a chain, numbered one after the one before, and
#: names that one's hash (the first names GENESIS, the empty string).
_LINKED = ("COALESCE(chain <> '' AND chain_seq = row_number() OVER w "
           "AND prev_hash = COALESCE(lag(hash) OVER w, ''), false)")
_WINDOW = "WINDOW w AS (PARTITION BY chain ORDER BY chain_seq, seq)"


#: PostgreSQL: an entry's canonical text; ``to_json(text)`` escapes as Python's ``json`` does (control
#: characters, quote and backslash only).
_PG_TEXT = (
    "'{\"action\":' || to_json(action)::text || ',\"actor\":' || to_json(actor)::text || ',\"at\":\"' || "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || 'Z\",\"case_id\":' || "
    "COALESCE('\"' || case_id::text || '\"', 'null') || ',\"chain\":' || to_json(chain)::text || "
    "',\"chain_seq\":' || chain_seq::text || ',\"changes\":' || changes::text || ',\"entry_id\":\"' || "
    "entry_id::text || '\",\"prev_hash\":' || to_json(prev_hash)::text || ',\"record_id\":\"' || "
    "record_id::text || '\",\"record_label\":' || to_json(record_label)::text || ',\"station\":' || "
    "to_json(station)::text || ',\"table_name\":' || to_json(table_name)::text || '}'")


def _where(only: str | None) -> str:
    return " WHERE chain = :chain" if only is not None else ""


def _params(only: str | None) -> dict[str, Any]:
    return {"chain": only} if only is not None else {}


def _postgresql(conn: Connection, counts: dict[str, int], only: str | None) -> bool:
    whole = f"COALESCE(encode(sha256(convert_to({_PG_TEXT}, 'UTF8')), 'hex') = hash, false)"
    rows = conn.execute(text(
        f"SELECT chain, count(*), count(*) FILTER (WHERE NOT (linked AND whole)) FROM ("
        f"SELECT chain, {_LINKED} AS linked, {whole} AS whole "
        f"FROM audit_entries{_where(only)} {_WINDOW}) AS checked GROUP BY chain"), _params(only)).all()
    if any(bad for _, _, bad in rows):
        return False
    for chain, n, _ in rows:
        counts[chain] = counts.get(chain, 0) + int(n)
    return True


# -- in Python: SQLite, and PostgreSQL's entries whose stored text is not (yet) canonical ----------

#: The columns as stored text: ids, the moment as ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, ``changes``.
_COLUMNS = {
    "sqlite": "chain, chain_seq, prev_hash, hash, action, actor, at, case_id, changes, entry_id, record_id, "
              "record_label, station, table_name",
    "postgresql": "chain, chain_seq, prev_hash, hash, action, actor, "
                  "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), CAST(case_id AS TEXT), "
                  "CAST(changes AS TEXT), CAST(entry_id AS TEXT), CAST(record_id AS TEXT), record_label, station, "
                  "table_name",
}


def _id_json(value: str | None) -> str:
    if value is None:
        return "null"
    if len(value) == 32:  # SQLite keeps a UUID as 32 hex digits; its canonical form has the dashes
        value = f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(_quote(value))


def _entry_holds(row: Sequence[Any]) -> bool:
    """Whether a stored entry (a :data:`_COLUMNS` row) hashes to its hash; ``changes`` as stored, then re-serialized."""
    (chain, seq, prev, digest, action, actor, at, case_id, changes, entry_id, record_id, label, station,
     table) = row
    if not isinstance(at, str) or len(at) != 26 or at[10] != " " or not isinstance(changes, str) \
            or not isinstance(seq, int):
        return False
    try:
        head = (f'{{"action":{_quote(action)},"actor":{_quote(actor)},"at":"{at[:10]}T{at[11:]}Z",'
                f'"case_id":{_id_json(case_id)},"chain":{_quote(chain)},"chain_seq":{seq},"changes":')
        tail = (f',"entry_id":{_id_json(entry_id)},"prev_hash":{_quote(prev or GENESIS)},'
                f'"record_id":{_id_json(record_id)},"record_label":{_quote(label)},"station":{_quote(station)},'
                f'"table_name":{_quote(table)}}}')
    except TypeError:  # a value that is not text where the ORM reads text: the exact check judges
        return False
    if hashlib.sha256((head + changes + tail).encode("utf-8")).hexdigest() == digest:
        return True
    try:
        again = canonical_json(json.loads(changes))
    except ValueError:
        return False
    return again != changes and hashlib.sha256((head + again + tail).encode("utf-8")).hexdigest() == digest


def _python(conn: Connection, counts: dict[str, int], only: str | None) -> bool:
    sql = f"SELECT {_COLUMNS[conn.dialect.name]} FROM audit_entries{_where(only)} ORDER BY chain, chain_seq, seq"
    rows: Any
    if conn.dialect.name == "sqlite":  # the driver's own rows: a third of the time of SQLAlchemy's
        raw: Any = conn.connection.driver_connection
        rows = raw.execute(sql.replace(":chain", "?"), (only,) if only is not None else ())
    else:
        rows = conn.execute(text(sql), _params(only), execution_options={"stream_results": True, "yield_per": 5000})
    tally: dict[str, int] = {}
    current: object = None
    expected, previous = 0, GENESIS
    try:
        for row in rows:
            chain, seq, prev, digest = row[0], row[1], row[2], row[3]
            if chain != current:
                current, expected, previous = chain, 0, GENESIS
            expected += 1
            if not chain or seq != expected or prev != previous or not _entry_holds(row):
                return False
            tally[chain] = tally.get(chain, 0) + 1
            previous = digest
    finally:
        rows.close()
    for chain, n in tally.items():
        counts[chain] = counts.get(chain, 0) + n
    return True


def chains_hold(conn: Connection, counts: dict[str, int], only: str | None = None) -> bool:
    """True when every chain (or ``only``) holds, adding entries per chain to ``counts``; False: look closer.

    ``counts`` is only added to when the answer is True.
    """
    if conn.dialect.name not in _COLUMNS:
        return False
    if conn.dialect.name == "postgresql" and _postgresql(conn, counts, only):
        return True
    return _python(conn, counts, only)

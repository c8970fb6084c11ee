"""The hash chain of the audit trail: each entry carries the SHA-256 of its content and of the one before.

Every station has one chain (``AuditEntry.chain`` is its code; a supervisor's own writes form
the chain ``SUP``). An entry's hash covers its canonical content — a JSON document with sorted
keys, UUIDs as text, the moment as UTC with microseconds — including ``chain_seq`` and the
previous entry's hash, so editing, deleting, inserting or reordering entries breaks the chain at
that point. The previous hash is read inside the writing transaction: SQLite write transactions
begin ``IMMEDIATE`` (one writer at a time), and on PostgreSQL a transaction-scoped advisory lock
per chain queues a second writer until the first commits, so two writers never fork a chain.

The canonical form is a file format: changing it would make every stored hash wrong.

``changes`` is stored in its canonical JSON form (:class:`CanonicalJSON`), so checking an entry
needs no JSON parsing: :mod:`adjudicator.store.chain_fast` puts the canonical bytes together from
the stored text (in SQL where it can) and answers when every chain holds; only when something
does not hold does :func:`check_chains` go entry by entry to name the break.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Dialect, select, text
from sqlalchemy.types import TypeDecorator

#: The fields an entry's hash covers, in the order they are listed (the JSON sorts them anyway).
HASHED_FIELDS = ("entry_id", "chain", "chain_seq", "prev_hash", "at", "actor", "station", "table_name",
                 "record_id", "record_label", "case_id", "action", "changes")
#: ``prev_hash`` of a chain's first entry.
GENESIS = ""
#: The chain of a database that is no station's (a supervisor's own entries).
SUPERVISOR_CHAIN = "SUP"


#: JSON as the hash covers it: sorted keys, no spaces, characters as they are.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode


def canonical_json(value: Any) -> str:
    """``value`` as JSON in the canonical form (the ``changes`` part of :func:`canonical`)."""
    return _encode(value)


class CanonicalJSON(TypeDecorator[Any]):
    """A JSON column written in canonical form (``AuditEntry.changes``); read back like any JSON.

    The stored text is then exactly the bytes an entry's hash covers, so checking the chain can
    hash it as it is. Only the order of keys and the spacing differ from plain JSON columns.
    """

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql" and dialect.driver == "psycopg":
            from psycopg.types.json import Json

            return lambda value: None if value is None else Json(value, dumps=_encode)
        return lambda value: None if value is None else _encode(value)


def _moment(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # as SQLite hands back a UTC moment
            value = value.replace(tzinfo=UTC)
        return str(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    return str(value)


def _text(value: Any) -> Any:
    return None if value is None else str(value)


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash is taken over (see the module docstring)."""
    doc = {name: entry.get(name) for name in HASHED_FIELDS}
    doc["entry_id"] = _text(doc["entry_id"])
    doc["record_id"] = _text(doc["record_id"])
    doc["case_id"] = _text(doc["case_id"])
    doc["at"] = _moment(doc["at"])
    doc["chain_seq"] = int(doc["chain_seq"]) if doc["chain_seq"] is not None else None
    doc["prev_hash"] = doc["prev_hash"] or GENESIS
    doc["changes"] = doc["changes"] if doc["changes"] is not None else {}
    return _encode(doc).encode("utf-8")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The SHA-256 (hex) of an entry's canonical content."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def _lock_key(chain: str) -> int:
    """A signed 64-bit advisory-lock key for a chain (stable across processes)."""
    return int.from_bytes(hashlib.sha256(f"adjudicator-audit:{chain}".encode()).digest()[:8], "big", signed=True)


def lock_chain(conn: Connection, chain: str) -> None:
    """Hold the chain for this transaction (PostgreSQL); SQLite's write transaction already does."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(chain)})


def chain_head(conn: Connection, chain: str) -> tuple[int, str]:
    """``(chain_seq, hash)`` of a chain's last entry, ``(0, GENESIS)`` for an empty chain."""
    from adjudicator.store.models import AuditEntry

    table: Any = AuditEntry.__table__
    row = conn.execute(select(table.c.chain_seq, table.c.hash).where(table.c.chain == chain)
                       .order_by(table.c.chain_seq.desc()).limit(1)).first()
    return (int(row[0]), str(row[1])) if row is not None and row[0] is not None else (0, GENESIS)


def link(entries: Sequence[dict[str, Any]], chain: str, head: tuple[int, str]) -> tuple[int, str]:
    """Give each entry (a dict of its columns) its place after ``head``; returns the new head."""
    seq, previous = head
    for entry in entries:
        seq += 1
        entry["chain"] = chain
        entry["chain_seq"] = seq
        entry["prev_hash"] = previous
        entry["hash"] = previous = entry_hash(entry)
    return seq, previous


def append(conn: Connection, entries: Sequence[dict[str, Any]], chain: str) -> None:
    """Chain new entries (dicts, not yet inserted) after the chain's head, inside the writing transaction."""
    if entries:
        lock_chain(conn, chain)
        link(entries, chain, chain_head(conn, chain))



# -- checking ------------------------------------------------------------------------------------------

#: How a chain without a name (entries an outside tool wrote without one) is shown.
UNCHAINED = "（未入链）"


@dataclass(frozen=True)
class ChainBreak:
    """The first entry of a chain that does not hold."""

    chain: str
    chain_seq: int | None
    entry_id: str
    at: str
    actor: str
    what: str
    reason: str

    def sentence(self) -> str:
        place = f"第 {self.chain_seq} 条" if self.chain_seq else "一条未编号的记录"
        return (f"“{self.chain}”的审计链在{place}处断开（{self.at[:19].replace('T', ' ')}，{self.actor}，"
                f"{self.what}）：{self.reason}。")


def table_label(table: str) -> str:
    """A table's name for people (its rows' ``audit_label``), else the table's own name."""
    from adjudicator.store.base import Base

    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if getattr(cls, "__tablename__", None) == table:
            return str(getattr(cls, "audit_label", "") or table)
    return table


def _what(entry: Mapping[str, Any]) -> str:
    label = table_label(entry["table_name"])
    return f"{label}“{entry['record_label']}”" if entry["record_label"] else label


def _entries_in_chain_order(conn: Connection, chain: str | None) -> Iterator[Any]:
    from adjudicator.store.models import AuditEntry

    audit: Any = AuditEntry.__table__
    query = select(audit).order_by(audit.c.chain, audit.c.chain_seq, audit.c.seq)
    if chain is not None:
        query = query.where(audit.c.chain == chain)
    yield from conn.execute(query, execution_options={"yield_per": 2000}).mappings()


def _break_reason(entry: Mapping[str, Any], expected_seq: int, previous: str) -> str | None:
    if not entry["chain"] or entry["chain_seq"] is None:
        return "这条记录不在任何审计链上（不是本程序写入的）"
    if entry["chain_seq"] < expected_seq:
        return f"第 {entry['chain_seq']} 条出现了两次（审计链分叉或被插入了记录）"
    if entry["chain_seq"] > expected_seq:
        return f"第 {expected_seq} 条起的记录缺失（被删除）"
    if entry["prev_hash"] != previous:
        return "它记载的前一条哈希与前一条记录不符（前一条被改动或替换）"
    if entry_hash(entry) != entry["hash"]:
        return "记录内容与其哈希不符（记录被改动）"
    return None


def _exact_check(conn: Connection, counts: dict[str, int] | None = None, only: str | None = None) -> list[ChainBreak]:
    """:func:`check_chains` entry by entry through the ORM's types (slow; it names the break exactly)."""
    counts = {} if counts is None else counts
    breaks: list[ChainBreak] = []
    current: str | None = None
    expected_seq, previous, broken = 0, GENESIS, False
    for entry in _entries_in_chain_order(conn, only):
        chain = entry["chain"] or UNCHAINED
        counts[chain] = counts.get(chain, 0) + 1
        if chain != current:
            current, expected_seq, previous, broken = chain, 0, GENESIS, False
        if broken:
            continue
        expected_seq += 1
        reason = _break_reason(entry, expected_seq, previous)
        if reason:
            broken = True
            at = entry["at"]
            breaks.append(ChainBreak(chain, entry["chain_seq"], str(entry["entry_id"]),
                                     at.isoformat() if isinstance(at, datetime) else str(at),
                                     entry["actor"], _what(entry), reason))
        previous = entry["hash"]
    return breaks


def check_chains(conn: Connection, counts: dict[str, int] | None = None, only: str | None = None) -> list[ChainBreak]:
    """The first break of every chain (or of ``only``), in chain order; ``counts`` gets entries per chain.

    A chain holds when its entries are numbered 1, 2, 3 … without gap or repeat, each names the
    previous entry's hash, and each hashes to the hash it carries. The fast scan answers when all
    hold; otherwise the exact check, entry by entry, names each chain's first break.
    """
    from adjudicator.store.chain_fast import chains_hold

    counts = {} if counts is None else counts
    if chains_hold(conn, counts, only):
        return []
    return _exact_check(conn, counts, only)


def chain_problem(conn: Connection, chain: str) -> str | None:
    """The sentence naming the first broken entry of one chain, None when it holds (the supervisor's import)."""
    breaks = check_chains(conn, only=chain)
    return breaks[0].sentence() if breaks else None

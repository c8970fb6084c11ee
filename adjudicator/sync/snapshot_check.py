"""Judging a package's SQLite snapshot before any database of ours sees it.

The snapshot comes from another computer and may have been made by anyone holding a station's
key. It is opened immutable and read-only, with ``trusted_schema`` off, and must hold nothing
but plain tables: our export writes no views, triggers, indexes, virtual tables or generated
columns, and any of these could run code in the file while it is read. Each table's rows are
counted against the manifest, must all belong to the signer, and every value must have the
type its column has here: PostgreSQL's staging tables would refuse a malformed UUID or date,
but SQLite stores whatever it is given, and such a value would then break every later read of
the supervisor database. One scan of each table answers all three questions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    TypeDecorator,
    Uuid,
)

from adjudicator.store.models import AuditEntry
from adjudicator.store.sqlite_file import sqlite_uri
from adjudicator.sync.package import ASK_AGAIN, SQLITE_MAGIC, refusal, shown


def check_snapshot(snapshot: Path, manifest: dict[str, Any], signer: str, synced_tables: Mapping[str, Table],
                   name: str, *, value_types: bool = True) -> None:
    """Refuse the snapshot unless it holds only plain tables, counted as the manifest says, of the signer's rows,
    each value of the type its column has here (see the module docstring).

    ``value_types=False`` skips the last check: it costs about a second of CPU per 10,000 rows of
    audit entries, and a PostgreSQL database's staging tables refuse such values by their types.
    """
    with open(snapshot, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise refusal(name, "中的数据文件不是 SQLite 数据库", ASK_AGAIN, "not-sqlite")
    counts: dict[str, Any] = manifest["tables"]
    known = {**synced_tables, "audit_entries": cast(Table, AuditEntry.__table__)}
    try:
        conn = sqlite3.connect(sqlite_uri(snapshot, immutable=True), uri=True)
        conn.execute("PRAGMA trusted_schema = OFF")
    except sqlite3.Error:
        raise refusal(name, "中的数据文件无法打开", ASK_AGAIN, "not-sqlite") from None
    try:
        tables = _plain_tables(conn, name)
        if set(counts) != tables or not tables <= known.keys():
            raise refusal(name, "中的数据表与清单不符", ASK_AGAIN, "tables")
        for table in sorted(tables):
            columns = _plain_columns(conn, table, name)
            owner = "station" if table == "audit_entries" else "owner_station"
            valid = " AND ".join(f"({_valid_sql(c)})" for c in known[table].columns
                                 if c.name in columns) if value_types else "1"
            actual, other, bad = conn.execute(
                f'SELECT count(*), coalesce(sum("{owner}" IS NOT ?), 0), coalesce(sum(({valid}) IS NOT 1), 0) '
                f'FROM "{table}"', (signer,)).fetchone()
            if actual != counts[table]:
                raise refusal(name, f"中“{table}”表的行数（{actual}）与清单记载的（{shown(counts[table], 20)}）不符",
                              ASK_AGAIN, "counts")
            if other:
                raise refusal(name, f"中有 {other} 行“{table}”数据属于其他裁决所，而不是签名的 {shown(signer, 16)}",
                              "一个裁决所只能导出本所的数据；请核实该数据包的来源。", "foreign-rows")
            if bad:
                raise refusal(name, f"中有 {bad} 行“{table}”数据的值类型不对（如编号不是 UUID、日期无法识别）",
                              ASK_AGAIN, "values")
    except sqlite3.DatabaseError as exc:
        raise refusal(name, f"中的数据文件已损坏（{shown(exc, 120)}）", ASK_AGAIN, "not-sqlite") from None
    finally:
        conn.close()


def _plain_tables(conn: sqlite3.Connection, name: str) -> set[str]:
    """The snapshot's tables; refuses anything our export never writes, which could run code when read."""
    tables: set[str] = set()
    for kind, table, sql in conn.execute("SELECT type, name, sql FROM sqlite_master"):
        if kind != "table" or str(sql or "").upper().startswith("CREATE VIRTUAL"):
            raise refusal(name, f"的数据文件含有本系统导出时不会有的“{shown(table, 40)}”（{shown(kind, 10)}）",
                          ASK_AGAIN, "tables")
        tables.add(table)
    return tables


def _plain_columns(conn: sqlite3.Connection, table: str, name: str) -> set[str]:
    info = conn.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
    if any(row[6] for row in info):  # hidden: a generated column is computed (by code in the file) as it is read
        raise refusal(name, f"的数据文件中“{table}”表含有计算列，本系统导出时不会有", ASK_AGAIN, "tables")
    return {row[1] for row in info}


_DIGITS_DATE = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def _valid_sql(column: Column[Any]) -> str:
    """A SQLite condition true when the column's value is what SQLAlchemy would store and read back here.

    Only what would break a reader or hand it a value of the wrong class: SQLite stores whatever it
    is given. The condition may be NULL (SQLite's ``datetime()`` of an impossible time is NULL), so
    the caller counts a row as bad unless it is exactly 1. (A text too long for its column or holding NUL is harmless here; PostgreSQL's staging
    tables refuse it there.)
    """
    q = f'"{column.name}"'
    # UTCDateTime, CanonicalJSON: stored as their impl
    kind: Any = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(kind, Uuid):
        test = f"typeof({q}) = 'text' AND length({q}) = 32 AND {q} NOT GLOB '*[^0-9a-f]*'"
    elif isinstance(kind, Boolean):
        test = f"typeof({q}) = 'integer' AND {q} IN (0, 1)"
    elif isinstance(kind, Integer):
        test = f"typeof({q}) = 'integer'"
    elif isinstance(kind, DateTime):
        head = f"substr({q}, 1, 19)"
        test = (f"typeof({q}) = 'text' AND {head} GLOB '{_DIGITS_DATE} [0-9][0-9]:[0-9][0-9]:[0-9][0-9]' "
                f"AND {head} >= '0001' AND datetime({head}, '+0 days') = {head} "
                f"AND (length({q}) = 19 OR (length({q}) = 26 AND substr({q}, 20) GLOB '.[0-9][0-9][0-9][0-9][0-9][0-9]'))")
    elif isinstance(kind, Date):
        test = f"typeof({q}) = 'text' AND {q} GLOB '{_DIGITS_DATE}' AND {q} >= '0001' AND date({q}, '+0 days') = {q}"
    elif isinstance(kind, JSON):
        test = f"typeof({q}) = 'text' AND json_valid({q})"
    elif isinstance(kind, LargeBinary):
        test = f"typeof({q}) = 'blob'"
    elif isinstance(kind, String):  # Text too
        test = f"typeof({q}) = 'text'"
    else:
        test = "1"
    return f"{q} IS NULL OR ({test})" if column.nullable else f"{q} IS NOT NULL AND ({test})"

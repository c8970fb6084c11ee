"""``audit verify``: the audit trail's hash chains are whole, and every record is what its entries say.

Two checks, both read-only:

1. **The chains.** Each station's entries, in chain order, must be numbered 1, 2, 3 … without a
   gap or a repeat, each must name the previous entry's hash, and each must hash to the hash it
   carries (:mod:`adjudicator.store.chain`). The first entry where this fails is named: an entry
   edited, deleted or slipped in with an outside tool breaks the chain there.
2. **The records.** The entries of each row of a case's tables (cases, parties, patents, events,
   documents, service records, evidence) are replayed — ``create`` gives the fields, ``update`` the
   new values, ``delete``/``restore`` the tombstone — and the row must hold exactly that. A row
   changed behind the program's back, or one with no entry at all, is named. An issued document's
   PDF must also hash to the SHA-256 its row (and so its audit entries) records, and carry its
   station's valid signature over what the row says it is: a chain an outside tool rewrote from the
   start still agrees with itself, but nobody without the station's key can sign a forged PDF.

Both stream: entries and rows are read table by table in record order and compared as they go,
so a database of any size is checked in constant memory.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select

from adjudicator.documents.signing import known_keys, signature_problem
from adjudicator.history.trail import field_label
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.audit import _BOOKKEEPING, CASE_TABLES, LOCAL_COLUMNS, _plain
from adjudicator.store.base import Base
from adjudicator.store.chain import SUPERVISOR_CHAIN, UNCHAINED, ChainBreak, check_chains, table_label
from adjudicator.store.models import AuditEntry

#: How many record problems a report lists (the total is counted regardless).
MAX_LISTED = 200
_BATCH = 2000


@dataclass(frozen=True)
class RecordProblem:
    """A row that is not what its audit entries describe."""

    table: str
    record_id: str
    label: str
    reason: str

    def sentence(self) -> str:
        kind = table_label(self.table)
        return f"{kind}“{self.label or self.record_id}”：{self.reason}。"


@dataclass
class AuditReport:
    """What ``audit verify`` found."""

    chains: dict[str, int] = field(default_factory=dict)
    breaks: list[ChainBreak] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    problem_count: int = 0
    records: int = 0
    entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.problem_count

    def add(self, problem: RecordProblem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)

    def summary(self) -> str:
        """One sentence: the verdict and what was checked."""
        chains = "、".join(f"{_chain_name(c)} {n} 条" for c, n in sorted(self.chains.items())) or "无"
        if self.ok:
            return (f"审计记录完好：{self.entries} 条审计记录的哈希链完整（{chains}），"
                    f"{self.records} 条记录与审计记录一致。")
        parts = []
        if self.breaks:
            parts.append(f"{len(self.breaks)} 条审计链断开")
        if self.problem_count:
            parts.append(f"{self.problem_count} 条记录与审计记录不符")
        return f"审计记录校验未通过：{'，'.join(parts)}（共查 {self.entries} 条审计记录、{self.records} 条记录）。"

    def lines(self) -> list[str]:
        """The summary, then each break and each listed problem, one sentence a line."""
        out = [self.summary()] + [b.sentence() for b in self.breaks] + [p.sentence() for p in self.problems]
        if self.problem_count > len(self.problems):
            out.append(f"……另有 {self.problem_count - len(self.problems)} 条不符未列出。")
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "entries": self.entries, "records": self.records, "chains": self.chains,
            "breaks": [b.__dict__ for b in self.breaks], "problem_count": self.problem_count,
            "problems": [p.__dict__ for p in self.problems],
        }


def _chain_name(chain: str) -> str:
    return "市局及系统" if chain == SUPERVISOR_CHAIN else chain if chain == UNCHAINED else f"裁决所 {chain}"


def verify_audit(db: Database, *, progress: Progress | None = None) -> AuditReport:
    """Check every chain and every record of a case's tables (see the module docstring); changes nothing."""
    import adjudicator.store.all_models  # noqa: F401  (every table on the metadata, whoever called first)

    report = AuditReport()
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    steps = 1 + len(CASE_TABLES)
    with db.session() as s:
        conn = s.connection()
        if progress:
            progress(0.0, "正在校验审计链")
        report.breaks.extend(check_chains(conn, report.chains))
        report.entries = sum(report.chains.values())
        for i, name in enumerate(CASE_TABLES, start=1):
            if progress:
                progress(i / steps, f"正在核对{table_label(name)}")
            _check_table(conn, tables[name], report)
        _check_pdfs(conn, tables["documents"], report, known_keys(s, db))
    if progress:
        progress(1.0, "校验完成")
    return report


def _replayed(conn: Any, table: str) -> Iterator[tuple[uuid.UUID, dict[str, Any], bool, str]]:
    """``(record_id, fields, deleted, label)`` per record of a table, replayed from its entries in order."""
    audit: Any = AuditEntry.__table__
    result = conn.execute(
        select(audit.c.record_id, audit.c.action, audit.c.changes, audit.c.record_label)
        .where(audit.c.table_name == table).order_by(audit.c.record_id, audit.c.chain_seq, audit.c.seq),
        execution_options={"yield_per": _BATCH})
    record: uuid.UUID | None = None
    state: dict[str, Any] = {}
    deleted, label = False, ""
    for row in result:
        if row.record_id != record:
            if record is not None:
                yield record, state, deleted, label
            record, state, deleted = row.record_id, {}, False
        label = row.record_label or label
        changes = row.changes or {}
        if row.action == "create":
            state.update(changes)
        else:
            state.update({k: v[1] for k, v in changes.items() if isinstance(v, list) and len(v) == 2})
            if row.action in ("delete", "restore"):
                deleted = row.action == "delete"
    if record is not None:
        yield record, state, deleted, label


def _defaults(table: Table) -> dict[str, Any]:
    """Each column's default as the audit would write it (an entry that named no value got this)."""
    out: dict[str, Any] = {}
    for column in table.columns:
        default: Any = column.default
        if default is not None and default.is_scalar:
            out[column.name] = _plain(default.arg)
        elif default is not None and default.is_callable:
            try:
                out[column.name] = _plain(default.arg(None))
            except TypeError:
                continue
    return out


def _label(table: str, row: Any) -> str:
    for key in ("case_no", "name", "title", "number", "recipient", "platform", "kind"):
        if row.get(key):
            return str(row[key])
    return ""


def _check_table(conn: Any, table: Table, report: AuditReport) -> None:
    cols = [c for c in table.columns if c.name not in LOCAL_COLUMNS]
    rows = conn.execute(select(*cols).order_by(table.c.id), execution_options={"yield_per": _BATCH}).mappings()
    defaults = _defaults(table)
    replay = _replayed(conn, table.name)
    pending = next(replay, None)
    for row in rows:
        report.records += 1
        rid = row["id"]
        while pending is not None and pending[0] < rid:  # entries of a row that is gone
            report.add(RecordProblem(table.name, str(pending[0]), pending[3], "审计记录中有这条记录，数据库中却没有（被删除）"))
            pending = next(replay, None)
        if pending is None or pending[0] != rid:
            report.add(RecordProblem(table.name, str(rid), _label(table.name, row),
                                     "没有任何审计记录（不是经本程序写入的）"))
            continue
        _, state, deleted, label = pending
        pending = next(replay, None)
        changed = []
        for key, expected in state.items():
            if key in _BOOKKEEPING or key in LOCAL_COLUMNS or key not in row:
                continue
            found = _plain(row[key])
            if found != expected and not (expected is None and key in defaults and found == defaults[key]):
                changed.append(key)
        if (row["deleted_at"] is not None) != deleted:
            changed.append("deleted_at")
        if changed:
            report.add(RecordProblem(table.name, str(rid), _label(table.name, row) or label,
                                     f"{'、'.join(_field_names(table.name, changed))}与审计记录不符（在本程序之外被改动）"))
    while pending is not None:
        report.add(RecordProblem(table.name, str(pending[0]), pending[3], "审计记录中有这条记录，数据库中却没有（被删除）"))
        pending = next(replay, None)


def _field_names(table: str, fields: list[str]) -> list[str]:
    return ["删除标记" if f == "deleted_at" else f"{field_label(table, f)}（{f}）" for f in fields]


def _check_pdfs(conn: Any, documents: Table, report: AuditReport, keys: dict[str, str]) -> None:
    """Each stored PDF against its recorded hash, and its station's signature (which no outside tool can redo)."""
    c = documents.c
    since = dict(conn.execute(select(c.owner_station, func.min(c.issued_at)).where(c.signature != "")
                              .group_by(c.owner_station)).all())
    result = conn.execute(
        select(c.id, c.number, c.sha256, c.pdf, c.signature, c.owner_station, c.kind, c.content_sha256, c.issued_at)
        .where(c.pdf.is_not(None)), execution_options={"yield_per": 200})
    named = {p.record_id for p in report.problems if p.table == "documents"}  # one problem per document is enough
    for row in result:
        if hashlib.sha256(row.pdf).hexdigest() != row.sha256:
            report.add(RecordProblem("documents", str(row.id), row.number or "",
                                     "保存的 PDF 与登记的 SHA-256 不符（文件在本程序之外被替换）"))
            continue
        if str(row.id) in named:
            continue
        problem = signature_problem(row.pdf, row.signature, keys, station=row.owner_station, number=row.number or "",
                                    kind=row.kind, content_sha256=row.content_sha256,
                                    signed_since=since.get(row.owner_station), issued_at=row.issued_at)
        if problem:
            report.add(RecordProblem("documents", str(row.id), row.number or "",
                                     f"保存的 PDF 的电子签名不成立（{problem}），文件可能在本程序之外被替换"))

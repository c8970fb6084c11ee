"""The statistical facts of a case (案件统计要素): the dates and outcomes every figure is counted from.

:func:`case_facts` reads a replayed :class:`~adjudicator.procedure.transitions.Procedure` and the
deadlines :func:`~adjudicator.procedure.case_deadlines.derive_deadlines` derives from it (the case
limit with its extensions and not-counted periods, the publication deadline), so a report counts
net durations and overdue cases exactly as the clerk's deadline view shows them.

The facts are kept per case in ``report_facts`` (derived, local, never synced), keyed by the
case's version and the counting rules' key like the deadline cache: :func:`refresh_facts`
recomputes the rows that no longer match before any figure is read. Dates are ISO text in the
stored form and in :class:`CaseFacts`, so a period test is a string comparison.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.orm import Session

from adjudicator.calendar.store import CountingRules, counting_rules
from adjudicator.procedure.case_deadlines import derive_deadlines
from adjudicator.procedure.deadline_cache import as_uuid
from adjudicator.procedure.transitions import EventRecord, Procedure
from adjudicator.store import Database
from adjudicator.store.models import Case, Patent
from adjudicator.store.models_procedure import CaseEvent
from adjudicator.store.models_reports import ReportFacts

Progress = Callable[[float, str], None]

#: ``last_on`` of an open case: it can be counted (pending, overdue) in any later period.
FOREVER = "9999-12-31"
CHUNK = 1000

#: How each closing event names the outcome (结案方式).
_OUTCOME_OF = {"mediated": "mediated", "withdrawn": "withdrawn"}


class CaseFacts(NamedTuple):
    """What statistics know of one case; dates are ISO ``YYYY-MM-DD`` text or None.

    ``closed`` is the day the case was closed by a decision, a mediation agreement or a withdrawal
    (结案); a refusal to file (不予受理) is ``refused``, never ``closed``. ``limit_due`` is the case
    limit (结案期限) with extensions and not-counted periods (None before filing and while such a
    period runs); ``net_days`` the days from filing to closing less the not-counted days (审理天数).
    """

    station: str
    kind: str
    patent_kind: str
    received: str
    filed: str | None
    refused: str | None
    closed: str | None
    outcome: str | None
    """infringement (侵权成立), rejected (驳回请求), mediated (调解), withdrawn (撤销案件)."""
    limit_due: str | None
    net_days: int | None
    suspensions: tuple[tuple[str, str | None], ...]
    extended: str | None
    extension_months: int
    decided: str | None
    publish_due: str | None
    published: str | None
    lawsuit: str | None
    lawsuit_result: str | None
    enforcement: str | None
    enforcement_by: str | None
    last_on: str


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def case_facts(station: str, patent_kind: str, proc: Procedure, rules: CountingRules) -> CaseFacts:
    """The facts of the case whose events are ``proc`` (``patent_kind``: invention/utility_model/design/"")."""
    deadlines = derive_deadlines(proc, rules.calendar, public_notice_days=rules.public_notice_days)
    first = proc.first
    closing = proc.closing
    closed = outcome = None
    net_days = None
    if closing is not None and closing.kind != "refused":
        closed = closing.date
        outcome = _OUTCOME_OF.get(closing.kind) or str(closing.details.get("outcome") or "infringement")
        if deadlines.limit is not None:
            net_days = deadlines.limit.elapsed_net_days(closed)
    limit = deadlines.limit
    suspensions = tuple((start.date.isoformat(), _iso(end.date))
                        for name, start, end in proc.closed_pairs if name == "suspension")
    if "suspension" in proc.running:
        suspensions += ((proc.running["suspension"].date.isoformat(), None),)
    extensions = proc.all_of("extension_approved")
    publish = next((d for d in deadlines.items if d.rule == "publish"), None)
    sued = first.get("lawsuit_filed")
    result = first.get("lawsuit_decided")
    enforced = first.get("enforcement_applied")
    ended = closed or (first["refused"].date if "refused" in first else None)
    last = max([proc.received_on, *(e.date for e in proc.events)]).isoformat() if ended else FOREVER
    return CaseFacts(
        station, proc.case_kind, patent_kind, proc.received_on.isoformat(), _iso(proc.filed.date if proc.filed else None),
        _iso(first["refused"].date if "refused" in first else None), _iso(closed), outcome,
        _iso(limit.due if limit is not None else None), net_days, suspensions,
        _iso(extensions[0].date if extensions else None), sum(int(e.details.get("months") or 0) for e in extensions),
        _iso(first["decided"].date if "decided" in first else None), _iso(publish.due if publish else None),
        _iso(first["published"].date if "published" in first else None), _iso(sued.date if sued else None),
        str(result.details.get("outcome")) if result else None, _iso(enforced.date if enforced else None),
        str(enforced.details.get("by") or "office") if enforced else None, last)


def encode(facts: CaseFacts) -> str:
    return json.dumps(list(facts), ensure_ascii=False, separators=(",", ":"))


def decode(value: Any) -> CaseFacts:
    """Facts from their stored JSON (text on SQLite; PostgreSQL may hand back text or a parsed list)."""
    items = json.loads(value) if isinstance(value, str) else list(value)
    items[10] = tuple(tuple(pair) for pair in items[10])
    return CaseFacts(*items)


# -- keeping them current ------------------------------------------------------------------------------


def stale_case_ids(s: Session, rules_key: int) -> list[uuid.UUID]:
    """Live cases whose facts are missing or were computed at another version or under other rules."""
    statement = text(
        "SELECT c.id FROM cases c LEFT JOIN report_facts f ON f.case_id = c.id WHERE c.deleted_at IS NULL AND "
        "(f.case_id IS NULL OR f.case_version <> c.version OR f.rules_key <> :key)"
    ).bindparams(bindparam("key", rules_key))
    return [as_uuid(row[0]) for row in s.execute(statement)]


def compute_rows(s: Session, case_ids: list[uuid.UUID], rules: CountingRules,
                 progress: Progress | None = None) -> list[dict[str, Any]]:
    """Fresh ``report_facts`` rows for ``case_ids`` from their stored events (read in chunks)."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start:start + CHUNK]
        cases = s.execute(select(Case.id, Case.version, Case.owner_station, Case.kind, Case.received_on)
                          .where(Case.id.in_(chunk))).all()
        kinds = dict(s.execute(select(Patent.case_id, Patent.kind).where(Patent.case_id.in_(chunk),
                                                                         Patent.deleted_at.is_(None))).all())
        events: dict[uuid.UUID, list[EventRecord]] = {case.id: [] for case in cases}
        found = s.execute(select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.date, CaseEvent.received_on,
                                 CaseEvent.details, CaseEvent.sequence)
                          .where(CaseEvent.case_id.in_(chunk), CaseEvent.deleted_at.is_(None)))
        for e in found:
            events[e.case_id].append(EventRecord(e.kind, e.date, e.received_on, e.details or {}, "", e.sequence))
        for case in cases:
            proc = Procedure(case.received_on, case.kind)
            for event in sorted(events[case.id], key=lambda e: (e.date, e.sequence)):
                proc.apply(event)
            facts = case_facts(case.owner_station, kinds.get(case.id, ""), proc, rules)
            rows.append({"case_id": case.id, "case_version": case.version, "rules_key": rules.key,
                         "station": case.owner_station, "received_on": case.received_on,
                         "last_on": date.fromisoformat(facts.last_on), "facts": encode(facts)})
        if progress is not None:
            done = min(start + CHUNK, len(case_ids))
            progress(done / len(case_ids), f"正在整理统计数据：{done}/{len(case_ids)} 件")
    return rows


def store_rows(s: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        s.execute(delete(ReportFacts).where(ReportFacts.case_id.in_([r["case_id"] for r in chunk])))
        s.execute(insert(ReportFacts), chunk)


def refresh_facts(db: Database, progress: Progress | None = None) -> int:
    """Bring every case's facts up to date; returns how many were recomputed (0 when all were current)."""
    rules = counting_rules(db)
    with db.session() as s:
        stale = stale_case_ids(s, rules.key)
    if not stale:
        return 0
    with db.write(actor="系统") as s:
        store_rows(s, compute_rows(s, stale, rules, progress))
    return len(stale)


def facts_by_id(rows: Iterable[tuple[Any, Any]]) -> dict[uuid.UUID, CaseFacts]:
    return {as_uuid(case_id): decode(value) for case_id, value in rows}

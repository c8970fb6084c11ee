"""The statistical facts of a case (案件统计要素): the dates and outcomes every figure is counted from.

:func:`case_facts` reads a replayed :class:`~adjudicator.procedure.transitions.Procedure` and the
deadlines :func:`~adjudicator.procedure.case_deadlines.derive_deadlines` derives from it (the case
limit with its extensions and not-counted periods, the publication deadline), so a report counts
net durations and overdue cases exactly as the clerk's deadline view shows them.

The facts are kept per case in ``report_facts`` (derived, local, never synced), keyed by the
case's version and the counting rules' key like the deadline cache: :func:`refresh_facts`
recomputes the rows that no longer match before any figure is read. The figures are SQL
conditions over its columns (:mod:`adjudicator.reports.figures`).

Finding the stale rows joins every case to its facts; SQLite does that as a nested loop (0.8 s
over 90,000 cases, more than the dashboard may take). So on SQLite a trigger marks a case's
facts stale (``case_version`` -1) whenever its version or deletion changes, whoever writes, and
once a process has seen the trigger in place and done one full check, a refresh only counts:
no marked row, none under other rules, one row per live case — else the full check again. A
batch migration that rebuilds ``cases`` drops the trigger; the next process recreates it and
starts with the full check. PostgreSQL hashes the join in a few milliseconds and needs none of this.
"""

from __future__ import annotations

import uuid
import weakref
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, func, insert, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from adjudicator.calendar.store import CountingRules, counting_rules
from adjudicator.procedure.case_deadlines import derive_deadlines
from adjudicator.procedure.deadline_cache import as_uuid, replay_procedures
from adjudicator.procedure.transitions import Procedure
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.models import Case, Patent
from adjudicator.store.models_reports import ReportFacts

#: ``last_on`` of an open case: it can be counted (pending, overdue) in any later period.
FOREVER = date(9999, 12, 31)
CHUNK = 1000

#: How each closing event names the outcome (结案方式).
_OUTCOME_OF = {"mediated": "mediated", "withdrawn": "withdrawn"}


class CaseFacts(NamedTuple):
    """What statistics know of one case (the columns of ``report_facts``); dates are None until they happen.

    ``closed`` is the day the case was closed by a decision, a mediation agreement or a withdrawal
    (结案); a refusal to file (不予受理) is ``refused``, never ``closed``. ``limit_due`` is the case
    limit (结案期限) with extensions and not-counted periods (None before filing and while such a
    period runs); ``net_days`` the days from filing to closing less the not-counted days (审理天数).
    """

    station: str
    kind: str
    patent_kind: str
    received: date
    filed: date | None
    refused: date | None
    closed: date | None
    outcome: str | None
    """infringement (侵权成立), rejected (驳回请求), mediated (调解), withdrawn (撤销案件)."""
    limit_due: date | None
    net_days: int | None
    suspended_from: date | None
    suspended_until: date | None
    extended: date | None
    extension_months: int
    decided: date | None
    publish_due: date | None
    published: date | None
    lawsuit: date | None
    lawsuit_result: str | None
    enforcement: date | None
    enforcement_by: str | None
    last_on: date


#: The ``report_facts`` column of each field of :class:`CaseFacts`, in order.
COLUMNS = ("station", "kind", "patent_kind", "received_on", "filed_on", "refused_on", "closed_on", "outcome",
           "limit_due", "net_days", "suspended_from", "suspended_until", "extended_on", "extension_months",
           "decided_on", "publish_due", "published_on", "lawsuit_on", "lawsuit_result", "enforcement_on",
           "enforcement_by", "last_on")


def _on(proc: Procedure, kind: str) -> date | None:
    event = proc.first.get(kind)
    return None if event is None else event.date


def case_facts(station: str, patent_kind: str, proc: Procedure, rules: CountingRules) -> CaseFacts:
    """The facts of the case whose events are ``proc`` (``patent_kind``: invention/utility_model/design/"")."""
    deadlines = derive_deadlines(proc, rules.calendar, public_notice_days=rules.public_notice_days)
    closing = proc.closing
    closed = outcome = None
    net_days = None
    limit = deadlines.limit
    if closing is not None and closing.kind != "refused":
        closed = closing.date
        outcome = _OUTCOME_OF.get(closing.kind) or str(closing.details.get("outcome") or "infringement")
        if limit is not None:
            net_days = limit.elapsed_net_days(closed)
    spans = [(start.date, end.date) for name, start, end in proc.closed_pairs if name == "suspension"]
    running = proc.running.get("suspension")
    suspended_from = min([s for s, _e in spans] + ([running.date] if running else []), default=None)
    suspended_until = None if running or not spans else max(e for _s, e in spans)
    extensions = proc.all_of("extension_approved")
    publish = next((d for d in deadlines.items if d.rule == "publish"), None)
    result = proc.first.get("lawsuit_decided")
    enforced = proc.first.get("enforcement_applied")
    ended = closed or _on(proc, "refused")
    last = max([proc.received_on, *(e.date for e in proc.events)]) if ended else FOREVER
    return CaseFacts(
        station, proc.case_kind, patent_kind, proc.received_on, _on(proc, "filed"), _on(proc, "refused"), closed,
        outcome, limit.due if limit is not None else None, net_days, suspended_from, suspended_until,
        extensions[0].date if extensions else None, sum(int(e.details.get("months") or 0) for e in extensions),
        _on(proc, "decided"), publish.due if publish else None, _on(proc, "published"), _on(proc, "lawsuit_filed"),
        str(result.details.get("outcome")) if result else None, _on(proc, "enforcement_applied"),
        str(enforced.details.get("by") or "office") if enforced else None, last)


def facts_row(facts: CaseFacts) -> dict[str, Any]:
    """The ``report_facts`` columns of ``facts`` (without the key and version columns)."""
    return dict(zip(COLUMNS, facts, strict=True))


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
        procedures = replay_procedures(s, cases)
        for case in cases:
            facts = case_facts(case.owner_station, kinds.get(case.id, ""), procedures[case.id], rules)
            rows.append({"case_id": case.id, "case_version": case.version, "rules_key": rules.key,
                         **facts_row(facts)})
        if progress is not None:
            done = min(start + CHUNK, len(case_ids))
            progress(done / len(case_ids), f"正在整理统计数据：{done}/{len(case_ids)} 件")
    return rows


def store_rows(s: Session, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        s.execute(delete(ReportFacts).where(ReportFacts.case_id.in_([r["case_id"] for r in chunk])))
        s.execute(insert(ReportFacts), chunk)


_TRIGGER = "report_facts_case_au"
_TRIGGER_SQL = (
    f"CREATE TRIGGER IF NOT EXISTS {_TRIGGER} AFTER UPDATE OF version, deleted_at ON cases "
    "WHEN new.version IS NOT old.version OR new.deleted_at IS NOT old.deleted_at "
    "BEGIN UPDATE report_facts SET case_version = -1 WHERE case_id = new.id AND case_version <> -1; END")
#: Engines whose database's trigger this process has seen in place, with a full check done after it (by
#: engine, not URL: every in-memory database has the URL ``sqlite://``).
_armed: weakref.WeakSet[Engine] = weakref.WeakSet()


def _surely_current(db: Database, rules_key: int) -> bool:
    """On an armed SQLite database: no row marked stale or counted under other rules, and one row per live case."""
    if db.engine not in _armed:
        return False
    with db.session() as s:
        marked = s.scalar(text("SELECT count(*) FROM report_facts WHERE case_version = -1 OR rules_key <> :key")
                          .bindparams(bindparam("key", rules_key)))
        rows = s.scalar(text("SELECT count(*) FROM report_facts"))
        live = s.scalar(text("SELECT count(*) FROM cases WHERE deleted_at IS NULL"))
    return marked == 0 and rows == live


def _arm(db: Database) -> bool:
    """Put the SQLite trigger in place if it is missing; True when the database can be armed (writable SQLite)."""
    if not db.is_sqlite or db.readonly:
        return False
    with db.session() as s:
        present = s.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = :n")
                           .bindparams(n=_TRIGGER))
    if not present:
        with db.write(actor="系统") as s:
            s.execute(text(_TRIGGER_SQL))
    return True


def refresh_facts(db: Database, progress: Progress | None = None) -> int:
    """Bring every case's facts up to date; returns how many were recomputed (0 when all were current)."""
    rules = counting_rules(db)
    if _surely_current(db, rules.key):
        return 0
    armed = db.engine not in _armed and _arm(db)  # before the full check: later changes are marked
    with db.session() as s:
        stale = stale_case_ids(s, rules.key)
        gone = s.scalar(select(func.count()).select_from(ReportFacts).outerjoin(Case, Case.id == ReportFacts.case_id)
                        .where(or_(Case.id.is_(None), Case.deleted_at.is_not(None))))
    if stale or gone:
        with db.write(actor="系统") as s:
            if gone:  # a deleted case is never counted (nor a row whose case is gone without a cascade)
                s.execute(delete(ReportFacts).where(~ReportFacts.case_id.in_(
                    select(Case.id).where(Case.deleted_at.is_(None)))))
            store_rows(s, compute_rows(s, stale, rules, progress))
    if armed:
        _armed.add(db.engine)
    return len(stale)

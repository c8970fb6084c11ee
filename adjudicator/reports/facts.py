"""The statistical facts of a case (案件统计要素): the dates and outcomes every figure is counted from.

:func:`case_facts` reads a replayed :class:`~adjudicator.procedure.transitions.Procedure` and the
case limit (with its extensions and not-counted periods) and publication deadline counted by the
functions the clerk's deadline view uses
(:func:`~adjudicator.procedure.case_deadlines.limit_and_publication`), so a report counts net
durations and overdue cases exactly as that view shows them.

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

import json
import uuid
import weakref
from collections import defaultdict
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, func, or_, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from adjudicator.calendar.store import CountingRules, counting_rules
from adjudicator.procedure.case_deadlines import limit_and_publication
from adjudicator.procedure.deadline_cache import as_uuid
from adjudicator.procedure.transitions import EventRecord, Procedure
from adjudicator.progress import Progress
from adjudicator.reports.keys import case_keys
from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_reports import ReportFacts, ReportKey

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
    limit, publish_due = limit_and_publication(proc, rules.calendar, public_notice_days=rules.public_notice_days)
    closing = proc.closing
    closed = outcome = None
    net_days = None
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
    result = proc.first.get("lawsuit_decided")
    enforced = proc.first.get("enforcement_applied")
    ended = closed or _on(proc, "refused")
    last = max([proc.received_on, *(e.date for e in proc.events)]) if ended else FOREVER
    return CaseFacts(
        station, proc.case_kind, patent_kind, proc.received_on, _on(proc, "filed"), _on(proc, "refused"), closed,
        outcome, limit.due if limit is not None else None, net_days, suspended_from, suspended_until,
        extensions[0].date if extensions else None, sum(int(e.details.get("months") or 0) for e in extensions),
        _on(proc, "decided"), publish_due, _on(proc, "published"), _on(proc, "lawsuit_filed"),
        str(result.details.get("outcome")) if result else None, _on(proc, "enforcement_applied"),
        str(enforced.details.get("by") or "office") if enforced else None, last)


def facts_row(facts: CaseFacts) -> dict[str, Any]:
    """The ``report_facts`` columns of ``facts`` (without the key and version columns)."""
    return dict(zip(COLUMNS, facts, strict=True))


# -- keeping them current ------------------------------------------------------------------------------
#
# A supervisor's first report after importing nine stations recomputes every case's facts (90,000
# cases). So the rebuild reads and writes in bulk, below the ORM: one query per chunk for the
# cases, their patents and their events, ids kept as the driver returns them (hex text on SQLite;
# making 90,000 UUID objects alone cost seconds), SQLite's dates parsed with ``date.fromisoformat``
# rather than SQLAlchemy's regular expression, only the case limit and the publication deadline
# counted (:func:`~adjudicator.procedure.case_deadlines.limit_and_publication`), and the rows
# inserted with one ``executemany`` per chunk (the ORM's bulk insert split them by which columns
# were NULL: a statement every row and a half).


def stale_case_ids(s: Session, rules_key: int) -> list[Any]:
    """Live cases whose facts are missing or were computed at another version or under other rules (raw ids)."""
    statement = text(
        "SELECT c.id FROM cases c LEFT JOIN report_facts f ON f.case_id = c.id WHERE c.deleted_at IS NULL AND "
        "(f.case_id IS NULL OR f.case_version <> c.version OR f.rules_key <> :key)"
    ).bindparams(bindparam("key", rules_key))
    return [row[0] for row in s.execute(statement)]


_IDS = bindparam("ids", expanding=True)
_CASES = text("SELECT id, version, owner_station, kind, received_on FROM cases WHERE id IN :ids").bindparams(_IDS)
_PATENTS = text("SELECT case_id, kind FROM patents WHERE case_id IN :ids AND deleted_at IS NULL").bindparams(_IDS)
_EVENTS = text("SELECT case_id, kind, date, received_on, details, sequence FROM case_events "
               "WHERE case_id IN :ids AND deleted_at IS NULL ORDER BY case_id, date, sequence").bindparams(_IDS)


def _same(value: Any) -> Any:
    return value


def _iso_or_none(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _details(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value) if value not in ("{}", "null") else {}
    return value or {}


def _raw_rows(s: Session, raw_ids: list[Any], rules: CountingRules) -> list[tuple[Any, ...]]:
    """The facts of the cases ``raw_ids`` (ids as the driver returns them) as row tuples: id, version, key, COLUMNS."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    day = date.fromisoformat if sqlite else _same
    maybe_day = _iso_or_none if sqlite else _same
    params = {"ids": raw_ids}
    cases = s.execute(_CASES, params).all()
    kinds = dict(s.execute(_PATENTS, params).all())
    events: dict[Any, list[EventRecord]] = defaultdict(list)
    for case_id, kind, on, received, details, sequence in s.execute(_EVENTS, params).all():  # in replay order
        events[case_id].append(EventRecord(kind, day(on), maybe_day(received), _details(details), "", sequence))
    rows = []
    for case_id, version, station, kind, received in cases:
        proc = Procedure(day(received), kind)
        for event in events.get(case_id, ()):
            proc.apply(event)
        rows.append((case_id, version, rules.key, *case_facts(station, kinds.get(case_id, ""), proc, rules)))
    return rows


def _raw_id(s: Session, case_id: uuid.UUID) -> Any:
    return case_id.hex if s.get_bind().dialect.name == "sqlite" else case_id


def compute_rows(s: Session, case_ids: list[uuid.UUID], rules: CountingRules) -> list[dict[str, Any]]:
    """Fresh ``report_facts`` rows for a few cases ``case_ids`` (as dicts, ``case_id`` a UUID)."""
    rows = []
    for start in range(0, len(case_ids), CHUNK):
        chunk = [_raw_id(s, case_id) for case_id in case_ids[start:start + CHUNK]]
        for row in _raw_rows(s, chunk, rules):
            rows.append({"case_id": as_uuid(row[0]), "case_version": row[1], "rules_key": row[2],
                         **dict(zip(COLUMNS, row[3:], strict=True))})
    return rows


_INSERT_COLUMNS = ("case_id", "case_version", "rules_key", *COLUMNS)
_SQLITE_INSERT = (f"INSERT INTO report_facts ({', '.join(_INSERT_COLUMNS)}) "
                  f"VALUES ({', '.join('?' for _ in _INSERT_COLUMNS)})")


def _stored(value: Any) -> Any:
    """A value as SQLAlchemy stores it on SQLite (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


_RESPONDENTS = text("SELECT case_id, id_number, name FROM parties WHERE case_id IN :ids AND role = 'respondent' "
                    "AND deleted_at IS NULL").bindparams(_IDS)
_SHOPS = text("SELECT case_id, platform, shop FROM ecommerce_details WHERE case_id IN :ids AND deleted_at IS NULL "
              "AND shop <> ''").bindparams(_IDS)
_PATENT_NOS = text("SELECT id, patent_no FROM cases WHERE id IN :ids AND patent_no <> ''").bindparams(_IDS)


def _key_rows(s: Session, raw_ids: list[Any]) -> list[tuple[Any, str, str, str]]:
    """The matching keys of the cases ``raw_ids``: (case id, kind, key, label) (:mod:`adjudicator.reports.keys`)."""
    params = {"ids": raw_ids}
    respondents: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for case_id, id_number, name in s.execute(_RESPONDENTS, params).all():
        respondents[case_id].append((id_number or "", name or ""))
    shops: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for case_id, platform, shop in s.execute(_SHOPS, params).all():
        shops[case_id].append((platform or "", shop))
    numbers = dict(s.execute(_PATENT_NOS, params).all())
    rows = []
    for case_id in raw_ids:
        keys = case_keys(respondents.get(case_id, ()), shops.get(case_id, ()), numbers.get(case_id, ""))
        rows.extend((case_id, kind, key, label) for (kind, key), label in keys.items())
    return rows


def rebuild(s: Session, raw_ids: list[Any], rules: CountingRules, progress: Progress | None = None) -> None:
    """Recompute and replace the facts and matching keys of ``raw_ids`` (ids as the driver returns them) in ``s``."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    for start in range(0, len(raw_ids), CHUNK):
        chunk = raw_ids[start:start + CHUNK]
        rows = _raw_rows(s, chunk, rules)
        keys = _key_rows(s, chunk)
        for table in ("report_facts", "report_keys"):
            s.execute(text(f"DELETE FROM {table} WHERE case_id IN :ids").bindparams(_IDS), {"ids": chunk})
        if sqlite:
            s.connection().exec_driver_sql(_SQLITE_INSERT, [tuple(map(_stored, row)) for row in rows])
            s.connection().exec_driver_sql("INSERT INTO report_keys (case_id, kind, key, label) VALUES (?, ?, ?, ?)",
                                           keys)
        else:
            if rows:
                s.execute(ReportFacts.__table__.insert(), [dict(zip(_INSERT_COLUMNS, row, strict=True)) for row in rows])
            if keys:
                s.execute(ReportKey.__table__.insert(), [dict(zip(("case_id", "kind", "key", "label"), k, strict=True))
                                                         for k in keys])
        if progress is not None:
            done = min(start + CHUNK, len(raw_ids))
            progress(done / len(raw_ids), f"正在整理统计数据：{done}/{len(raw_ids)} 件")


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
                for model in (ReportFacts, ReportKey):
                    s.execute(delete(model).where(~model.case_id.in_(select(Case.id).where(Case.deleted_at.is_(None)))))
            rebuild(s, stale, rules, progress)
    if armed:
        _armed.add(db.engine)
    return len(stale)

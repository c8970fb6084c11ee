"""The deadline cache (期限缓存): each case's unresolved deadlines, kept so the dashboard reads 100,000 cases fast.

A row holds what :func:`~adjudicator.procedure.case_deadlines.derive_deadlines` found unresolved for a
case (not done, still applicable) and the case facts the dashboard shows (number, kind, status,
handler), computed at one case version under one set of counting rules. It does not depend on
today: whether an unresolved deadline is open, overdue or has run out is decided when read.

Keeping it right: the procedure service rewrites a case's row in the same transaction as its
events, and every event change bumps the case's version. Triggers on ``cases`` (migration
``0002_procedure``) give every new case a placeholder row and mark a row stale
(``case_version`` -1) and relevant when its case's version changes, whoever changed it (an edit
of the received date, a deletion, a package import); :func:`ensure_complete` recreates the
triggers if a SQLite batch migration dropped them and adds any missing row. When the calendar or
the counting settings change, :func:`mark_rules_change` marks the rows whose unresolved
deadlines may still matter. The dashboard reads only the relevant rows (one indexed range, no
join) and recomputes the stale ones (:func:`refresh_cases`).

``pending`` is a JSON list of ``[rule, actor, start, due, flags, label, note]``; ``flags`` holds
``p`` for provisional, ``x`` for a party period that lapses as missed, ``m`` for one that lapses
as met (a public notice); ``due`` is null while a not-counted period stops the case limit.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from adjudicator.calendar.store import CountingRules
from adjudicator.procedure.case_deadlines import CaseDeadlines, derive_deadlines
from adjudicator.procedure.transitions import EventRecord, Procedure
from adjudicator.progress import Progress
from adjudicator.store.models import Case, Setting
from adjudicator.store.models_procedure import CaseEvent, DeadlineCache

#: ``relevant_until`` of a row with an unresolved office deadline: it matters until it is done.
FOREVER = date(9999, 12, 31)
CHUNK = 500
RULES_SETTING = "deadline_cache_rules_key"
_FLAGS = {"missed": "x", "met": "m"}


def pending_entries(deadlines: CaseDeadlines) -> tuple[list[list[Any]], date | None]:
    """The unresolved deadlines in cached form, and the last day any of them can show on the dashboard."""
    entries: list[list[Any]] = []
    until: date | None = None
    for d in deadlines.unresolved():
        flags = ("p" if d.provisional else "") + (_FLAGS[d.lapse] if d.lapse else "")
        entries.append([d.rule, d.actor, d.start.isoformat(), d.due.isoformat() if d.due else None, flags,
                        d.label, d.note])
        reach = d.due if d.lapse is not None and d.due is not None else FOREVER
        until = reach if until is None else max(until, reach)
    return entries, until


def cache_row(case: Any, version: int, proc: Procedure, rules: CountingRules) -> dict[str, Any]:
    """The insertable cache row of ``case`` (anything with id, case_no, kind, status, handler) at ``version``."""
    if getattr(case, "deleted_at", None) is not None:
        pending: list[list[Any]] = []
        until = None
    else:
        deadlines = derive_deadlines(proc, rules.calendar, public_notice_days=rules.public_notice_days)
        pending, until = pending_entries(deadlines)
    return {"case_id": case.id, "case_version": version, "rules_key": rules.key, "relevant_until": until,
            "case_no": case.case_no, "case_kind": case.kind, "status": case.status, "handler": case.handler or "",
            "pending": pending}


def store_cache_row(s: Session, case: Case, proc: Procedure, rules: CountingRules) -> None:
    """Write (insert or replace) one case's cache row inside the caller's transaction (after its flush)."""
    values = cache_row(case, case.version, proc, rules)
    row = s.get(DeadlineCache, case.id, populate_existing=True)
    if row is None:
        s.add(DeadlineCache(**values))
        return
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def store_cache_rows(s: Session, rows: list[dict[str, Any]]) -> None:
    """Replace the cache rows of many cases at once (bulk; on SQLite in stored form, which is 3x faster)."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    columns = ("case_id", "case_version", "rules_key", "relevant_until", "case_no", "case_kind", "status",
               "handler", "pending")
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        s.execute(delete(DeadlineCache).where(DeadlineCache.case_id.in_([r["case_id"] for r in chunk])))
        if sqlite:
            s.connection().exec_driver_sql(
                f"INSERT INTO deadline_cache ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                [(r["case_id"].hex, r["case_version"], r["rules_key"],
                  r["relevant_until"].isoformat() if r["relevant_until"] else None, r["case_no"], r["case_kind"],
                  r["status"], r["handler"], json.dumps(r["pending"], ensure_ascii=False)) for r in chunk])
        else:
            s.execute(insert(DeadlineCache.__table__), chunk)  # type: ignore[arg-type]


def replay_procedures(s: Session, cases: Iterable[Any]) -> dict[uuid.UUID, Procedure]:
    """Each case's procedure rebuilt from its live events, for rows carrying ``id, received_on, kind``."""
    cases = list(cases)
    events: dict[uuid.UUID, list[EventRecord]] = {case.id: [] for case in cases}
    found = s.execute(select(CaseEvent.case_id, CaseEvent.kind, CaseEvent.date, CaseEvent.received_on,
                             CaseEvent.details, CaseEvent.sequence)
                      .where(CaseEvent.case_id.in_(list(events)), CaseEvent.deleted_at.is_(None)))
    for e in found:
        events[e.case_id].append(EventRecord(e.kind, e.date, e.received_on, e.details or {}, "", e.sequence))
    procedures: dict[uuid.UUID, Procedure] = {}
    for case in cases:
        proc = Procedure(case.received_on, case.kind)
        for event in sorted(events[case.id], key=lambda e: (e.date, e.sequence)):
            proc.apply(event)
        procedures[case.id] = proc
    return procedures


def recompute(s: Session, case_ids: list[uuid.UUID], rules: CountingRules,
              progress: Progress | None = None) -> list[dict[str, Any]]:
    """Fresh cache rows for ``case_ids`` from their stored events (read in chunks); stored by the caller.

    The events were checked when recorded, so they are applied without checking again; a case
    whose imported events do not fit shows why on its timeline (:func:`~adjudicator.procedure.service.load_procedure`).
    """
    rows: list[dict[str, Any]] = []
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start:start + CHUNK]
        cases = s.execute(select(Case.id, Case.version, Case.case_no, Case.kind, Case.status, Case.handler,
                                 Case.received_on, Case.deleted_at).where(Case.id.in_(chunk))).all()
        procedures = replay_procedures(s, cases)
        for case in cases:
            rows.append(cache_row(case, case.version, procedures[case.id], rules))
        if progress is not None:
            done = min(start + CHUNK, len(case_ids))
            progress(done / len(case_ids), f"正在计算期限：{done}/{len(case_ids)} 件")
    return rows


def refresh_cases(s: Session, case_ids: Iterable[uuid.UUID], rules: CountingRules,
                  progress: Progress | None = None) -> int:
    """Recompute and store the cache rows of ``case_ids``; returns how many."""
    rows = recompute(s, list(case_ids), rules, progress)
    store_cache_rows(s, rows)
    return len(rows)


def read_relevant(s: Session, today: date) -> list[tuple[Any, ...]]:
    """The rows that can put something on today's dashboard, unprocessed (one indexed range, no join).

    Columns: case_id, case_version, rules_key, case_no, case_kind, status, handler, pending — the
    id as the driver returns it (hex text on SQLite), ``pending`` as JSON text or already parsed.
    """
    statement = text("SELECT case_id, case_version, rules_key, case_no, case_kind, status, handler, pending "
                     "FROM deadline_cache WHERE relevant_until >= :today").bindparams(bindparam("today", type_=Date))
    return [tuple(r) for r in s.execute(statement, {"today": today})]


def parse_pending(value: Any) -> list[list[Any]]:
    parsed = json.loads(value) if isinstance(value, str) else value
    return parsed if isinstance(parsed, list) else []


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# -- keeping it right -------------------------------------------------------------------------------------

_SQLITE_TRIGGERS = {
    "deadline_cache_case_ai": (
        "CREATE TRIGGER IF NOT EXISTS deadline_cache_case_ai AFTER INSERT ON cases BEGIN "
        "INSERT OR IGNORE INTO deadline_cache (case_id, case_version, rules_key, relevant_until, case_no, "
        "case_kind, status, handler, pending) VALUES (new.id, -1, 0, '9999-12-31', new.case_no, new.kind, "
        "new.status, new.handler, '[]'); END"),
    "deadline_cache_case_au": (
        "CREATE TRIGGER IF NOT EXISTS deadline_cache_case_au AFTER UPDATE OF version ON cases "
        "WHEN new.version != old.version "
        "BEGIN UPDATE deadline_cache SET case_version = -1, relevant_until = '9999-12-31' WHERE case_id = new.id "
        "AND case_version != new.version; END"),
}
_checked: set[str] = set()


def needs_check(url: str) -> bool:
    """Whether this process has not yet checked the cache's triggers and rows in the database at ``url``."""
    return url not in _checked


def ensure_complete(s: Session) -> int:
    """Once per process: recreate lost SQLite triggers and give every case a row; returns rows marked stale.

    A batch migration rebuilds a SQLite table and loses its triggers; cases added or changed
    meanwhile are unknown, so every row is then marked stale. Cases without a row (rows removed
    by hand, a database restored from elsewhere) get a placeholder.
    """
    bind = s.get_bind()
    url = bind.engine.url.render_as_string(hide_password=True)
    if url in _checked:
        return 0
    marked = 0
    if bind.dialect.name == "sqlite":
        present = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                     "'deadline_cache_%'")))
        missing = [name for name in _SQLITE_TRIGGERS if name not in present]
        for name in missing:
            s.execute(text(_SQLITE_TRIGGERS[name]))
        if missing:
            result = s.execute(update(DeadlineCache).values(case_version=-1, relevant_until=FOREVER))
            marked += int(getattr(result, "rowcount", 0))
    cases = s.scalar(select(func.count()).select_from(Case)) or 0
    rows = s.scalar(select(func.count()).select_from(DeadlineCache)) or 0
    if rows < cases:
        result = s.execute(text(
            "INSERT INTO deadline_cache (case_id, case_version, rules_key, relevant_until, case_no, case_kind, "
            "status, handler, pending) SELECT id, -1, 0, :forever, case_no, kind, status, handler, '[]' FROM cases "
            "WHERE NOT EXISTS (SELECT 1 FROM deadline_cache k WHERE k.case_id = cases.id)").bindparams(
            bindparam("forever", FOREVER, type_=Date)))
        marked += int(getattr(result, "rowcount", 0))
    _checked.add(url)
    return marked


#: How far a changed calendar can move a due date (a holiday week and its make-up days, with margin).
RULES_CHANGE_REACH = timedelta(days=31)


def mark_rules_change(s: Session, rules_key: int, today: date) -> bool:
    """After the calendar or the counting settings changed: mark the rows counted under other rules.

    Rows read on the dashboard are checked against the rules anyway; marking brings in those whose
    deadlines had run out just before ``today`` and might not have under the new calendar.
    """
    setting = s.get(Setting, RULES_SETTING)
    if setting is not None and setting.value == rules_key:
        return False
    s.execute(update(DeadlineCache).where(DeadlineCache.relevant_until >= today - RULES_CHANGE_REACH,
                                          DeadlineCache.rules_key != rules_key).values(relevant_until=FOREVER))
    if setting is None:
        s.add(Setting(key=RULES_SETTING, value=rules_key))
    else:
        setting.value = rules_key
    return True

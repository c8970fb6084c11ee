"""The deadline dashboard (期限看板): every open deadline of every case, sorted by due date.

One query reads the cases whose cached deadlines can matter today (plus any whose cache row is
stale, which are recomputed first, in the same call); the rest is Python over a few thousand
small rows. Urgency: ``overdue`` (已逾期, an office deadline past its due date), ``today``
(今日届满), ``soon`` (due within the next 3 working days) and ``later``. A party's period that
has run out is not on the dashboard (nothing is left to do about it); a case limit while a
suspension runs has no due date and is not either.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple

from sqlalchemy import select

from adjudicator.calendar.periods import RULES
from adjudicator.calendar.store import CountingRules, counting_rules
from adjudicator.procedure.deadline_cache import (
    RULES_SETTING,
    as_uuid,
    ensure_complete,
    mark_rules_change,
    needs_check,
    parse_pending,
    read_relevant,
    recompute,
    refresh_cases,
)
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.models import Case, Setting
from adjudicator.store.models_procedure import DeadlineCache

Urgency = Literal["overdue", "today", "soon", "later"]

SOON_WORKDAYS = 3
URGENCY_LABELS = {"overdue": "已逾期", "today": "今日届满", "soon": "3 个工作日内届满", "later": ""}


class BoardRow(NamedTuple):
    """One open deadline of one case, as the dashboard lists it (a tuple: 10,000 of them build fast)."""

    case_key: Any
    """The case id as stored (text on SQLite); :attr:`case_id` is the UUID."""
    case_no: str
    case_kind: str
    status: str
    handler: str
    rule: str
    label: str
    actor: str
    start: date
    due: date
    provisional: bool
    urgency: Urgency
    days_left: int
    note: str
    station: str = ""
    """The owning station's code, on a supervisor's database (empty on a station's own)."""

    @property
    def case_id(self) -> uuid.UUID:
        return as_uuid(self.case_key)

    def to_json(self) -> dict[str, Any]:
        return {"case_id": str(self.case_id), "case_no": self.case_no, "kind": self.case_kind,
                "status": self.status, "handler": self.handler, "rule": self.rule, "label": self.label,
                "actor": self.actor, "start": self.start.isoformat(), "due": self.due.isoformat(),
                "provisional": self.provisional, "urgency": self.urgency, "days_left": self.days_left,
                "note": self.note, "station": self.station}


@dataclass(frozen=True)
class BoardQuery:
    """Filters of the dashboard: handler, case kinds, rules, whose act, overdue only, stations."""

    handler: str = ""
    case_kinds: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    overdue_only: bool = False
    stations: tuple[str, ...] = ()

    def keeps(self, row: BoardRow) -> bool:
        return ((not self.handler or row.handler == self.handler)
                and (not self.stations or row.station in self.stations)
                and (not self.case_kinds or row.case_kind in self.case_kinds)
                and (not self.rules or row.rule in self.rules)
                and (not self.actors or row.actor in self.actors)
                and (not self.overdue_only or row.urgency == "overdue"))


@dataclass(frozen=True)
class Board:
    """The dashboard's rows and what they were computed against."""

    rows: tuple[BoardRow, ...]
    today: date
    soon_until: date
    """The last day counted as "soon": the 3rd working day after today."""
    recomputed: int = 0
    handlers: tuple[str, ...] = field(default=())
    stations: tuple[str, ...] = field(default=())
    """The stations whose cases are on the board (a supervisor's database; empty on a station's)."""

    def counts(self) -> dict[str, int]:
        found = {"overdue": 0, "today": 0, "soon": 0, "later": 0}
        for row in self.rows:
            found[row.urgency] += 1
        return found

    def filtered(self, query: BoardQuery) -> list[BoardRow]:
        return [row for row in self.rows if query.keeps(row)]


def _urgency(due: date, today: date, soon_until: date) -> Urgency:
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "soon" if due <= soon_until else "later"


def _rows_of(row: tuple[Any, ...], today: date, today_text: str, soon_until: date,
             station: str = "") -> list[BoardRow]:
    case_key, _version, _key, case_no, kind, status, handler, pending = row
    rows = []
    for rule, actor, start, due_text, flags, label, note in parse_pending(pending):
        if due_text is None or (due_text < today_text and ("x" in flags or "m" in flags)):
            continue  # a case limit stopped by a suspension; a party's period that has run out
        due = date.fromisoformat(due_text)
        rows.append(BoardRow(case_key, case_no, kind, status, handler, rule, label or RULES[rule].label, actor,
                             date.fromisoformat(start), due, "p" in flags, _urgency(due, today, soon_until),
                             (due - today).days, note, station))
    return rows


def deadline_board(db: Database, query: BoardQuery = BoardQuery(), *, today: date | None = None,
                   progress: Progress | None = None) -> Board:
    """Open deadlines across all cases (filtered by ``query``), sorted by due date then case number."""
    today = today or date.today()
    rules = counting_rules(db)
    soon_until = rules.calendar.add_workdays(today, SOON_WORKDAYS).day
    if db.readonly:
        found, recomputed = _read_only(db, rules, today, progress)
        stale = [None] * recomputed
    else:
        _prepare(db, rules, today)
        with db.session() as s:
            found = read_relevant(s, today)
        stale = [as_uuid(r[0]) for r in found if r[1] == -1 or r[2] != rules.key]
    if stale and not db.readonly:
        with db.write(actor="系统") as s:
            refresh_cases(s, stale, rules, progress)
        with db.session() as s:
            found = read_relevant(s, today)
    owners = _owners(db, today) if db.role == "supervisor" else {}
    today_text = today.isoformat()
    rows: list[BoardRow] = []
    for row in found:
        rows.extend(_rows_of(row, today, today_text, soon_until, owners.get(row[0], "") if owners else ""))
    rows.sort(key=lambda r: (r.due, r.case_no, r.rule))
    handlers = tuple(sorted({r.handler for r in rows if r.handler}))
    stations = tuple(sorted({r.station for r in rows if r.station}))
    kept = tuple(r for r in rows if query.keeps(r))
    return Board(kept, today, soon_until, len(stale), handlers, stations)


def _owners(db: Database, today: date) -> dict[Any, str]:
    """A supervisor's database holds every station's cases: the owner of each case on today's board.

    Keyed by the case id as :func:`read_relevant` returns it (hex text on SQLite), and also as a UUID
    (what the read-only path hands back); one indexed join over the same range.
    """
    from sqlalchemy import Date, bindparam, text

    statement = text("SELECT d.case_id, c.owner_station FROM deadline_cache d JOIN cases c ON c.id = d.case_id "
                     "WHERE d.relevant_until >= :today").bindparams(bindparam("today", type_=Date))
    with db.session() as s:
        found = {r[0]: str(r[1]) for r in s.execute(statement, {"today": today})}
    if db.readonly:
        found.update({as_uuid(k): v for k, v in list(found.items())})
    return found


def _read_only(db: Database, rules: CountingRules, today: date,
               progress: Progress | None) -> tuple[list[tuple[Any, ...]], int]:
    """The relevant cache rows of a database that may not be written, stale ones recomputed in memory.

    Stale means changed since the cache was written, counted under other rules, or never cached
    (a case whose row is missing); their fresh rows are used for this board and not stored.
    """
    with db.session() as s:
        found = read_relevant(s, today)
        stale = {as_uuid(r[0]) for r in found if r[1] == -1 or r[2] != rules.key}
        stale.update(as_uuid(k) for k in s.scalars(
            select(DeadlineCache.case_id).where(DeadlineCache.rules_key != rules.key)))
        stale.update(as_uuid(k) for k in s.scalars(select(Case.id).where(
            ~select(DeadlineCache.case_id).where(DeadlineCache.case_id == Case.id).exists())))
        fresh = recompute(s, sorted(stale), rules, progress) if stale else []
    kept = [r for r in found if as_uuid(r[0]) not in stale]
    kept += [(r["case_id"], r["case_version"], r["rules_key"], r["case_no"], r["case_kind"], r["status"],
              r["handler"], r["pending"]) for r in fresh
             if r["relevant_until"] is not None and r["relevant_until"] >= today]
    return kept, len(stale)


def _prepare(db: Database, rules: CountingRules, today: date) -> None:
    """Once per process check the cache is complete; mark rows counted under other rules (rare)."""
    with db.session() as s:
        setting = s.get(Setting, RULES_SETTING)
        current = setting is not None and setting.value == rules.key
    if current and not needs_check(db.url):
        return
    with db.write(actor="系统") as s:
        ensure_complete(s)
        if not current:
            mark_rules_change(s, rules.key, today)


def due_now(db: Database, *, today: date | None = None) -> tuple[list[BoardRow], list[BoardRow]]:
    """What is overdue and what is due today (the start-up notice)."""
    board = deadline_board(db, today=today)
    overdue = [r for r in board.rows if r.urgency == "overdue"]
    due_today = [r for r in board.rows if r.urgency == "today"]
    return overdue, due_today


def deadlines_on(db: Database, first: date, last: date, query: BoardQuery = BoardQuery(), *,
                 today: date | None = None) -> dict[date, list[BoardRow]]:
    """Open deadlines falling between ``first`` and ``last``, by day (the month calendar)."""
    board = deadline_board(db, query, today=today)
    by_day: dict[date, list[BoardRow]] = {}
    for row in board.rows:
        if first <= row.due <= last:
            by_day.setdefault(row.due, []).append(row)
    return by_day

"""The product's own working-day calendar (工作日历) in the database, and importing a new year into it.

The tables (:class:`CalendarDay`, :class:`CalendarYear`) are seeded from ``chinesecalendar``
(2004–2026) by migration ``0002_procedure``, and again on first use if a database lost them.
A supervisor adds a year the State Council has announced with :func:`import_schedule` (the
file format is :mod:`adjudicator.calendar.workdays`'s, documented there); the rows are supervisor-owned
reference data (``owner_station`` ``SUP``) with ids derived from the day, so packages carry
them to the stations without duplicates.

:func:`load_calendar` turns the rows into a :class:`WorkCalendar`, cached per database and
rebuilt when a cheap fingerprint of the tables (row counts, version sums, last update)
changes, so every due date is recomputed after an import without anyone asking for it.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adjudicator.calendar.periods import DEFAULT_PUBLIC_NOTICE_DAYS
from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models import Setting
from adjudicator.store.models_procedure import CalendarDay, CalendarYear, calendar_day_id, calendar_year_id
from adjudicator.calendar.schedule_file import parse_schedule, schedule_to_json
from adjudicator.calendar.workdays import CalendarEntry, WorkCalendar, seed_entries_from_chinesecalendar

#: ``owner_station`` of the calendar rows: reference data owned by the supervisors.
SUPERVISOR = "SUP"
SEED_SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '')}".strip()
MAX_FILE_BYTES = 200_000
PUBLIC_NOTICE_SETTING = "public_notice_days"

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[Any, ...], WorkCalendar]] = {}


@dataclass(frozen=True)
class YearInfo:
    """One year of the calendar as the settings page lists it."""

    year: int
    announced: bool
    source: str
    holidays: int
    workdays: int


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day (``adjudicator calendar is-workday``)."""

    day: date
    workday: bool
    provisional: bool
    holiday: str | None
    makeup: str | None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"date": self.day.isoformat(), "workday": self.workday,
                                  "provisional": self.provisional}
        if self.holiday:
            result["holiday"] = self.holiday
        if self.makeup:
            result["makeup"] = self.makeup
        return result


# -- seeding ------------------------------------------------------------------------------------------


def seed_rows(entries: list[CalendarEntry], years: set[int], source: str = SEED_SOURCE
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Insertable rows (days, years) for calendar entries; used by the migration and :func:`ensure_seeded`."""
    now = utcnow()
    common = {"owner_station": SUPERVISOR, "version": 1, "created_at": now, "updated_at": now, "deleted_at": None}
    days = [{**common, "id": calendar_day_id(e.day), "day": e.day, "kind": e.kind, "name": e.name} for e in entries]
    year_rows = [{**common, "id": calendar_year_id(y), "year": y, "announced": True, "source": source}
                 for y in sorted(years)]
    return days, year_rows


def ensure_seeded(db: Database) -> bool:
    """Seed the calendar from ``chinesecalendar`` if the database has no calendar yet; True if it did."""
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(CalendarYear)):
            return False
    entries, years = seed_entries_from_chinesecalendar()
    days, year_rows = seed_rows(entries, years)
    try:
        with db.write(actor="系统", importing=True) as s:
            s.execute(insert(CalendarDay), days)
            s.execute(insert(CalendarYear), year_rows)
    except IntegrityError:  # another program seeded it at the same moment
        return False
    return True


# -- loading --------------------------------------------------------------------------------------------


def _fingerprint(s: Session) -> tuple[Any, ...]:
    days = s.execute(select(func.count(), func.sum(CalendarDay.version), func.max(CalendarDay.updated_at))).one()
    years = s.execute(select(func.count(), func.sum(CalendarYear.version),
                             func.max(CalendarYear.updated_at))).one()
    return (*tuple(days), *tuple(years))


@dataclass(frozen=True)
class CountingRules:
    """What every due date depends on besides the events: the calendar and the counting settings.

    ``key`` changes whenever either does; cached deadlines computed under another key are stale.
    """

    calendar: WorkCalendar
    public_notice_days: int
    key: int


def _calendar_in(s: Session, url: str) -> tuple[WorkCalendar, tuple[Any, ...]]:
    stamp = _fingerprint(s)
    with _lock:
        hit = _cache.get(url)
        if hit is not None and hit[0] == stamp:
            return hit[1], stamp
    day_rows = s.execute(select(CalendarDay.day, CalendarDay.kind, CalendarDay.name)
                         .where(CalendarDay.deleted_at.is_(None))).all()
    years = s.scalars(select(CalendarYear.year).where(CalendarYear.deleted_at.is_(None),
                                                      CalendarYear.announced.is_(True))).all()
    calendar = WorkCalendar([CalendarEntry(d, k, n) for d, k, n in day_rows], years)  # type: ignore[arg-type]
    with _lock:
        _cache[url] = (stamp, calendar)
    return calendar, stamp


def counting_rules_in(s: Session) -> CountingRules:
    """The counting rules of the database ``s`` is bound to (the calendar is cached per database)."""
    url = s.get_bind().engine.url.render_as_string(hide_password=True)
    calendar, stamp = _calendar_in(s, url)
    setting = s.get(Setting, PUBLIC_NOTICE_SETTING)
    days = _public_notice_days(setting.value if setting is not None else None)
    key = zlib.crc32(repr((stamp, days)).encode()) & 0x7FFFFFFF
    return CountingRules(calendar, days, key)


def counting_rules(db: Database) -> CountingRules:
    """The calendar, the public-notice period and their key, seeding the calendar on first use."""
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(CalendarYear)):
            return counting_rules_in(s)
    ensure_seeded(db)
    with db.session() as s:
        return counting_rules_in(s)


def load_calendar(db: Database) -> WorkCalendar:
    """The database's working-day calendar; built once and reused until the tables change."""
    return counting_rules(db).calendar


def _public_notice_days(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 365:
        return value
    return DEFAULT_PUBLIC_NOTICE_DAYS


def public_notice_days(db: Database) -> int:
    """Days after which public-notice service (公告送达) counts as done: a setting, default 30."""
    return _public_notice_days(db.get_setting(PUBLIC_NOTICE_SETTING))


def set_public_notice_days(db: Database, days: int) -> None:
    """Change the public-notice period (the 2019 guide says 60, the Civil Procedure Law 30)."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
        raise DomainError(f"公告送达期间应为 1 至 365 之间的整数天数，输入为 {days}。")
    db.set_setting(PUBLIC_NOTICE_SETTING, days)


def forget_cached(db: Database | None = None) -> None:
    """Drop the cached calendar (of one database, or all); the next load reads the tables again."""
    with _lock:
        if db is None:
            _cache.clear()
        else:
            _cache.pop(db.url, None)


def day_info(calendar: WorkCalendar, day: date) -> DayInfo:
    entry = calendar.entry_on(day)
    provisional = calendar.is_provisional_year(day.year)
    makeup = entry.name if entry is not None and entry.kind == "workday" and not provisional else None
    return DayInfo(day, calendar.is_workday(day), provisional, calendar.holiday_name(day), makeup)


def calendar_years(db: Database) -> list[YearInfo]:
    """Every year the calendar records, with its source and how many holidays and make-up days it has."""
    calendar = load_calendar(db)
    with db.session() as s:
        rows = s.execute(select(CalendarYear.year, CalendarYear.announced, CalendarYear.source)
                         .where(CalendarYear.deleted_at.is_(None)).order_by(CalendarYear.year)).all()
    result = []
    for year, announced, source in rows:
        entries = calendar.entries_in(year)
        result.append(YearInfo(year, bool(announced), source, sum(e.kind == "holiday" for e in entries),
                               sum(e.kind == "workday" for e in entries)))
    return result


def export_schedule(db: Database, year: int) -> str:
    """The recorded schedule of ``year`` as a schedule file (to check, correct and import again)."""
    return schedule_to_json(load_calendar(db).schedule_for(year))


# -- importing ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    year: int
    holidays: int
    workdays: int
    replaced: bool
    """Whether the year had an announced schedule before (now replaced)."""

    def sentence(self) -> str:
        verb = "已更新" if self.replaced else "已导入"
        return f"{verb} {self.year} 年假日安排：放假 {self.holidays} 天，调休上班 {self.workdays} 天。"


def read_schedule_file(path: str | Path) -> str:
    """The text of a schedule file; DomainError for a missing, huge or non-UTF-8 file."""
    file = Path(path)
    if not file.is_file():
        raise DomainError(f"找不到假日安排文件“{file}”。")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise DomainError(f"文件“{file}”过大，不像假日安排文件（应为几 KB 的 JSON 文本）。")
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DomainError(f"文件“{file}”不是 UTF-8 编码的文本；请用记事本另存为 UTF-8 后再导入。") from None


def import_schedule(db: Database, text: str, *, source: str = "", actor: str | None = None) -> ImportSummary:
    """Add (or replace) one year's announced schedule; nothing changes if the file has any error."""
    schedule = parse_schedule(text)
    ensure_seeded(db)
    current = load_calendar(db)
    replaced = schedule.year in current.announced_years
    wanted = {e.day: e for e in current.with_schedule(schedule).entries}
    touched = {e.day for e in schedule.entries} | {e.day for e in current.entries_in(schedule.year)}
    with db.write(actor) as s:
        rows = {r.day: r for r in s.scalars(select(CalendarDay).where(CalendarDay.day.in_(sorted(touched))))}
        for day in sorted(touched):
            _store_day(s, rows.get(day), wanted.get(day), day)
        year = s.get(CalendarYear, calendar_year_id(schedule.year))
        label = source or f"导入 {utcnow():%Y-%m-%d}"
        if year is None:
            s.add(CalendarYear(id=calendar_year_id(schedule.year), owner_station=SUPERVISOR, year=schedule.year,
                               announced=True, source=label))
        else:
            year.announced, year.source, year.deleted_at = True, label, None
    forget_cached(db)
    entries = schedule.entries
    return ImportSummary(schedule.year, sum(e.kind == "holiday" for e in entries),
                         sum(e.kind == "workday" for e in entries), replaced)


def _store_day(s: Session, row: CalendarDay | None, entry: CalendarEntry | None, day: date) -> None:
    if entry is None:
        if row is not None and row.deleted_at is None:
            row.deleted_at = utcnow()
        return
    if row is None:
        s.add(CalendarDay(id=calendar_day_id(day), owner_station=SUPERVISOR, day=day, kind=entry.kind,
                          name=entry.name))
        return
    if row.deleted_at is not None:
        row.deleted_at = None
    if row.kind != entry.kind:
        row.kind = entry.kind
    if row.name != entry.name:
        row.name = entry.name


def import_schedule_file(db: Database, path: str | Path, *, actor: str | None = None) -> ImportSummary:
    """:func:`import_schedule` on a file; the file name is kept as the year's source."""
    return import_schedule(db, read_schedule_file(path), source=f"导入文件 {Path(path).name}", actor=actor)

"""``due`` and ``calendar …``: statutory periods in Chinese working days, holiday schedules.

``due`` and ``calendar is-workday`` read the database's calendar (with the years a supervisor
imported) when the database exists, and the calendar shipped with the program otherwise; they
never create a database just to count.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from adjudicator.calendar.periods import DEFAULT_PUBLIC_NOTICE_DAYS, RULES, due_date, get_rule
from adjudicator.calendar.store import calendar_years, counting_rules, day_info, export_schedule
from adjudicator.calendar.store import import_schedule_file as import_calendar_file
from adjudicator.calendar.workdays import default_calendar
from adjudicator.cli.base import Command, Group, bounded_int, emit, write_file
from adjudicator.procedure.kinds import parse_day

_WEEKDAYS = "一二三四五六日"
RULE_LIST = "、".join(f"{rule_id}（{rule.label}）" for rule_id, rule in RULES.items())


def _due_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", metavar="RULE", help=f"期限规则：{RULE_LIST}")
    p.add_argument("date", metavar="DATE", help="起算日期（YYYY-MM-DD），例如送达之日")


def _date_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("date", metavar="DATE", help="日期（YYYY-MM-DD）")


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="国务院办公厅公布的放假安排，JSON 文件（格式同 calendar export 的输出）")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("year", type=bounded_int("YEAR", 1900, 2200), metavar="YEAR", help="年份，例如 2026")
    p.add_argument("-o", "--output", metavar="FILE.json", help="写入该文件（默认输出到屏幕）")


def _provisional_note(day: date) -> str:
    return f"（暂定：{day.year} 年的假日安排尚未导入，仅按周末计算）"


def run_due(args: argparse.Namespace, db: Any) -> int:
    rule = get_rule(args.rule)
    start = parse_day(args.date, "起算日期")
    rules = counting_rules(db) if db is not None else None
    calendar = rules.calendar if rules else default_calendar()
    notice_days = rules.public_notice_days if rules else DEFAULT_PUBLIC_NOTICE_DAYS
    due = due_date(rule.id, start, calendar, public_notice_days=notice_days)
    weekday = _WEEKDAYS[due.due.weekday()]
    text = (f"{rule.label}（{rule.id}）：自 {start} 起算，{due.due}（星期{weekday}）届满"
            + (_provisional_note(due.due) if due.provisional else "。"))
    emit(args, due.to_json(), text)
    return 0


def run_is_workday(args: argparse.Namespace, db: Any) -> int:
    day = parse_day(args.date, "日期")
    rules = counting_rules(db) if db is not None else None
    info = day_info(rules.calendar if rules else default_calendar(), day)
    kind = "工作日" if info.workday else "休息日"
    name = info.holiday or info.makeup
    text = f"{day}（星期{_WEEKDAYS[day.weekday()]}）：{kind}" + (f"（{name}）" if name else "")
    emit(args, info.to_json(), text + (_provisional_note(day) if info.provisional else ""))
    return 0


def run_import(args: argparse.Namespace, db: Any) -> int:
    summary = import_calendar_file(db, args.file)
    emit(args, {"year": summary.year, "holidays": summary.holidays, "workdays": summary.workdays,
                "replaced": summary.replaced}, summary.sentence())
    return 0


def run_years(args: argparse.Namespace, db: Any) -> int:
    years = calendar_years(db)
    payload = {"years": [{"year": y.year, "announced": y.announced, "source": y.source, "holidays": y.holidays,
                          "workdays": y.workdays} for y in years]}
    emit(args, payload, lambda: "\n".join(
        f"{y.year}\t{'已公布' if y.announced else '未公布'}\t放假 {y.holidays} 天\t调休上班 {y.workdays} 天\t{y.source}"
        for y in years))
    return 0


def run_export(args: argparse.Namespace, db: Any) -> int:
    text = export_schedule(db, args.year)
    if not args.output:
        print(text, end="")
        return 0
    path = write_file(db, args.output, text.encode("utf-8"))
    emit(args, {"year": args.year, "file": str(path), **json.loads(text)},
         f"已把 {args.year} 年的假日安排写入：{path}")
    return 0


COMMANDS = (
    Command("due", "计算期限届满日（按工作日与法定节假日）", run_due, "optional", _due_arguments,
            description=f"按规则计算期限届满日。规则：{RULE_LIST}",
            examples=("adjudicator due answer 2026-01-30 --json", "adjudicator due filing-decision 2026-02-13")),
    Group("calendar", "工作日历：法定节假日与调休", (
        Command("is-workday", "某日是否为工作日", run_is_workday, "optional", _date_argument,
                examples=("adjudicator calendar is-workday 2026-02-14",)),
        Command("import", "导入国务院公布的某年假日安排（JSON 文件）", run_import, "write", _import_arguments,
                examples=("adjudicator calendar import 2027.json",)),
        Command("years", "列出日历中的年份", run_years, "read",
                examples=("adjudicator calendar years --json",)),
        Command("export", "把某年的假日安排输出为可导入的 JSON 文件", run_export, "read", _export_arguments,
                examples=("adjudicator calendar export 2026 -o 2026.json",)),
    )),
)

"""Commands of the procedure and deadlines feature.

``due RULE DATE``, ``calendar is-workday DATE``, ``calendar import FILE``, ``calendar years``,
``calendar export YEAR``, ``deadlines`` (the dashboard), and under ``case``: ``events``,
``add-event``, ``edit-event``, ``remove-event``.

``due`` and ``is-workday`` use the database's calendar (with the years a supervisor imported);
when the default station database does not exist yet they use the calendar shipped with the
program instead of creating one.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from adjudicator.calendar.store import (
    CountingRules,
    calendar_years,
    counting_rules,
    day_info,
    export_schedule,
)
from adjudicator.calendar.store import import_schedule_file as import_calendar_file
from adjudicator.procedure.case_deadlines import CaseDeadline
from adjudicator.cases.inputs import CASE_KINDS, CASE_STATUSES
from adjudicator.cli import emit, open_db
from adjudicator.procedure.dashboard import URGENCY_LABELS, BoardQuery, deadline_board
from adjudicator.calendar.periods import DEFAULT_PUBLIC_NOTICE_DAYS, RULES, due_date, get_rule
from adjudicator.procedure.kinds import EVENT_KINDS, parse_day
from adjudicator.procedure.service import (
    CaseProcedure,
    EventInput,
    add_event,
    find_event,
    load_procedure,
    remove_event,
    update_event,
)
from adjudicator.store.database import database_url
from adjudicator.calendar.workdays import default_calendar

_WEEKDAYS = "一二三四五六日"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands to the adjudicator parser."""
    p = sub.add_parser("due", parents=[common], help="计算期限届满日",
                       description=f"规则：{'、'.join(RULES)}")
    p.add_argument("rule", metavar="RULE", help="期限规则，例如 answer、filing-decision、case-limit")
    p.add_argument("date", metavar="DATE", help="起算日期（YYYY-MM-DD）")
    p.set_defaults(handler=cmd_due)

    p = sub.add_parser("calendar", parents=[common], help="工作日历")
    csub = p.add_subparsers(dest="calendar_command", required=True, metavar="SUBCOMMAND")
    c = csub.add_parser("is-workday", parents=[common], help="某日是否为工作日")
    c.add_argument("date", metavar="DATE")
    c.set_defaults(handler=cmd_is_workday)
    c = csub.add_parser("import", parents=[common], help="导入国务院公布的某年假日安排（JSON 文件）")
    c.add_argument("file", metavar="FILE")
    c.set_defaults(handler=cmd_calendar_import)
    c = csub.add_parser("years", parents=[common], help="列出日历中的年份")
    c.set_defaults(handler=cmd_calendar_years)
    c = csub.add_parser("export", parents=[common], help="把某年的假日安排输出为可导入的 JSON 文件")
    c.add_argument("year", type=int, metavar="YEAR")
    c.set_defaults(handler=cmd_calendar_export)

    p = sub.add_parser("deadlines", parents=[common], help="期限看板：各案件尚未完成的期限")
    p.add_argument("--overdue", action="store_true", help="只列出已逾期的期限")
    p.add_argument("--handler", dest="person", default="", metavar="NAME", help="承办人")
    p.add_argument("--rule", action="append", choices=sorted(RULES), help="期限规则（可重复）")
    p.add_argument("--kind", action="append", choices=sorted(CASE_KINDS), help="案件类型（可重复）")
    p.add_argument("--limit", type=int, help="最多列出的条数")
    p.set_defaults(handler=cmd_deadlines)

    _register_case_commands(sub, common)


def _register_case_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add ``events``, ``add-event``, ``edit-event`` and ``remove-event`` under ``case`` (made by cli.cases)."""
    case_parser = sub.choices.get("case") or sub.add_parser("case", parents=[common], help="案件")
    actions = [a for a in case_parser._actions if isinstance(a, argparse._SubParsersAction)]
    csub = actions[0] if actions else case_parser.add_subparsers(dest="case_command", required=True,
                                                                 metavar="SUBCOMMAND")
    c = csub.add_parser("events", parents=[common], help="案件进程：事件与期限")
    c.add_argument("case_no", metavar="CASE_NO")
    c.set_defaults(handler=cmd_case_events)
    kinds = "、".join(f"{k}（{v.label}）" for k, v in EVENT_KINDS.items() if k != "received")
    c = csub.add_parser("add-event", parents=[common], help="登记案件进程事件", description=f"事件类型：{kinds}")
    c.add_argument("case_no", metavar="CASE_NO")
    c.add_argument("kind", metavar="KIND")
    c.add_argument("date", metavar="DATE")
    _event_options(c)
    c.set_defaults(handler=cmd_add_event)
    c = csub.add_parser("edit-event", parents=[common], help="修改案件进程事件（按序号）")
    c.add_argument("case_no", metavar="CASE_NO")
    c.add_argument("sequence", type=int, metavar="SEQ")
    c.add_argument("--date", dest="new_date", metavar="DATE", help="新的事件日期")
    _event_options(c)
    c.set_defaults(handler=cmd_edit_event)
    c = csub.add_parser("remove-event", parents=[common], help="删除案件进程事件（按序号）")
    c.add_argument("case_no", metavar="CASE_NO")
    c.add_argument("sequence", type=int, metavar="SEQ")
    c.set_defaults(handler=cmd_remove_event)


def _event_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--received", metavar="DATE", help="收到日期（送达类事件：对方实际收到的日期）")
    c.add_argument("--detail", action="append", default=[], metavar="KEY=VALUE",
                   help="事件详情，例如 approver=张所长、months=1、ground=invalidation（可重复）")
    c.add_argument("--note", default=None, help="备注")


# -- calendars ----------------------------------------------------------------------------------------


def _counting_rules(args: argparse.Namespace) -> CountingRules | None:
    """The database's counting rules, or None when the default SQLite file does not exist."""
    url = database_url(getattr(args, "db", None))
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        return None
    db = open_db(args, create=False)
    try:
        return counting_rules(db)
    finally:
        db.close()


def _provisional_note(day: date) -> str:
    return f"（暂定：{day.year} 年的假日安排尚未导入，仅按周末计算）"


def cmd_due(args: argparse.Namespace) -> int:
    rule = get_rule(args.rule)
    start = parse_day(args.date, "起算日期")
    rules = _counting_rules(args)
    calendar = rules.calendar if rules else default_calendar()
    notice_days = rules.public_notice_days if rules else DEFAULT_PUBLIC_NOTICE_DAYS
    due = due_date(rule.id, start, calendar, public_notice_days=notice_days)
    weekday = _WEEKDAYS[due.due.weekday()]
    text = (f"{rule.label}（{rule.id}）：自 {start} 起算，{due.due}（星期{weekday}）届满"
            + (_provisional_note(due.due) if due.provisional else "。"))
    emit(args, due.to_json(), text)
    return 0


def cmd_is_workday(args: argparse.Namespace) -> int:
    day = parse_day(args.date, "日期")
    rules = _counting_rules(args)
    info = day_info(rules.calendar if rules else default_calendar(), day)
    kind = "工作日" if info.workday else "休息日"
    name = info.holiday or info.makeup
    text = f"{day}（星期{_WEEKDAYS[day.weekday()]}）：{kind}" + (f"（{name}）" if name else "")
    emit(args, info.to_json(), text + (_provisional_note(day) if info.provisional else ""))
    return 0


def cmd_calendar_import(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        summary = import_calendar_file(db, args.file)
    finally:
        db.close()
    emit(args, {"year": summary.year, "holidays": summary.holidays, "workdays": summary.workdays,
                "replaced": summary.replaced}, summary.sentence())
    return 0


def cmd_calendar_years(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        years = calendar_years(db)
    finally:
        db.close()
    payload = {"years": [{"year": y.year, "announced": y.announced, "source": y.source, "holidays": y.holidays,
                          "workdays": y.workdays} for y in years]}
    emit(args, payload, lambda: "\n".join(
        f"{y.year}\t{'已公布' if y.announced else '未公布'}\t放假 {y.holidays} 天\t调休上班 {y.workdays} 天\t{y.source}"
        for y in years))
    return 0


def cmd_calendar_export(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        text = export_schedule(db, args.year)
    finally:
        db.close()
    print(text, end="")
    return 0


# -- the dashboard ----------------------------------------------------------------------------------


def cmd_deadlines(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    try:
        query = BoardQuery(handler=args.person, case_kinds=tuple(args.kind or ()), rules=tuple(args.rule or ()),
                           overdue_only=args.overdue)
        board = deadline_board(db, query)
    finally:
        db.close()
    rows = board.rows[:args.limit] if args.limit else board.rows
    payload = {"today": board.today.isoformat(), "counts": board.counts(), "deadlines": [r.to_json() for r in rows]}

    def text() -> str:
        lines = [f"{r.due}{'（暂定）' if r.provisional else ''}\t{URGENCY_LABELS[r.urgency] or f'剩 {r.days_left} 天'}\t"
                 f"{r.case_no}\t{r.label}\t{r.handler}" for r in rows]
        counts = board.counts()
        lines.append(f"共 {len(board.rows)} 项：已逾期 {counts['overdue']}，今日到期 {counts['today']}，"
                     f"3 个工作日内到期 {counts['soon']}")
        return "\n".join(lines)

    emit(args, payload, text)
    return 0


# -- case events ------------------------------------------------------------------------------------


def _details(pairs: list[str]) -> dict[str, str]:
    from adjudicator.errors import DomainError

    details = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise DomainError(f"事件详情“{pair}”应写成 键=值，例如 approver=张所长。")
        details[key.strip()] = value.strip()
    return details


def _deadline_line(d: CaseDeadline, today: date) -> str:
    due = f"{d.due}{'（暂定）' if d.provisional else ''}" if d.due else "—"
    return f"  {d.title}：{d.start} 起算，{due} 届满，{d.state_text(today)}"


def _procedure_json(p: CaseProcedure) -> dict[str, Any]:
    limit = p.deadlines.limit
    payload: dict[str, Any] = {
        "case_no": p.case_no, "status": p.status, "received_on": p.received_on.isoformat(),
        "events": [e.to_json() for e in p.events],
        "deadlines": [d.to_json(p.today) for d in p.deadlines.items],
        "allowed": [k.code for k in p.allowed], "problem": p.problem,
    }
    if limit is not None:
        payload["case_limit"] = {**limit.to_json(), "elapsed_net_days": limit.elapsed_net_days(p.today),
                                 "days_left": limit.days_left(p.today)}
    return payload


def _procedure_text(p: CaseProcedure) -> str:
    lines = [f"{p.case_no}　{CASE_STATUSES.get(p.status, p.status)}", f"     {p.received_on}　收到请求"]
    for e in p.events:
        extra = "；".join(e.detail_lines())
        lines.append(f"{e.sequence:>4} {e.date}　{e.label}" + (f"（{extra}）" if extra else "")
                     + (f"　备注：{e.note}" if e.note else ""))
    lines.append("期限：")
    lines += [_deadline_line(d, p.today) for d in p.deadlines.items]
    limit = p.deadlines.limit
    if limit is not None and p.deadlines.limit_done_on is None:
        lines.append(f"  结案期限：已用 {limit.elapsed_net_days(p.today)} 天（扣除不计入期间 {limit.excluded_days} 天），"
                     f"剩 {limit.days_left(p.today)} 天")
    if p.problem:
        lines.append(f"注意：{p.problem}")
    return "\n".join(lines)


def cmd_case_events(args: argparse.Namespace) -> int:
    from adjudicator.cases.service import find_case

    db = open_db(args, create=False)
    try:
        proc = load_procedure(db, find_case(db, args.case_no).id)
    finally:
        db.close()
    emit(args, _procedure_json(proc), lambda: _procedure_text(proc))
    return 0


def _input(args: argparse.Namespace, kind: str, day: date, base: dict[str, Any] | None = None,
           received: date | None = None, note: str = "") -> EventInput:
    details = {**(base or {}), **_details(args.detail)}
    if args.received:
        received = parse_day(args.received, "收到日期")
    return EventInput(kind, day, received, details, note if args.note is None else args.note)


def cmd_add_event(args: argparse.Namespace) -> int:
    from adjudicator.cases.service import find_case

    db = open_db(args, create=False)
    try:
        case = find_case(db, args.case_no)
        proc = add_event(db, case.id, _input(args, args.kind, parse_day(args.date, "事件日期")))
    finally:
        db.close()
    added = max(proc.events, key=lambda e: e.sequence)
    emit(args, _procedure_json(proc), lambda: f"已登记：{added.label} {added.date}（序号 {added.sequence}）；"
                                              f"案件状态：{CASE_STATUSES.get(proc.status, proc.status)}\n"
                                              + _procedure_text(proc))
    return 0


def cmd_edit_event(args: argparse.Namespace) -> int:
    from adjudicator.cases.service import find_case

    db = open_db(args, create=False)
    try:
        case = find_case(db, args.case_no)
        event_id = find_event(db, case.id, args.sequence)
        old = next(e for e in load_procedure(db, case.id).events if e.id == event_id)
        day = parse_day(args.new_date, "事件日期") if args.new_date else old.date
        proc = update_event(db, event_id, _input(args, old.kind, day, old.details, old.received_on, old.note))
    finally:
        db.close()
    emit(args, _procedure_json(proc), lambda: f"已修改序号 {args.sequence} 的事件。\n" + _procedure_text(proc))
    return 0


def cmd_remove_event(args: argparse.Namespace) -> int:
    from adjudicator.cases.service import find_case

    db = open_db(args, create=False)
    try:
        case = find_case(db, args.case_no)
        proc = remove_event(db, find_event(db, case.id, args.sequence))
    finally:
        db.close()
    emit(args, _procedure_json(proc), lambda: f"已删除序号 {args.sequence} 的事件。\n" + _procedure_text(proc))
    return 0

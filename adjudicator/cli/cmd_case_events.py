"""``case events``, ``case add-event``, ``case edit-event``, ``case remove-event``: the procedure of a case.

These commands join the ``case`` group declared in :mod:`adjudicator.cli.cmd_case`; the runner
merges the two declarations.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from adjudicator.accounts.approval import Cosigner
from adjudicator.cases.inputs import CASE_STATUSES
from adjudicator.cases.service import find_case
from adjudicator.cli.base import (
    MAX_SEQUENCE,
    Command,
    Group,
    bounded_int,
    emit,
    expect_version_argument,
    key_values,
    read_secret,
)
from adjudicator.cli.cmd_case import CASE_NO_HELP
from adjudicator.procedure.case_deadlines import CaseDeadline
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

APPROVER_PASSWORD_ENV = "ADJUDICATOR_APPROVER_PASSWORD"
EVENT_KIND_LIST = "、".join(f"{k}（{v.label}）" for k, v in EVENT_KINDS.items() if k != "received")


def _case_no(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)


def _sequence(p: argparse.ArgumentParser) -> None:
    p.add_argument("sequence", type=bounded_int("SEQ", 1, MAX_SEQUENCE), metavar="SEQ",
                   help="事件序号（case events 列出的第一列）")


def _event_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--received", metavar="DATE", help="收到日期（送达类事件：对方实际收到的日期）")
    c.add_argument("--detail", action="append", default=[], metavar="KEY=VALUE",
                   help="事件详情，例如 approver=张所长、months=1、ground=invalidation（可重复）")
    c.add_argument("--note", default=None, help="备注（一行）")
    _approval_option(c)


def _approval_option(c: argparse.ArgumentParser) -> None:
    c.add_argument("--approved-by", metavar="HEAD", default=None,
                   help="负责人当面签认：负责人的用户名（其密码取自 ADJUDICATOR_APPROVER_PASSWORD 或在提示时输入）；"
                        "延长期限、登记保存证据、回避决定须经负责人批准，负责人本人登录办理时不必填写")


def _cosigner(args: argparse.Namespace) -> Cosigner | None:
    name = getattr(args, "approved_by", None)
    if not name:
        return None
    return Cosigner(name, read_secret(APPROVER_PASSWORD_ENV, f"负责人 {name} 的密码："))


def _add_arguments(p: argparse.ArgumentParser) -> None:
    _case_no(p)
    p.add_argument("kind", metavar="KIND", help=f"事件类型：{EVENT_KIND_LIST}")
    p.add_argument("date", metavar="DATE", help="事件日期（YYYY-MM-DD）")
    _event_options(p)
    expect_version_argument(p)


def _edit_arguments(p: argparse.ArgumentParser) -> None:
    _case_no(p)
    _sequence(p)
    p.add_argument("--date", dest="new_date", metavar="DATE", help="新的事件日期")
    _event_options(p)
    expect_version_argument(p)


def _remove_arguments(p: argparse.ArgumentParser) -> None:
    _case_no(p)
    _sequence(p)
    _approval_option(p)
    expect_version_argument(p)


def _details(pairs: list[str]) -> dict[str, str]:
    return {k: v.strip() for k, v in key_values(pairs, "--detail", "approver=张所长").items()}


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
                     f"还剩 {limit.days_left(p.today)} 天")
    if p.problem:
        lines.append(f"注意：{p.problem}")
    return "\n".join(lines)


def run_events(args: argparse.Namespace, db: Any) -> int:
    proc = load_procedure(db, find_case(db, args.case_no).id)
    emit(args, _procedure_json(proc), lambda: _procedure_text(proc))
    return 0


def _input(args: argparse.Namespace, kind: str, day: date, base: dict[str, Any] | None = None,
           received: date | None = None, note: str = "") -> EventInput:
    details = {**(base or {}), **_details(args.detail)}
    if args.received:
        received = parse_day(args.received, "收到日期")
    return EventInput(kind, day, received, details, note if args.note is None else args.note)


def run_add(args: argparse.Namespace, db: Any) -> int:
    case = find_case(db, args.case_no)
    proc = add_event(db, case.id, _input(args, args.kind, parse_day(args.date, "事件日期")),
                     expected_version=args.expect_version, cosigner=_cosigner(args))
    added = max(proc.events, key=lambda e: e.sequence)
    emit(args, _procedure_json(proc), lambda: f"已登记：{added.label} {added.date}（序号 {added.sequence}）；"
                                              f"案件状态：{CASE_STATUSES.get(proc.status, proc.status)}\n"
                                              + _procedure_text(proc))
    return 0


def run_edit(args: argparse.Namespace, db: Any) -> int:
    case = find_case(db, args.case_no)
    event_id = find_event(db, case.id, args.sequence)
    old = next(e for e in load_procedure(db, case.id).events if e.id == event_id)
    day = parse_day(args.new_date, "事件日期") if args.new_date else old.date
    base = {k: v for k, v in old.details.items() if k != "approval"}  # the approval is given anew
    proc = update_event(db, event_id, _input(args, old.kind, day, base, old.received_on, old.note),
                        expected_version=args.expect_version, cosigner=_cosigner(args))
    emit(args, _procedure_json(proc), lambda: f"已修改序号 {args.sequence} 的事件。\n" + _procedure_text(proc))
    return 0


def run_remove(args: argparse.Namespace, db: Any) -> int:
    case = find_case(db, args.case_no)
    proc = remove_event(db, find_event(db, case.id, args.sequence), expected_version=args.expect_version,
                        cosigner=_cosigner(args))
    emit(args, _procedure_json(proc), lambda: f"已删除序号 {args.sequence} 的事件。\n" + _procedure_text(proc))
    return 0


COMMANDS = (
    Group("case", "案件：列出、查看、历史记录与案件进程", (
        Command("events", "案件进程：事件与期限", run_events, "read", _case_no,
                examples=('adjudicator case events "呼新市监专裁字〔2026〕1号" --json',)),
        Command("add-event", "登记案件进程事件", run_add, "write", _add_arguments,
                description=f"登记案件进程事件。事件类型：{EVENT_KIND_LIST}",
                examples=('adjudicator case add-event "呼新市监专裁字〔2026〕1号" filed 2026-03-02',
                          ('adjudicator case add-event "呼新市监专裁字〔2026〕1号" extension_approved 2026-04-01 '
                          '--detail approver=张所长 --detail months=1'))),
        Command("edit-event", "修改案件进程事件（按序号）", run_edit, "write", _edit_arguments,
                examples=('adjudicator case edit-event "呼新市监专裁字〔2026〕1号" 2 --date 2026-03-03',)),
        Command("remove-event", "删除案件进程事件（按序号）", run_remove, "write", _remove_arguments,
                examples=('adjudicator case remove-event "呼新市监专裁字〔2026〕1号" 3',)),
    )),
)

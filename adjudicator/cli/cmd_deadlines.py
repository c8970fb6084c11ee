"""``deadlines``: the deadline dashboard (期限看板) — every case's open statutory deadlines."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.calendar.periods import RULES, remaining_text
from adjudicator.cases.inputs import CASE_KINDS
from adjudicator.cli.base import MAX_LIMIT, Command, bounded_int, emit
from adjudicator.procedure.dashboard import BoardQuery, deadline_board


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--overdue", action="store_true", help="只列出已逾期的期限")
    p.add_argument("--handler", dest="person", default="", metavar="NAME", help="承办人")
    p.add_argument("--rule", action="append", choices=sorted(RULES), help="期限规则（可重复）")
    p.add_argument("--kind", action="append", choices=sorted(CASE_KINDS), help="案件类型（可重复）")
    p.add_argument("--limit", type=bounded_int("--limit", 1, MAX_LIMIT), metavar="N", help="最多列出的条数")


def run(args: argparse.Namespace, db: Any) -> int:
    query = BoardQuery(handler=args.person, case_kinds=tuple(args.kind or ()), rules=tuple(args.rule or ()),
                       overdue_only=args.overdue)
    board = deadline_board(db, query)
    rows = board.rows[:args.limit] if args.limit else board.rows
    payload = {"today": board.today.isoformat(), "counts": board.counts(), "deadlines": [r.to_json() for r in rows]}

    def text() -> str:
        lines = [f"{r.due}{'（暂定）' if r.provisional else ''}\t{remaining_text(r.rule, r.due, board.today)}\t"
                 f"{r.case_no}\t{r.label}\t{r.handler}" for r in rows]
        counts = board.counts()
        lines.append(f"共 {len(board.rows)} 项：已逾期 {counts['overdue']}，今日届满 {counts['today']}，"
                     f"3 个工作日内届满 {counts['soon']}")
        return "\n".join(lines)

    emit(args, payload, text)
    return 0


COMMANDS = (
    # "read": cache rows that are stale are recomputed in memory for this listing, not stored.
    Command("deadlines", "期限看板：各案件尚未完成的期限，逾期的在前", run, "read", _arguments,
            examples=("adjudicator deadlines --overdue", "adjudicator deadlines --handler 李明 --limit 20 --json")),
)

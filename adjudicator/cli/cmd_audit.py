"""``audit verify``: the audit trail's hash chains and every record against its audit entries (read-only)."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.cli.base import Command, Group, emit, end_progress, progress_printer
from adjudicator.trust.audit_verify import verify_audit


def run_verify(args: argparse.Namespace, db: Any) -> int:
    report = verify_audit(db, progress=progress_printer(args))
    end_progress(args)
    emit(args, report.as_json(), lambda: "\n".join(report.lines()))
    return 0 if report.ok else 1


COMMANDS = (
    Group("audit", "审计记录：校验哈希链与记录是否一致", (
        Command("verify", "校验审计记录：哈希链是否完整，每条记录是否与其审计记录一致", run_verify, "read",
                description="逐站校验审计记录的哈希链（指出第一条断开的记录），并按审计记录重演每个案件、当事人、"
                            "专利、进程、文书和证据的内容，与数据库中的现状比对，找出在本程序之外被改动的记录。"
                            "全部一致时退出状态为 0，否则为 1。不修改数据库。",
                examples=("adjudicator audit verify", "adjudicator audit verify --json")),
    )),
)

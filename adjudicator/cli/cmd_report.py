"""``adjudicator report``: the supervisors' statistics for a period as JSON, an Excel workbook or a PDF.

``report --from DATE --to DATE [--station CODE...] [--format json|xlsx|pdf] [-o FILE]``. Without
``-o`` the JSON report goes to standard output (xlsx and PDF need a file). The format defaults to
the file's extension. On a station's database the report covers that station's own cases.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from adjudicator.cli.base import Command, emit, write_file
from adjudicator.procedure.kinds import parse_day
from adjudicator.reports.service import FORMATS, build_report, format_of, render
from adjudicator.reports.statistics import ReportQuery


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="统计期间开始日期（YYYY-MM-DD）")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="统计期间结束日期（YYYY-MM-DD，含当日）")
    p.add_argument("--station", dest="stations", nargs="+", action="extend", default=[], metavar="CODE",
                   help="只统计这些裁决所（默认：全部）")
    p.add_argument("--format", choices=FORMATS, help="报表格式（默认按文件扩展名；无文件时为 json）")
    p.add_argument("-o", "--output", metavar="FILE", help="保存到文件（xlsx、pdf 必须指定）")


def run(args: argparse.Namespace, db: Any) -> int:
    start = parse_day(args.start, "开始日期")
    end = parse_day(args.end, "结束日期")
    if args.output is None and args.format in ("xlsx", "pdf"):
        print(f"错误：{args.format} 格式的报表须用 -o 指定保存的文件。", file=sys.stderr)
        return 2
    fmt = format_of(args.output, args.format) if args.output else "json"
    report = build_report(db, ReportQuery(start, end, tuple(args.stations)))
    data = render(db, report, fmt)
    if args.output is None:
        sys.stdout.buffer.write(data)
        return 0
    write_file(db, args.output, data)
    t = report.stats.total
    emit(args, {"file": args.output, "format": fmt, "empty": report.stats.empty, "summary": list(report.summary),
                "total": t.to_json()},
         "\n".join([*report.summary, f"已保存报表：{args.output}"]))
    return 0


COMMANDS = (
    # "write", not "read": a report first brings each case's stored counting facts (report_facts,
    # a cache kept beside the cases) up to date; on a read-only copy the command says so.
    Command("report", "统计报表（JSON、Excel 或 PDF）", run, "write", _arguments,
            description="按统计期间和裁决所统计收案、立案、结案、在办、超期等指标，输出报表。",
            examples=("adjudicator report --from 2026-01-01 --to 2026-06-30 --json",
                      "adjudicator report --from 2026-01-01 --to 2026-06-30 -o 上半年.xlsx")),
)

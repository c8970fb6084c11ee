"""``demo``: realistic synthetic cases for trials and benchmarks, in an initialised station database."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.cli.base import Command, bounded_int, emit, end_progress, progress_printer
from adjudicator.demo.documents import DEFAULT_CASES, MAX_CASES, issue_demo_documents
from adjudicator.demo.generate import MAX_DEMO_CASES, generate_demo
from adjudicator.errors import DomainError
from adjudicator.stations.registry import init_station


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", type=bounded_int("--cases", 1, MAX_DEMO_CASES), default=200, metavar="N",
                   help=f"生成的案件数（1–{MAX_DEMO_CASES}，默认 200）")
    p.add_argument("--seed", type=bounded_int("--seed", 0, 2**63 - 1), default=1, metavar="S",
                   help="随机种子：同一种子生成同样的案情（编号与标识除外）")
    p.add_argument("--documents", type=bounded_int("--documents", 0, MAX_CASES), default=DEFAULT_CASES, metavar="N",
                   help=f"为前 N 件已立案的案件出具立案通知书和答辩通知书（0–{MAX_CASES}，默认 {DEFAULT_CASES}；"
                        "供试用 doc reprint、doc batch）")
    p.add_argument("--station", default=None, metavar="CODE",
                   help="数据库尚未初始化时，先把它设为该裁决所的数据库（01–09）")


def run(args: argparse.Namespace, db: Any) -> int:
    # Only an explicit --station makes a database a station's: never silently station 01.
    if not db.station_code:
        if db.role == "supervisor":
            raise DomainError("该数据库是市局监督数据库；演示案件只能生成在裁决所数据库中。")
        if not args.station:
            raise DomainError("该数据库尚未初始化；请先运行 adjudicator init --station 代码，"
                              "或给 demo 加上 --station 代码。")
        init_station(db, args.station, user=db.actor)
    elif args.station and args.station != db.station_code:
        raise DomainError(f"该数据库属于裁决所 {db.station_code}，不是 {args.station}；请去掉 --station 或另选数据库。")
    summary = generate_demo(db, args.cases, seed=args.seed, progress=progress_printer(args))
    end_progress(args)
    summary["documents"] = issue_demo_documents(db, args.documents, actor=db.actor)
    issued = (f"；出具文书 {len(summary['documents'])} 份（{summary['documents'][0]} 等）"
              if summary["documents"] else "")
    emit(args, summary, f"已生成 {summary['cases']} 件演示案件（种子 {args.seed}）{issued}：{db.url}")
    return 0


COMMANDS = (
    Command("demo", "生成演示案件（含进程事件和证据），用于试用和性能测试", run, "create", _arguments,
            examples=("adjudicator init --station 01 && adjudicator demo --cases 1000 --seed 1",
                      "adjudicator --db 试用.db demo --station 01 --cases 200")),
)

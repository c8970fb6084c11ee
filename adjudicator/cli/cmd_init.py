"""``init``: make a database a station's (01–09) or the supervisor's; refused, it leaves no file."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.cli.base import Command, emit
from adjudicator.stations.registry import init_station, init_supervisor, shipped_registry


def _arguments(p: argparse.ArgumentParser) -> None:
    who = p.add_mutually_exclusive_group(required=True)
    codes = "、".join(f"{s.code} {s.name}" for s in shipped_registry())
    who.add_argument("--station", metavar="CODE", help=f"裁决所代码：{codes}")
    who.add_argument("--supervisor", action="store_true", help="市局监督数据库（合并各裁决所的数据）")
    p.add_argument("--name", help="名称（可选，覆盖名录中的名称）")


def run(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.keys import ensure_key_pair, fingerprint

    if args.supervisor:
        init_supervisor(db, name=args.name)
        key = fingerprint(ensure_key_pair(db))
        emit(args, {"role": "supervisor", "db": db.url, "fingerprint": key},
             f"已初始化市局监督数据库：{db.url}\n市局公钥指纹：{key}")
        return 0
    info = init_station(db, args.station, name=args.name, user=db.actor)
    key = fingerprint(ensure_key_pair(db))
    emit(args, {"role": "station", "station": info.code, "name": info.name, "prefix": info.doc_prefix,
                "db": db.url, "fingerprint": key},
         f"已初始化裁决所数据库：{info.code} {info.name}（文号前缀 {info.doc_prefix}）\n{db.url}\n本所公钥指纹：{key}")
    return 0


COMMANDS = (
    Command("init", "初始化裁决所或市局数据库（不存在时新建）", run, "create", _arguments,
            examples=("adjudicator init --station 01", "adjudicator --db 市局.db init --supervisor")),
)

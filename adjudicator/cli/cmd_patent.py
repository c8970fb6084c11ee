"""``patent check``: normalise a patent number and verify its check character (no database)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from adjudicator.cases.identifiers import check_patent_number
from adjudicator.cases.inputs import PATENT_KINDS
from adjudicator.cli.base import Command, Group, emit, wants_json


def _arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("number", metavar="NUMBER", help="专利号，例如 ZL201620161392.4（空格、“ZL”可有可无）")


def run_check(args: argparse.Namespace, db: Any) -> int:
    if len(args.number) > 64:
        print("无效：专利号过长（最多 64 个字符）。", file=sys.stderr)
        return 1
    result = check_patent_number(args.number)
    if wants_json(args):
        emit(args, result, "")
    elif result["valid"]:
        kind = PATENT_KINDS.get(str(result["kind"]), "")
        pct = "（PCT 进入中国国家阶段）" if result["pct"] else ""
        print(f"有效：{result['normalized']}，{kind}专利{pct}")
    else:
        print(f"无效：{' '.join(str(result['error']).split())}", file=sys.stderr)
    return 0 if result["valid"] else 1


COMMANDS = (
    Group("patent", "专利号", (
        Command("check", "校验专利号：规范写法、专利类型和校验位", run_check, "none", _arguments,
                examples=('adjudicator patent check "ZL 2016 2 0161392.4" --json',)),
    )),
)

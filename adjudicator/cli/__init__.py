"""The ``adjudicator`` command line: a thin layer over the same services the desktop UI calls.

Every command takes ``--db PATH_OR_URL`` (before or after the command name) and ``--json``.
Exit status: 0 success, 1 a domain refusal (invalid input, rejected package), 2 usage error.
Errors go to stderr as one sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from adjudicator.errors import DomainError
from adjudicator.store import Database, open_database

#: Command modules; each has ``register(subparsers, common)``.
COMMAND_MODULES = (
    "adjudicator.cli.cases",
    "adjudicator.cli.deadlines",
    "adjudicator.cli.documents",
    "adjudicator.cli.evidence",
    "adjudicator.cli.reports",
    "adjudicator.cli.intake",
    "adjudicator.cli.sync",
)

Handler = Callable[[argparse.Namespace], int]


class Refusal(DomainError):
    """A command-line refusal that is not a domain rule (e.g. a file that cannot be written)."""


def _common_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH_OR_URL",
                        help="数据库文件路径或 SQLAlchemy URL（默认：本用户的裁决所数据库）")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以 JSON 输出")
    common.add_argument("--user", default=argparse.SUPPRESS, help="操作人姓名（写入审计记录）")
    return common


def build_parser() -> argparse.ArgumentParser:
    import importlib

    common = _common_parser()
    parser = argparse.ArgumentParser(
        prog="adjudicator", parents=[common],
        description="专利纠纷行政裁决办案系统 — 命令行",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def open_db(args: argparse.Namespace, *, create: bool = True) -> Database:
    """The database named by ``--db`` (or the default one), with ``--user`` as the actor."""
    db = open_database(getattr(args, "db", None), create=create)
    user = getattr(args, "user", None)
    if user:
        db.actor = user
    return db


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def emit(args: argparse.Namespace, payload: Any, text: str | Callable[[], str]) -> None:
    """Print ``payload`` as one JSON document with ``--json``, else the human text."""
    if wants_json(args):
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text() if callable(text) else text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except DomainError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

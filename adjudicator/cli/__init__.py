"""The ``adjudicator`` command line: a thin layer over the same services the desktop UI calls.

Laid out like calibre's ``db/cli``: one module per command group (``cmd_case``, ``cmd_doc`` …),
each declaring its commands and whether they read or write (:mod:`adjudicator.cli.base`). This
module builds the parser from those declarations and runs one command:

- the database is opened as the command declares: reading commands never create a database,
  migrate it or change its journal mode, and work on a read-only file; writing commands refuse
  an in-memory ``sqlite://`` database (nothing written there would be kept); a command that may
  create a database removes the file again if it then refuses;
- ``--user`` (one line, at most 40 characters) names the actor in the audit trail, else the
  operating-system user; once the database has accounts it names the account a changing command
  runs as, signed in with ``ADJUDICATOR_PASSWORD`` or a password typed at a no-echo prompt;
- exit status 0 success, 1 a refusal, 2 a usage error; every error is one sentence on stderr.
  An unexpected error prints one sentence and where its full report was written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from adjudicator.cli.base import Command, Group, Refusal, emit, wants_json
from adjudicator.cli.helpformat import HelpFormatter
from adjudicator.cli.runner import run_command
from adjudicator.cli.usage import chinese_usage_error

__all__ = ["COMMAND_MODULES", "Command", "Group", "Refusal", "build_parser", "emit", "main", "wants_json"]

#: Command modules, in the order ``--help`` lists them; each has ``COMMANDS``.
COMMAND_MODULES = (
    "adjudicator.cli.cmd_init",
    "adjudicator.cli.cmd_patent",
    "adjudicator.cli.cmd_case",
    "adjudicator.cli.cmd_case_events",
    "adjudicator.cli.cmd_calendar",
    "adjudicator.cli.cmd_deadlines",
    "adjudicator.cli.cmd_doc",
    "adjudicator.cli.cmd_evidence",
    "adjudicator.cli.cmd_report",
    "adjudicator.cli.cmd_demo",
    "adjudicator.cli.cmd_intake",
    "adjudicator.cli.cmd_sync",
    "adjudicator.cli.cmd_audit",
    "adjudicator.cli.cmd_backup",
    "adjudicator.cli.cmd_docproof",
    "adjudicator.cli.cmd_user",
)

EXAMPLES = """示例：
  adjudicator init --station 01
  adjudicator demo --cases 200 --seed 1
  adjudicator case list --filter 小明 --json
  adjudicator doc render "呼新市监专裁字〔2026〕1号" filing-notice -o 立案通知书.pdf
  adjudicator <命令> --help      每个命令的参数、可填项和示例"""


class UsageError(Exception):
    """A command line argparse could not understand (exit status 2)."""

    def __init__(self, message: str, prog: str):
        super().__init__(message)
        self.prog = prog


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one Chinese sentence instead of usage text and an exit."""

    def __init__(self, *args: Any, parents: Sequence[argparse.ArgumentParser] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示本帮助并退出"
        for parent in parents:  # added after the renaming, so their options join the one "选项" group
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> Any:
        raise UsageError(chinese_usage_error(message), self.prog)


def _common_parser() -> argparse.ArgumentParser:
    common: argparse.ArgumentParser = Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH_OR_URL",
                        help="数据库文件路径或 PostgreSQL 地址（postgresql+psycopg://用户@主机/库名）；"
                             "默认：本用户的裁决所数据库")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="以一个 JSON 文档输出")
    common.add_argument("--user", default=argparse.SUPPRESS, metavar="NAME",
                        help="操作人姓名，写入审计记录（默认：操作系统的用户名）")
    return common


def _modules() -> list[Any]:
    import importlib

    return [importlib.import_module(name) for name in COMMAND_MODULES]


def declared() -> list[Command | Group]:
    """Every command and group, groups of the same name merged in module order."""
    merged: dict[str, Command | Group] = {}
    for module in _modules():
        for item in getattr(module, "COMMANDS", ()):
            existing = merged.get(item.name)
            if isinstance(item, Group) and isinstance(existing, Group):
                merged[item.name] = Group(existing.name, existing.summary, existing.commands + item.commands)
            elif existing is not None:
                raise RuntimeError(f"command {item.name!r} declared twice")
            else:
                merged[item.name] = item
    return list(merged.values())


def _epilog(command: Command) -> str | None:
    if not command.examples:
        return None
    return "示例：\n" + "\n".join(f"  {line}" for line in command.examples)


def _add_command(sub: Any, command: Command, common: argparse.ArgumentParser, path: str) -> None:
    p = sub.add_parser(command.name, parents=[common], help=command.summary,
                       description=command.description or command.summary, epilog=_epilog(command),
                       formatter_class=HelpFormatter)
    command.arguments(p)
    p.set_defaults(command_spec=command, command_path=path)


def build_parser() -> argparse.ArgumentParser:
    common: Any = _common_parser()
    parser = Parser(prog="adjudicator", parents=[common], description="专利纠纷行政裁决办案系统 — 命令行",
                    epilog=EXAMPLES, formatter_class=HelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for item in declared():
        if isinstance(item, Command):
            _add_command(sub, item, common, item.name)
            continue
        gp = sub.add_parser(item.name, parents=[common], help=item.summary, description=item.summary,
                            formatter_class=HelpFormatter)
        gsub = gp.add_subparsers(dest=f"{item.name}_command", metavar="SUBCOMMAND", required=True)
        for command in item.commands:
            _add_command(gsub, command, common, f"{item.name} {command.name}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (0, 1 refusal, 2 usage error)."""
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # reported here, so the hint names the command the user was typing
            raise UsageError(chinese_usage_error("unrecognized arguments: " + " ".join(extra)),
                             "adjudicator " + getattr(args, "command_path", ""))
    except UsageError as exc:
        where = exc.prog.removeprefix("adjudicator").strip()
        hint = f"adjudicator {where} --help" if where else "adjudicator --help"
        print(f"错误：{_one_line(str(exc))}（用法见 {hint}）", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    return run_command(args)


def _one_line(text: str) -> str:
    return " ".join(text.split())


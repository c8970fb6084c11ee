"""What a command is, and the small helpers every command module shares.

A command module (``cmd_*.py``) declares ``COMMANDS``: :class:`Command` objects for top-level
commands and :class:`Group` objects for ``case …``, ``doc …`` and the like. A command says how it
uses the database (:data:`Access`); the runner in :mod:`adjudicator.cli` opens it accordingly and
hands it to ``run(args, db)``. Two modules may contribute to one group (``case events`` lives with
the procedure commands): the runner merges groups by name, so no module touches another's parser.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from adjudicator.errors import DomainError
from adjudicator.progress import Progress

if TYPE_CHECKING:
    from adjudicator.store import Database

#: How a command uses the database:
#: ``none`` — not at all; ``optional`` — reads it if it exists (else the shipped calendar);
#: ``read`` — reads an existing database, never creating, migrating or changing it;
#: ``write`` — changes an existing, initialised database; ``create`` — may create a new one.
Access = Literal["none", "optional", "read", "write", "create"]
Run = Callable[[argparse.Namespace, Any], int]


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    return None


@dataclass(frozen=True)
class Command:
    """One command: its name, one-line summary, database access, arguments and examples."""

    name: str
    summary: str
    run: Run
    access: Access
    arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments
    examples: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Group:
    """Commands under one word (``case list``, ``case show`` …)."""

    name: str
    summary: str
    commands: tuple[Command, ...] = field(default_factory=tuple)


class Refusal(DomainError):
    """A command-line refusal that is not a domain rule (e.g. options that contradict each other)."""


# -- output ----------------------------------------------------------------------------------------


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def emit(args: argparse.Namespace, payload: Any, text: str | Callable[[], str]) -> None:
    """Print ``payload`` as one JSON document with ``--json``, else the human text."""
    if wants_json(args):
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text() if callable(text) else text)


def progress_printer(args: argparse.Namespace) -> Progress | None:
    """A ``(fraction, message)`` progress line on an interactive stderr, else None."""
    if wants_json(args) or not sys.stderr.isatty():
        return None

    def show(fraction: float, message: str) -> None:
        print(f"\r{fraction:6.1%} {message}", end="", file=sys.stderr)

    return show


def end_progress(args: argparse.Namespace) -> None:
    if progress_printer(args) is not None:
        print(file=sys.stderr)


def write_file(db: Database | None, path: str | os.PathLike[str], data: bytes) -> Path:
    """Write an output file through the core's guard: never onto a database, a backup or evidence."""
    from adjudicator.outputs import write_output

    return write_output(db, path, data)


# -- parsing values ----------------------------------------------------------------------------------

#: Bounds of the numbers the command line accepts, so a huge integer is a sentence, not an overflow.
MAX_LIMIT = 1_000_000
MAX_SEQUENCE = 100_000


def parse_day(raw: str | None, what: str) -> date | None:
    """An ISO date, or None for an empty value; a refusal sentence for anything else."""
    if raw is None or raw == "":
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise DomainError(f"{what} {shown(raw)} 不是有效日期，请写成 2026-03-02 这样的格式。") from None
    if not 1900 <= day.year <= 2200:
        raise DomainError(f"{what} {day.isoformat()} 不在 1900 到 2200 年之间；请核对日期。")
    return day


def expect_version_argument(p: argparse.ArgumentParser) -> None:
    """``--expect-version N``: refuse the write if the case changed since version N (``case show`` prints it).

    Without it the write is checked against the case as it stands when the write's own transaction
    reads and locks it, so nothing between reading and writing can slip in either way.
    """
    p.add_argument("--expect-version", type=bounded_int("--expect-version", 1, 2**31 - 1), metavar="N",
                   help="案件版本（case show 显示）：如案件在此之后已被他人修改，则拒绝且不作任何改动")


def bounded_int(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer in [low, high], else a usage error naming ``what``."""

    def parse(raw: str) -> int:
        try:
            value = int(raw.strip()) if len(raw) <= 20 else None
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what}应是 {low} 到 {high} 之间的整数，输入为 {shown(raw)}")
        return value

    parse.__name__ = what  # argparse names the type in its message
    return parse


def key_values(pairs: list[str], option: str, example: str) -> dict[str, str]:
    """``KEY=VALUE`` options as a dict; a refusal naming the option for a malformed pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise Refusal(f"{option} 应写成 键=值 的形式，例如 {example}；输入为 {shown(pair)}。")
        out[key.strip()] = value
    return out


def shown(text: str, limit: int = 60) -> str:
    """User input as it may appear inside one line of a message: controls escaped, long text cut."""
    safe = "".join(c if unicodedata.category(c)[0] != "C" else f"\\x{ord(c):02x}" for c in text)
    return safe if len(safe) <= limit else safe[:limit] + "…"


def read_secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    """A password from the environment variable ``env``, else typed at a no-echo prompt (twice if ``confirm``).

    Refused with a sentence when neither is possible (no terminal to ask on).
    """
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise Refusal(f"需要密码：请在终端中运行以便输入（不回显），或设置环境变量 {env}。")
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("再输入一次：") != first:
        raise Refusal("两次输入的密码不一致；未作任何修改。")
    return first

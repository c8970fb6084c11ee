"""Running one parsed command: open the database as it declares, turn every failure into a sentence.

Nothing here knows any particular command. The database is opened per the command's
:data:`~adjudicator.cli.base.Access`; a database file this run created is removed again when
the command refuses (a refused ``init`` or ``demo`` leaves no file). Exceptions map to exit
statuses: a :class:`DomainError` is its own sentence (1); storage errors a library raises get a
sentence of ours (1); anything else is logged in full to a file and reported in one line (1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Any

from adjudicator.cli.base import Command, Refusal, shown
from adjudicator.errors import DatabaseRefused, DomainError

#: The longest ``--user`` the audit trail takes (a name, not a paragraph).
MAX_USER = 40
LOG_ENV = "ADJUDICATOR_LOG_DIR"


def log_dir() -> Path:
    """Where unexpected errors are reported in full (``ADJUDICATOR_LOG_DIR`` overrides)."""
    override = os.environ.get(LOG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir("adjudicator", appauthor=False))


def actor_name(args: argparse.Namespace) -> str:
    """``--user`` checked (one line, a sensible length), else the operating-system user."""
    user = getattr(args, "user", None)
    if user is None:
        return str(os.environ.get("ADJUDICATOR_USER") or _os_user())
    name = str(user).strip()
    if not name:
        raise Refusal("--user 不能为空；请写操作人的姓名，或省略 --user 使用操作系统的用户名。")
    if any(ord(c) < 32 or ord(c) == 127 or c in "\u2028\u2029\u0085" for c in name):
        raise Refusal("--user 含有换行符或控制字符；请只写操作人的姓名。")
    if len(name) > MAX_USER:
        raise Refusal(f"--user 最多 {MAX_USER} 个字，输入为 {len(name)} 个字；请只写操作人的姓名。")
    return name


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "未知用户"


def _refuse_memory(url: str, access: str) -> None:
    from adjudicator.store.database import is_memory_url

    if is_memory_url(url):
        what = "修改" if access != "read" else "读取"
        raise DatabaseRefused(f"内存数据库（sqlite://）不能用于{what}：命令结束后其中的内容不会保留；"
                              "请用 --db 给出数据库文件的路径。")


class _Opened:
    """The database a command runs against, and the files this run created for it."""

    def __init__(self) -> None:
        self.db: Any = None
        self.created: list[Path] = []

    def open(self, command: Command, args: argparse.Namespace) -> Any:
        from adjudicator.store.database import database_url, open_database

        access = command.access
        if access == "none":
            return None
        url = database_url(getattr(args, "db", None))
        if access == "optional":
            path = _sqlite_file(url)
            if path is None or not path.exists():
                return None
            self.db = open_database(url, create=False, readonly=True)
            return self.db
        _refuse_memory(url, access)
        if access == "read":
            self.db = open_database(url, create=False, readonly=True)
        elif access == "write":
            self.db = open_database(url, create=False)
        else:
            path = _sqlite_file(url)
            if path is not None:
                self.created = [p for p in _companions(path) if not p.exists()]
            self.db = open_database(url, create=True)
        self.db.actor = actor_name(args)
        _sign_in(self.db, args)
        return self.db

    def close(self, failed: bool) -> None:
        if self.db is not None:
            self.db.close()
        if failed:
            for path in self.created:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)


#: The password of ``--user`` once the database has accounts (else asked for at a no-echo prompt).
PASSWORD_ENV = "ADJUDICATOR_PASSWORD"


def _sign_in(db: Any, args: argparse.Namespace) -> None:
    """A changing command on a database with accounts runs as the account ``--user`` names, signed in.

    ``--user`` (or ``ADJUDICATOR_USER``) names the account; its password comes from
    ``ADJUDICATOR_PASSWORD`` or a no-echo prompt. A database without accounts asks nothing.
    """
    from adjudicator.accounts.roles import accounts_enabled
    from adjudicator.accounts.service import sign_in
    from adjudicator.cli.base import read_secret

    if db.readonly or not accounts_enabled(db):
        return
    name = actor_name(args)
    password = read_secret(PASSWORD_ENV, f"用户 {name} 的密码：")
    sign_in(db, name, password)


def _sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal", ".files")]


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; returns its exit status after printing any error as one line."""
    command: Command = args.command_spec
    opened = _Opened()
    status = 1
    try:
        actor_name(args)  # refuse a bad --user before anything is opened
        status = command.run(args, opened.open(command, args))
        return status
    except DomainError as exc:
        _say(str(exc))
        return 1
    except KeyboardInterrupt:
        _say("已中断；未完成的修改没有保存。")
        return 130
    except BrokenPipeError:
        status = 0
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one sentence, never a traceback
        _say(_storage_sentence(exc) or _unexpected(exc, args))
        return 1
    finally:
        opened.close(failed=status != 0)


def _say(message: str) -> None:
    text = " ".join(message.split())
    if not text.startswith("错误："):
        text = "错误：" + text
    try:
        print(text, file=sys.stderr)
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        pass


def _storage_sentence(exc: BaseException) -> str | None:
    """A sentence for the storage failures a user can act on (locked, read-only, full, too large)."""
    from sqlalchemy.exc import DataError, IntegrityError, OperationalError

    from adjudicator.store.database import BUSY_SENTENCE

    detail = str(getattr(exc, "orig", None) or exc).lower()
    if isinstance(exc, OperationalError) or "locked" in detail:
        if "locked" in detail or "busy" in detail:
            return BUSY_SENTENCE
        if "readonly" in detail or "read-only" in detail:
            return "数据库是只读的；可以查看，不能修改。请检查文件权限。未作任何修改。"
        if "disk" in detail and "full" in detail:
            return "磁盘已满，无法写入数据库；请清理磁盘后再试。未作任何修改。"
        if "statement timeout" in detail or "canceling statement" in detail:
            return "查询时间过长，已被取消；请缩小筛选范围后再试。"
        if "malformed" in detail or "not a database" in detail:
            return "数据库文件已损坏，无法读取；请用备份恢复。未作任何修改。"
        return None
    if isinstance(exc, (DataError, OverflowError)):
        return "输入的值超出了数据库允许的范围（过长或过大）；请缩短或改小后再试。未作任何修改。"
    if isinstance(exc, IntegrityError):
        return "保存时与已有的记录冲突（可能有人同时在修改）；请刷新后再试。未作任何修改。"
    if isinstance(exc, RecursionError):
        return "输入的嵌套层次过深，无法处理；请检查输入文件。未作任何修改。"
    if isinstance(exc, UnicodeError):
        return "输入含有无法识别的字符编码；请以 UTF-8 保存后再试。"
    return None


def _unexpected(exc: BaseException, args: argparse.Namespace) -> str:
    """Write the full report to the log and return the one sentence the user sees."""
    report = "".join(traceback.format_exception(exc))
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    argv = " ".join(shown(a, 200) for a in sys.argv[1:])
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "adjudicator-errors.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} {getattr(args, 'command_path', '')}: {argv}\n{report}\n")
        where = f"详细报告已写入 {path}"
    except OSError:
        where = "详细报告无法写入日志文件"
    return f"发生了意外错误（{type(exc).__name__}），操作未完成；{where}，请把它发给维护人员。"

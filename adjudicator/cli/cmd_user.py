"""``user add/list/passwd/disable/enable/lock-after``: the database's local accounts.

The first ``user add`` needs no sign-in and must make the head (``--role head``; ``supervisor``
on the supervisors' database): from then on every changing command runs as the account ``--user``
names (password from ``ADJUDICATOR_PASSWORD`` or a no-echo prompt). New passwords come from
``ADJUDICATOR_NEW_PASSWORD`` or are typed twice at a no-echo prompt.
"""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.accounts import service as A
from adjudicator.accounts.roles import ROLE_LABELS
from adjudicator.cli.base import Command, Group, bounded_int, emit, read_secret
from adjudicator.cli.runner import PASSWORD_ENV

NEW_PASSWORD_ENV = "ADJUDICATOR_NEW_PASSWORD"


def _username(p: argparse.ArgumentParser) -> None:
    p.add_argument("username", metavar="USERNAME", help="用户名（登录用，如 zhangsan）")


def _add_arguments(p: argparse.ArgumentParser) -> None:
    _username(p)
    p.add_argument("--name", default="", help="姓名（显示在审计记录和批准记录中，如 张所长）")
    p.add_argument("--role", required=True, choices=tuple(ROLE_LABELS),
                   help="角色：head（负责人，可批准、管理账户）、clerk（承办人）、supervisor（监督员，市局数据库）")


def _passwd_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("username", metavar="USERNAME", nargs="?", default=None,
                   help="要重设密码的账户（负责人可重设他人的）；省略则修改自己的密码")


def _minutes(p: argparse.ArgumentParser) -> None:
    p.add_argument("minutes", type=bounded_int("MINUTES", 0, 240), metavar="MINUTES",
                   help="桌面程序无操作多少分钟后自动锁定（0 为不自动锁定）")


def _new_password() -> str:
    return read_secret(NEW_PASSWORD_ENV, "新密码（至少 8 个字符）：", confirm=True)


def _line(a: A.AccountView) -> str:
    state = "可用" if a.enabled else "已停用"
    if a.locked_until is not None:
        state += f"，密码输错 {a.failed_count} 次，暂时锁定至 {a.locked_until.astimezone():%Y-%m-%d %H:%M:%S}"
    last = f"{a.last_sign_in_at.astimezone():%Y-%m-%d %H:%M}" if a.last_sign_in_at else "从未登录"
    return f"{a.username:<16} {a.name:<10} {a.role_label:<4} {state}　最近登录：{last}"


def run_list(args: argparse.Namespace, db: Any) -> int:
    accounts = A.list_accounts(db)
    text = "\n".join(_line(a) for a in accounts) if accounts else "本数据库没有账户（未启用登录）。"
    emit(args, [a.to_json() for a in accounts], text)
    return 0


def run_add(args: argparse.Namespace, db: Any) -> int:
    first = not A.list_accounts(db)
    view = A.create_account(db, args.username, args.name, args.role, _new_password())
    note = "本数据库已启用登录：此后修改数据须用 --user 指明账户并输入密码。" if first else ""
    emit(args, view.to_json(), f"已建立账户：{view.username}（{view.name}，{view.role_label}）。{note}")
    return 0


def run_passwd(args: argparse.Namespace, db: Any) -> int:
    own = db.user is not None and args.username in (None, db.user.username)
    if own:
        old = read_secret(PASSWORD_ENV, "原密码：")
        A.change_own_password(db, old, _new_password())
        name = db.user.username
    elif args.username is None:
        emit(args, {"error": "no_accounts"}, "本数据库没有账户；请先用 user add 建立负责人账户。")
        return 1
    else:
        name = A.reset_password(db, args.username, _new_password()).username
    emit(args, {"username": name, "changed": True}, f"已修改账户 {name} 的密码。")
    return 0


def _set_enabled(args: argparse.Namespace, db: Any, enabled: bool) -> int:
    view = A.set_enabled(db, args.username, enabled)
    emit(args, view.to_json(), f"账户 {view.username}（{view.name}）{'已启用' if enabled else '已停用'}。")
    return 0


def run_disable(args: argparse.Namespace, db: Any) -> int:
    return _set_enabled(args, db, False)


def run_enable(args: argparse.Namespace, db: Any) -> int:
    return _set_enabled(args, db, True)


def run_lock_after(args: argparse.Namespace, db: Any) -> int:
    A.set_lock_minutes(db, args.minutes)
    text = "已关闭自动锁定。" if args.minutes == 0 else f"桌面程序无操作 {args.minutes} 分钟后自动锁定。"
    emit(args, {"lock_idle_minutes": args.minutes}, text)
    return 0


COMMANDS = (
    Group("user", "账户与角色：建立、列出、改密码、停用（第一个账户启用登录）", (
        Command("list", "列出本数据库的账户", run_list, "read", examples=("adjudicator user list --json",)),
        Command("add", "建立账户（第一个须为负责人，建立后即启用登录）", run_add, "write", _add_arguments,
                description="建立本地账户。第一个账户必须是负责人（市局监督数据库为监督员），建立后本数据库即启用"
                            "登录：此后每个修改数据的命令须用 --user 指明账户，密码取自环境变量 "
                            f"{PASSWORD_ENV} 或在提示时输入（不回显）。新账户的密码取自 {NEW_PASSWORD_ENV} "
                            "或输入两次。",
                examples=("adjudicator user add zhang --name 张所长 --role head",
                          "adjudicator --user zhang user add liming --name 李明 --role clerk")),
        Command("passwd", "修改自己的密码，或（负责人）重设他人的密码", run_passwd, "write", _passwd_arguments,
                examples=("adjudicator --user liming user passwd", "adjudicator --user zhang user passwd liming")),
        Command("disable", "停用账户（不能再登录；负责人）", run_disable, "write", _username,
                examples=("adjudicator --user zhang user disable liming",)),
        Command("enable", "重新启用账户（负责人）", run_enable, "write", _username,
                examples=("adjudicator --user zhang user enable liming",)),
        Command("lock-after", "设置桌面程序无操作后自动锁定的分钟数（负责人）", run_lock_after, "write", _minutes,
                examples=("adjudicator --user zhang user lock-after 10",)),
    )),
)

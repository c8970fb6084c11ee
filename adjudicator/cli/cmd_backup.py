"""``backup list|now|restore|keep``: the station database's backups beside its file (SQLite only)."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.cli.base import Command, Group, Refusal, bounded_int, emit, end_progress, progress_printer
from adjudicator.trust.backups import (
    MAX_KEEP,
    BackupRefused,
    backup_now,
    examine_backup,
    keep_count,
    list_backups,
    restore_backup,
    set_keep_count,
)


def _path(db: Any) -> Any:
    if db.path is None:
        raise BackupRefused("这是服务器数据库（PostgreSQL），请由管理员用 pg_dump 备份、pg_restore 恢复；"
                            "本程序只备份 SQLite 数据库文件。")
    return db.path


def run_list(args: argparse.Namespace, db: Any) -> int:
    backups = list_backups(_path(db))
    payload = {"keep": keep_count(db), "backups": [
        {"file": str(b.path), "kind": b.kind, "label": b.label, "taken": b.taken.isoformat(), "size": b.size}
        for b in backups]}
    emit(args, payload, lambda: "\n".join(
        [f"{b.taken:%Y-%m-%d %H:%M:%S}\t{b.kind}\t{b.size / 1048576:.1f} MB\t{b.path}" for b in backups]
        or ["还没有备份。"]))
    return 0


def run_now(args: argparse.Namespace, db: Any) -> int:
    made = backup_now(db)
    emit(args, {"file": str(made.path), "size": made.size}, f"已备份到：{made.path}")
    return 0


def _restore_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="备份文件（backup list 列出的 .bak 文件）")
    p.add_argument("--yes", action="store_true", help="确认用该备份替换当前数据库（不加时只显示备份的内容）")


def run_restore(args: argparse.Namespace, db: Any) -> int:
    info = examine_backup(args.file)
    if not args.yes:
        raise Refusal(f"{info.sentence()}未恢复：核对无误后加 --yes 再运行一次（恢复前会先备份当前数据库）。")
    _path(db)
    restored, before = restore_backup(db, args.file, progress=progress_printer(args))
    end_progress(args)
    emit(args, {**restored.as_json(), "backup_before_restore": str(before.path)},
         f"已从备份恢复：{restored.sentence()}恢复前的数据库已备份为：{before.path}")
    return 0


def _keep_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("count", type=bounded_int("份数", 1, MAX_KEEP), metavar="N", help="保留最近几份自动备份")


def run_keep(args: argparse.Namespace, db: Any) -> int:
    _path(db)
    set_keep_count(db, args.count)
    emit(args, {"keep": args.count}, f"今后保留最近 {args.count} 份自动备份。")
    return 0


COMMANDS = (
    Group("backup", "数据库备份：列出、立即备份、从备份恢复", (
        Command("list", "列出数据库旁的备份（自动、手动、升级前、导入前、恢复前）", run_list, "read",
                examples=("adjudicator backup list", "adjudicator backup list --json")),
        Command("now", "立即备份数据库（一致的快照）", run_now, "write", examples=("adjudicator backup now",)),
        Command("restore", "从备份恢复数据库（先检查备份、先备份当前数据库）", run_restore, "write",
                _restore_arguments,
                description="先完整检查备份文件并显示其中的案件数、最后修改时间和结构版本；加 --yes 才替换。"
                            "损坏的或别的裁决所的备份被拒绝，数据库不作任何修改。",
                examples=("adjudicator backup restore station.db.auto-20261201-090000.bak",
                          "adjudicator backup restore station.db.auto-20261201-090000.bak --yes")),
        Command("keep", "设置保留最近几份自动备份（默认 7 份）", run_keep, "write", _keep_arguments,
                examples=("adjudicator backup keep 14",)),
    )),
)

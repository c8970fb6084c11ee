"""``station …``, ``export``, ``import``, ``conflict …``, ``note …``: keys, data packages and supervision (同步).

Output files (``station export-key -o``, ``export -o``) pass the output guard first
(:func:`adjudicator.outputs.check_output_path`): a package never lands on a database, a backup or
the evidence store.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import Any

from adjudicator.cli.base import (
    Command,
    Group,
    Refusal,
    bounded_int,
    emit,
    end_progress,
    progress_printer,
    wants_json,
)
from adjudicator.outputs import check_output_path

CASE_NO_HELP = "案号，例如 “呼新市监专裁字〔2026〕1号”"


def _output_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="要写入的文件")


def _key_file_arguments(help_replace: str) -> Any:
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", type=Path, metavar="FILE", help="对方导出的公钥文件")
        p.add_argument("--replace", action="store_true", help=help_replace)
    return add


def _station_list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stale-days", type=bounded_int("--stale-days", 1, 3650), metavar="N",
                   help="超过 N 天未收到数据即提醒（保存为设置）")


def run_export_key(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.keys import write_key_file

    target = check_output_path(db, args.output)
    info = write_key_file(db, target)
    who = "市局" if info.role == "supervisor" else f"裁决所 {info.code} {info.name}"
    emit(args, {**info.as_json(), "file": str(target)},
         f"已导出{who}的公钥：{target}\n指纹：{info.fingerprint}\n请对方登记时电话核对这串指纹。")
    return 0


def run_register(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.keys import register_station

    info = register_station(db, args.file, replace=args.replace)
    emit(args, info.as_json(), f"已登记裁决所 {info.code} {info.name} 的公钥。\n指纹：{info.fingerprint}\n"
                               "请电话与该所核对：两边显示的指纹必须完全一致。")
    return 0


def run_trust_supervisor(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.keys import trust_supervisor

    info = trust_supervisor(db, args.file, replace=args.replace)
    emit(args, info.as_json(), f"已登记市局公钥（{info.name}）。\n指纹：{info.fingerprint}\n请电话与市局核对这串指纹。")
    return 0


def run_station_list(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.supervision import set_stale_days, stale_days, station_status

    if args.stale_days is not None:
        set_stale_days(db, args.stale_days)
    rows = station_status(db)
    days = stale_days(db)

    def text() -> str:
        lines = []
        for r in rows:
            heard = (f"最近导入 {r.last_import.astimezone():%Y-%m-%d %H:%M}（第 {r.last_sequence} 号）"
                     if r.last_import else "从未导入")
            warn = f"　⚠ 已 {r.days_silent if r.days_silent is not None else '—'} 天未收到数据" if r.stale else ""
            lines.append(f"{r.code}　{r.name}　{r.fingerprint or '未登记公钥'}　{heard}　案件 {r.cases:,} 件{warn}")
        return "\n".join(lines)

    emit(args, {"stale_days": days, "stations": [r.as_json() for r in rows]}, text)
    return 0


def run_export(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.export import export_reference, export_station

    target = check_output_path(db, args.output)
    progress = progress_printer(args)
    if db.role == "supervisor":
        result = export_reference(db, target, progress)
        what = "市局参考数据包"
    else:
        result = export_station(db, target, progress)
        what = f"裁决所 {result.station} 第 {result.sequence} 号数据包"
    end_progress(args)
    missing = f"\n注意：有 {len(result.missing_files)} 个证据文件在本机缺失，未能打包。" if result.missing_files else ""
    emit(args, result.as_json(),
         f"已导出{what}：{result.path}（{result.size / 1e6:.1f} MB，{sum(result.tables.values()):,} 行，"
         f"{result.attachments} 个证据文件）{missing}")
    return 0


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="数据包文件（可多个，按顺序导入）")


def run_import(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.importer import import_packages

    progress = progress_printer(args)
    run = import_packages(db, args.files, progress)
    end_progress(args)
    if wants_json(args):
        emit(args, run.as_json(), "")
        refused = [o for o in run.outcomes if not o.ok]
        if refused:  # the JSON carries each reason; stderr still says, in one line, that not all went in
            print(f"错误：{len(refused)} 个数据包未导入（原因见输出中 status 为 refused 的项的 message）。", file=sys.stderr)
    else:
        for outcome in run.outcomes:
            mark = {"imported": "已导入", "repeat": "已导入过", "refused": "拒绝"}[outcome.status]
            line = " ".join(f"[{mark}] {outcome.file}：{outcome.message}".split())
            print(line if outcome.ok else "错误：" + line, file=sys.stdout if outcome.ok else sys.stderr)
        if run.backup:
            print(f"导入前的备份：{run.backup}")
    return 0 if run.ok else 1


def _conflict_list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--all", action="store_true", help="也列出已处理的")


def run_conflict_list(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.supervision import list_conflicts

    rows = list_conflicts(db, include_resolved=args.all)

    def text() -> str:
        lines = []
        for c in rows:
            state = f"已处理（保留{'裁决所' if c.resolution == 'station' else '市局'}的版本）" if c.resolution else "未处理"
            lines.append(f"{c.id}　{c.case_no or c.record_id}　{c.table_name}　裁决所 {c.station}　{state}")
            lines.extend(f"    {f}：本库 {a!r} ／ 裁决所 {b!r}" for f, a, b in c.differences)
        return "\n".join(lines) or "没有未处理的冲突。"

    emit(args, {"conflicts": [c.as_json() for c in rows]}, text)
    return 0


def _conflict_resolve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("conflict_id", metavar="ID", help="冲突编号（adjudicator conflict list 列出）")
    p.add_argument("--keep", required=True, choices=["station", "supervisor"],
                   help="保留裁决所的版本（station）或市局的版本（supervisor）")


def run_conflict_resolve(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.sync.supervision import resolve_conflict

    try:
        conflict_id = uuid.UUID(args.conflict_id)
    except ValueError:
        raise Refusal(f"“{args.conflict_id[:40]}”不是冲突编号；请用 adjudicator conflict list 查看。") from None
    view = resolve_conflict(db, conflict_id, args.keep)
    emit(args, view.as_json(), f"已处理：保留{'裁决所' if args.keep == 'station' else '市局'}的版本。")
    return 0


def _note_add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)
    p.add_argument("text", nargs="?", default="", help="监督意见")
    p.add_argument("--flag", action="store_true", help="标记该案件")


def run_note_add(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.cases.service import find_case
    from adjudicator.sync.supervision import add_note

    case = find_case(db, args.case_no)
    note = add_note(db, case.id, args.text, flagged=args.flag)
    emit(args, note.as_json(), f"已为 {case.case_no} 添加监督意见{'并标记' if args.flag else ''}。")
    return 0


def _case_no_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)


def run_note_list(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.cases.service import find_case
    from adjudicator.sync.supervision import case_notes

    case = find_case(db, args.case_no)
    notes = case_notes(db, case.id)
    emit(args, {"case_no": case.case_no, "notes": [n.as_json() for n in notes]},
         lambda: "\n".join(f"{n.created_at.astimezone():%Y-%m-%d %H:%M}　{n.author}　{'[标记] ' if n.flagged else ''}{n.text}"
                           for n in notes) or "该案件没有监督意见。")
    return 0


COMMANDS = (
    Group("station", "裁决所密钥与登记", (
        # "write": a database without a key pair gets one on its first export.
        Command("export-key", "导出本库的公钥文件（交市局登记，或市局交各所）", run_export_key, "write",
                _output_argument, examples=("adjudicator station export-key -o 裁决所01公钥.json",)),
        Command("register", "市局：登记一个裁决所的公钥文件", run_register, "write",
                _key_file_arguments("替换该所已登记的另一把公钥（先电话核对指纹）"),
                examples=("adjudicator --db 市局.db station register 裁决所01公钥.json",)),
        Command("trust-supervisor", "裁决所：登记市局的公钥文件", run_trust_supervisor, "write",
                _key_file_arguments("替换已登记的另一把市局公钥（先电话核对指纹）"),
                examples=("adjudicator station trust-supervisor 市局公钥.json",)),
        # "write": --stale-days saves a setting.
        Command("list", "市局：各裁决所的公钥指纹和最近一次导入", run_station_list, "write",
                _station_list_arguments, examples=("adjudicator --db 市局.db station list --stale-days 14",)),
    )),
    # "write": each station package takes the next sequence number.
    Command("export", "导出数据包（裁决所：本所数据；市局：参考数据）", run_export, "write", _output_argument,
            examples=("adjudicator export -o station01.zip",)),
    Command("import", "导入数据包（市局：各所数据包；裁决所：市局参考数据包）", run_import, "write", _import_arguments,
            examples=("adjudicator --db 市局.db import station01.zip station02.zip",)),
    Group("conflict", "市局：导入时发现的冲突", (
        Command("list", "列出未处理的冲突", run_conflict_list, "read", _conflict_list_arguments,
                examples=("adjudicator --db 市局.db conflict list --all",)),
        Command("resolve", "处理一个冲突", run_conflict_resolve, "write", _conflict_resolve_arguments,
                examples=("adjudicator --db 市局.db conflict resolve 冲突编号 --keep station",)),
    )),
    Group("note", "市局：案件的监督意见和标记", (
        Command("add", "为案件添加监督意见", run_note_add, "write", _note_add_arguments,
                examples=('adjudicator --db 市局.db note add "呼新市监专裁字〔2026〕1号" "请核实送达日期" --flag',)),
        Command("list", "案件的监督意见", run_note_list, "read", _case_no_argument,
                examples=('adjudicator --db 市局.db note list "呼新市监专裁字〔2026〕1号"',)),
    )),
)

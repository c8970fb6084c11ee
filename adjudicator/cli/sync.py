"""Commands: station export-key / register / trust-supervisor / list, export, import, conflict, note."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import Any

from adjudicator.cli import emit, open_db, wants_json
from adjudicator.errors import DomainError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("station", parents=[common], help="裁决所密钥与登记")
    ssub = p.add_subparsers(dest="station_command", required=True, metavar="SUBCOMMAND")
    c = ssub.add_parser("export-key", parents=[common], help="导出本库的公钥文件（交市局登记，或市局交各所）")
    c.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    c.set_defaults(handler=cmd_export_key)
    c = ssub.add_parser("register", parents=[common], help="市局：登记一个裁决所的公钥文件")
    c.add_argument("file", type=Path, metavar="FILE")
    c.add_argument("--replace", action="store_true", help="替换该所已登记的另一把公钥（先电话核对指纹）")
    c.set_defaults(handler=cmd_register)
    c = ssub.add_parser("trust-supervisor", parents=[common], help="裁决所：登记市局的公钥文件")
    c.add_argument("file", type=Path, metavar="FILE")
    c.add_argument("--replace", action="store_true", help="替换已登记的另一把市局公钥（先电话核对指纹）")
    c.set_defaults(handler=cmd_trust_supervisor)
    c = ssub.add_parser("list", parents=[common], help="市局：各裁决所的公钥指纹和最近一次导入")
    c.add_argument("--stale-days", type=int, metavar="N", help="超过 N 天未收到数据即提醒（保存为设置）")
    c.set_defaults(handler=cmd_station_list)

    p = sub.add_parser("export", parents=[common], help="导出数据包（裁决所：本所数据；市局：参考数据）")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", parents=[common], help="导入数据包（市局：各所数据包；裁决所：市局参考数据包）")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("conflict", parents=[common], help="市局：导入时发现的冲突")
    csub = p.add_subparsers(dest="conflict_command", required=True, metavar="SUBCOMMAND")
    c = csub.add_parser("list", parents=[common], help="列出未处理的冲突")
    c.add_argument("--all", action="store_true", help="也列出已处理的")
    c.set_defaults(handler=cmd_conflict_list)
    c = csub.add_parser("resolve", parents=[common], help="处理一个冲突")
    c.add_argument("conflict_id", metavar="ID")
    c.add_argument("--keep", required=True, choices=["station", "supervisor"],
                   help="保留裁决所的版本（station）或市局的版本（supervisor）")
    c.set_defaults(handler=cmd_conflict_resolve)

    p = sub.add_parser("note", parents=[common], help="市局：案件的监督意见和标记")
    nsub = p.add_subparsers(dest="note_command", required=True, metavar="SUBCOMMAND")
    c = nsub.add_parser("add", parents=[common], help="为案件添加监督意见")
    c.add_argument("case_no", metavar="CASE_NO")
    c.add_argument("text", nargs="?", default="")
    c.add_argument("--flag", action="store_true", help="标记该案件")
    c.set_defaults(handler=cmd_note_add)
    c = nsub.add_parser("list", parents=[common], help="案件的监督意见")
    c.add_argument("case_no", metavar="CASE_NO")
    c.set_defaults(handler=cmd_note_list)


def _progress(args: argparse.Namespace) -> Any:
    if wants_json(args) or not sys.stderr.isatty():
        return None

    def show(fraction: float, message: str) -> None:
        print(f"\r{fraction:6.1%} {message[:60]:<60}", end="", file=sys.stderr)
    return show


def cmd_export_key(args: argparse.Namespace) -> int:
    from adjudicator.sync.keys import write_key_file

    db = open_db(args, create=False)
    info = write_key_file(db, args.output)
    who = "市局" if info.role == "supervisor" else f"裁决所 {info.code} {info.name}"
    emit(args, {**info.as_json(), "file": str(args.output)},
         f"已导出{who}的公钥：{args.output}\n指纹：{info.fingerprint}\n请对方登记时电话核对这串指纹。")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from adjudicator.sync.keys import register_station

    db = open_db(args, create=False)
    info = register_station(db, args.file, replace=args.replace)
    emit(args, info.as_json(), f"已登记裁决所 {info.code} {info.name} 的公钥。\n指纹：{info.fingerprint}\n"
                               "请电话与该所核对：两边显示的指纹必须完全一致。")
    return 0


def cmd_trust_supervisor(args: argparse.Namespace) -> int:
    from adjudicator.sync.keys import trust_supervisor

    db = open_db(args, create=False)
    info = trust_supervisor(db, args.file, replace=args.replace)
    emit(args, info.as_json(), f"已登记市局公钥（{info.name}）。\n指纹：{info.fingerprint}\n请电话与市局核对这串指纹。")
    return 0


def cmd_station_list(args: argparse.Namespace) -> int:
    from adjudicator.sync.supervision import set_stale_days, stale_days, station_status

    db = open_db(args, create=False)
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


def cmd_export(args: argparse.Namespace) -> int:
    from adjudicator.sync.export import export_reference, export_station

    db = open_db(args, create=False)
    progress = _progress(args)
    if db.role == "supervisor":
        result = export_reference(db, args.output, progress)
        what = "市局参考数据包"
    else:
        result = export_station(db, args.output, progress)
        what = f"裁决所 {result.station} 第 {result.sequence} 号数据包"
    if progress:
        print(file=sys.stderr)
    missing = f"\n注意：有 {len(result.missing_files)} 个证据文件在本机缺失，未能打包。" if result.missing_files else ""
    emit(args, result.as_json(),
         f"已导出{what}：{result.path}（{result.size / 1e6:.1f} MB，{sum(result.tables.values()):,} 行，"
         f"{result.attachments} 个证据文件）{missing}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from adjudicator.sync.importer import import_packages

    db = open_db(args, create=False)
    progress = _progress(args)
    run = import_packages(db, args.files, progress)
    if progress:
        print(file=sys.stderr)
    if wants_json(args):
        emit(args, run.as_json(), "")
    else:
        for outcome in run.outcomes:
            mark = {"imported": "已导入", "repeat": "已导入过", "refused": "拒绝"}[outcome.status]
            print(f"[{mark}] {outcome.file}：{outcome.message}", file=sys.stdout if outcome.ok else sys.stderr)
        if run.backup:
            print(f"导入前的备份：{run.backup}")
    return 0 if run.ok else 1


def cmd_conflict_list(args: argparse.Namespace) -> int:
    from adjudicator.sync.supervision import list_conflicts

    db = open_db(args, create=False)
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


def cmd_conflict_resolve(args: argparse.Namespace) -> int:
    from adjudicator.sync.supervision import resolve_conflict

    db = open_db(args, create=False)
    try:
        conflict_id = uuid.UUID(args.conflict_id)
    except ValueError:
        raise DomainError(f"“{args.conflict_id}”不是冲突编号；请用 adjudicator conflict list 查看。") from None
    view = resolve_conflict(db, conflict_id, args.keep)
    emit(args, view.as_json(), f"已处理：保留{'裁决所' if args.keep == 'station' else '市局'}的版本。")
    return 0


def cmd_note_add(args: argparse.Namespace) -> int:
    from adjudicator.cases.service import find_case
    from adjudicator.sync.supervision import add_note

    db = open_db(args, create=False)
    case = find_case(db, args.case_no)
    note = add_note(db, case.id, args.text, flagged=args.flag)
    emit(args, note.as_json(), f"已为 {case.case_no} 添加监督意见{'并标记' if args.flag else ''}。")
    return 0


def cmd_note_list(args: argparse.Namespace) -> int:
    from adjudicator.cases.service import find_case
    from adjudicator.sync.supervision import case_notes

    db = open_db(args, create=False)
    case = find_case(db, args.case_no)
    notes = case_notes(db, case.id)
    emit(args, {"case_no": case.case_no, "notes": [n.as_json() for n in notes]},
         lambda: "\n".join(f"{n.created_at.astimezone():%Y-%m-%d %H:%M}　{n.author}　{'[标记] ' if n.flagged else ''}{n.text}"
                           for n in notes) or "该案件没有监督意见。")
    return 0

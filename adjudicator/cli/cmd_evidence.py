"""``evidence add / list / verify / print / store-dir``: exhibits and the evidence file store (证据)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from adjudicator.cases import service as S
from adjudicator.cli.base import (
    MAX_SEQUENCE,
    Command,
    Group,
    Refusal,
    bounded_int,
    emit,
    end_progress,
    expect_version_argument,
    write_file,
)
from adjudicator.cli.base import progress_printer as _progress
from adjudicator.errors import DomainError
from adjudicator.evidence import filestore as F
from adjudicator.evidence import service as E

CASE_NO_HELP = "案号，例如 “呼新市监专裁字〔2026〕1号”"


def _kind(text: str) -> str:
    try:
        return E.parse_kind(text)
    except DomainError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)
    c.add_argument("files", nargs="*", metavar="FILE", type=Path, help="证据文件（可多个，合为一件证据）")
    c.add_argument("--title", help="证据名称（默认：第一个文件的文件名）")
    c.add_argument("--kind", type=_kind, default="documentary",
                   help="证据种类：" + "、".join(E.EXHIBIT_KINDS.values()) + "（或英文代码），默认书证")
    c.add_argument("--by", choices=list(E.EXHIBIT_SIDES), default="requester", help="提交方，默认 requester")
    c.add_argument("--number", type=bounded_int("--number", 1, MAX_SEQUENCE), help="证据编号（默认：该方下一个编号）")
    c.add_argument("--purpose", default="", help="证明目的")
    c.add_argument("--separate", action="store_true", help="每个文件作为单独的一件证据")
    c.add_argument("--physical", action="store_true", help="实物证据，不附文件")
    expect_version_argument(c)


def _list_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)
    c.add_argument("--by", choices=list(E.EXHIBIT_SIDES), help="只列出该方的证据")
    c.add_argument("--deleted", action="store_true", help="包括已删除的证据")


def _verify_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("--case", metavar="CASE_NO", help="只检查这个案件")


def _print_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="证据清单 PDF 写入的文件")


def _store_dir_arguments(c: argparse.ArgumentParser) -> None:
    c.add_argument("directory", nargs="?", metavar="DIR", help="新的证据文件库目录（省略则只显示）")


def exhibit_json(v: E.ExhibitView) -> dict[str, Any]:
    """One exhibit as ``evidence list --json`` prints it."""
    return {
        "id": str(v.id), "no": v.number, "label": v.label, "title": v.title, "kind": v.kind,
        "kind_label": v.kind_label, "by": v.side, "submitted_by": v.submitted_by,
        "received_on": v.received_on.isoformat() if v.received_on else None, "purpose": v.purpose,
        "original": v.original, "notarised": v.notarised, "physical": v.physical, "cross_exam": v.cross_exam,
        "finding": v.finding or None, "finding_reason": v.finding_reason, "deleted": v.deleted,
        "files": [{"name": f.name, "sha256": f.sha256, "size": f.size, "media_type": f.media_type}
                  for f in v.files],
    }


def _exhibit_text(v: E.ExhibitView) -> str:
    flags = [v.kind_label, "原件" if v.original else "复印件"]
    if v.notarised:
        flags.append("经公证")
    if v.physical:
        flags.append("实物")
    if v.finding:
        flags.append(v.finding_label)
    if v.deleted:
        flags.append("已删除")
    lines = [f"{v.label}　{v.title}　（{'，'.join(flags)}）"]
    lines += [f"    {f.name}　{F.human_size(f.size)}　SHA-256 {f.sha256}" for f in v.files]
    return "\n".join(lines)


def run_add(args: argparse.Namespace, db: Any) -> int:
    files: list[Path] = args.files
    if not files and not args.physical:
        raise Refusal("请给出至少一个文件；实物证据请加 --physical。")
    if args.physical and files:
        raise Refusal("实物证据（--physical）不附文件；请去掉文件或去掉 --physical。")
    if args.physical and not args.title:
        raise Refusal("实物证据请用 --title 写明证据名称。")
    if args.separate and args.number and len(files) > 1:
        raise Refusal("--separate 添加多件证据时不能同时指定 --number。")
    case = S.find_case(db, args.case_no)
    groups = [[f] for f in files] if args.separate else [files]
    entries = [(E.ExhibitInput(side=args.by, title=args.title or (group[0].stem if group else ""), kind=args.kind,
                               number=args.number, purpose=args.purpose, physical=args.physical), group)
               for group in groups]
    added = E.add_exhibits(db, case.id, entries, progress=_progress(args), expected_version=args.expect_version)
    end_progress(args)
    emit(args, {"case_no": case.case_no, "evidence": [exhibit_json(v) for v in added]},
         lambda: "\n".join(f"已添加 {_exhibit_text(v)}" for v in added))
    return 0


def run_list(args: argparse.Namespace, db: Any) -> int:
    case = S.find_case(db, args.case_no)
    rows = E.list_exhibits(db, case.id, side=args.by, include_deleted=args.deleted)

    def text() -> str:
        return "\n".join([*(_exhibit_text(v) for v in rows), f"共 {len(rows)} 件证据"])

    emit(args, {"case_no": case.case_no, "evidence": [exhibit_json(v) for v in rows]}, text)
    return 0


def run_verify(args: argparse.Namespace, db: Any) -> int:
    case_id = S.find_case(db, args.case).id if args.case else None
    result = F.verify_store(db, case_id, progress=_progress(args))
    end_progress(args)
    payload = {"ok": not result.problems, "store": str(result.root), "files": result.files, "blobs": result.blobs,
               "problems": [{"case_no": p.case_no, "exhibit": p.exhibit, "title": p.title, "file": p.file_name,
                             "sha256": p.sha256, "state": p.state, "deleted": p.deleted}
                            for p in result.problems]}
    if result.problems:
        emit(args, payload, lambda: "\n".join(p.sentence() for p in result.problems))
        print(f"错误：证据文件检查未通过：{len(result.problems)} 个文件缺失或被改动（证据文件库 {result.root}）。",
              file=sys.stderr)
        return 1
    emit(args, payload, f"证据文件检查通过：{result.files} 个文件记录，{result.blobs} 个存储文件均完好"
                        f"（证据文件库 {result.root}）。")
    return 0


def run_print(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.documents.evidence_list import render_evidence_list

    case = S.find_case(db, args.case_no)
    data = render_evidence_list(db, case.id)
    path = write_file(db, args.output, data)
    emit(args, {"case_no": case.case_no, "output": str(path), "bytes": len(data)}, f"已生成证据清单：{path}")
    return 0


def run_store_dir(args: argparse.Namespace, db: Any) -> int:
    if args.directory is not None:
        target = F.check_store_dir(args.directory, db)
        db.set_setting(F.STORE_DIR_SETTING, str(target))
    root = F.store_root(db)
    emit(args, {"store": str(root)}, f"证据文件库目录：{root}")
    return 0


COMMANDS = (
    Group("evidence", "证据与证据文件", (
        Command("add", "为案件添加一件证据（附文件）", run_add, "write", _add_arguments,
                examples=('adjudicator evidence add "呼新市监专裁字〔2026〕1号" 公证书.pdf --title 公证书 --kind 书证',
                          'adjudicator evidence add "呼新市监专裁字〔2026〕1号" a.png b.png --separate --by respondent',
                          'adjudicator evidence add "呼新市监专裁字〔2026〕1号" --physical --title 被控侵权产品')),
        Command("list", "列出案件的证据", run_list, "read", _list_arguments,
                examples=('adjudicator evidence list "呼新市监专裁字〔2026〕1号" --json',)),
        Command("verify", "检查证据文件是否缺失或被改动（有问题时退出状态为 1）", run_verify, "read", _verify_arguments,
                examples=("adjudicator evidence verify",)),
        Command("print", "生成证据清单 PDF", run_print, "read", _print_arguments,
                examples=('adjudicator evidence print "呼新市监专裁字〔2026〕1号" -o 证据清单.pdf',)),
        Command("store-dir", "显示或设置证据文件库目录（PostgreSQL 数据库需要）", run_store_dir, "write",
                _store_dir_arguments, examples=(("adjudicator --db postgresql+psycopg://办案@服务器/裁决 "
                                                "evidence store-dir /srv/证据文件库"),)),
    )),
)

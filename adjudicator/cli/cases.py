"""Commands: init, patent check, case list / show / history, demo."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from adjudicator.cases import service as S
from adjudicator.cases.inputs import CASE_KINDS, CASE_SOURCES, CASE_STATUSES, PARTY_ROLES, PATENT_KINDS
from adjudicator.cli import emit, open_db, wants_json
from adjudicator.cases.history import case_history
from adjudicator.cases.identifiers import check_patent_number
from adjudicator.stations.registry import init_station, init_supervisor
from adjudicator.cases.views import CaseView


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="初始化裁决所或市局数据库")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--station", metavar="CODE", help="裁决所代码（01–09）")
    who.add_argument("--supervisor", action="store_true", help="市局监督数据库")
    p.add_argument("--name", help="名称（可选，覆盖名录中的名称）")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("patent", parents=[common], help="专利号")
    psub = p.add_subparsers(dest="patent_command", required=True, metavar="SUBCOMMAND")
    c = psub.add_parser("check", parents=[common], help="校验专利号")
    c.add_argument("number")
    c.set_defaults(handler=cmd_patent_check)

    p = sub.add_parser("case", parents=[common], help="案件")
    csub = p.add_subparsers(dest="case_command", required=True, metavar="SUBCOMMAND")
    c = csub.add_parser("list", parents=[common], help="列出案件")
    c.add_argument("--filter", default="", help="按案号、当事人、专利号筛选")
    c.add_argument("--kind", choices=sorted(CASE_KINDS), action="append")
    c.add_argument("--status", choices=sorted(CASE_STATUSES), action="append")
    c.add_argument("--deleted", action="store_true", help="列出已删除的案件")
    c.add_argument("--limit", type=int)
    c.set_defaults(handler=cmd_case_list)
    c = csub.add_parser("show", parents=[common], help="显示一个案件")
    c.add_argument("case_no", metavar="CASE_NO")
    c.set_defaults(handler=cmd_case_show)
    c = csub.add_parser("history", parents=[common], help="案件的历史记录")
    c.add_argument("case_no", metavar="CASE_NO")
    c.set_defaults(handler=cmd_case_history)

    p = sub.add_parser("demo", parents=[common], help="生成演示案件（用于试用和性能测试）")
    p.add_argument("--cases", type=int, default=200, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.add_argument("--station", default=None, metavar="CODE", help="数据库尚未初始化时，先把它设为该裁决所的数据库（01–09）")
    p.set_defaults(handler=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from adjudicator.sync.keys import ensure_key_pair, fingerprint

    db = open_db(args)
    if args.supervisor:
        init_supervisor(db, name=args.name)
        key = fingerprint(ensure_key_pair(db))
        emit(args, {"role": "supervisor", "db": db.url, "fingerprint": key},
             f"已初始化市局监督数据库：{db.url}\n市局公钥指纹：{key}")
        return 0
    info = init_station(db, args.station, name=args.name, user=getattr(args, "user", None))
    key = fingerprint(ensure_key_pair(db))
    emit(args, {"role": "station", "station": info.code, "name": info.name, "prefix": info.doc_prefix,
                "db": db.url, "fingerprint": key},
         f"已初始化裁决所数据库：{info.code} {info.name}（文号前缀 {info.doc_prefix}）\n{db.url}\n本所公钥指纹：{key}")
    return 0


def cmd_patent_check(args: argparse.Namespace) -> int:
    result = check_patent_number(args.number)
    if wants_json(args):
        emit(args, result, "")
    elif result["valid"]:
        kind = PATENT_KINDS.get(str(result["kind"]), "")
        pct = "（PCT 进入中国国家阶段）" if result["pct"] else ""
        print(f"有效：{result['normalized']}，{kind}专利{pct}")
    else:
        print(f"无效：{result['error']}", file=sys.stderr)
    return 0 if result["valid"] else 1


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]), "case_no": row["case_no"], "kind": row["kind"], "status": row["status"],
        "station": row["owner_station"], "parties": row["party_summary"], "patent_no": row["patent_no"],
        "received_on": row["received_on"].isoformat(), "handler": row["handler"],
    }


def cmd_case_list(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    q = S.CaseQuery(text=args.filter, kinds=tuple(args.kind or ()), statuses=tuple(args.status or ()),
                    deleted=args.deleted)
    rows = S.list_cases(db, q, limit=args.limit)

    def text() -> str:
        lines = [f"{r['case_no']}\t{CASE_KINDS[r['kind']]}\t{CASE_STATUSES.get(r['status'], r['status'])}\t"
                 f"{r['received_on']}\t{r['party_summary']}\t{r['patent_no']}" for r in rows]
        lines.append(f"共 {len(rows)} 件")
        return "\n".join(lines)

    emit(args, {"cases": [_row_json(r) for r in rows]}, text)
    return 0


def case_json(case: CaseView) -> dict[str, Any]:
    """A case with its parties, patent and e-commerce details, as the command line prints it."""
    return {
        "id": str(case.id), "case_no": case.case_no, "kind": case.kind, "kind_label": CASE_KINDS[case.kind],
        "source": case.source, "status": case.status, "station": case.owner_station,
        "received_on": case.received_on.isoformat(), "handler": case.handler, "panel": list(case.panel),
        "claims_summary": case.claims_summary, "notes": case.notes, "version": case.version,
        "deleted": case.deleted_at is not None,
        "parties": [{
            "role": p.role, "type": p.party_type, "name": p.name, "id_number": p.id_number,
            "address": p.address, "phone": p.phone, "legal_rep": p.legal_rep, "agents": list(p.agents),
            "abroad": p.abroad,
        } for p in case.parties],
        "patent": None if case.patent is None else {
            "number": case.patent.number, "kind": case.patent.kind, "pct": case.patent.pct,
            "title": case.patent.title, "patentee": case.patent.patentee, "claims": case.patent.claims,
            "application_date": case.patent.application_date.isoformat() if case.patent.application_date else None,
            "grant_date": case.patent.grant_date.isoformat() if case.patent.grant_date else None,
        },
        "ecommerce": None if case.ecommerce is None else {
            "platform": case.ecommerce.platform, "shop": case.ecommerce.shop,
            "listing_links": list(case.ecommerce.listing_links), "complaint_no": case.ecommerce.complaint_no,
        },
    }


def _case_text(case: CaseView) -> str:
    lines = [f"{case.case_no}　{CASE_KINDS[case.kind]}　{CASE_STATUSES.get(case.status, case.status)}",
             f"来源：{CASE_SOURCES.get(case.source, case.source)}　收到请求：{case.received_on}　承办人：{case.handler}"]
    if case.panel:
        lines.append("合议组：" + "、".join(case.panel))
    for p in case.parties:
        lines.append(f"{PARTY_ROLES.get(p.role, p.role)}：{p.name}　{p.id_number}　{p.address}")
    if case.patent:
        lines.append(f"专利：{case.patent.number}（{PATENT_KINDS[case.patent.kind]}）{case.patent.title}")
    if case.ecommerce:
        lines.append(f"电商平台：{case.ecommerce.platform}　店铺：{case.ecommerce.shop}")
    return "\n".join(lines)


def cmd_case_show(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    case = S.find_case(db, args.case_no)
    emit(args, case_json(case), lambda: _case_text(case))
    return 0


def cmd_case_history(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    case = S.find_case(db, args.case_no)
    lines = case_history(db, case.id)
    payload = {"case_no": case.case_no, "history": [
        {"at": h.at.isoformat(), "actor": h.actor, "action": h.action, "record": h.record, "details": h.details}
        for h in lines]}
    emit(args, payload, lambda: "\n".join(
        f"{h.at.astimezone():%Y-%m-%d %H:%M}　{h.actor}　{h.summary}" + "".join(f"\n    {d}" for d in h.details)
        for h in lines))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from adjudicator.demo.generate import MAX_DEMO_CASES, generate_demo
    from adjudicator.errors import DomainError

    if not 1 <= args.cases <= MAX_DEMO_CASES:
        raise DomainError(f"--cases 应在 1 到 {MAX_DEMO_CASES} 之间，输入为 {args.cases}。")
    # Only an explicit --station makes a database a station's: never silently station 01.
    db = open_db(args, create=bool(args.station))
    if not db.station_code:
        if db.role == "supervisor":
            raise DomainError("该数据库是市局监督数据库；演示案件只能生成在裁决所数据库中。")
        if not args.station:
            raise DomainError("该数据库尚未初始化；请先运行 adjudicator init --station 代码，"
                              "或给 demo 加上 --station 代码。")
        init_station(db, args.station)

    def progress(fraction: float, message: str) -> None:
        if not wants_json(args) and sys.stderr.isatty():
            print(f"\r{fraction:6.1%} {message}", end="", file=sys.stderr)

    summary = generate_demo(db, args.cases, seed=args.seed, progress=progress)
    if not wants_json(args) and sys.stderr.isatty():
        print(file=sys.stderr)
    emit(args, summary, f"已生成 {summary['cases']} 件演示案件（种子 {args.seed}）：{db.url}")
    return 0

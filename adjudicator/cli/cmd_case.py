"""``case list``, ``case show``, ``case history``: reading cases (the procedure's commands are in cmd_case_events)."""

from __future__ import annotations

import argparse
from typing import Any

from adjudicator.cases import service as S
from adjudicator.cases.inputs import CASE_KINDS, CASE_SOURCES, CASE_STATUSES, PARTY_ROLES, PATENT_KINDS
from adjudicator.cases.views import CaseView
from adjudicator.cli.base import MAX_LIMIT, Command, Group, Refusal, bounded_int, emit
from adjudicator.history.trail import case_history

CASE_NO_HELP = "案号，例如 “呼新市监专裁字〔2026〕1号”（方括号 [2026] 亦可）"


def _list_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--filter", default="", metavar="TEXT", help="按案号、当事人、专利号、店铺筛选（空格分隔的词须同时出现）")
    p.add_argument("--kind", choices=sorted(CASE_KINDS), action="append", help="案件类型（可重复）")
    p.add_argument("--status", choices=sorted(CASE_STATUSES), action="append", help="案件状态（可重复）")
    p.add_argument("--deleted", action="store_true", help="列出已删除的案件")
    p.add_argument("--limit", type=bounded_int("--limit", 1, MAX_LIMIT), metavar="N", help="最多列出的件数")


def _case_no_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]), "case_no": row["case_no"], "kind": row["kind"], "status": row["status"],
        "station": row["owner_station"], "parties": row["party_summary"], "patent_no": row["patent_no"],
        "received_on": row["received_on"].isoformat(), "handler": row["handler"],
    }


def run_list(args: argparse.Namespace, db: Any) -> int:
    words = args.filter.split()
    if len(words) > S.MAX_FILTER_WORDS or len(args.filter) > S.MAX_FILTER_LENGTH:
        raise Refusal(f"筛选条件最多 {S.MAX_FILTER_WORDS} 个词、{S.MAX_FILTER_LENGTH} 个字，输入为 {len(words)} 个词、"
                      f"{len(args.filter)} 个字；请只写最能区分案件的几个词。")
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
             f"来源：{CASE_SOURCES.get(case.source, case.source)}　收到请求：{case.received_on}　承办人：{case.handler}",
             f"版本：{case.version}（修改时可加 --expect-version {case.version}，案件如已被他人修改则拒绝）"]
    if case.panel:
        lines.append("合议组：" + "、".join(case.panel))
    for p in case.parties:
        lines.append(f"{PARTY_ROLES.get(p.role, p.role)}：{p.name}　{p.id_number}　{p.address}")
    if case.patent:
        lines.append(f"专利：{case.patent.number}（{PATENT_KINDS[case.patent.kind]}）{case.patent.title}")
    if case.ecommerce:
        lines.append(f"电商平台：{case.ecommerce.platform}　店铺：{case.ecommerce.shop}")
    return "\n".join(lines)


def run_show(args: argparse.Namespace, db: Any) -> int:
    case = S.find_case(db, args.case_no)
    emit(args, case_json(case), lambda: _case_text(case))
    return 0


def run_history(args: argparse.Namespace, db: Any) -> int:
    case = S.find_case(db, args.case_no)
    lines = case_history(db, case.id)
    payload = {"case_no": case.case_no, "history": [
        {"at": h.at.isoformat(), "actor": h.actor, "action": h.action, "record": h.record, "details": h.details}
        for h in lines]}
    emit(args, payload, lambda: "\n".join(
        f"{h.at.astimezone():%Y-%m-%d %H:%M}　{h.actor}　{h.summary}" + "".join(f"\n    {d}" for d in h.details)
        for h in lines))
    return 0


COMMANDS = (
    Group("case", "案件：列出、查看、历史记录与案件进程", (
        Command("list", "列出案件", run_list, "read", _list_arguments,
                examples=("adjudicator case list --filter 小明 --limit 20", "adjudicator case list --status filed --json")),
        Command("show", "显示一个案件：当事人、专利、电商信息", run_show, "read", _case_no_argument,
                examples=('adjudicator case show "呼新市监专裁字〔2026〕1号" --json',)),
        Command("history", "案件的历史记录（谁在何时改了什么）", run_history, "read", _case_no_argument,
                examples=('adjudicator case history "呼新市监专裁字〔2026〕1号"',)),
    )),
)

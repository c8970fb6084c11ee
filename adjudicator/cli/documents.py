"""Commands: doc render / list / reprint / void / serve / batch — documents of a case (文书)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from adjudicator.cases import service as S
from adjudicator.cli import Refusal, emit, open_db
from adjudicator.documents import batch as B
from adjudicator.documents import service as D
from adjudicator.documents.service_records import add_service
from adjudicator.documents.templates import DOCUMENT_KINDS
from adjudicator.errors import DomainError
from adjudicator.store.models_documents import SERVICE_METHODS

#: Numbers name their kind (立字, 答字 … 裁字), so --kind is needed only for numbers from older versions.
KIND_HELP = "文书种类（可省略：文号中的“立字”“答字”等已表明种类；仅旧版本出具的同号文书需要指定）"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``doc`` commands to the adjudicator parser."""
    p = sub.add_parser("doc", parents=[common], help="文书：制作、出具、重印、送达")
    dsub = p.add_subparsers(dest="doc_command", required=True, metavar="SUBCOMMAND")
    kinds = "；".join(f"{k} {v}" for k, v in DOCUMENT_KINDS.items())
    c = dsub.add_parser("render", parents=[common], help="制作文书 PDF（默认草稿；--issue 出具并编号）",
                        description=f"文书种类：{kinds}")
    c.add_argument("case_no", metavar="CASE_NO")
    c.add_argument("kind", metavar="KIND", choices=list(DOCUMENT_KINDS))
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    c.add_argument("--issue", action="store_true", help="出具：取得文号并存档（之后可原样重印）")
    c.add_argument("--date", help="出具日期 YYYY-MM-DD（默认今天）")
    c.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="文书的填写项；多行内容用 \\n 分隔")
    c.set_defaults(handler=cmd_render)
    c = dsub.add_parser("list", parents=[common], help="列出案件的文书")
    c.add_argument("case_no", metavar="CASE_NO")
    c.set_defaults(handler=cmd_list)
    c = dsub.add_parser("reprint", parents=[common], help="按文号原样重印已出具的文书")
    c.add_argument("number", metavar="NUMBER")
    c.add_argument("--kind", choices=list(DOCUMENT_KINDS), help=KIND_HELP)
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    c.set_defaults(handler=cmd_reprint)
    c = dsub.add_parser("void", parents=[common], help="作废已出具的文书（文号不再使用）")
    c.add_argument("number", metavar="NUMBER")
    c.add_argument("--kind", choices=list(DOCUMENT_KINDS), help=KIND_HELP)
    c.add_argument("--reason", required=True)
    c.set_defaults(handler=cmd_void)
    c = dsub.add_parser("serve", parents=[common], help="登记文书的送达")
    c.add_argument("number", metavar="NUMBER")
    c.add_argument("--kind", choices=list(DOCUMENT_KINDS), help=KIND_HELP)
    c.add_argument("--method", required=True, choices=list(SERVICE_METHODS))
    c.add_argument("--recipient", required=True)
    c.add_argument("--sent", help="送达（寄出）日期 YYYY-MM-DD")
    c.add_argument("--received", help="收到日期 YYYY-MM-DD")
    c.add_argument("--note", default="")
    c.set_defaults(handler=cmd_serve)
    c = dsub.add_parser("publish", parents=[common], help="制作行政裁决书的公开版（隐去自然人的身份证号、住址、电话）并登记公开")
    c.add_argument("number", metavar="NUMBER", help="行政裁决书的文号（即案号）")
    c.add_argument("--date", help="公开日期 YYYY-MM-DD（默认今天）")
    c.add_argument("-o", "--output", metavar="FILE.pdf", help="同时保存公开版 PDF")
    c.set_defaults(handler=cmd_publish)
    c = dsub.add_parser("authority", parents=[common], help="文书署名机关与行政诉讼的人民法院（不带参数：显示当前设置）")
    c.add_argument("--office-name", help="文书上署名的机关名称")
    c.add_argument("--court", help="裁决书告知起诉的人民法院（有专利案件管辖权的中级人民法院）")
    c.set_defaults(handler=cmd_authority)
    c = dsub.add_parser("platform", parents=[common], help="电商平台名录（不带参数：列出；--operator 添加或更正）")
    c.add_argument("platform", nargs="?", metavar="PLATFORM", help="平台名称，如：抖音电商")
    c.add_argument("--operator", help="平台经营者的法定名称（按营业执照填写全称）")
    c.set_defaults(handler=cmd_platform)
    c = dsub.add_parser("batch", parents=[common], help="批量打印：某日出具的全部文书合并为一个 PDF")
    c.add_argument("--date", help="出具日期 YYYY-MM-DD（默认今天）")
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    c.set_defaults(handler=cmd_batch)


def _day(raw: str | None, what: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(f"{what} {raw} 不是有效日期，请写成 2026-03-02 这样的格式。") from None


def _fields(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise DomainError(f"--field 应写成 键=值 的形式，输入为 {pair}。")
        out[key.strip()] = value.replace("\\n", "\n")
    return out


def _write(path: str, pdf: bytes) -> None:
    try:
        Path(path).write_bytes(pdf)
    except OSError as exc:
        raise Refusal(f"无法写入文件“{path}”：{exc.strerror or exc}。") from None


def cmd_render(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    case = S.find_case(db, args.case_no)
    draft = D.create_draft(db, case.id, args.kind, _fields(args.field))
    if args.issue:
        doc = D.issue(db, draft.id, issued_on=_day(args.date, "出具日期"))
        pdf = D.reprint(db, str(doc.id))
        _write(args.output, pdf)
        emit(args, {**doc.to_json(), "file": args.output},
             f"已出具{doc.title} {doc.number}（{doc.pages} 页，SHA-256 {doc.sha256}）：{args.output}")
        return 0
    missing = D.missing_fields(db, draft.id)
    _write(args.output, D.render_preview(db, draft.id))
    note = f"；出具前还需填写：{'、'.join(missing)}" if missing else ""
    emit(args, {**draft.to_json(), "file": args.output, "missing": missing},
         f"已生成{draft.title}草稿（未编号）：{args.output}{note}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    case = S.find_case(db, args.case_no)
    docs = D.list_documents(db, case.id)
    emit(args, {"case_no": case.case_no, "documents": [d.to_json() for d in docs]}, lambda: "\n".join(
        [f"{d.title}\t{d.number or '（未编号）'}\t{d.status_label}\t{d.issued_on or ''}" for d in docs]
        + [f"共 {len(docs)} 份"]))
    return 0


def cmd_reprint(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    doc = D.find_document(db, args.number, args.kind)
    _write(args.output, D.reprint(db, str(doc.id)))
    emit(args, {**doc.to_json(), "file": args.output}, f"已重印{doc.title} {doc.number}（SHA-256 {doc.sha256}）：{args.output}")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    doc = D.void(db, D.find_document(db, args.number, args.kind).id, args.reason)
    emit(args, doc.to_json(), f"已作废{doc.title} {doc.number}；该文号不再使用。")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    doc = D.find_document(db, args.number, args.kind)
    record, message = add_service(db, doc.id, method=args.method, recipient=args.recipient,
                                  sent_on=_day(args.sent, "送达日期"), received_on=_day(args.received, "收到日期"),
                                  note=args.note)
    emit(args, {**record.to_json(), "procedure": message or None},
         f"已登记{doc.title} {doc.number} 的{record.method_label}：{record.recipient}。{message}")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    db = open_db(args, create=False)
    day = _day(args.date, "出具日期") or date.today()
    docs = B.issued_on(db, day)
    if not docs:
        raise DomainError(f"{day.isoformat()} 没有出具（未作废）的文书。")
    _write(args.output, B.combine_pdfs(db, docs))
    pages = sum(d.pages for d in docs)
    emit(args, {"date": day.isoformat(), "file": args.output, "pages": pages,
                "documents": [d.to_json() for d in docs]}, lambda: "\n".join(
        [f"{d.title}\t{d.number}\t{d.case_no}\t{d.pages} 页" for d in docs]
        + [f"已合并 {day.isoformat()} 出具的 {len(docs)} 份文书（共 {pages} 页）：{args.output}"]))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from adjudicator.documents.publication import publish_decision
    from adjudicator.documents.templates import PUBLICATION_KIND

    db = open_db(args, create=False)
    decision = D.find_document(db, args.number, "decision")
    publish_decision(db, decision.id, published_on=_day(args.date, "公开日期"))
    public = D.find_document(db, decision.number or "", PUBLICATION_KIND)
    if args.output:
        _write(args.output, D.reprint(db, str(public.id)))
    emit(args, {**public.to_json(), "file": args.output},
         f"已制作并登记公开{public.title} {public.number}（{public.pages} 页）" + (f"：{args.output}" if args.output else "。"))
    return 0


def cmd_authority(args: argparse.Namespace) -> int:
    from adjudicator.stations.registry import set_document_authority, station

    db = open_db(args, create=False)
    if args.office_name is None and args.court is None:
        info = station(db)
    else:
        info = set_document_authority(db, office_name=args.office_name, court=args.court)
    emit(args, {"station": info.code, "office_name": info.office_name, "court": info.court},
         f"文书署名机关：{info.office_name}\n告知起诉的人民法院：{info.court}")
    return 0


def cmd_platform(args: argparse.Namespace) -> int:
    from adjudicator.documents.platforms import platforms, set_platform_operator

    db = open_db(args, create=False)
    if args.platform and args.operator is not None:
        set_platform_operator(db, args.platform, args.operator)
    elif args.platform or args.operator is not None:
        raise DomainError("添加或更正平台时请同时写平台名称和 --operator 经营者名称。")
    rows = platforms(db)
    emit(args, {"platforms": [{"platform": p.platform, "operator": p.operator} for p in rows]},
         lambda: "\n".join(f"{p.platform}\t{p.operator}" for p in rows))
    return 0

"""``doc render / list / reprint / void / correct / discard / serve / publish / batch``: the documents of a case (文书).

Issuing is all or nothing: ``doc render … --issue -o FILE`` makes the document, takes its number
and writes the PDF in one transaction, so a refusal (missing fields, a bad date, an output that
cannot be written) leaves no draft, uses no number and writes no file. Every ``-o`` goes through
the core's output guard: never onto the database, its journal, a backup or the evidence store.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from adjudicator.cases import service as S
from adjudicator.cli.base import (
    Command,
    Group,
    Refusal,
    emit,
    expect_version_argument,
    key_values,
    parse_day,
    write_file,
)
from adjudicator.documents import batch as B
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.service_records import add_service
from adjudicator.documents.templates import DOCUMENT_KINDS, TEMPLATES
from adjudicator.errors import DomainError
from adjudicator.outputs import check_output_path, stage_output
from adjudicator.store.models_documents import SERVICE_METHODS

#: Numbers name their kind (立字, 答字 … 裁字), so --kind is needed only for numbers from older versions.
KIND_HELP = "文书种类（可省略：文号中的“立字”“答字”等已表明种类；仅旧版本出具的同号文书需要指定）"
NUMBER_HELP = "文号，例如 “呼新市监专立字〔2026〕1号”"
CASE_NO_HELP = "案号，例如 “呼新市监专裁字〔2026〕1号”"


def _fields_by_kind() -> str:
    """Each kind with the --field keys it accepts (key label, * = required before issuing)."""
    lines = ["文书种类与可填项（--field 键=值；* 为出具前必填，多数可由案件信息自动填写）："]
    for kind, tpl in TEMPLATES.items():
        keys = "，".join(f"{f.key}{'*' if f.required else ''} {f.label}" for f in tpl.fields) or "（无）"
        lines.append(f"  {kind} {tpl.title}：{keys}")
    return "\n".join(lines)


def _render_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)
    p.add_argument("kind", metavar="KIND", choices=list(DOCUMENT_KINDS), help="文书种类，见下表")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF 写入的文件")
    p.add_argument("--issue", action="store_true", help="出具：取得文号并存档（之后可原样重印）")
    p.add_argument("--date", help="出具日期 YYYY-MM-DD（默认今天；不能晚于今天，不能早于收到请求之日）")
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="文书的填写项（可重复）；多行内容用 \\n 分隔")
    expect_version_argument(p)


def _case_no_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_no", metavar="CASE_NO", help=CASE_NO_HELP)


def _number_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("number", metavar="NUMBER", help=NUMBER_HELP)
    p.add_argument("--kind", choices=list(DOCUMENT_KINDS), help=KIND_HELP)


def _reprint_arguments(p: argparse.ArgumentParser) -> None:
    _number_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF 写入的文件")


def _void_arguments(p: argparse.ArgumentParser) -> None:
    _number_arguments(p)
    p.add_argument("--reason", required=True, help="作废理由")
    expect_version_argument(p)


def _correct_arguments(p: argparse.ArgumentParser) -> None:
    _number_arguments(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="更正稿（或 --issue 出具的更正文书）写入的文件")
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                   help="要改正的填写项（可重复）；其余沿用原文书")
    p.add_argument("--issue", action="store_true", help="同时出具更正文书：取得文号、存档，原文书作废")
    p.add_argument("--date", help="出具日期 YYYY-MM-DD（仅与 --issue 同用；默认今天）")
    expect_version_argument(p)


def _discard_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("draft_id", metavar="DRAFT_ID", help="草稿的 id（doc list 列出；草稿没有文号）")
    expect_version_argument(p)


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    _number_arguments(p)
    p.add_argument("--method", required=True, choices=list(SERVICE_METHODS), help="送达方式")
    p.add_argument("--recipient", required=True, help="受送达人")
    p.add_argument("--sent", help="送达（寄出）日期 YYYY-MM-DD")
    p.add_argument("--received", help="收到日期 YYYY-MM-DD")
    p.add_argument("--note", default="", help="备注（一行）")
    expect_version_argument(p)


def _publish_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("number", metavar="NUMBER", help="行政裁决书的文号（即案号）")
    p.add_argument("--date", help="公开日期 YYYY-MM-DD（默认今天）")
    p.add_argument("-o", "--output", metavar="FILE.pdf", help="同时保存公开版 PDF")
    expect_version_argument(p)


def _authority_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--office-name", help="文书上署名的机关名称")
    p.add_argument("--court", help="裁决书告知起诉的人民法院（有专利案件管辖权的中级人民法院）")


def _platform_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("platform", nargs="?", metavar="PLATFORM", help="平台名称，如：抖音电商")
    p.add_argument("--operator", help="平台经营者的法定名称（按营业执照填写全称）")


def _batch_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", help="出具日期 YYYY-MM-DD（默认今天）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="合并后的 PDF 写入的文件")


def _fields(pairs: list[str]) -> dict[str, str]:
    return {k: v.replace("\\n", "\n") for k, v in key_values(pairs, "--field", "reason=理由").items()}


def _incomplete(kind: str, missing: list[str]) -> str:
    """The refusal of an incomplete document, naming each missing field by its --field key and label."""
    tpl = TEMPLATES[kind]
    by_label = {f.label: f.key for f in tpl.fields}
    keys = [f"{by_label[m]}（{m}）" for m in missing if m in by_label]
    other = [m for m in missing if m not in by_label]
    parts = ([f"用 --field 键=值 填写 {'、'.join(keys)}"] if keys else []) + ([f"另需{'、'.join(other)}"] if other else [])
    return f"《{tpl.title}》缺少必要内容，未出具、未编号：{'；'.join(parts)}。"


def _missing_keys(kind: str, missing: list[str]) -> list[str]:
    """Missing items as ``key（label）`` where the label is a field's, else the label alone."""
    by_label = {f.label: f.key for f in TEMPLATES[kind].fields}
    return [f"{by_label[m]}（{m}）" if m in by_label else m for m in missing]


Made = TypeVar("Made")


def _written(db: Any, output: str, make: Callable[[D.Deliver], Made]) -> tuple[Made, Path]:
    """Run ``make`` with a deliver that stages ``output`` inside its transaction; the file is put in place after.

    A refusal or a failed write undoes everything: no draft, no number, no file.
    """
    staged: list[Any] = []

    def deliver(pdf: bytes) -> None:
        staged.append(stage_output(db, output, pdf))

    try:
        made = make(deliver)
        return made, staged[0].commit()
    except BaseException:
        for s in staged:
            s.discard()
        raise


def _issue_into(args: argparse.Namespace, db: Any, kind: str,
                make: Callable[[D.Deliver], D.DocumentView]) -> int:
    """Issue through ``make`` into ``args.output`` and say so; an incomplete document names its --field keys."""
    try:
        doc, path = _written(db, args.output, make)
    except issuing.DocumentIncomplete as exc:
        raise DomainError(_incomplete(kind, exc.missing)) from None
    emit(args, {**doc.to_json(), "file": str(path)},
         f"已出具{doc.title} {doc.number}（{doc.pages} 页，SHA-256 {doc.sha256}）：{path}")
    return 0


def _draft_message(args: argparse.Namespace, draft: Any, missing: list[str], path: Path, what: str = "草稿") -> int:
    keys = _missing_keys(draft.kind, missing)
    note = f"；出具前还需填写：{'、'.join(keys)}" if keys else ""
    emit(args, {**draft.to_json(), "file": str(path), "missing": missing},
         f"已生成{draft.title}{what}（未编号）：{path}{note}")
    return 0


def run_render(args: argparse.Namespace, db: Any) -> int:
    check_output_path(db, args.output)  # before anything is made: the same check runs again on writing
    case = S.find_case(db, args.case_no)
    fields = _fields(args.field)
    issued_on = parse_day(args.date, "出具日期")
    if args.issue:
        return _issue_into(args, db, args.kind, lambda deliver: issuing.issue_new(
            db, case.id, args.kind, fields, issued_on=issued_on, deliver=deliver,
            expected_version=args.expect_version))
    if issued_on is not None:
        raise Refusal("--date 只用于出具（--issue）；草稿不编号、不注明出具日期。")
    (draft, missing), path = _written(db, args.output, lambda deliver: D.draft_new(
        db, case.id, args.kind, fields, deliver=deliver, expected_version=args.expect_version))
    return _draft_message(args, draft, missing, path)


def run_correct(args: argparse.Namespace, db: Any) -> int:
    check_output_path(db, args.output)
    old = D.find_document(db, args.number, args.kind)
    fields = _fields(args.field)
    issued_on = parse_day(args.date, "出具日期")
    if issued_on is not None and not args.issue:
        raise Refusal("--date 只用于出具（--issue）；更正稿不编号、不注明出具日期。")

    def correction(deliver: D.Deliver) -> tuple[D.DocumentView, list[str]]:
        return issuing.correct_new(db, old.id, fields, issue=args.issue, issued_on=issued_on, deliver=deliver,
                                   case_version=args.expect_version)

    if args.issue:
        return _issue_into(args, db, old.kind, lambda deliver: correction(deliver)[0])
    (draft, missing), path = _written(db, args.output, correction)
    return _draft_message(args, draft, missing, path, "更正稿")


def run_discard(args: argparse.Namespace, db: Any) -> int:
    draft = D.find_document(db, args.draft_id)
    if draft.status != "draft":
        raise DomainError(f"{draft.title} {draft.number} 已出具，不能删除；如需作废，请用 doc void 并写明理由。")
    D.discard_draft(db, draft.id, case_version=args.expect_version)
    emit(args, {**draft.to_json(), "status": "discarded"}, f"已删除{draft.title}草稿（未编号，不占用文号）。")
    return 0


def run_list(args: argparse.Namespace, db: Any) -> int:
    case = S.find_case(db, args.case_no)
    docs = D.list_documents(db, case.id)
    emit(args, {"case_no": case.case_no, "documents": [d.to_json() for d in docs]}, lambda: "\n".join(
        [f"{d.title}\t{d.number or f'（未编号，id {d.id}）'}\t{d.status_label}\t{d.issued_on or ''}" for d in docs]
        + [f"共 {len(docs)} 份"]))
    return 0


def run_reprint(args: argparse.Namespace, db: Any) -> int:
    doc = D.find_document(db, args.number, args.kind)
    path = write_file(db, args.output, D.reprint(db, str(doc.id)))
    emit(args, {**doc.to_json(), "file": str(path)}, f"已重印{doc.title} {doc.number}（SHA-256 {doc.sha256}）：{path}")
    return 0


def run_void(args: argparse.Namespace, db: Any) -> int:
    doc = issuing.void(db, D.find_document(db, args.number, args.kind).id, args.reason,
                       case_version=args.expect_version)
    emit(args, doc.to_json(), f"已作废{doc.title} {doc.number}；该文号不再使用。")
    return 0


def run_serve(args: argparse.Namespace, db: Any) -> int:
    doc = D.find_document(db, args.number, args.kind)
    record, message = add_service(db, doc.id, method=args.method, recipient=args.recipient,
                                  sent_on=parse_day(args.sent, "送达日期"),
                                  received_on=parse_day(args.received, "收到日期"), note=args.note,
                                  expected_version=args.expect_version)
    emit(args, {**record.to_json(), "procedure": message or None},
         f"已登记{doc.title} {doc.number} 的{record.method_label}：{record.recipient}。{message}")
    return 0


def run_batch(args: argparse.Namespace, db: Any) -> int:
    day = parse_day(args.date, "出具日期") or date.today()
    docs = B.issued_on(db, day)
    if not docs:
        raise DomainError(f"{day.isoformat()} 没有出具（未作废）的文书。")
    path = write_file(db, args.output, B.combine_pdfs(db, docs))
    pages = sum(d.pages for d in docs)
    emit(args, {"date": day.isoformat(), "file": str(path), "pages": pages,
                "documents": [d.to_json() for d in docs]}, lambda: "\n".join(
        [f"{d.title}\t{d.number}\t{d.case_no}\t{d.pages} 页" for d in docs]
        + [f"已合并 {day.isoformat()} 出具的 {len(docs)} 份文书（共 {pages} 页）：{path}"]))
    return 0


def run_publish(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.documents.publication import publish_decision

    if args.output:
        check_output_path(db, args.output)
    decision = D.find_document(db, args.number, "decision")
    public = publish_decision(db, decision.id, published_on=parse_day(args.date, "公开日期"),
                              case_version=args.expect_version)
    path = write_file(db, args.output, D.reprint(db, str(public.id))) if args.output else None
    emit(args, {**public.to_json(), "file": str(path) if path else None},
         f"已制作并登记公开{public.title} {public.number}（{public.pages} 页）" + (f"：{path}" if path else "。"))
    return 0


def run_authority(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.stations.registry import set_document_authority, station

    if args.office_name is None and args.court is None:
        info = station(db)
    else:
        info = set_document_authority(db, office_name=args.office_name, court=args.court)
    emit(args, {"station": info.code, "office_name": info.office_name, "court": info.court},
         f"文书署名机关：{info.office_name}\n告知起诉的人民法院：{info.court}")
    return 0


def run_platform(args: argparse.Namespace, db: Any) -> int:
    from adjudicator.documents.platforms import platforms, set_platform_operator

    if args.platform and args.operator is not None:
        set_platform_operator(db, args.platform, args.operator)
    elif args.platform or args.operator is not None:
        raise DomainError("添加或更正平台时请同时写平台名称和 --operator 经营者名称。")
    rows = platforms(db)
    emit(args, {"platforms": [{"platform": p.platform, "operator": p.operator} for p in rows]},
         lambda: "\n".join(f"{p.platform}\t{p.operator}" for p in rows))
    return 0


COMMANDS = (
    Group("doc", "文书：制作、出具、重印、作废、送达、批量打印", (
        Command("render", "制作文书 PDF（默认草稿；--issue 出具并编号）", run_render, "write", _render_arguments,
                description="制作文书 PDF。默认生成草稿（有“草稿”水印，不编号）；加 --issue 出具：取得文号、"
                            "存档并写出 PDF，任何一步失败都不编号、不留草稿。\n" + _fields_by_kind(),
                examples=('adjudicator doc render "呼新市监专裁字〔2026〕1号" filing-notice -o 立案通知书.pdf',
                          ('adjudicator doc render "呼新市监专裁字〔2026〕1号" decision -o 裁决书.pdf --issue '
                          '--field "facts=……" --field "reasoning=……"'))),
        Command("list", "列出案件的文书", run_list, "read",
                _case_no_argument,
                examples=('adjudicator doc list "呼新市监专裁字〔2026〕1号" --json',)),
        Command("reprint", "按文号原样重印已出具的文书（与出具时逐字节相同）", run_reprint, "read", _reprint_arguments,
                examples=('adjudicator doc reprint "呼新市监专立字〔2026〕1号" -o 副本.pdf',)),
        Command("void", "作废已出具的文书（文号不再使用）", run_void, "write", _void_arguments,
                examples=('adjudicator doc void "呼新市监专立字〔2026〕1号" --reason 当事人名称有误',)),
        Command("correct", "更正已出具的文书：以原文书为底稿改正填写项（默认更正稿；--issue 出具，原文书作废）",
                run_correct, "write", _correct_arguments,
                examples=(('adjudicator doc correct "呼新市监专立字〔2026〕1号" -o 更正.pdf --issue '
                           '--field "filed_on=2026-03-05"'),)),
        Command("discard", "删除未出具的草稿（草稿不占用文号）", run_discard, "write", _discard_arguments,
                examples=("adjudicator doc discard 6f1c2e1a-0b7d-4a53-9a52-3c1d2b8e9f10",)),
        Command("serve", "登记文书的送达", run_serve, "write", _serve_arguments,
                examples=(('adjudicator doc serve "呼新市监专立字〔2026〕1号" --method post --recipient 张小明 '
                          '--sent 2026-03-02 --received 2026-03-05'),)),
        Command("publish", "制作行政裁决书的公开版（隐去自然人的身份证号、住址、电话）并登记公开", run_publish, "write",
                _publish_arguments, examples=('adjudicator doc publish "呼新市监专裁字〔2026〕1号" -o 公开版.pdf',)),
        Command("authority", "文书署名机关与行政诉讼的人民法院（不带参数：显示当前设置）", run_authority, "write",
                _authority_arguments, examples=("adjudicator doc authority --court 呼和浩特市中级人民法院",)),
        Command("platform", "电商平台名录（不带参数：列出；--operator 添加或更正）", run_platform, "write",
                _platform_arguments, examples=("adjudicator doc platform 抖音电商 --operator 北京抖音信息服务有限公司",)),
        Command("batch", "批量打印：某日出具的全部文书合并为一个 PDF", run_batch, "read", _batch_arguments,
                examples=("adjudicator doc batch --date 2026-05-08 -o 当日文书.pdf",)),
    )),
)

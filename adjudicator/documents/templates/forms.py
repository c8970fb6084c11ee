"""Forms and agreements: 延长审理期限审批表 (internal), 调解协议书, 送达回证."""

from __future__ import annotations

from datetime import date

from adjudicator.calendar.periods import due_date
from adjudicator.cases.inputs import PARTY_ROLES

from ..layout import (
    Block,
    GridTable,
    KeyValueTable,
    NumberedList,
    Para,
    SignatureBlock,
    cn_numeral,
    format_cn_date,
)
from .common import (
    cn_date,
    correction_note,
    dispute_text,
    event_iso,
    head,
    needs_parties,
    needs_patent,
    party_paras,
    patent_cause,
)
from .context import DocumentContext, FieldSpec, PartyView, Template

_ROLE_ALIASES = {"requester": "requester", "请求人": "requester", "respondent": "respondent", "被请求人": "respondent"}


def _limit_text(ctx: DocumentContext, filed: date | None) -> str:
    """The current case limit: from the procedure (extensions, not-counted periods) when known."""
    limit = ctx.case_limit
    if limit is not None and limit.filed == filed:
        if limit.due is None:
            return "暂停计算（不计入期间尚未结束）"
        return format_cn_date(limit.due) + ("（暂定）" if limit.provisional else "")
    if filed is None:
        return ""
    due = due_date("case-limit", filed, ctx.calendar)
    return format_cn_date(due.due) + ("（暂定）" if due.provisional else "")


def extension_approval(ctx: DocumentContext) -> list[Block]:
    filed = ctx.day("filed_on")
    limit = _limit_text(ctx, filed)
    months = ctx.text("months") or "1"
    months_cn = cn_numeral(int(months)) if months.isdigit() and 0 < int(months) < 100 else months
    approver = ctx.text("approver")
    return [
        *head(ctx, "延长审理期限审批表"),
        GridTable([
            ["案号", ctx.case_no], ["案由", patent_cause(ctx)],
            ["请求人", ctx.names("requester")], ["被请求人", ctx.names("respondent")],
            ["立案日期", cn_date(filed)], ["审理期限届满日", f"{limit}（自立案之日起三个月，加已批准的延长，不含依法不计入的期间）"],
            ["申请延长期限", f"{months_cn}个月"], ["延长理由", ctx.text("reason")],
            ["承办人意见", f"{ctx.handler}\n拟延长审理期限{months_cn}个月，请审批。"],
            ["部门负责人审批意见", f"\n\n签名：{approver}　　　　　　年　　月　　日"],
        ], col_widths=(1, 3), align=("center", "left"), row_heights=(None,) * 7 + (30, 20, 30)),
        *correction_note(ctx, "审批表"),
    ]


def mediation_agreement(ctx: DocumentContext) -> list[Block]:
    copies = cn_numeral(len(ctx.parties) + 1)
    return [
        *head(ctx, "专利侵权纠纷调解协议书"), *party_paras(ctx, "requester"), *party_paras(ctx, "respondent"),
        Para(f"案由：{patent_cause(ctx)}"),
        Para(f"{dispute_text(ctx)}一案，经本局主持调解，双方当事人在自愿、合法的基础上达成如下协议："),
        NumberedList(ctx.lines("terms"), style="一、"),
        Para(f"本协议自双方当事人签名或者盖章并经本局盖章之日起生效。本协议一式{copies}份，当事人各执一份，本局存档"
             "一份。"),
        *correction_note(ctx, "调解协议书"),
        SignatureBlock(lines=["请求人（签名或盖章）：", "", "被请求人（签名或盖章）：", "",
                              f"调解人员：{'、'.join(ctx.panel)}"],
                       date=ctx.issue_date, seal_text=ctx.station.office_name),
    ]


def _recipient(ctx: DocumentContext) -> PartyView | None:
    role = _ROLE_ALIASES.get(ctx.text("recipient_role") or "respondent", "respondent")
    parties = ctx.role(role)
    return parties[0] if parties else None


def service_receipt(ctx: DocumentContext) -> list[Block]:
    party = _recipient(ctx)
    pages = ctx.text("pages")
    served = ctx.text("served_document") + (f"（共{pages}页）" if pages else "")
    method = ctx.text("method") or "□直接送达　□邮寄送达　□留置送达\n□电子送达　□公告送达"
    return [
        *head(ctx, "送达回证"),
        KeyValueTable([
            ("案号", ctx.case_no), ("送达文书名称及文号", served),
            ("受送达人", party.name if party else ""), ("送达地址", party.address if party else ""),
            ("送达方式", method), ("受送达人签名或盖章", "\n\n　　　　　　　　　年　　月　　日"),
            ("代收人及代收理由", ""), ("送达人", ""), ("见证人（留置送达时）", ""), ("备注", ctx.text("note")),
        ], label_width=0.3, min_row_height=12),
        Para("说明：受送达人应当在本回证上签名或者盖章，并注明收到日期；受送达人拒绝签收的，送达人应当注明情况。",
             indent=False),
        *correction_note(ctx, "送达回证"),
    ]


def _service_needs(ctx: DocumentContext) -> list[str]:
    role = _ROLE_ALIASES.get(ctx.text("recipient_role") or "respondent")
    if role is None:
        return ["受送达人（填写“请求人”或“被请求人”）"]
    party = _recipient(ctx)
    label = PARTY_ROLES[role]
    if party is None:
        return [f"{label}（在案件的当事人信息中填写）"]
    return [] if party.address else [f"{label}的送达地址（在案件的当事人信息中填写）"]


def _prefill_extension(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("extension_approved")
    d = event.details if event else {}
    return {"filed_on": event_iso(ctx, "filed"), "months": str(d.get("months", 1)),
            "reason": str(d.get("reason", "")), "approver": str(d.get("approver", ""))}


FORM_TEMPLATES = (
    Template("extension-approval", "延长审理期限审批表", extension_approval, (
        FieldSpec("filed_on", "立案日期", required=True, kind="date"),
        FieldSpec("months", "延长月数", required=True),
        FieldSpec("reason", "延长理由", required=True, multiline=True),
        FieldSpec("approver", "批准人")), _prefill_extension, lambda c: needs_parties(c, "requester", "respondent")),
    Template("mediation-agreement", "调解协议书", mediation_agreement, (
        FieldSpec("terms", "协议内容（每行一项）", required=True, multiline=True),),
        None, lambda c: needs_parties(c, "requester", "respondent") + needs_patent(c)),
    Template("service-receipt", "送达回证", service_receipt, (
        FieldSpec("recipient_role", "受送达人（请求人或被请求人）", required=True),
        FieldSpec("served_document", "送达文书名称及文号", required=True),
        FieldSpec("pages", "页数"), FieldSpec("method", "送达方式", hint="留空：打印勾选框"),
        FieldSpec("note", "备注")), lambda c: {"recipient_role": "被请求人"}, _service_needs),
)

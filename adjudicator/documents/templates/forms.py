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
    months_text,
    needs_parties,
    needs_patent,
    party_paras,
    patent_cause,
)
from .context import DocumentContext, FieldSpec, Template

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


#: Approval levels of an extension of the case limit (Measures Art. 37): the head up to one month, then the
#: next-higher department up to two months more.
_LEVELS = {"head": ("部门负责人", 1), "higher": ("上一级管理专利工作的部门", 2)}


def _level(ctx: DocumentContext) -> str:
    raw = ctx.text("level") or "head"
    return raw if raw in _LEVELS else {label: code for code, (label, _m) in _LEVELS.items()}.get(raw, "head")


def _months(ctx: DocumentContext) -> int | None:
    raw = ctx.text("months") or "1"
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100 else None


def extension_approval(ctx: DocumentContext) -> list[Block]:
    filed = ctx.day("filed_on")
    limit = _limit_text(ctx, filed)
    months = _months(ctx)
    months_cn = months_text(months) if months else ctx.text("months")
    level = _level(ctx)
    approver = ctx.text("approver")
    head_row = ["部门负责人审批意见", f"\n\n签名：{approver if level == 'head' else ''}　　　　　　年　　月　　日"]
    rows = [
        ["案号", ctx.case_no], ["案由", patent_cause(ctx)],
        ["请求人", ctx.names("requester")], ["被请求人", ctx.names("respondent")],
        ["立案日期", cn_date(filed)], ["审理期限届满日", f"{limit}（自立案之日起三个月，加已批准的延长，不含依法不计入的期间）"],
        ["申请延长期限", months_cn], ["延长理由", ctx.text("reason")],
        ["承办人意见", f"{ctx.handler}\n拟延长审理期限{months_cn}，请审批。"],
        head_row,
    ]
    heights: list[float | None] = [None] * 7 + [30, 20, 30]
    if level == "higher":  # a further extension: the head proposes, the next-higher department approves
        heights = [None] * 7 + [20, 16, 24]
        head_row[1] = "\n同意报请上一级管理专利工作的部门批准。\n签名：　　　　　　　　年　　月　　日"
        rows.append(["上一级部门审批意见", f"\n\n签名：{approver}　　　　　　年　　月　　日\n（盖章）"])
        heights.append(24)
    return [
        *head(ctx, "延长审理期限审批表"),
        GridTable(rows, col_widths=(1, 3), align=("center", "left"), row_heights=heights),
        *correction_note(ctx, "审批表"),
    ]


def _extension_needs(ctx: DocumentContext) -> list[str]:
    missing = needs_parties(ctx, "requester", "respondent")
    months = _months(ctx)
    label, most = _LEVELS[_level(ctx)]
    if months is None:
        missing.append("延长月数（填写数字）")
    elif months > most:
        missing.append(f"延长月数：{label}至多批准延长{months_text(most)}，填写为{months_text(months)}")
    return missing


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
        Para("本协议生效后，双方当事人可以自本协议生效之日起三十日内，依法共同向有管辖权的人民法院申请司法确认；"
             "经人民法院确认有效的，一方拒绝履行或者未全部履行的，对方当事人可以向人民法院申请强制执行。"),
        SignatureBlock(lines=[*(line for p in ctx.role("requester") for line in (
                                   f"请求人（签名或盖章）：{p.name}", "　　　　　　　　　年　　月　　日")),
                              *(line for p in ctx.role("respondent") for line in (
                                  f"被请求人（签名或盖章）：{p.name}", "　　　　　　　　　年　　月　　日")),
                              f"调解人员：{'、'.join(ctx.panel)}"],
                       date=ctx.issue_date, seal_text=ctx.station.office_name),
    ]


def _recipients(ctx: DocumentContext) -> list[tuple[str, str, str]]:
    """Everyone a document may be served on: (name, role label, address) of each party and agent."""
    out = []
    for party in ctx.parties:
        label = PARTY_ROLES.get(party.role, party.role)
        out.append((party.name, label, party.address))
        for agent in party.agents:
            if agent.get("name"):
                out.append((str(agent["name"]), f"{label}{party.name}的委托代理人",
                            str(agent.get("address") or party.address)))
    return out


def _recipient(ctx: DocumentContext) -> tuple[str, str, str] | None:
    wanted = ctx.text("recipient") or ctx.text("recipient_role")
    role = _ROLE_ALIASES.get(wanted)
    for entry in _recipients(ctx):
        if entry[0] == wanted:
            return entry
    if role is not None:  # 请求人 / 被请求人: the first of that role (drafts from before names were chosen)
        first = ctx.role(role)
        if first:
            return first[0].name, PARTY_ROLES[role], first[0].address
    return None


def _no_electronic(ctx: DocumentContext) -> bool:
    """Decisions and mediation agreements may not be served electronically (Measures Art. 10)."""
    served = ctx.text("served_document")
    return "裁决书" in served or "调解协议书" in served


def service_receipt(ctx: DocumentContext) -> list[Block]:
    found = _recipient(ctx)
    pages = ctx.text("pages")
    served = ctx.text("served_document") + (f"（共{pages}页）" if pages else "")
    boxes = "□直接送达　□邮寄送达　□留置送达\n" + ("□公告送达" if _no_electronic(ctx) else "□电子送达　□公告送达")
    method = ctx.text("method") or boxes
    name = f"{found[0]}（{found[1]}）" if found else ""
    return [
        *head(ctx, "送达回证"),
        KeyValueTable([
            ("案号", ctx.case_no), ("送达文书名称及文号", served),
            ("受送达人", name), ("送达地址", found[2] if found else ""),
            ("送达方式", method), ("受送达人签名或盖章", "\n\n　　　　　　　　　年　　月　　日"),
            ("代收人及代收理由", ""), ("送达人", ""), ("见证人（留置送达时）", ""), ("备注", ctx.text("note")),
        ], label_width=0.3, min_row_height=12),
        Para("说明：受送达人应当在本回证上签名或者盖章，并注明收到日期；受送达人拒绝签收的，送达人应当注明情况。",
             indent=False),
        *correction_note(ctx, "送达回证"),
    ]


def _service_needs(ctx: DocumentContext) -> list[str]:
    found = _recipient(ctx)
    if found is None:
        names = "、".join(name for name, _label, _address in _recipients(ctx))
        return [f"受送达人（当事人或者委托代理人的姓名或名称：{names}）"]
    missing = [] if found[2] else [f"{found[0]}的送达地址（在案件的当事人信息中填写）"]
    if _no_electronic(ctx) and "电子" in ctx.text("method"):
        missing.append("送达方式：行政裁决书、调解协议书不适用电子送达")
    return missing


def _prefill_extension(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("extension_approved")
    d = event.details if event else {}
    return {"filed_on": event_iso(ctx, "filed"), "months": str(d.get("months", 1)), "level": str(d.get("level", "head")),
            "reason": str(d.get("reason", "")), "approver": str(d.get("approver", ""))}


def _prefill_service(ctx: DocumentContext) -> dict[str, str]:
    respondents = ctx.role("respondent")
    return {"recipient": respondents[0].name if respondents else ""}


FORM_TEMPLATES = (
    Template("extension-approval", "延长审理期限审批表", extension_approval, (
        FieldSpec("filed_on", "立案日期", required=True, kind="date"),
        FieldSpec("months", "延长月数", required=True),
        FieldSpec("level", "批准层级", required=True, kind="choice",
                  choices=(("head", "部门负责人（至多一个月）"), ("higher", "上一级部门（再延长至多两个月）"))),
        FieldSpec("reason", "延长理由", required=True, multiline=True),
        FieldSpec("approver", "批准人")), _prefill_extension, _extension_needs, version="2"),
    Template("mediation-agreement", "调解协议书", mediation_agreement, (
        FieldSpec("terms", "协议内容（每行一项）", required=True, multiline=True),),
        None, lambda c: needs_parties(c, "requester", "respondent") + needs_patent(c)),
    Template("service-receipt", "送达回证", service_receipt, (
        FieldSpec("recipient", "受送达人", required=True, hint="当事人或者委托代理人的姓名或名称"),
        FieldSpec("served_document", "送达文书名称及文号", required=True),
        FieldSpec("pages", "页数"), FieldSpec("method", "送达方式", hint="留空：打印勾选框"),
        FieldSpec("note", "备注")), _prefill_service, _service_needs, version="2"),
)

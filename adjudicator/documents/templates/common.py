"""Pieces shared by the document templates: heads, party blocks, the case cause, signature and contact."""

from __future__ import annotations

import re
from datetime import date

from adjudicator.calendar.periods import due_date, get_rule
from adjudicator.cases.inputs import PARTY_ROLES

from ..layout import Block, DocNumber, Para, SignatureBlock, Title, cn_numeral, format_cn_date
from .context import DocumentContext


def head(ctx: DocumentContext, title: str) -> list[Block]:
    """Office name and document name as the title, then the number (blank on a draft)."""
    return [Title(ctx.station.office_name, title), DocNumber(ctx.number_text, align="right")]


def cn_date(day: date | None) -> str:
    return format_cn_date(day) if day else "　　年　　月　　日"


def days_text(rule_id: str) -> str:
    """A period's length in words as the rules define it, e.g. 十五日 (answer) or 三十日 (answer-abroad)."""
    return f"{cn_numeral(get_rule(rule_id).amount)}日"


def due_text(ctx: DocumentContext, rule_id: str, start: date | None) -> str:
    """"（即2026年3月17日以前）" when the start is known, else "" ("以前": "前" after a date is ambiguous)."""
    if start is None:
        return ""
    due = due_date(rule_id, start, ctx.calendar)
    if due.provisional:  # counted through a year whose holiday schedule is not yet announced
        return f"（即{format_cn_date(due.due)}以前，暂定）"
    return f"（即{format_cn_date(due.due)}以前）"


def patent_cause(ctx: DocumentContext) -> str:
    """“一种便携式手机支架”（专利号：ZL201620161392.4）专利侵权纠纷 (GB/T 15834 quotation marks)."""
    p = ctx.patent
    if p is None:
        return "专利侵权纠纷"
    title = f"“{p.title}”" if p.title else ""
    return f"{title}（专利号：{p.number}）专利侵权纠纷"


def dispute_text(ctx: DocumentContext) -> str:
    """请求人甲与被请求人乙“…”（专利号：…）专利侵权纠纷."""
    return f"请求人{ctx.names('requester')}与被请求人{ctx.names('respondent')}{patent_cause(ctx)}"


def party_paras(ctx: DocumentContext, role: str) -> list[Block]:
    """The party blocks of a decision: name, address, identity number, legal representative, agents."""
    out: list[Block] = []
    label = PARTY_ROLES.get(role, role)
    for p in ctx.role(role):
        if p.party_type == "person":
            parts = [f"{label}：{p.name}"]
            if p.address:
                parts.append(f"住址：{p.address}")
            if p.id_number:
                parts.append(f"公民身份号码：{p.id_number}")
        else:
            parts = [f"{label}：{p.name}"]
            if p.address:
                parts.append(f"住所地：{p.address}")
            if p.id_number:
                parts.append(f"统一社会信用代码：{p.id_number}")
        out.append(Para("，".join(parts) + "。"))
        if p.legal_rep:
            title = f"，{p.legal_rep_title}" if p.legal_rep_title else ""
            out.append(Para(f"法定代表人：{p.legal_rep}{title}。"))
        for agent in p.agents:
            firm = f"，{agent.get('firm')}" if agent.get("firm") else ""
            out.append(Para(f"委托代理人：{agent.get('name', '')}{firm}。"))
    return out


def addressee(ctx: DocumentContext, default_role: str) -> Para:
    """The salutation line ("张小明：") naming whom the notice is for."""
    name = ctx.text("addressee") or ctx.names(default_role) or "　　　　"
    return Para(f"{name}：", indent=False)


def contact(ctx: DocumentContext) -> list[Block]:
    """The note under the date (GB/T 9704 附注): contact person, telephone and address, in parentheses."""
    st = ctx.station
    parts = [f"联系人：{ctx.text('contact') or ctx.handler}"]
    if st.phone:
        parts.append(f"联系电话：{st.phone}")
    if st.address:
        parts.append(f"地址：{st.address}")
    return [Para("（" + "；".join(parts) + "）", keep_with_previous=True)]


def signature(ctx: DocumentContext, lines: list[str] | None = None, after: list[str] | None = None) -> SignatureBlock:
    """The authority, its seal and the date (date of issue; the day the draft is looked at for a draft)."""
    return SignatureBlock(lines=lines or [], date=ctx.issue_date, seal_text=ctx.station.office_name,
                          after=after or [])


def correction_note(ctx: DocumentContext, title: str) -> list[Block]:
    if not ctx.corrects_number:
        return []
    return [Para(f"本{title}系对{ctx.corrects_number}{title}的更正，原{title}自本{title}送达之日起作废。")]


def needs_parties(ctx: DocumentContext, *roles: str) -> list[str]:
    missing = []
    for role in roles:
        if not ctx.role(role):
            missing.append(f"{PARTY_ROLES[role]}（在案件的当事人信息中填写）")
    return missing


def needs_patent(ctx: DocumentContext) -> list[str]:
    if ctx.patent is None:
        return ["涉案专利（在案件信息中填写专利号和名称）"]
    if not ctx.patent.title:
        return ["涉案专利的名称（在案件信息中填写）"]
    return []


def needs_panel(ctx: DocumentContext) -> list[str]:
    """A panel, or — where the station allows a sole handler — at least the handler."""
    if ctx.panel:
        return []
    if ctx.sole_handler:
        return [] if ctx.handler else ["承办人（在案件信息中填写）"]
    return ["合议组成员（在案件信息中填写）"]


def sole_hearing(ctx: DocumentContext) -> bool:
    """The handler hears the case alone: no panel named and the station allows it."""
    return not ctx.panel and ctx.sole_handler


def event_iso(ctx: DocumentContext, kind: str) -> str:
    day = ctx.event_day(kind)
    return day.isoformat() if day else ""


def panel_sentence(ctx: DocumentContext) -> str:
    """Who hears the case and the right to ask for recusal, which runs from learning the panel list."""
    panel = list(ctx.panel)
    leader = f"，{panel[0]}为组长" if panel else ""
    handler = f"，{ctx.handler}为承办人" if ctx.handler else ""
    return (f"本案由{'、'.join(panel)}组成合议组审理{leader}{handler}。当事人认为合议组成员与本案有利害关系或者其他"
            "关系可能影响公正审理的，可以自知道合议组成员名单之日起三个工作日内书面申请回避，并说明理由。")


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})?\s*分?\s*$")


def clock_text(raw: str) -> str:
    """A time as documents write it: 09:30 -> 上午9时30分, 14:00 -> 下午2时; words are kept as written."""
    match = _CLOCK.match(raw)
    if not match:
        return raw.strip()
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return raw.strip()
    half = "上午" if hour < 12 else "下午"
    shown = hour if hour <= 12 else hour - 12
    return f"{half}{shown}时" + (f"{minute}分" if minute else "")


def months_text(months: int) -> str:
    """一个月, 两个月 (never 二个月), 三个月."""
    return "两个月" if months == 2 else f"{cn_numeral(months)}个月"

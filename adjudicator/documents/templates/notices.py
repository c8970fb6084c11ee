"""Notices (通知书) and the withdrawal decision: one builder per kind, with its fields and needs."""

from __future__ import annotations

from adjudicator.procedure.kinds import SUSPENSION_GROUNDS, WITHDRAWAL_GROUNDS

from ..layout import Block, KeyValueTable, NumberedList, PageBreak, Para, Spacer, Title, cn_numeral
from .common import (
    addressee,
    cn_date,
    contact,
    correction_note,
    days_text,
    dispute_text,
    due_text,
    event_iso,
    head,
    needs_panel,
    needs_parties,
    needs_patent,
    patent_cause,
    signature,
)
from .context import DocumentContext, FieldSpec, Template
from .law import MEASURES

_ADDRESSEE = FieldSpec("addressee", "受文人", hint="留空：按文书种类默认为请求人或被请求人")


def _both(ctx: DocumentContext) -> list[str]:
    return needs_parties(ctx, "requester", "respondent") + needs_patent(ctx)


def filing_notice(ctx: DocumentContext) -> list[Block]:
    filed = ctx.day("filed_on")
    panel = "、".join(ctx.panel)
    return [
        *head(ctx, "立案通知书"), addressee(ctx, "requester"),
        Para(f"你（单位）于{cn_date(ctx.received_on)}提出的{dispute_text(ctx)}处理请求，经审查，符合{MEASURES}"
             f"规定的受理条件，本局已于{cn_date(filed)}立案。案号：{ctx.case_no}。"),
        Para(f"本案由{panel}组成合议组审理，{ctx.handler}为承办人。当事人认为合议组成员与本案有利害关系或者其他"
             "关系可能影响公正审理的，可以自知道合议组成员名单之日起三个工作日内书面申请回避，并说明理由。"),
        Para("本案审理期间，请你（单位）按时参加本局组织的口头审理等活动，如实陈述案件事实，提供相关证据。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def refusal_notice(ctx: DocumentContext) -> list[Block]:
    office = ctx.station.office_name
    reviewer = ctx.text("review_body") or office.replace("市场监督管理局", "人民政府")
    return [
        *head(ctx, "不予受理通知书"), addressee(ctx, "requester"),
        Para(f"你（单位）于{cn_date(ctx.received_on)}提出的{dispute_text(ctx)}处理请求，经审查，"
             f"{ctx.text('ground').rstrip('。')}，不符合{MEASURES}第十二条规定的受理条件。依照{MEASURES}"
             "第二十条之规定，本局决定不予受理。"),
        Para(f"如不服本决定，可以自收到本通知书之日起六十日内向{reviewer}申请行政复议，或者自收到本通知书之日起"
             f"六个月内依照《中华人民共和国行政诉讼法》向{ctx.station.court}提起行政诉讼。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def correction_notice(ctx: DocumentContext) -> list[Block]:
    days = ctx.text("limit_days") or "15"
    limit = cn_numeral(int(days)) if days.isdigit() and 0 < int(days) < 1000 else days
    return [
        *head(ctx, "补正通知书"), addressee(ctx, "requester"),
        Para(f"你（单位）于{cn_date(ctx.received_on)}提出的{dispute_text(ctx)}处理请求，经审查，请求材料存在下列"
             f"问题，依照{MEASURES}第十六条之规定，请予补正："),
        NumberedList(ctx.lines("defects"), style="一、"),
        Para(f"请自收到本通知书之日起{limit}日内一次性补正，并提交补正后的材料一式两份。期满未补正或者补正后仍不符合"
             "规定的，视为未提出请求。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def answer_notice(ctx: DocumentContext) -> list[Block]:
    abroad = any(p.abroad for p in ctx.role("respondent"))
    rule = "answer-abroad" if abroad else "answer"
    served = ctx.events.get("request_served")
    due = due_text(ctx, rule, served.received_on if served and served.received_on else None)
    where = "（你（单位）在中国境内没有住所）" if abroad else ""
    return [
        *head(ctx, "答辩通知书"), addressee(ctx, "respondent"),
        Para(f"{dispute_text(ctx)}一案，本局已于{cn_date(ctx.day('filed_on'))}立案。现将请求书副本及有关证据材料"
             f"送达你（单位）。依照{MEASURES}第二十二条之规定，请你（单位）自收到本通知书之日起{days_text(rule)}内"
             f"{where}{due}提交答辩书一式两份及有关证据材料。"),
        Para("答辩书应当写明被答辩人的名称、答辩的事实和理由，并由答辩人签名或者盖章；委托代理人的，应当同时提交"
             "授权委托书。对本局管辖有异议的，应当在答辩期间内书面提出。"),
        Para("逾期不提交答辩书的，不影响本局对案件的审理。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def evidence_notice(ctx: DocumentContext) -> list[Block]:
    notice = ctx.events.get("evidence_notice")
    due = due_text(ctx, "evidence", notice.received_on if notice and notice.received_on else None)
    items = ctx.lines("requirements")
    blocks: list[Block] = [
        *head(ctx, "举证通知书"), addressee(ctx, "requester"),
        Para(f"{dispute_text(ctx)}一案（案号：{ctx.case_no}），依照{MEASURES}第五十四条之规定，现将举证事项通知"
             "如下："),
        Para(f"一、请你（单位）自收到本通知书之日起{days_text('evidence')}内{due}向本局提交证据。当事人对自己提出的"
             "主张，有责任提供证据。"),
        Para("二、提交证据应当分类编号，写明证据名称、来源和证明对象，签名或者盖章，注明提交日期，并依照对方当事人"
             "人数提交副本。提交外文证据的，应当附有中文译本。"),
        Para("三、当事人因客观原因不能在举证期限内提交证据的，可以在期限届满前书面申请延长举证期限。逾期提交证据"
             "且无正当理由的，由其承担相应的不利后果。"),
    ]
    if items:
        blocks += [Para("四、请重点提交下列证据：", indent=True), NumberedList(items, style="（一）")]
    return blocks + [*correction_note(ctx, "通知书"), signature(ctx), *contact(ctx)]


_HEARING_DUTIES = (
    ("当事人可以委托一至二人作为代理人参加口头审理；委托代理人的，应当在口头审理前提交授权委托书，写明委托事项和"
    "权限。"),
    ("当事人应当按时到达，并携带本通知书、身份证明及证据原件；法人或者其他组织应当由法定代表人、主要负责人或者"
    "委托代理人参加。"),
    "当事人认为合议组成员与本案有利害关系或者其他关系可能影响公正审理的，有权申请回避，并说明理由。",
    ("请求人无正当理由拒不参加口头审理或者未经许可中途退出的，其请求视为撤回；被请求人无正当理由拒不参加或者未经"
    "许可中途退出的，本局可以缺席审理。"),
    "当事人应当遵守审理纪律，如实陈述案件事实，并就对方的证据发表质证意见。",
)


def hearing_notice(ctx: DocumentContext) -> list[Block]:
    when = f"{cn_date(ctx.day('hearing_on'))}{ctx.text('hearing_time')}"
    place = ctx.text("place")
    online = "在线" in place or "://" in place
    where = f"通过{place}在线" if online else f"在{place}"
    return [
        *head(ctx, "口头审理通知书"), addressee(ctx, "requester"),
        Para(f"{dispute_text(ctx)}一案（案号：{ctx.case_no}），依照{MEASURES}第二十六条之规定，本局定于{when}"
             f"{where}进行口头审理。合议组由{'、'.join(ctx.panel)}组成，{ctx.panel[0] if ctx.panel else ''}"
             "为组长。"),
        Para("请注意下列事项：", indent=True),
        NumberedList(list(_HEARING_DUTIES), style="一、"),
        Para("请于口头审理三个工作日前将回执寄回或者送交本局。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
        PageBreak(), Title("口头审理通知书回执"), Spacer(),
        KeyValueTable([
            ("案号", ctx.case_no), ("口头审理时间", when), ("口头审理地点", place),
            ("当事人", ""), ("是否参加", "□ 参加　　□ 不参加（理由：　　　　　　）"),
            ("出席人员姓名及身份", ""), ("联系电话", ""), ("签名（盖章）", ""), ("日期", "　　年　　月　　日"),
        ], label_width=0.3, min_row_height=14),
    ]


def _choice_label(choices: tuple[tuple[str, str], ...], code: object) -> str:
    return dict(choices).get(str(code), str(code or ""))


def suspension_notice(ctx: DocumentContext) -> list[Block]:
    return [
        *head(ctx, "中止处理通知书"), addressee(ctx, "requester"),
        Para(f"{dispute_text(ctx)}一案（案号：{ctx.case_no}），因{ctx.text('ground').rstrip('。')}，依照{MEASURES}"
             f"第二十八条之规定，本局决定自{cn_date(ctx.day('suspended_on'))}起中止处理。"),
        Para("中止处理的原因消除后，本局将恢复处理，并另行通知。中止处理期间不计入案件处理期限。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def resumption_notice(ctx: DocumentContext) -> list[Block]:
    return [
        *head(ctx, "恢复处理通知书"), addressee(ctx, "requester"),
        Para(f"{dispute_text(ctx)}一案（案号：{ctx.case_no}），本局于{cn_date(ctx.day('suspended_on'))}决定中止"
             f"处理。现中止处理的原因已经消除，依照{MEASURES}第二十八条之规定，本局决定自"
             f"{cn_date(ctx.day('resumed_on'))}起恢复处理。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def withdrawal_decision(ctx: DocumentContext) -> list[Block]:
    from .common import party_paras

    return [
        *head(ctx, "撤销案件决定书"), *party_paras(ctx, "requester"), *party_paras(ctx, "respondent"),
        Para(f"请求人{ctx.names('requester')}与被请求人{ctx.names('respondent')}{patent_cause(ctx)}一案，本局于"
             f"{cn_date(ctx.day('filed_on'))}立案。{ctx.text('ground').rstrip('。')}。"),
        Para(f"依照{MEASURES}第三十六条之规定，本局决定：撤销{ctx.case_no}案件。"),
        *correction_note(ctx, "决定书"), signature(ctx),
    ]


def _prefill_filed(ctx: DocumentContext) -> dict[str, str]:
    return {"filed_on": event_iso(ctx, "filed")}


def _prefill_refusal(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("refused")
    return {"ground": str(event.details.get("ground", "")) if event else ""}


def _prefill_correction(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("corrections_requested")
    details = event.details if event else {}
    return {"defects": str(details.get("defects", "")), "limit_days": str(details.get("limit_days", 15))}


def _prefill_hearing(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("hearing_scheduled")
    d = event.details if event else {}
    return {"hearing_on": str(d.get("hearing_on", "")), "hearing_time": str(d.get("time", "")),
            "place": str(d.get("place", "") or ("在线审理" if d.get("online") else ""))}


def _prefill_suspension(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("suspended")
    ground = _choice_label(SUSPENSION_GROUNDS, event.details.get("ground")) if event else ""
    return {"ground": ground, "suspended_on": event_iso(ctx, "suspended")}


def _prefill_resumption(ctx: DocumentContext) -> dict[str, str]:
    return {"suspended_on": event_iso(ctx, "suspended"), "resumed_on": event_iso(ctx, "resumed")}


def _prefill_withdrawal(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("withdrawn")
    ground = _choice_label(WITHDRAWAL_GROUNDS, event.details.get("ground")) if event else ""
    return {"ground": ground, "filed_on": event_iso(ctx, "filed")}


_FILED = FieldSpec("filed_on", "立案日期", required=True, kind="date")

NOTICE_TEMPLATES = (
    Template("filing-notice", "立案通知书", filing_notice, (_ADDRESSEE, _FILED), _prefill_filed,
             lambda c: _both(c) + needs_panel(c)),
    Template("refusal-notice", "不予受理通知书", refusal_notice, (
        _ADDRESSEE, FieldSpec("ground", "不予受理的理由", required=True, multiline=True),
        FieldSpec("review_body", "行政复议机关", hint="留空：本级人民政府")), _prefill_refusal,
        lambda c: needs_parties(c, "requester") + ([] if c.station.court else ["受理行政诉讼的人民法院（裁决所设置）"])),
    Template("correction-notice", "补正通知书", correction_notice, (
        _ADDRESSEE, FieldSpec("defects", "需补正的事项", required=True, multiline=True, hint="每行一项"),
        FieldSpec("limit_days", "补正期限（日）", required=True)), _prefill_correction,
        lambda c: needs_parties(c, "requester")),
    Template("answer-notice", "答辩通知书", answer_notice, (_ADDRESSEE, _FILED), _prefill_filed, _both),
    Template("evidence-notice", "举证通知书", evidence_notice, (
        _ADDRESSEE, FieldSpec("requirements", "需重点提交的证据", multiline=True, hint="每行一项，可不填")),
        None, _both),
    Template("hearing-notice", "口头审理通知书", hearing_notice, (
        _ADDRESSEE, FieldSpec("hearing_on", "口头审理日期", required=True, kind="date"),
        FieldSpec("hearing_time", "口头审理时间", required=True, hint="如：上午9时30分"),
        FieldSpec("place", "口头审理地点或在线审理方式", required=True)), _prefill_hearing,
        lambda c: _both(c) + needs_panel(c)),
    Template("suspension-notice", "中止处理通知书", suspension_notice, (
        _ADDRESSEE, FieldSpec("ground", "中止理由", required=True, multiline=True),
        FieldSpec("suspended_on", "中止处理日期", required=True, kind="date")), _prefill_suspension, _both),
    Template("resumption-notice", "恢复处理通知书", resumption_notice, (
        _ADDRESSEE, FieldSpec("suspended_on", "中止处理日期", required=True, kind="date"),
        FieldSpec("resumed_on", "恢复处理日期", required=True, kind="date")), _prefill_resumption, _both),
    Template("withdrawal-decision", "撤销案件决定书", withdrawal_decision, (
        FieldSpec("ground", "撤销理由", required=True, multiline=True), _FILED), _prefill_withdrawal, _both),
)

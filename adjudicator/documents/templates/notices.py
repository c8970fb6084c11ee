"""Notices (通知书) and the withdrawal decision: one builder per kind, with its fields and needs."""

from __future__ import annotations

from adjudicator.procedure.kinds import SUSPENSION_GROUNDS, WITHDRAWAL_GROUNDS

from ..layout import Block, KeyValueTable, NumberedList, PageBreak, Para, Spacer, Title, cn_numeral
from .common import (
    addressee,
    clock_text,
    cn_date,
    contact,
    correction_note,
    days_text,
    dispute_text,
    due_text,
    event_iso,
    head,
    needs_panel,
    sole_hearing,
    needs_parties,
    needs_patent,
    panel_sentence,
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
    return [
        *head(ctx, "立案通知书"), addressee(ctx, "requester"),
        Para(f"你（单位）于{cn_date(ctx.received_on)}提出的{dispute_text(ctx)}处理请求，经审查，符合{MEASURES}"
             f"规定的受理条件，本局已于{cn_date(filed)}立案。案号：{ctx.case_no}。"),
        Para(f"本案由承办人{ctx.handler}独任审理。当事人认为承办人与本案有利害关系或者其他关系可能影响公正审理的，"
             "可以自知道承办人姓名之日起三个工作日内书面申请回避，并说明理由。") if sole_hearing(ctx) else
        Para(panel_sentence(ctx)),
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
        Para(panel_sentence(ctx)),
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


_COMMON_DUTIES = (
    ("当事人可以委托一至二人作为代理人参加口头审理；委托代理人的，应当在口头审理前提交授权委托书，写明委托事项和"
     "权限。"),
    "当事人认为合议组成员与本案有利害关系或者其他关系可能影响公正审理的，有权申请回避，并说明理由。",
    ("请求人无正当理由拒不参加口头审理或者未经许可中途退出的，其请求视为撤回；被请求人无正当理由拒不参加或者未经"
     "许可中途退出的，本局可以缺席审理。"),
    "当事人应当遵守审理纪律，如实陈述案件事实，并就对方的证据发表质证意见。",
)
_IN_PERSON_DUTY = ("当事人应当按时到达，并携带本通知书、身份证明及证据原件；法人或者其他组织应当由法定代表人、主要负责人"
                   "或者委托代理人参加。")
_ONLINE_DUTIES = (
    ("当事人应当于口头审理开始十五分钟以前登录在线会议室，使用真实姓名或者名称入会，并在镜头前出示身份证明；证据原件"
     "应当于口头审理前提交本局核对，或者在口头审理时通过视频展示。"),
    ("当事人应当选择安静、无干扰、光线适宜的场所参加，保证网络、摄像头和麦克风正常；因网络或者设备原因不能正常参加"
     "的，应当立即联系本局。"),
    "未经本局许可，任何人不得录音、录像、截图或者传播口头审理的音视频。",
)


def _online(ctx: DocumentContext) -> bool:
    return ctx.text("mode") == "online"


def _hearing_where(ctx: DocumentContext) -> str:
    """在本局第一审理室 / 通过腾讯会议在线（会议号：…；入会链接：…）."""
    if not _online(ctx):
        return f"在{ctx.text('place')}"
    details = [f"会议号：{ctx.text('meeting_no')}"] if ctx.text("meeting_no") else []
    if ctx.text("link"):
        details.append(f"入会链接：{ctx.text('link')}")
    return f"通过{ctx.text('platform')}在线（{'；'.join(details)}）" if details else f"通过{ctx.text('platform')}在线"


def hearing_notice(ctx: DocumentContext) -> list[Block]:
    when = f"{cn_date(ctx.day('hearing_on'))}{clock_text(ctx.text('hearing_time'))}"
    where = _hearing_where(ctx)
    duties = [*_COMMON_DUTIES[:1], *(_ONLINE_DUTIES if _online(ctx) else (_IN_PERSON_DUTY,)), *_COMMON_DUTIES[1:]]
    way = "在线审理（" + ctx.text("platform") + "）" if _online(ctx) else ctx.text("place")
    return [
        *head(ctx, "口头审理通知书"), addressee(ctx, "requester"),
        Para(f"{dispute_text(ctx)}一案（案号：{ctx.case_no}），依照{MEASURES}第二十六条之规定，本局定于{when}"
             f"{where}进行口头审理。" + (f"本案由承办人{ctx.handler}独任审理。" if sole_hearing(ctx) else
                                     f"合议组由{'、'.join(ctx.panel)}组成，{ctx.panel[0] if ctx.panel else ''}为组长。")),
        Para("请注意下列事项：", indent=True, keep_with_next=True),
        NumberedList(duties, style="一、"),
        Para("请于口头审理日以前将回执寄回或者送交本局。"),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
        PageBreak(), Title("口头审理通知书回执"), Spacer(),
        KeyValueTable([
            ("案号", ctx.case_no), ("口头审理时间", when), ("口头审理方式及地点", way),
            ("当事人", ""), ("是否参加", "□ 参加　　□ 不参加（理由：　　　　　　）"),
            ("出席人员姓名及身份", ""), ("联系电话", ""), ("签名（盖章）", ""), ("日期", "　　年　　月　　日"),
        ], label_width=0.3, min_row_height=14),
    ]


def _hearing_needs(ctx: DocumentContext) -> list[str]:
    missing = _both(ctx) + needs_panel(ctx)
    if _online(ctx):
        missing += [label for key, label in (("platform", "在线审理平台（如：腾讯会议）"), ("meeting_no", "会议号"))
                    if not ctx.text(key)]
    elif not ctx.text("place"):
        missing.append("口头审理地点")
    return missing


def _choice_label(choices: tuple[tuple[str, str], ...], code: object) -> str:
    return dict(choices).get(str(code), str(code or ""))


def _invalidation(ctx: DocumentContext) -> bool:
    return "无效" in ctx.text("ground")


def _suspension_ground(ctx: DocumentContext) -> str:
    if not _invalidation(ctx):
        return ctx.text("ground").rstrip("。")
    number = f"（案件编号：{ctx.text('invalidation_no')}）" if ctx.text("invalidation_no") else ""
    return (f"涉案{ctx.patent.kind_label if ctx.patent else ''}专利权已被请求宣告无效，国家知识产权局已于"
            f"{cn_date(ctx.day('invalidation_accepted_on'))}受理该无效宣告请求{number}")


def _suspension_needs(ctx: DocumentContext) -> list[str]:
    missing = _both(ctx)
    if _invalidation(ctx):
        if ctx.patent is not None and ctx.patent.kind not in ("utility_model", "design"):
            missing.append("中止理由：涉案专利为发明专利，不能以其被请求宣告无效为由中止处理（仅适用于实用新型和外观设计"
                           "专利）")
        if not ctx.text("invalidation_accepted_on"):
            missing.append("国家知识产权局受理无效宣告请求的日期")
    return missing


def suspension_notice(ctx: DocumentContext) -> list[Block]:
    return [
        *head(ctx, "中止处理通知书"), addressee(ctx, "requester"),
        Para(f"{dispute_text(ctx)}一案（案号：{ctx.case_no}），因{_suspension_ground(ctx)}，依照{MEASURES}"
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


#: Withdrawal grounds (Measures Art. 36) as the decision states them; ``{detail}`` is the clerk's specifics.
_WITHDRAWAL_TEXT = {
    "requester_withdrew": "请求人{requester}向本局提出撤回处理请求的申请，本局予以准许。",
    "deemed_withdrawn": "请求人{requester}经本局书面通知，无正当理由拒不参加口头审理，其处理请求视为撤回。",
    "not_eligible": "经审查，本案不符合受理条件：{detail}。",
    "no_successor": "{detail}，没有权利义务承受人，本案无法继续处理。",
    "other": "{detail}。",
}
#: Grounds against the requester's will: the decision tells the requester how to challenge it.
_AGAINST_REQUESTER = ("deemed_withdrawn", "not_eligible", "no_successor", "other")
_WITHDRAWAL_CHOICES = tuple((code, label) for code, label in WITHDRAWAL_GROUNDS if code in _WITHDRAWAL_TEXT)


def _withdrawal_code(ctx: DocumentContext) -> str:
    raw = ctx.text("ground")
    return raw if raw in _WITHDRAWAL_TEXT else {label: code for code, label in WITHDRAWAL_GROUNDS}.get(raw, "")


def withdrawal_decision(ctx: DocumentContext) -> list[Block]:
    from .common import party_paras

    code = _withdrawal_code(ctx)
    ground = _WITHDRAWAL_TEXT.get(code, "{detail}。").format(requester=ctx.names("requester"),
                                                              detail=ctx.text("detail").rstrip("。"))
    blocks: list[Block] = [
        *head(ctx, "撤销案件决定书"), *party_paras(ctx, "requester"), *party_paras(ctx, "respondent"),
        Para(f"请求人{ctx.names('requester')}与被请求人{ctx.names('respondent')}{patent_cause(ctx)}一案，本局于"
             f"{cn_date(ctx.day('filed_on'))}立案。{ground}"),
        Para(f"依照{MEASURES}第三十六条之规定，本局决定：撤销{ctx.case_no}案件。"),
    ]
    if code in _AGAINST_REQUESTER:
        blocks.append(Para(f"请求人不服本决定的，可以自收到本决定书之日起六十日内向{_review_body(ctx)}申请行政复议，或者"
                           f"自收到本决定书之日起六个月内依照《中华人民共和国行政诉讼法》向{ctx.station.court}提起行政诉讼。"))
    return blocks + [*correction_note(ctx, "决定书"), signature(ctx)]


def _review_body(ctx: DocumentContext) -> str:
    return ctx.text("review_body") or ctx.station.office_name.replace("市场监督管理局", "人民政府")


def _withdrawal_needs(ctx: DocumentContext) -> list[str]:
    missing = _both(ctx)
    code = _withdrawal_code(ctx)
    if not code:
        missing.append("撤销理由（" + "、".join(label for _, label in _WITHDRAWAL_CHOICES) + "）")
    elif "{detail}" in _WITHDRAWAL_TEXT[code] and not ctx.text("detail"):
        missing.append("撤销理由的具体情况（写成完整的句子，如：被请求人某某公司已于2026年4月1日注销）")
    if code == "deemed_withdrawn" and not _hearing_to_attend(ctx):
        missing.append("请求人应参加的口头审理（记录中没有确定口头审理，或者已取消；不能以拒不参加口头审理为由撤销，"
                       "请改选撤销理由）")
    return missing


def _hearing_to_attend(ctx: DocumentContext) -> bool:
    """Whether the record holds a hearing the requester was called to: the last one fixed, and not cancelled since."""
    fixed = ctx.all_of("hearing_scheduled")
    cancelled = ctx.all_of("hearing_cancelled")
    if not fixed:
        return False
    last = fixed[-1]
    return not any((c.date, c.sequence) >= (last.date, last.sequence) for c in cancelled)


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
    online = bool(d.get("online"))
    place = str(d.get("place", ""))
    return {"hearing_on": str(d.get("hearing_on", "")), "hearing_time": clock_text(str(d.get("time", ""))),
            "mode": "online" if online else "in_person", "place": "" if online else place,
            "platform": place if online else ""}


def _prefill_suspension(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("suspended")
    ground = _choice_label(SUSPENSION_GROUNDS, event.details.get("ground")) if event else ""
    return {"ground": ground, "suspended_on": event_iso(ctx, "suspended")}


def _prefill_resumption(ctx: DocumentContext) -> dict[str, str]:
    return {"suspended_on": event_iso(ctx, "suspended"), "resumed_on": event_iso(ctx, "resumed")}


def _prefill_withdrawal(ctx: DocumentContext) -> dict[str, str]:
    event = ctx.events.get("withdrawn")
    code = str(event.details.get("ground") or "") if event else ""
    return {"ground": code if code in _WITHDRAWAL_TEXT else "", "filed_on": event_iso(ctx, "filed")}


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
    Template("answer-notice", "答辩通知书", answer_notice, (_ADDRESSEE, _FILED), _prefill_filed,
             lambda c: _both(c) + needs_panel(c), version="2"),
    Template("evidence-notice", "举证通知书", evidence_notice, (
        _ADDRESSEE, FieldSpec("requirements", "需重点提交的证据", multiline=True, hint="每行一项，可不填")),
        None, _both),
    Template("hearing-notice", "口头审理通知书", hearing_notice, (
        _ADDRESSEE, FieldSpec("hearing_on", "口头审理日期", required=True, kind="date"),
        FieldSpec("hearing_time", "口头审理时间", required=True, hint="如：上午9时30分（09:30 会写成上午9时30分）"),
        FieldSpec("mode", "审理方式", required=True, kind="choice",
                  choices=(("in_person", "现场审理"), ("online", "在线审理"))),
        FieldSpec("place", "口头审理地点", hint="现场审理填写"),
        FieldSpec("platform", "在线审理平台", hint="在线审理填写，如：腾讯会议"),
        FieldSpec("meeting_no", "会议号", hint="在线审理填写"),
        FieldSpec("link", "入会链接", hint="在线审理可填写")), _prefill_hearing, _hearing_needs, version="2"),
    Template("suspension-notice", "中止处理通知书", suspension_notice, (
        _ADDRESSEE, FieldSpec("ground", "中止理由", required=True, multiline=True),
        FieldSpec("suspended_on", "中止处理日期", required=True, kind="date"),
        FieldSpec("invalidation_accepted_on", "无效宣告请求受理日期", kind="date", hint="以无效宣告请求为由中止的填写"),
        FieldSpec("invalidation_no", "无效宣告请求案件编号")), _prefill_suspension, _suspension_needs, version="2"),
    Template("resumption-notice", "恢复处理通知书", resumption_notice, (
        _ADDRESSEE, FieldSpec("suspended_on", "中止处理日期", required=True, kind="date"),
        FieldSpec("resumed_on", "恢复处理日期", required=True, kind="date")), _prefill_resumption, _both),
    Template("withdrawal-decision", "撤销案件决定书", withdrawal_decision, (
        FieldSpec("ground", "撤销理由", required=True, kind="choice", choices=_WITHDRAWAL_CHOICES),
        FieldSpec("detail", "具体情况", multiline=True, hint="写成完整的句子；请求人撤回、视为撤回的可不填"),
        FieldSpec("review_body", "行政复议机关", hint="留空：本级人民政府"), _FILED),
        _prefill_withdrawal, _withdrawal_needs, version="2"),
)

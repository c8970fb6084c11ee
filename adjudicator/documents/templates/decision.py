"""The administrative decision (行政裁决书) of a patent infringement dispute.

Structure (GB/T 9704 layout; the content of a CNIPA-guide decision): title; the case's number as
its 文号 (one decision per case); parties; 案由; the procedure paragraph, read from the record
(:mod:`.record`); 请求人称; each respondent's defence, or that it did not answer; 经审理查明; 本局认为
with the technical feature comparison (:mod:`.comparison`) and the conclusion that follows from
it; the legal basis computed from the outcome (:mod:`.law`) and the numbered orders; for an
e-commerce infringement the note that the platform operator will be notified (the platform is not
a party and is ordered nothing); the remedy sentence naming the court (the enforcement sentence
only when something is ordered); panel, date, seal and clerk; the 抄送 line; then the annex with the
text of every article cited.
"""

from __future__ import annotations

from adjudicator.errors import DomainError

from ..layout import Block, DocNumber, GridTable, Heading, NumberedList, Para, SignatureBlock, Spacer, Title
from .common import (
    cn_date,
    correction_note,
    needs_panel,
    sole_hearing,
    needs_parties,
    needs_patent,
    party_paras,
    patent_cause,
)
from .comparison import (
    DESIGN_FINDINGS,
    TABLE_HEADER,
    TABLE_WIDTHS,
    Comparison,
    design_conclusion,
    design_covered,
    parse_features,
)
from .context import DocumentContext, FieldSpec, Template
from .law import ART_64_1, DECISION_OUTCOMES, Article, basis_articles, citation_text
from .record import DEFENCE_PREFIX, DecisionRecord, defence_key, read_record

LAWSUIT = ("当事人不服本裁决的，可以自收到本裁决书之日起十五日内，依照《中华人民共和国行政诉讼法》向{court}提起行政"
           "诉讼。")
ENFORCEMENT = "期满不起诉又不履行的，本局将依法申请人民法院强制执行。"
PARTIAL_REJECTION = "驳回请求人的其他处理请求。"
_OUTCOME_WORDS = {label: code for code, label in DECISION_OUTCOMES} | {
    "侵权成立": "infringement", "部分成立": "partial", "侵权部分成立": "partial", "驳回": "rejected",
    "驳回请求": "rejected"}
_SHORT = {"infringement": "侵权成立", "partial": "侵权部分成立", "rejected": "驳回请求"}
_YES = ("yes", "是", "true", "1", "成立")


def outcome(ctx: DocumentContext) -> str:
    """The outcome code of the draft (infringement, partial, rejected), "" when not chosen."""
    raw = ctx.text("outcome")
    return raw if raw in dict(DECISION_OUTCOMES) else _OUTCOME_WORDS.get(raw, "")


def orders_something(ctx: DocumentContext) -> bool:
    return outcome(ctx) in ("infringement", "partial")


def _prior_art(ctx: DocumentContext) -> bool:
    return ctx.text("prior_art").lower() in _YES


def _is_design(ctx: DocumentContext) -> bool:
    return ctx.patent is not None and ctx.patent.kind == "design"


def basis(ctx: DocumentContext) -> list[Article]:
    """The articles the decision cites, from its outcome and the patent's kind."""
    kind = ctx.patent.kind if ctx.patent else ""
    return basis_articles(outcome(ctx) or "infringement", kind, _prior_art(ctx))


def _procedure(ctx: DocumentContext, rec: DecisionRecord) -> Para:
    panel = list(ctx.panel)
    leader, members = (panel[0], "、".join(panel[1:])) if panel else ("", "")
    heard_by = f"由承办人{ctx.handler}独任审理" if sole_hearing(ctx) else \
        f"并依法组成由{leader}担任组长、{members}参加的合议组"
    text = (f"请求人{ctx.names('requester')}与被请求人{ctx.names('respondent')}{patent_cause(ctx)}一案，本局于"
            f"{cn_date(ctx.received_on)}收到处理请求，于{cn_date(rec.filed)}立案，{heard_by}。")
    hearing = rec.hearing
    if hearing is not None:
        how = "以在线方式" if hearing.online else ""
        where = f"通过{hearing.platform}" if hearing.online and hearing.platform else ""
        text += f"本局于{cn_date(hearing.day)}{where}{how}依法进行了口头审理，{hearing.attendance.rstrip('。')}。"
    elif rec.cancelled is not None:
        text += _cancelled(rec)
    else:
        text += "本案未进行口头审理，依法进行了书面审理。"
    return Para(text + "本案现已审理终结。")


def _cancelled(rec: DecisionRecord) -> str:
    """本局原定于2026年4月10日进行口头审理，后因……而取消，本案依法进行了书面审理。 (none held after it)"""
    gone = rec.cancelled
    if gone is None:
        return ""
    why = f"因{gone.reason.removeprefix('因')}而" if gone.reason else ""
    return f"本局原定于{cn_date(gone.day)}进行口头审理，后{why}取消，本案依法进行了书面审理。"


def _section(opening: str, lines: list[str]) -> list[Block]:
    if not lines:
        return []
    return [Para(opening + lines[0]), *(Para(line) for line in lines[1:])]


def _defences(ctx: DocumentContext, rec: DecisionRecord) -> list[Block]:
    single = len(ctx.role("respondent")) == 1
    out: list[Block] = []
    for answer in rec.answers:
        who = "被请求人" if single else f"被请求人{answer.party.name}"
        lines = ctx.lines(defence_key(answer.party.name))
        if answer.received is not None and lines:
            out += _section(f"{who}辩称：", lines)
        elif answer.received is None:
            out.append(Para(f"{'被请求人' if single else who}在答辩期限内未提交答辩意见。"))
    return out


def _comparison(ctx: DocumentContext) -> list[Block]:
    if _is_design(ctx):
        finding = ctx.text("design_finding")
        if not finding:
            return []
        text = ctx.lines("design_comparison")
        return [*(Para(line) for line in text), Para(design_conclusion(finding))]
    rows = parse_features(ctx.text("features"))
    if not rows:
        return []
    comp = Comparison(rows)
    claims = "、".join(comp.claims)
    return [
        Para(f"依照{ART_64_1.citation}的规定，发明或者实用新型专利权的保护范围以其权利要求的内容为准。请求人主张以"
             f"涉案专利{claims}确定本案专利权的保护范围。将被诉侵权产品的技术特征与上述权利要求记载的全部技术特征逐一"
             "比对，结果如下：", keep_with_next=True),
        GridTable(comp.table_rows(), col_widths=TABLE_WIDTHS, header=TABLE_HEADER,
                  align=("center", "center", "left", "left", "left")),
        Para(comp.conclusion()),
    ]


def decision(ctx: DocumentContext) -> list[Block]:
    rec = read_record(ctx, ctx.issue_date)
    reasons = ctx.lines("reasoning")
    cited = basis(ctx)
    ordering = orders_something(ctx)
    blocks: list[Block] = [
        Title(ctx.station.office_name, "专利侵权纠纷案件行政裁决书"), DocNumber(ctx.case_no, align="right"),
        *party_paras(ctx, "requester"), *party_paras(ctx, "respondent"),
        Para(f"案由：{patent_cause(ctx)}"),
        _procedure(ctx, rec),
        *_section("请求人称：", ctx.lines("requester_claims")),
        *_defences(ctx, rec),
        Para("经审理查明：", keep_with_next=True), NumberedList(ctx.lines("facts"), style="1."),
        Para("本局认为：", keep_with_next=True),
        *_comparison(ctx),
        *(Para(line) for line in reasons),
        *_rejected_part(ctx),
        Para(f"综上，依照{citation_text(cited)}之规定，裁决如下：", keep_with_next=True),
        *_order_blocks(_orders(ctx)),
    ]
    operator = ctx.platform_operator
    if ordering and ctx.case_kind == "ecommerce" and ctx.ecommerce is not None:
        shop = f"“{ctx.ecommerce.shop}”店铺中" if ctx.ecommerce.shop else ""
        blocks.append(Para(f"对被请求人在{ctx.ecommerce.platform}平台{shop}销售被诉侵权产品的商品链接，本局将另行通知"
                           f"电子商务平台经营者{operator or '　　　　'}依法采取删除、屏蔽或者断开链接等必要措施。"))
    blocks.append(Para(LAWSUIT.format(court=ctx.station.court) + (ENFORCEMENT if ordering else "")))
    blocks += [*correction_note(ctx, "裁决书"), _signature(ctx)]
    blocks += [Spacer(), Heading("附：本裁决书所依据的法律条文", level=1)]
    blocks += [Para(f"{art.citation}　{art.text}") for art in cited]
    if ordering and ctx.case_kind == "ecommerce" and operator:
        blocks.append(Para(f"抄送：{operator}。", indent=False))
    return blocks


def _rejected_part(ctx: DocumentContext) -> list[Block]:
    """Partly established (部分成立): the part of the request not upheld, stated in the reasoning."""
    if outcome(ctx) != "partial":
        return []
    part = ctx.text("rejected_part").rstrip("。；;，,")
    return [Para(f"请求人关于{part}的请求，缺乏事实和法律依据，本局不予支持。")] if part else []


def _orders(ctx: DocumentContext) -> list[str]:
    """The orders as drafted; a partly established request ends with the rejection of the rest of it."""
    orders = ctx.lines("orders")
    if outcome(ctx) == "partial":
        orders = [*orders, PARTIAL_REJECTION]
    return orders


def _order_blocks(orders: list[str]) -> list[Block]:
    """Two or more orders are numbered 一、二、…; a single one (驳回请求人的处理请求。) stands unnumbered."""
    if len(orders) == 1:
        return [Para(orders[0])]
    return [NumberedList(orders, style="一、")]


def _signature(ctx: DocumentContext) -> SignatureBlock:
    panel = list(ctx.panel)
    lines = [f"合议组组长：{panel[0]}"] if panel else [f"审理人员：{ctx.handler}"] if sole_hearing(ctx) else []
    lines += [f"合议组成员：{name}" for name in panel[1:]]
    return SignatureBlock(lines=lines, date=ctx.issue_date, seal_text=ctx.station.office_name,
                          after=[f"书记员：{ctx.text('clerk')}"])


def _prefill(ctx: DocumentContext) -> dict[str, str]:
    decided = ctx.events.get("decided")
    code = str(decided.details.get("outcome")) if decided else "infringement"
    fields = {"outcome": code, "requester_claims": ctx.claims_summary, "orders": ""}
    if code == "rejected":
        fields["orders"] = "驳回请求人的处理请求。"
    elif ctx.patent is not None:
        fields["orders"] = _default_orders(ctx)
    return fields


def _default_orders(ctx: DocumentContext) -> str:
    """One order per respondent to stop, naming the acts and the patent; online sellers also remove listings."""
    orders = []
    ec = ctx.ecommerce if ctx.case_kind == "ecommerce" else None
    patent = ctx.patent.number if ctx.patent else ""
    for party in ctx.role("respondent"):
        order = f"被请求人{party.name}立即停止销售、许诺销售侵犯{patent}号专利权的产品的行为"
        if ec is not None and ec.platform:
            shop = f"“{ec.shop}”店铺中" if ec.shop else ""
            order += f"，并删除其在{ec.platform}平台{shop}销售该产品的商品链接"
        orders.append(order + "。")
    return "\n".join(orders)


def _defence_fields(ctx: DocumentContext) -> list[FieldSpec]:
    return [FieldSpec(defence_key(p.name), f"被请求人{p.name}辩称", multiline=True,
                      hint="记录中收到其答辩书的必须填写；未答辩的留空")
            for p in ctx.role("respondent")]


def problems(ctx: DocumentContext) -> list[str]:
    """Why the decision cannot be issued as drafted: the record, the comparison and the outcome must agree."""
    missing = needs_parties(ctx, "requester", "respondent") + needs_patent(ctx) + needs_panel(ctx)
    if not ctx.station.court:
        missing.append("受理行政诉讼的人民法院（在裁决所设置中填写）")
    missing += list(dict.fromkeys(read_record(ctx, ctx.issue_date).problems))
    code = outcome(ctx)
    if not code:
        missing.append("裁决结果（侵权成立、侵权部分成立或者驳回请求）")
        return missing
    if code != "rejected" and not ctx.lines("orders"):
        missing.append("裁决事项（每行一项）")
    if code == "partial":
        missing += _partial_problems(ctx)
    elif ctx.text("rejected_part"):
        missing.append("“不予支持的请求”只在裁决结果为侵权部分成立时填写：请改选裁决结果，或删去该项")
    missing += _comparison_problems(ctx, code)
    if code != "rejected" and ctx.case_kind == "ecommerce" and ctx.ecommerce is not None \
            and not ctx.platform_operator:
        missing.append(f"电商平台“{ctx.ecommerce.platform}”经营者的名称（在电商平台名录中添加）")
    return missing


def _partial_problems(ctx: DocumentContext) -> list[str]:
    """A partly established request states the part not upheld, and its orders are only for what was established."""
    out = []
    if not ctx.text("rejected_part"):
        out.append("不予支持的请求（侵权部分成立的，写明请求中不成立的部分，如：责令被请求人李四停止制造的请求）")
    if any(line.startswith("驳回") for line in ctx.lines("orders")):
        out.append("裁决事项只写认定成立部分的责令事项；“驳回请求人的其他处理请求”由本系统列为最后一项，请删去裁决事项中的"
                   "驳回一行")
    return out


def _comparison_problems(ctx: DocumentContext, code: str) -> list[str]:
    if _is_design(ctx):
        finding = ctx.text("design_finding")
        if not finding:
            return [] if code == "rejected" else ["外观设计比对结论（整体视觉效果：相同、相近似或者不相同也不相近似）"]
        if finding not in dict(DESIGN_FINDINGS):
            return ["外观设计比对结论应为 identical（相同）、similar（相近似）或 different（不相同也不相近似）"]
        covered = design_covered(finding)
        what = "外观设计比对结论"
    else:
        try:
            rows = parse_features(ctx.text("features"))
        except DomainError as exc:
            return [str(exc).rstrip("。")]
        if not rows:
            return [] if code == "rejected" else ["技术特征比对（认定侵权须逐项比对权利要求的全部技术特征）"]
        covered = bool(Comparison(rows).covered_claims)
        what = "技术特征比对表"
    if code != "rejected" and not covered:
        return [f"{what}显示被诉侵权产品未落入保护范围，与裁决结果“{_SHORT[code]}”矛盾：请核对比对结论或裁决结果"]
    if code == "rejected" and covered and not _prior_art(ctx):
        return [(f"{what}显示被诉侵权产品落入保护范围，与裁决结果“驳回请求”矛盾：如系现有技术（设计）抗辩成立，"
                "请在“现有技术抗辩成立”一项填“是”")]
    return []


DECISION_TEMPLATE = Template("decision", "行政裁决书", decision, (
    FieldSpec("outcome", "裁决结果", required=True, kind="choice", choices=DECISION_OUTCOMES),
    FieldSpec("requester_claims", "请求人称", required=True, multiline=True),
    FieldSpec("facts", "经审理查明（每行一项事实）", required=True, multiline=True),
    FieldSpec("features", "技术特征比对", multiline=True, kind="table",
              hint="每行一项：权利要求|技术特征|被诉产品特征|相同/等同/不相同|理由",
              patent_kinds=("invention", "utility_model")),
    FieldSpec("design_finding", "外观设计比对结论（整体视觉效果）", kind="choice",
              choices=(("", "未填"), *DESIGN_FINDINGS), patent_kinds=("design",)),
    FieldSpec("design_comparison", "外观设计比对说明", multiline=True, patent_kinds=("design",),
              hint="被诉侵权产品与涉案外观设计的相同点和区别点"),
    FieldSpec("prior_art", "现有技术（设计）抗辩成立", kind="choice", choices=(("", "否"), ("yes", "是"))),
    FieldSpec("reasoning", "本局认为（比对结论之外的理由，每行一段）", required=True, multiline=True),
    FieldSpec("orders", "裁决事项（每行一项）", multiline=True,
              hint="侵权部分成立的，只写成立部分的责令事项；驳回其他请求一项自动列在最后"),
    FieldSpec("rejected_part", "不予支持的请求（侵权部分成立时填写）", multiline=True,
              hint="如：责令被请求人李四停止制造被诉侵权产品的请求"),
    FieldSpec("perform_by", "履行期限", kind="date", hint="留空：起诉期限届满之日"),
    FieldSpec("clerk", "书记员", required=True),
), _prefill, problems, version="2", extra_fields=_defence_fields, field_prefixes=(DEFENCE_PREFIX,))

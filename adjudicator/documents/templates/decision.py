"""The administrative decision (行政裁决书) of a patent infringement dispute.

Structure (DOMAIN.md section 3): title, number, parties, 案由, the procedure paragraph, 请求人称,
被请求人辩称, 经审理查明 (numbered facts), 本局认为, the legal basis and numbered orders (for an
e-commerce case the platform is told to delete, block or disconnect the links), the remedy
sentence naming the court, panel, date, seal and clerk; then the text of the articles cited.
"""

from __future__ import annotations

from ..layout import Block, Heading, NumberedList, Para, SignatureBlock, Spacer
from .common import (
    MEASURES,
    PATENT_LAW,
    cn_date,
    correction_note,
    event_iso,
    head,
    needs_panel,
    needs_parties,
    needs_patent,
    party_paras,
    patent_cause,
)
from .context import DocumentContext, FieldSpec, Template

REMEDY = ("当事人不服本裁决的，可以自收到本裁决书之日起十五日内，依照《中华人民共和国行政诉讼法》向{court}提起行政"
          "诉讼。期满不起诉又不履行的，本局将依法申请人民法院强制执行。")

#: The articles a decision cites, spelled out in its annex (2020 Patent Law).
LAW_TEXTS = {
    f"{PATENT_LAW}第十一条第一款": (
        "发明和实用新型专利权被授予后，除本法另有规定的以外，任何单位或者个人未经专利权人许可，都不得实施其专利，"
        "即不得为生产经营目的制造、使用、许诺销售、销售、进口其专利产品，或者使用其专利方法以及使用、许诺销售、"
        "销售、进口依照该专利方法直接获得的产品。"),
    f"{PATENT_LAW}第十一条第二款": (
        "外观设计专利权被授予后，任何单位或者个人未经专利权人许可，都不得实施其专利，即不得为生产经营目的制造、"
        "许诺销售、销售、进口其外观设计专利产品。"),
    f"{PATENT_LAW}第六十五条": (
        "未经专利权人许可，实施其专利，即侵犯其专利权，引起纠纷的，由当事人协商解决；不愿协商或者协商不成的，专利权人"
        "或者利害关系人可以向人民法院起诉，也可以请求管理专利工作的部门处理。管理专利工作的部门处理时，认定侵权行为"
        "成立的，可以责令侵权人立即停止侵权行为，当事人不服的，可以自收到处理通知之日起十五日内依照《中华人民共和国"
        "行政诉讼法》向人民法院起诉；侵权人期满不起诉又不停止侵权行为的，管理专利工作的部门可以申请人民法院强制执行。"
        "进行处理的管理专利工作的部门应当事人的请求，可以就侵犯专利权的赔偿数额进行调解；调解不成的，当事人可以依照"
        "《中华人民共和国民事诉讼法》向人民法院起诉。"),
}


def _default_basis(ctx: DocumentContext) -> str:
    paragraph = "第二款" if ctx.patent is not None and ctx.patent.kind == "design" else "第一款"
    basis = f"{PATENT_LAW}第十一条{paragraph}、第六十五条"
    if ctx.case_kind == "ecommerce":
        basis += f"，{MEASURES}第三十二条"
    return basis


def _cited(basis: str) -> list[tuple[str, str]]:
    """The articles in ``basis`` whose text the annex prints, e.g. 第十一条第一款、第六十五条."""
    out = []
    for name, text in LAW_TEXTS.items():
        article = name.removeprefix(PATENT_LAW)
        if PATENT_LAW in basis and article in basis:
            out.append((name, text))
    return out


def _procedure(ctx: DocumentContext) -> Para:
    panel = list(ctx.panel)
    leader, members = (panel[0], "、".join(panel[1:])) if panel else ("", "")
    text = (f"请求人{ctx.names('requester')}与被请求人{ctx.names('respondent')}{patent_cause(ctx)}一案，本局于"
            f"{cn_date(ctx.received_on)}收到处理请求，于{cn_date(ctx.day('filed_on'))}立案，并依法组成由{leader}"
            f"担任组长、{members}参加的合议组。")
    hearing = ctx.day("hearing_on")
    if hearing:
        attendance = ctx.text("hearing_attendance") or "双方当事人均到庭参加了口头审理"
        text += f"本局于{cn_date(hearing)}依法进行了口头审理，{attendance.rstrip('。')}。"
    else:
        text += "本案依法进行了书面审理。"
    return Para(text + "本案现已审理终结。")


def _section(opening: str, lines: list[str]) -> list[Block]:
    if not lines:
        return []
    return [Para(opening + lines[0]), *(Para(line) for line in lines[1:])]


def _signature(ctx: DocumentContext) -> SignatureBlock:
    panel = list(ctx.panel)
    lines = [f"合议组组长：{panel[0]}"] if panel else []
    lines += [f"合议组成员：{name}" for name in panel[1:]]
    return SignatureBlock(lines=lines, date=ctx.issue_date, seal_text=ctx.station.office_name,
                          after=[f"书记员：{ctx.text('clerk')}"])


def decision(ctx: DocumentContext) -> list[Block]:
    facts = ctx.lines("facts")
    reasons = ctx.lines("reasoning")
    defence = ctx.lines("respondent_defence") or ["被请求人在答辩期限内未提交书面答辩意见。"]
    basis = ctx.text("legal_basis") or _default_basis(ctx)
    blocks: list[Block] = [
        *head(ctx, "专利侵权纠纷案件行政裁决书"),
        *party_paras(ctx, "requester"), *party_paras(ctx, "respondent"),
        Para(f"案由：{patent_cause(ctx)}"),
        _procedure(ctx),
        *_section("请求人称：", ctx.lines("requester_claims")),
        *_section("被请求人辩称：", defence),
        Para("经审理查明："), NumberedList(facts, style="1."),
    ]
    if len(reasons) == 1:
        blocks.append(Para("本局认为：" + reasons[0]))
    else:
        blocks += [Para("本局认为："), NumberedList(reasons, style="（一）")]
    blocks += [
        Para(f"综上，依照{basis}之规定，裁决如下："),
        NumberedList(ctx.lines("orders"), style="一、"),
        Para(REMEDY.format(court=ctx.station.court)),
        *correction_note(ctx, "裁决书"),
        _signature(ctx),
    ]
    cited = _cited(basis)
    if cited:
        blocks += [Spacer(), Heading("附：本裁决书所依据的法律条文", level=1)]
        blocks += [Para(f"{name}　{text}") for name, text in cited]
    return blocks


def _prefill(ctx: DocumentContext) -> dict[str, str]:
    held = ctx.events.get("hearing_held")
    decided = ctx.events.get("decided")
    fields = {"filed_on": event_iso(ctx, "filed"), "hearing_on": event_iso(ctx, "hearing_held"),
              "hearing_attendance": str(held.details.get("attendance", "")) if held else "",
              "requester_claims": ctx.claims_summary, "legal_basis": _default_basis(ctx), "orders": ""}
    if decided is not None and decided.details.get("outcome") == "rejected":
        fields["orders"] = "驳回请求人的处理请求。"
    elif ctx.case_kind == "ecommerce" and ctx.patent is not None:
        fields["orders"] = _ecommerce_orders(ctx)
    return fields


def _ecommerce_orders(ctx: DocumentContext) -> str:
    respondent = ctx.names("respondent")
    orders = [(f"被请求人{respondent}立即停止销售、许诺销售侵犯{ctx.patent.number if ctx.patent else ''}号专利权的"
              "产品的行为。")]
    ec = ctx.ecommerce
    if ec is not None and ec.platform:
        links = "、".join(ec.listing_links)
        shop = f"“{ec.shop}”店铺中" if ec.shop else ""
        orders.append(f"{ec.platform}平台对被请求人{shop}销售侵权产品的商品链接" + (f"（{links}）" if links else "")
                      + "予以删除、屏蔽或者断开。")
    return "\n".join(orders)


def _needs(ctx: DocumentContext) -> list[str]:
    missing = needs_parties(ctx, "requester", "respondent") + needs_patent(ctx) + needs_panel(ctx)
    if not ctx.station.court:
        missing.append("受理行政诉讼的人民法院（在裁决所设置中填写）")
    return missing


DECISION_TEMPLATE = Template("decision", "行政裁决书", decision, (
    FieldSpec("filed_on", "立案日期", required=True, kind="date"),
    FieldSpec("hearing_on", "口头审理日期", kind="date", hint="未开庭审理的留空"),
    FieldSpec("hearing_attendance", "到庭情况", hint="如：双方当事人均到庭参加了口头审理"),
    FieldSpec("requester_claims", "请求人称", required=True, multiline=True),
    FieldSpec("respondent_defence", "被请求人辩称", multiline=True, hint="未答辩的留空"),
    FieldSpec("facts", "经审理查明（每行一项事实）", required=True, multiline=True),
    FieldSpec("reasoning", "本局认为", required=True, multiline=True),
    FieldSpec("legal_basis", "裁决依据的法律条文", required=True),
    FieldSpec("orders", "裁决事项（每行一项）", required=True, multiline=True),
    FieldSpec("clerk", "书记员", required=True),
), _prefill, _needs, version="1")

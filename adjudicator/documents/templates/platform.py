"""The notice to the e-commerce platform operator (通知电商平台经营者删除、屏蔽或者断开商品链接).

The platform is not a party and the decision orders it nothing: once a decision has found the
listings infringing, the office notifies the platform's operator, by its legal name from the
platform registry, to delete, block or disconnect them (Measures Art. 32). The notice names the
decision by its number and date, the shop and the listings one by one, and asks the operator to
report back what it did.
"""

from __future__ import annotations

from datetime import date

from adjudicator.procedure.kinds import INFRINGEMENT_FOUND

from ..layout import Block, NumberedList, Para
from .common import cn_date, contact, correction_note, head, needs_parties, needs_patent, signature
from .context import DocumentContext, FieldSpec, Template
from .law import MEASURES


def _decision_day(ctx: DocumentContext) -> date | None:
    decided = ctx.events.get("decided")
    return decided.date if decided else None


def platform_notice(ctx: DocumentContext) -> list[Block]:
    ec = ctx.ecommerce
    platform = ec.platform if ec else ""
    shop = f"“{ec.shop}”店铺" if ec and ec.shop else "店铺"
    patent = f"{ctx.patent.kind_label}专利（专利号：{ctx.patent.number}）" if ctx.patent else "涉案专利"
    links = ctx.lines("links") or list(ec.listing_links if ec else ())
    return [
        *head(ctx, "协助处置侵权商品链接通知书"),
        Para(f"{ctx.platform_operator or '　　　　'}：", indent=False),
        Para(f"请求人{ctx.names('requester')}与被请求人{ctx.names('respondent')}专利侵权纠纷一案（案号：{ctx.case_no}），"
             f"本局已于{cn_date(_decision_day(ctx))}作出行政裁决，认定被请求人在你单位经营的{platform}平台{shop}中销售、"
             f"许诺销售的产品侵犯请求人的{patent}专利权，并责令被请求人立即停止侵权行为。"),
        Para(f"依照{MEASURES}第三十二条之规定，请你单位对下列商品链接及时采取删除、屏蔽或者断开链接等必要措施，并将处理"
             "结果书面告知本局：", keep_with_next=True),
        NumberedList(links, style="1."),
        *correction_note(ctx, "通知书"), signature(ctx), *contact(ctx),
    ]


def _needs(ctx: DocumentContext) -> list[str]:
    missing = needs_parties(ctx, "requester", "respondent") + needs_patent(ctx)
    if ctx.case_kind != "ecommerce" or ctx.ecommerce is None or not ctx.ecommerce.platform:
        return [*missing, "电商平台（仅电商领域案件；在案件的电商信息中填写平台）"]
    decided = ctx.events.get("decided")
    if decided is None or decided.details.get("outcome") not in INFRINGEMENT_FOUND:
        missing.append("认定侵权成立的行政裁决（裁决书出具后才能通知平台；驳回请求的不通知平台）")
    if not ctx.platform_operator:
        missing.append(f"电商平台“{ctx.ecommerce.platform}”经营者的名称（在电商平台名录中添加）")
    if not (ctx.lines("links") or ctx.ecommerce.listing_links):
        missing.append("需处置的商品链接")
    return missing


PLATFORM_TEMPLATE = Template("platform-notice", "协助处置侵权商品链接通知书", platform_notice, (
    FieldSpec("links", "需处置的商品链接（每行一个）", multiline=True, hint="留空：案件中登记的全部商品链接"),
), None, _needs)

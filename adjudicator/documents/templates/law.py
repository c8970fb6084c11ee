"""The statute articles documents cite, with their text, and the legal basis of each decision outcome.

Only articles whose exact wording is held here may be cited by a decision: its annex prints the
text of every article its basis names, so nothing is cited that cannot be shown. The wording is
that of the Patent Law of the People's Republic of China as amended on 17 October 2020 (in force
1 June 2021).
"""

from __future__ import annotations

from dataclasses import dataclass

PATENT_LAW = "《中华人民共和国专利法》"
MEASURES = "《专利纠纷行政裁决和调解办法》"


@dataclass(frozen=True)
class Article:
    """One article (or paragraph) of a statute: how it is cited and its text."""

    law: str
    article: str  # 第十一条第一款
    text: str

    @property
    def citation(self) -> str:
        return f"{self.law}{self.article}"


ART_11_1 = Article(PATENT_LAW, "第十一条第一款", (
    "发明和实用新型专利权被授予后，除本法另有规定的以外，任何单位或者个人未经专利权人许可，都不得实施其专利，"
    "即不得为生产经营目的制造、使用、许诺销售、销售、进口其专利产品，或者使用其专利方法以及使用、许诺销售、"
    "销售、进口依照该专利方法直接获得的产品。"))
ART_11_2 = Article(PATENT_LAW, "第十一条第二款", (
    "外观设计专利权被授予后，任何单位或者个人未经专利权人许可，都不得实施其专利，即不得为生产经营目的制造、"
    "许诺销售、销售、进口其外观设计专利产品。"))
ART_64_1 = Article(PATENT_LAW, "第六十四条第一款", (
    "发明或者实用新型专利权的保护范围以其权利要求的内容为准，说明书及附图可以用于解释权利要求的内容。"))
ART_64_2 = Article(PATENT_LAW, "第六十四条第二款", (
    "外观设计专利权的保护范围以表示在图片或者照片中的该产品的外观设计为准，简要说明可以用于解释图片或者照片"
    "所表示的该产品的外观设计。"))
ART_65 = Article(PATENT_LAW, "第六十五条", (
    "未经专利权人许可，实施其专利，即侵犯其专利权，引起纠纷的，由当事人协商解决；不愿协商或者协商不成的，专利权人"
    "或者利害关系人可以向人民法院起诉，也可以请求管理专利工作的部门处理。管理专利工作的部门处理时，认定侵权行为"
    "成立的，可以责令侵权人立即停止侵权行为，当事人不服的，可以自收到处理通知之日起十五日内依照《中华人民共和国"
    "行政诉讼法》向人民法院起诉；侵权人期满不起诉又不停止侵权行为的，管理专利工作的部门可以申请人民法院强制执行。"
    "进行处理的管理专利工作的部门应当事人的请求，可以就侵犯专利权的赔偿数额进行调解；调解不成的，当事人可以依照"
    "《中华人民共和国民事诉讼法》向人民法院起诉。"))
ART_67 = Article(PATENT_LAW, "第六十七条", (
    "在专利侵权纠纷中，被控侵权人有证据证明其实施的技术或者设计属于现有技术或者现有设计的，不构成侵犯专利权。"))

ARTICLES: tuple[Article, ...] = (ART_11_1, ART_11_2, ART_64_1, ART_64_2, ART_65, ART_67)

#: Outcomes of a decision (裁决结果): code -> label.
DECISION_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("infringement", "侵权成立，责令停止侵权"),
    ("partial", "侵权部分成立，驳回其他请求"),
    ("rejected", "侵权不成立，驳回请求"),
)


def basis_articles(outcome: str, patent_kind: str, prior_art: bool = False) -> list[Article]:
    """The articles a decision with ``outcome`` rests on (Art. 11 and 64 by patent kind, Art. 65; Art. 67).

    An infringement finding (in whole or in part) rests on the right (Art. 11), its scope (Art. 64)
    and the office's power to order the infringement to stop (Art. 65). A rejection rests on the
    scope (Art. 64: the accused product is outside it) and Art. 65, or on the prior-art defence
    (Art. 67) where that succeeded; it never cites the power to order.
    """
    design = patent_kind == "design"
    scope = ART_64_2 if design else ART_64_1
    if outcome == "rejected":
        return [scope, *([ART_67] if prior_art else []), ART_65]
    return [ART_11_2 if design else ART_11_1, scope, ART_65]


def citation_text(articles: list[Article]) -> str:
    """《中华人民共和国专利法》第十一条第一款、第六十四条第一款、第六十五条: one law name, articles joined."""
    out: list[str] = []
    law = ""
    for art in articles:
        if art.law != law:
            out.append(f"{'，' if out else ''}{art.law}{art.article}")
            law = art.law
        else:
            out.append(f"、{art.article}")
    return "".join(out)

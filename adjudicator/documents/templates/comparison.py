"""Technical feature comparison (技术特征比对): the heart of a patent infringement decision.

For an invention or utility model the clerk lists, claim by claim, each technical feature of the
claim, the accused product's corresponding feature and the finding — 相同 (identical), 等同
(equivalent: basically the same means, function and effect, obvious to a skilled person) or
不相同 — with a reason. Under the all-elements rule the accused product falls within a claim only
when every feature of that claim is found identical or equivalent. The decision prints the table and
states the conclusion that follows from it.

A design (外观设计) is compared as a whole by the overall visual impression (整体视觉效果): the
products identical or similar in kind, and the designs 相同, 相近似 or 不相同也不相近似.

The comparison is stored in the draft's ``features`` field, one feature a line, cells separated by
"|" (or "｜" or a tab): ``权利要求1|技术特征|被诉侵权产品的对应特征|相同|理由``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adjudicator.errors import DomainError

FINDINGS = ("相同", "等同", "不相同")
COVERED = ("相同", "等同")
DESIGN_FINDINGS = (("identical", "相同"), ("similar", "相近似"), ("different", "不相同也不相近似"))
_SPLIT = re.compile(r"\s*[|｜\t]\s*")


@dataclass(frozen=True)
class Feature:
    """One row of the comparison: a claim's feature, the accused product's, the finding and why."""

    claim: str
    feature: str
    accused: str
    finding: str
    reason: str = ""

    @property
    def covered(self) -> bool:
        return self.finding in COVERED

    def to_line(self) -> str:
        return f"{self.claim}|{self.feature}|{self.accused}|{self.finding}|{self.reason}"


def parse_features(text: str) -> list[Feature]:
    """The rows of a stored comparison; DomainError naming the line that is not a row."""
    rows: list[Feature] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = _SPLIT.split(line.strip())
        if len(cells) < 4:
            raise DomainError(f"技术特征比对第{number}行应有“权利要求|技术特征|被诉产品特征|比对结论|理由”各栏，"
                              f"输入为：{line.strip()}。")
        claim, feature, accused, finding = (c.strip() for c in cells[:4])
        reason = "|".join(cells[4:]).strip()
        if finding not in FINDINGS:
            raise DomainError(f"技术特征比对第{number}行的比对结论应为“相同”“等同”或“不相同”，输入为“{finding}”。")
        if not (claim and feature and accused):
            raise DomainError(f"技术特征比对第{number}行缺少权利要求、技术特征或被诉产品特征。")
        if finding == "等同" and not reason:
            raise DomainError(f"技术特征比对第{number}行认定“等同”，须写明理由（手段、功能、效果基本相同且无需创造性劳动）。")
        rows.append(Feature(_claim_label(claim), feature, accused, finding, reason))
    return rows


def _claim_label(claim: str) -> str:
    """“1” -> “权利要求1”; anything else as written."""
    return f"权利要求{claim}" if claim.isdigit() else claim


def format_features(rows: list[Feature]) -> str:
    return "\n".join(row.to_line() for row in rows)


@dataclass(frozen=True)
class Comparison:
    """The comparison's rows grouped by claim and what follows from them."""

    rows: list[Feature]

    @property
    def claims(self) -> list[str]:
        return list(dict.fromkeys(row.claim for row in self.rows))

    def rows_of(self, claim: str) -> list[Feature]:
        return [row for row in self.rows if row.claim == claim]

    @property
    def covered_claims(self) -> list[str]:
        """Claims all of whose features the accused product has, identically or equivalently."""
        return [c for c in self.claims if all(row.covered for row in self.rows_of(c))]

    def conclusion(self) -> str:
        """The sentence the all-elements rule gives for the comparison."""
        covered = self.covered_claims
        if covered:
            names = "、".join(covered)
            equivalent = any(row.finding == "等同" for c in covered for row in self.rows_of(c))
            how = "相同或者等同" if equivalent else "相同"
            return (f"经比对，被诉侵权产品具备与涉案专利{names}记载的全部技术特征{how}的技术特征，落入涉案专利权的"
                    "保护范围。")
        missing = []
        for claim in self.claims:
            lacking = [row.feature for row in self.rows_of(claim) if not row.covered]
            missing.append(f"{claim}中“{lacking[0]}”" + ("等技术特征" if len(lacking) > 1 else "这一技术特征"))
        return (f"经比对，被诉侵权产品不具备与涉案专利{'、'.join(missing)}相同或者等同的技术特征，未落入涉案专利权的"
                "保护范围。")

    def table_rows(self) -> list[list[str]]:
        """Rows of the printed table: number, claim, claim feature, accused feature, finding and reason."""
        out = []
        for number, row in enumerate(self.rows, 1):
            finding = row.finding + (f"：{row.reason}" if row.reason else "")
            out.append([str(number), row.claim.removeprefix("权利要求"), row.feature, row.accused, finding])
        return out


TABLE_HEADER = ["序号", "权利要求", "涉案专利技术特征", "被诉侵权产品技术特征", "比对结论及理由"]
TABLE_WIDTHS = (0.6, 1.0, 3.0, 3.0, 2.8)


def design_label(code: str) -> str:
    return dict(DESIGN_FINDINGS).get(code, code)


def design_covered(code: str) -> bool:
    return code in ("identical", "similar")


def design_conclusion(code: str) -> str:
    if design_covered(code):
        return (f"以一般消费者的知识水平和认知能力，对被诉侵权产品的外观设计与涉案外观设计的整体视觉效果进行综合判断，"
                f"二者{design_label(code)}，被诉侵权产品的外观设计落入涉案外观设计专利权的保护范围。")
    return ("以一般消费者的知识水平和认知能力，对被诉侵权产品的外观设计与涉案外观设计的整体视觉效果进行综合判断，"
            "二者不相同也不相近似，被诉侵权产品的外观设计未落入涉案外观设计专利权的保护范围。")

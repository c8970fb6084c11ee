"""Cases, parties and patents as the rest of the program sees them: labels, input and validation.

A :class:`CaseInput` is what a clerk types (in the editor or a script); :func:`validate_case`
returns every problem with the field it belongs to, in Chinese, so the UI can mark the
fields and the command line can print the sentences. Nothing is saved while any remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from adjudicator.errors import FieldProblem
from adjudicator.cases.identifiers import (
    IdentifierError,
    parse_patent_number,
    validate_credit_code,
    validate_resident_id,
)

CASE_KINDS = {
    "infringement": "专利侵权纠纷行政裁决",
    "ecommerce": "电商领域专利侵权纠纷",
    "mediation": "专利纠纷调解",
}
CASE_SOURCES = {
    "direct": "当事人直接请求",
    "legal_aid": "维权援助平台移交",
    "platform": "电商平台移交",
    "transfer": "其他机关移送",
}
CASE_STATUSES = {
    "received": "待立案审查",
    "filed": "已立案审理",
    "suspended": "中止处理",
    "refused": "不予受理",
    "decided": "已裁决",
    "mediated": "调解结案",
    "withdrawn": "撤销案件",
    "archived": "已归档",
}
#: Statuses in which the case is still being handled.
OPEN_STATUSES = ("received", "filed", "suspended")
PARTY_ROLES = {"requester": "请求人", "respondent": "被请求人", "third_party": "第三人"}
PARTY_TYPES = {"person": "自然人", "organisation": "法人或其他组织"}
PATENT_KINDS = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
MAX_AGENTS = 2
_PHONE_CHARS = re.compile(r"^[0-9+\-() ]{5,24}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$")
_SERVICE = re.compile(r"^(?:[48]00\d{7}|1\d{4})$")  # 400/800 numbers, hotlines such as 12315
_HOST = re.compile(r"^(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?$", re.IGNORECASE)


def valid_phone(text: str) -> bool:
    """A Chinese mobile (13900001111, +86 139 0000 1111), landline with area code (0471-1234567, -ext),
    400/800 or service number, or a foreign number written with its + country code."""
    raw = text.strip()
    if not _PHONE_CHARS.match(raw):
        return False
    compact = re.sub(r"[ ()]", "", raw)
    digits = compact.replace("-", "")
    if compact.startswith("+86") or (compact.startswith("86") and len(digits) == 13):
        national = digits.lstrip("+")[2:]
        return bool(_MOBILE.match(national) or _LANDLINE.match("0" + national.lstrip("0")))
    if compact.startswith("+"):
        return 7 <= len(digits) - 1 <= 15 and digits[1:].isdigit()
    return bool(_MOBILE.match(digits) or _LANDLINE.match(compact) or _LANDLINE.match(digits)
                or _SERVICE.match(digits))


def complete_link(text: str) -> str:
    """A listing link as the platform serves it: ``item.taobao.com/…`` gains its ``https://``."""
    link = text.strip()
    if link and not re.match(r"^[a-z][a-z0-9+.-]*://", link, re.IGNORECASE) and _HOST.match(link):
        return "https://" + link
    return link


@dataclass
class AgentInput:
    """An agent (委托代理人): name, and optionally firm and phone."""

    name: str
    firm: str = ""
    phone: str = ""


@dataclass
class PartyInput:
    role: str
    party_type: str
    name: str
    id_number: str = ""
    address: str = ""
    phone: str = ""
    legal_rep: str = ""
    legal_rep_title: str = ""
    agents: list[AgentInput] = field(default_factory=list)
    abroad: bool = False
    id: UUID | None = None


@dataclass
class PatentInput:
    number: str
    kind: str | None = None
    title: str = ""
    patentee: str = ""
    application_date: date | None = None
    grant_date: date | None = None
    claims: str = ""


@dataclass
class EcommerceInput:
    platform: str = ""
    shop: str = ""
    listing_links: list[str] = field(default_factory=list)
    complaint_no: str = ""
    #: The day the platform forwarded the seller's non-infringement statement (E-commerce Law
    #: Art. 43); taken when a case is created (an import), changed later through the e-commerce track.
    statement_forwarded_on: date | None = None


@dataclass
class CaseInput:
    kind: str
    source: str
    received_on: date | None
    parties: list[PartyInput]
    patent: PatentInput | None
    handler: str = ""
    panel: list[str] = field(default_factory=list)
    claims_summary: str = ""
    notes: str = ""
    ecommerce: EcommerceInput | None = None


def _problem(key: str, label: str, message: str) -> FieldProblem:
    return FieldProblem(key, label, message)


def validate_party(party: PartyInput, index: int) -> list[FieldProblem]:
    """Problems of one party; ``index`` names it in field keys (``parties.0.name``)."""
    role = PARTY_ROLES.get(party.role, "当事人")
    key = f"parties.{index}"
    problems: list[FieldProblem] = []
    if party.role not in PARTY_ROLES:
        problems.append(_problem(f"{key}.role", "当事人身份", f"“{party.role}”不是有效的当事人身份。"))
    if party.party_type not in PARTY_TYPES:
        problems.append(_problem(f"{key}.party_type", f"{role}类型", "请选择自然人或法人或其他组织。"))
    if not party.name.strip():
        problems.append(_problem(f"{key}.name", f"{role}名称", "不能为空。"))
    if party.id_number.strip():
        try:
            if party.party_type == "person":
                validate_resident_id(party.id_number)
            else:
                validate_credit_code(party.id_number)
        except IdentifierError as exc:
            label = f"{role}{'身份证号码' if party.party_type == 'person' else '统一社会信用代码'}"
            problems.append(_problem(f"{key}.id_number", label, str(exc)))
    if party.phone.strip() and not valid_phone(party.phone):
        problems.append(_problem(f"{key}.phone", f"{role}电话",
                                 f"“{party.phone}”不是有效的电话号码；手机写 11 位，固定电话写区号和号码，如 0471-6951234。"))
    agents = [a for a in party.agents if a.name.strip()]
    if len(agents) > MAX_AGENTS:
        problems.append(_problem(f"{key}.agents", f"{role}委托代理人", f"最多 {MAX_AGENTS} 名，输入了 {len(agents)} 名。"))
    if party.party_type == "organisation" and not party.legal_rep.strip() and party.role == "requester":
        problems.append(_problem(f"{key}.legal_rep", f"{role}法定代表人", "法人或其他组织须填写法定代表人（负责人）。"))
    return problems


def validate_patent(patent: PatentInput | None, today: date) -> list[FieldProblem]:
    if patent is None or not patent.number.strip():
        return [_problem("patent.number", "专利号", "不能为空。")]
    problems: list[FieldProblem] = []
    try:
        parsed = parse_patent_number(patent.number)
    except IdentifierError as exc:
        return [_problem("patent.number", "专利号", str(exc))]
    if patent.kind and patent.kind != parsed.kind:
        entered = PATENT_KINDS.get(patent.kind, patent.kind)
        problems.append(_problem(
            "patent.kind", "专利类型",
            f"专利号 {parsed.normalized} 是{PATENT_KINDS[parsed.kind]}专利，与所选类型“{entered}”不符。",
        ))
    if patent.application_date and patent.application_date > today:
        problems.append(_problem("patent.application_date", "申请日", "不能晚于今天。"))
    if patent.grant_date and patent.grant_date > today:
        problems.append(_problem("patent.grant_date", "授权公告日", "不能晚于今天。"))
    if patent.application_date and patent.grant_date and patent.grant_date < patent.application_date:
        problems.append(_problem("patent.grant_date", "授权公告日", "不能早于申请日。"))
    if patent.application_date and patent.application_date.year != parsed.year:
        problems.append(_problem(
            "patent.application_date", "申请日",
            f"专利号显示申请年份为 {parsed.year} 年，与申请日 {patent.application_date.isoformat()} 不符。",
        ))
    return problems


def validate_ecommerce(ecommerce: EcommerceInput | None) -> list[FieldProblem]:
    if ecommerce is None or not ecommerce.platform.strip():
        return [_problem("ecommerce.platform", "电商平台", "电商领域案件须填写电商平台。")]
    problems = []
    for i, link in enumerate(ecommerce.listing_links, 1):
        if link.strip() and not re.match(r"^https?://\S+$", link.strip()):
            problems.append(_problem(
                "ecommerce.listing_links", "商品链接", f"第 {i} 个链接“{link}”不是以 http:// 或 https:// 开头的网址。"
            ))
    return problems


def validate_case(case: CaseInput, today: date | None = None) -> list[FieldProblem]:
    """Every problem of a case as entered; an empty list means it may be saved."""
    today = today or date.today()
    problems: list[FieldProblem] = []
    if case.kind not in CASE_KINDS:
        problems.append(_problem("kind", "案件类型", "请选择案件类型。"))
    if case.source not in CASE_SOURCES:
        problems.append(_problem("source", "案件来源", "请选择案件来源。"))
    if case.received_on is None:
        problems.append(_problem("received_on", "收到请求日期", "不能为空。"))
    elif case.received_on > today:
        problems.append(_problem(
            "received_on", "收到请求日期", f"{case.received_on.isoformat()} 晚于今天（{today.isoformat()}），请核对。"
        ))
    elif case.received_on.year < 2000:
        problems.append(_problem("received_on", "收到请求日期", "早于 2000 年，请核对。"))
    panel = [p for p in case.panel if p.strip()]
    if panel and (len(panel) < 3 or len(panel) % 2 == 0):
        problems.append(_problem("panel", "合议组", f"合议组应由 3 名以上单数成员组成，现有 {len(panel)} 名。"))
    roles = [p.role for p in case.parties]
    if "requester" not in roles:
        problems.append(_problem("parties", "请求人", "至少需要一名请求人。"))
    if "respondent" not in roles:
        problems.append(_problem("parties", "被请求人", "至少需要一名被请求人。"))
    for i, party in enumerate(case.parties):
        problems.extend(validate_party(party, i))
    problems.extend(validate_patent(case.patent, today))
    if case.kind == "ecommerce":
        problems.extend(validate_ecommerce(case.ecommerce))
    return problems


def format_case_no(prefix: str, year: int, seq: int) -> str:
    """``呼新市监专裁字〔2026〕7号``: full year in 六角括号, no leading zeros, no 第."""
    return f"{prefix}〔{year}〕{seq}号"


def party_summary(parties: list[PartyInput]) -> str:
    """``请求人 诉 被请求人`` as shown in the case list."""
    req = "、".join(p.name.strip() for p in parties if p.role == "requester")
    res = "、".join(p.name.strip() for p in parties if p.role == "respondent")
    return f"{req} 诉 {res}"[:300]


def search_text(case_no: str, parties: list[PartyInput], patent_no: str, shop: str = "") -> str:
    """What type-to-filter looks in: case number, party names, patent number (with and without ZL)."""
    bits = [case_no, *(p.name.strip() for p in parties), patent_no, patent_no.removeprefix("ZL"), shop]
    return " ".join(b for b in bits if b).lower()

"""Referral rows as cases (移交投诉转为案件): convert, validate, group, find repeats.

Each row is one complaint. It becomes a one-complaint :class:`~adjudicator.cases.inputs.CaseInput`
and is checked by :func:`~adjudicator.cases.inputs.validate_case`, the case form's own rules; each
problem is put back on the cell it came from. Valid rows by the same rights holder against the same
shop on the same platform and patent form one case with all their listing links and complaint
numbers. A complaint number seen before (already in the database, or in an earlier row) is
skipped with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from adjudicator.cases import inputs as C
from adjudicator.cases.identifiers import (
    IdentifierError,
    parse_patent_number,
    validate_credit_code,
    validate_resident_id,
)
from adjudicator.errors import FieldProblem
from adjudicator.intake.mapping import FIELD_BY_KEY, Mapping
from adjudicator.intake.sheet import CellValue, SheetRow, column_letter

#: Separator of several complaint numbers of one case in ``complaint_no``.
COMPLAINT_SEPARATOR = "、"
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_LINK_SPLIT = re.compile(r"[\s;；,，、]+")
_PERSON_TYPES = ("自然人", "个人", "person")
_ORG_TYPES = ("法人", "企业", "公司", "组织", "其他组织", "个体工商户", "organisation", "organization")
_ORG_WORDS = ("公司", "厂", "店", "中心", "研究院", "研究所", "大学", "学院", "合作社", "事务所", "集团", "商行", "经营部")


@dataclass(frozen=True)
class CellProblem:
    """A problem of one cell (``column`` None: of the row as a whole)."""

    row: int
    column: int | None
    field: str | None
    message: str

    def place(self) -> str:
        return f"第 {self.row} 行" + (f" {column_letter(self.column)} 列" if self.column is not None else "")

    def sentence(self, header: list[str]) -> str:
        name = f"（{header[self.column]}）" if self.column is not None and self.column < len(header) else ""
        return f"{self.place()}{name}：{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": column_letter(self.column) if self.column is not None else None,
                "field": self.field, "message": self.message}


@dataclass
class Complaint:
    """One row as read: the case it would be alone, its complaint number and forwarded-statement date."""

    row: int
    input: C.CaseInput
    complaint_no: str
    statement_forwarded_on: date | None


@dataclass
class RowOutcome:
    """What became of one row: ``valid`` (in a planned case), ``invalid`` or ``duplicate``."""

    row: int
    status: str
    problems: list[CellProblem] = field(default_factory=list)
    note: str = ""
    case_index: int | None = None

    def to_json(self, header: list[str]) -> dict[str, Any]:
        return {"row": self.row, "status": self.status, "note": self.note or None, "case": self.case_index,
                "problems": [p.to_json() | {"sentence": p.sentence(header)} for p in self.problems]}


@dataclass
class PlannedCase:
    """A case the import will create: its input, the rows and complaint numbers it gathers."""

    input: C.CaseInput
    rows: list[int]
    complaint_nos: list[str]
    statement_forwarded_on: date | None = None

    def to_json(self) -> dict[str, Any]:
        inp = self.input
        ec = inp.ecommerce or C.EcommerceInput()
        return {"rows": self.rows, "complaint_nos": self.complaint_nos,
                "requester": next((p.name for p in inp.parties if p.role == "requester"), ""),
                "respondent": next((p.name for p in inp.parties if p.role == "respondent"), ""),
                "platform": ec.platform, "shop": ec.shop, "listing_links": ec.listing_links,
                "patent": parse_patent_number(inp.patent.number).normalized if inp.patent else "",
                "received_on": inp.received_on.isoformat() if inp.received_on else None,
                "statement_forwarded_on": self.statement_forwarded_on.isoformat()
                if self.statement_forwarded_on else None}


# -- converting cells ------------------------------------------------------------------------------------

class CellError(ValueError):
    """A cell that cannot be converted; the message says what was expected."""


def cell_text(value: CellValue) -> str:
    """A cell as text; whole numbers without ``.0`` (a complaint number typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def cell_date(value: CellValue) -> date | None:
    """A date from an Excel date, an Excel serial number, ``20260302`` or text like ``2026-3-2``/``2026年3月2日``."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_date(float(value))
    text = str(value).strip()
    if not text:
        return None
    match = _DATE_TEXT.match(text)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        if re.fullmatch(r"\d{8}", text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{4,5}(\.\d+)?", text):
            return _number_date(float(text))
    except ValueError:
        raise CellError(f"“{text}”不是有效日期。") from None
    raise CellError(f"“{text}”不是日期；请写成 2026-03-02 或 2026年3月2日。")


def _number_date(number: float) -> date:
    if 19000101 <= number <= 21001231 and number.is_integer():
        text = str(int(number))
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise CellError(f"“{text}”不是有效日期。") from None
    if not 1 <= number < 80000:
        raise CellError(f"数字 {cell_text(number)} 不是日期（不在 Excel 日期序号范围内）。")
    return _EXCEL_EPOCH + timedelta(days=int(number))


def split_links(value: CellValue) -> list[str]:
    """The listing links of a cell: one or several, separated by line breaks, spaces or semicolons."""
    return [part for part in _LINK_SPLIT.split(cell_text(value)) if part]


def _party_type(kind: str, id_number: str, name: str) -> str:
    kind = kind.strip().lower()
    if kind:
        if any(word in kind for word in _PERSON_TYPES):
            return "person"
        if any(word in kind for word in _ORG_TYPES):
            return "organisation"
    number = id_number.strip().upper()
    if len(number) == 18:
        for check, result in ((validate_resident_id, "person"), (validate_credit_code, "organisation")):
            try:
                check(number)
                return result
            except IdentifierError:
                pass
        if re.search(r"[A-WYZ]", number[:17]):
            return "organisation"
        if number[:17].isdigit():
            return "person"
    if any(word in name for word in _ORG_WORDS) or len(name) > 4:
        return "organisation"
    return "person"


# -- one row ---------------------------------------------------------------------------------------------

def _values(row: SheetRow, mapping: Mapping) -> dict[str, CellValue]:
    return {key: row.cells[col] for col, key in mapping.items() if key and col < len(row.cells)}


def read_complaint(row: SheetRow, mapping: Mapping, source: str) -> tuple[Complaint, list[CellProblem]]:
    """The case one row describes, and the cells that could not be converted."""
    columns = {key: col for col, key in mapping.items() if key}
    v = _values(row, mapping)
    problems: list[CellProblem] = []

    def text(key: str) -> str:
        return cell_text(v.get(key))

    def day(key: str) -> date | None:
        try:
            return cell_date(v.get(key))
        except CellError as exc:
            problems.append(CellProblem(row.number, columns.get(key), key, f"{FIELD_BY_KEY[key].label}：{exc}"))
            return None

    requester = C.PartyInput(
        role="requester", party_type=_party_type(text("requester_type"), text("requester_id"), text("requester_name")),
        name=text("requester_name"), id_number=text("requester_id"), address=text("requester_address"),
        phone=text("requester_phone"), legal_rep=text("requester_legal_rep"),
        agents=[C.AgentInput(text("agent_name"), text("agent_firm"), text("agent_phone"))] if text("agent_name") else [],
    )
    respondent_name = text("respondent_name") or text("shop")
    respondent = C.PartyInput(
        role="respondent",
        party_type=_party_type(text("respondent_type"), text("respondent_id"), respondent_name),
        name=respondent_name, id_number=text("respondent_id"), address=text("respondent_address"),
        phone=text("respondent_phone"),
    )
    patent = C.PatentInput(number=text("patent_number"), kind=_patent_kind(text("patent_kind")),
                           title=text("patent_title"), patentee=text("patentee"), claims=text("claims"))
    ecommerce = C.EcommerceInput(platform=text("platform"), shop=text("shop"),
                                 listing_links=split_links(v.get("listing_links")), complaint_no=text("complaint_no"))
    inp = C.CaseInput(kind="ecommerce", source=source, received_on=day("received_on"),
                      parties=[requester, respondent], patent=patent, handler=text("handler"), notes=text("notes"),
                      ecommerce=ecommerce)
    complaint = Complaint(row.number, inp, text("complaint_no"), day("statement_forwarded_on"))
    return complaint, problems


def _patent_kind(text: str) -> str | None:
    text = text.strip()
    for code, label in C.PATENT_KINDS.items():
        if text in (code, label, label + "专利"):
            return code
    return None


#: Case-form field keys (``parties.0.id_number``) → referral field keys.
_PARTY_FIELDS = {"name": "name", "id_number": "id", "phone": "phone", "legal_rep": "legal_rep",
                 "party_type": "type", "address": "address", "agents": "name", "role": "name"}
_FORM_FIELDS = {"received_on": "received_on", "ecommerce.platform": "platform",
                "ecommerce.listing_links": "listing_links", "ecommerce.shop": "shop",
                "ecommerce.complaint_no": "complaint_no", "patent.number": "patent_number",
                "patent.kind": "patent_kind", "patent.application_date": "patent_number",
                "patent.grant_date": "patent_number", "handler": "handler"}


def _referral_field(problem: FieldProblem) -> str | None:
    key = problem.field
    if key in _FORM_FIELDS:
        return _FORM_FIELDS[key]
    if key == "parties":
        return "respondent_name" if "被请求人" in problem.label else "requester_name"
    match = re.fullmatch(r"parties\.(\d+)\.(\w+)", key)
    if match:
        who = "requester" if match.group(1) == "0" else "respondent"
        return f"{who}_{_PARTY_FIELDS.get(match.group(2), 'name')}"
    return None


def _column_for(key: str | None, columns: dict[str, int]) -> int | None:
    """The column of a field, or of the nearest mapped one (the party's name, the patent number)."""
    if key is None:
        return None
    if key in columns:
        return columns[key]
    for prefix, fallback in (("requester_", "requester_name"), ("agent_", "requester_name"),
                             ("respondent_", "respondent_name"), ("patent", "patent_number")):
        if key.startswith(prefix):
            return columns.get(fallback, columns.get("shop") if fallback == "respondent_name" else None)
    return None


def check_complaint(complaint: Complaint, mapping: Mapping, today: date,
                    conversion: list[CellProblem]) -> list[CellProblem]:
    """Every problem of a row: its unconvertible cells, then the case form's rules on its cells."""
    columns = {key: col for col, key in mapping.items() if key}
    problems = list(conversion)
    converted = {p.field for p in conversion}
    for problem in C.validate_case(complaint.input, today):
        key = _referral_field(problem)
        if key in converted:
            continue  # the cell could not be read at all; "不能为空" would only repeat that
        problems.append(CellProblem(complaint.row, _column_for(key, columns), key, _problem_text(problem)))
    if complaint.statement_forwarded_on and complaint.statement_forwarded_on > today:
        problems.append(CellProblem(complaint.row, columns.get("statement_forwarded_on"), "statement_forwarded_on",
                                    "平台转送声明日期晚于今天，请核对。"))
    return problems


def _problem_text(problem: FieldProblem) -> str:
    label, message = problem.label, problem.message
    return message if message.startswith(label) else f"{label}：{message}"


# -- grouping ------------------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").lower()


def group_key(inp: C.CaseInput) -> tuple[str, ...]:
    """Same rights holder, same platform and shop (or respondent), same patent: one case."""
    req = inp.parties[0]
    res = inp.parties[1]
    ec = inp.ecommerce or C.EcommerceInput()
    patent = parse_patent_number(inp.patent.number).normalized if inp.patent else ""
    return (_norm(req.name), req.id_number.strip().upper(), _norm(ec.platform), _norm(ec.shop or res.name), patent)


def plan_cases(complaints: list[Complaint]) -> tuple[list[PlannedCase], dict[int, int]]:
    """Valid complaints gathered into cases; also each row's case index."""
    cases: list[PlannedCase] = []
    index_of: dict[tuple[str, ...], int] = {}
    row_case: dict[int, int] = {}
    for complaint in complaints:
        key = group_key(complaint.input)
        at = index_of.get(key)
        if at is None:
            at = index_of[key] = len(cases)
            cases.append(PlannedCase(_copy_input(complaint.input), [], [], complaint.statement_forwarded_on))
        _add(cases[at], complaint)
        row_case[complaint.row] = at
    for case in cases:
        assert case.input.ecommerce is not None
        case.input.ecommerce.complaint_no = COMPLAINT_SEPARATOR.join(case.complaint_nos)
        case.input.ecommerce.statement_forwarded_on = case.statement_forwarded_on
    return cases, row_case


def _copy_input(inp: C.CaseInput) -> C.CaseInput:
    ec = inp.ecommerce or C.EcommerceInput()
    return replace(inp, parties=list(inp.parties), ecommerce=replace(ec, listing_links=[], complaint_no=""))


def _add(case: PlannedCase, complaint: Complaint) -> None:
    inp = complaint.input
    ec = case.input.ecommerce
    assert ec is not None
    case.rows.append(complaint.row)
    if complaint.complaint_no:
        case.complaint_nos.append(complaint.complaint_no)
    for link in (inp.ecommerce.listing_links if inp.ecommerce else []):
        if link not in ec.listing_links:
            ec.listing_links.append(link)
    if inp.received_on and case.input.received_on and inp.received_on < case.input.received_on:
        case.input.received_on = inp.received_on
    if inp.notes and inp.notes not in case.input.notes:
        case.input.notes = "；".join(n for n in (case.input.notes, inp.notes) if n)
    day = complaint.statement_forwarded_on
    if day and (case.statement_forwarded_on is None or day < case.statement_forwarded_on):
        case.statement_forwarded_on = day


def split_complaint_numbers(text: str) -> list[str]:
    """The complaint numbers stored in one case's ``complaint_no``."""
    return [part.strip() for part in text.split(COMPLAINT_SEPARATOR) if part.strip()]

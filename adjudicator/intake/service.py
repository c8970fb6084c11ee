"""Referral import (移交清单导入): preview a spreadsheet, then create its cases in one transaction.

:func:`preview_file` reads the sheet, maps its columns (as last confirmed for the same sheet layout, else remembered per source, else the presets),
converts and validates every row and plans the cases; nothing is written. :func:`import_preview`
creates the planned cases inside one write transaction through the case service's inner form
(:func:`~adjudicator.cases.service.create_case_in`): if anything fails, or the clerk cancels
(the progress callback raises), the transaction rolls back and no case, number or setting is left
behind. Complaint numbers are checked again inside the transaction, so a number another clerk
registered after the preview is refused, not imported twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.cases.service import create_cases_in
from adjudicator.progress import Progress
from adjudicator.errors import DomainError
from adjudicator.intake import mapping as M
from adjudicator.intake.referrals import (
    CellProblem,
    Complaint,
    PlannedCase,
    RowOutcome,
    check_complaint,
    plan_cases,
    read_complaint,
    split_complaint_numbers,
)
from adjudicator.intake.sheet import Sheet, read_sheet
from adjudicator.stations.registry import station as station_info
from adjudicator.store import Database
from adjudicator.store.models import Case, EcommerceDetail


class ImportRefused(DomainError):
    """A referral list that cannot be imported as it stands; nothing was created."""


@dataclass
class Preview:
    """What an import would do: the mapping, every row's outcome, the cases it would create."""

    sheet: Sheet
    source: str
    mapping: M.Mapping
    rows: list[RowOutcome]
    cases: list[PlannedCase]
    notes: list[str] = field(default_factory=list)
    #: Why nothing can be imported at all (a required column is missing), else None.
    refusal: str | None = None

    @property
    def header(self) -> list[str]:
        return self.sheet.header

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def problems(self) -> list[CellProblem]:
        return [p for r in self.rows for p in r.problems]

    def problem_at(self, row: int, column: int) -> list[CellProblem]:
        return [p for r in self.rows if r.row == row for p in r.problems if p.column == column]

    def summary(self) -> str:
        text = (f"共 {len(self.rows)} 行：有效 {self.count('valid')} 行，将登记为 {len(self.cases)} 件案件；"
                f"有问题 {self.count('invalid')} 行；重复投诉 {self.count('duplicate')} 行（跳过）。")
        return self.refusal or text

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.sheet.path, "sheet": self.sheet.sheet_name, "source": self.source,
            "header_row": self.sheet.header_row, "mapping": M.mapping_json(self.header, self.mapping),
            "notes": self.notes, "refusal": self.refusal,
            "counts": {"rows": len(self.rows), "valid": self.count("valid"), "invalid": self.count("invalid"),
                       "duplicate": self.count("duplicate"), "cases": len(self.cases)},
            "rows": [r.to_json(self.header) for r in self.rows if r.status != "valid" or r.problems],
            "cases": [c.to_json() for c in self.cases],
        }


@dataclass(frozen=True)
class ImportResult:
    """What an import created: the cases (number and id) and the rows it skipped."""

    cases: tuple[tuple[str, Any], ...]
    complaints: int
    skipped_invalid: tuple[int, ...]
    skipped_duplicate: tuple[int, ...]

    def to_json(self) -> dict[str, Any]:
        return {"created": [{"case_no": no, "id": str(cid)} for no, cid in self.cases],
                "complaints": self.complaints, "skipped_invalid_rows": list(self.skipped_invalid),
                "skipped_duplicate_rows": list(self.skipped_duplicate)}


def registered_complaints(s: Session) -> dict[str, str]:
    """Complaint numbers already registered in live cases: number → case number."""
    rows = s.execute(select(EcommerceDetail.complaint_no, Case.case_no)
                     .join(Case, Case.id == EcommerceDetail.case_id)
                     .where(EcommerceDetail.complaint_no != "", EcommerceDetail.deleted_at.is_(None),
                            Case.deleted_at.is_(None)))
    found: dict[str, str] = {}
    for numbers, case_no in rows:
        for number in split_complaint_numbers(numbers):
            found.setdefault(number, case_no)
    return found


def preview_file(db: Database, path: str | Path, *, source: str | None = None,
                 mapping: M.Mapping | None = None, today: date | None = None,
                 progress: Progress | None = None) -> Preview:
    """Read ``path`` and preview its import (SheetRefused if it is not a readable referral list)."""
    if progress is not None:
        progress(0.0, "正在读取表格…")
    sheet = read_sheet(path)
    return preview_sheet(db, sheet, source=source, mapping=mapping, today=today, progress=progress)


def preview_sheet(db: Database, sheet: Sheet, *, source: str | None = None, mapping: M.Mapping | None = None,
                  today: date | None = None, progress: Progress | None = None) -> Preview:
    """Preview a sheet already read, with ``mapping`` or the remembered/preset one.

    ``source`` None: the source this sheet's layout was last imported as, else 电商平台.
    """
    if source is not None and source not in M.SOURCES:
        raise DomainError(f"未知的案件来源“{source}”；可选：{'、'.join(f'{k}（{v}）' for k, v in M.SOURCES.items())}。")
    source = M.source_for(db, sheet.header, source)
    today = today or date.today()
    if mapping is None:
        mapping = M.mapping_for(db, source, sheet.header)
    mapping = {c: k for c, k in mapping.items() if k}
    notes = list(sheet.notes) + _column_notes(sheet.header, mapping)
    missing = [M.FIELD_BY_KEY[k].label for k in M.REQUIRED if k not in mapping.values()]
    if missing:
        refusal = (f"表格中找不到必需的列：{'、'.join(missing)}。请在“列对应”中指定哪一列是"
                   f"{missing[0]}，或检查表头是否在前几行。未导入任何案件。")
        return Preview(sheet, source, mapping, [], [], notes, refusal)
    with db.session() as s:
        known = registered_complaints(s)
    rows, complaints = _check_rows(sheet, mapping, source, today, known, progress)
    cases, row_case = plan_cases(complaints)
    for outcome in rows:
        outcome.case_index = row_case.get(outcome.row)
    if progress is not None:
        progress(1.0, f"已检查 {len(rows)} 行")
    return Preview(sheet, source, mapping, rows, cases, notes)


def _column_notes(header: list[str], mapping: M.Mapping) -> list[str]:
    unknown = [name if len(name) <= 20 else name[:20] + "…" for i, name in enumerate(header) if i not in mapping and name not in M.IGNORED_HEADINGS]
    if not unknown:
        return []
    return [f"以下列未对应任何案件字段，导入时将忽略：{'、'.join(unknown)}（可在“列对应”中指定）。"]


def _check_rows(sheet: Sheet, mapping: M.Mapping, source: str, today: date, known: dict[str, str],
                progress: Progress | None) -> tuple[list[RowOutcome], list[Complaint]]:
    rows: list[RowOutcome] = []
    valid: list[Complaint] = []
    seen: dict[str, int] = {}
    total = len(sheet.rows)
    for i, row in enumerate(sheet.rows):
        if progress is not None and i % 250 == 0:
            progress(0.1 + 0.85 * i / total, f"正在检查第 {i + 1}/{total} 行…")
        complaint, conversion = read_complaint(row, mapping, source)
        problems = check_complaint(complaint, mapping, today, conversion)
        for col, key in mapping.items():
            if (row.number, col) in sheet.formula_cells:
                problems.insert(0, CellProblem(row.number, col, key, "公式没有计算结果；请在 Excel 中打开并保存后再导入。"))
        if problems:
            rows.append(RowOutcome(row.number, "invalid", problems))
            continue
        number = complaint.complaint_no
        if number and number in known:
            rows.append(RowOutcome(row.number, "duplicate", [], f"平台投诉编号 {number} 已在案件 {known[number]} 中登记，跳过。"))
            continue
        if number and number in seen:
            rows.append(RowOutcome(row.number, "duplicate", [], f"平台投诉编号 {number} 与第 {seen[number]} 行重复，跳过。"))
            continue
        if number:
            seen[number] = row.number
        rows.append(RowOutcome(row.number, "valid"))
        valid.append(complaint)
    return rows, valid


def import_preview(db: Database, preview: Preview, *, actor: str | None = None, skip_invalid: bool = True,
                   remember: bool = True, today: date | None = None,
                   progress: Progress | None = None) -> ImportResult:
    """Create the preview's planned cases in one transaction; ImportRefused (nothing created) if it cannot.

    ``skip_invalid``: import the valid rows although some rows have problems (the clerk saw them
    in the preview); otherwise any problem refuses the whole list. Cancelling through
    ``progress`` (it raises) rolls everything back.
    """
    if preview.refusal:
        raise ImportRefused(preview.refusal)
    invalid = [r for r in preview.rows if r.status == "invalid"]
    if invalid and not skip_invalid:
        first = invalid[0].problems[0].sentence(preview.header)
        raise ImportRefused(f"有 {len(invalid)} 行存在问题（如{first}），未导入任何案件；"
                            "请改正后重新导入，或选择只导入有效的行。")
    if not preview.cases:
        raise ImportRefused("没有可导入的有效行：" + preview.summary())
    info = station_info(db)
    created: list[tuple[str, Any]] = []
    total = len(preview.cases)
    with db.write(actor, reason="referral import") as s:
        known = registered_complaints(s)
        for planned in preview.cases:
            again = [n for n in planned.complaint_nos if n in known]
            if again:
                raise ImportRefused(f"平台投诉编号 {again[0]} 在预览之后已登记为案件 {known[again[0]]}；"
                                    "请重新预览后再导入。未导入任何案件。")
        cases = create_cases_in(s, db, [planned.input for planned in preview.cases], today=today, info=info,
                                progress=progress)
        created.extend((case.case_no, case.id) for case in cases)
        if progress is not None:
            progress(1.0, f"已登记 {total} 件案件，正在保存…")
    if remember:
        M.remember_mapping(db, preview.source, preview.header, preview.mapping)
    return ImportResult(tuple(created), sum(len(c.rows) for c in preview.cases),
                        tuple(r.row for r in invalid), tuple(r.row for r in preview.rows if r.status == "duplicate"))

"""The evidence list (证据清单) of a case: case number, parties, and each side's exhibits in a table.

One table per submitting side (请求人 / 被请求人 / 本机关调查取证), columns 编号, 证据名称, 种类,
形式 (原件/复印件, 经公证, 实物), 证明目的, 质证意见 and 认定; then an annex listing every
attached file with its size and SHA-256, so a paper copy can prove which bytes were on file.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from adjudicator.cases import service as case_service
from adjudicator.cases.inputs import PARTY_ROLES
from adjudicator.documents.fonts import load_fonts, missing_glyphs
from adjudicator.documents.layout import (
    Block,
    GridTable,
    Heading,
    Para,
    Spacer,
    Title,
    format_cn_date,
    render_pdf,
)
from adjudicator.evidence.filestore import human_size
from adjudicator.evidence.service import ExhibitView, list_exhibits
from adjudicator.stations.registry import station
from adjudicator.store import Database
from adjudicator.cases.views import CaseView
from adjudicator.store.models_evidence import EXHIBIT_SIDES

TABLE_FONT_SIZE = 10.5  # 五号
ANNEX_FONT_SIZE = 9.0  # 小五
_HEADINGS = {"requester": "请求人提交的证据", "respondent": "被请求人提交的证据", "office": "本机关调查收集的证据"}
_COLUMNS = ("编号", "证据名称", "种类", "形式", "证明目的", "质证意见", "认定意见")
_WIDTHS = (1.25, 3.0, 1.5, 1.4, 3.4, 3.2, 2.7)


def _form(v: ExhibitView) -> str:
    parts = ["原件" if v.original else "复印件"]
    if v.notarised:
        parts.append("经公证")
    if v.physical:
        parts = ["实物"]
    return "\n".join(parts)


def _finding(v: ExhibitView) -> str:
    if not v.finding:
        return ""
    return f"{v.finding_label}：{v.finding_reason}" if v.finding_reason else v.finding_label


def _title_cell(v: ExhibitView) -> str:
    if v.physical or not v.files:
        return v.title
    return f"{v.title}\n（附件 {len(v.files)} 个）"


def _printable(text: str, font: str) -> str:
    """File names come from anywhere: draw a character no font has as "?" rather than refuse."""
    missing = missing_glyphs(text, font)
    return "".join("?" if c in missing else c for c in text) if missing else text


def _parties(case: CaseView) -> list[Block]:
    lines = [f"{PARTY_ROLES.get(p.role, p.role)}：{p.name}" for p in case.parties]
    blocks: list[Block] = [Para("\n".join([f"案号：{case.case_no}", *lines]), indent=False, align="left")]
    if case.patent is not None:
        blocks.append(Para(f"涉案专利：{case.patent.number}　{case.patent.title}", indent=False, align="left"))
    return blocks


def _side_table(exhibits: Sequence[ExhibitView]) -> GridTable:
    rows = [[str(v.number), _title_cell(v), v.kind_label, _form(v), v.purpose, v.cross_exam, _finding(v)]
            for v in exhibits]
    return GridTable(rows=rows, header=_COLUMNS, col_widths=_WIDTHS, font_size=TABLE_FONT_SIZE,
                     align=["center", "left", "center", "center", "left", "left", "left"])


def _annex(exhibits: Sequence[ExhibitView]) -> list[Block]:
    font = load_fonts().body.name
    rows = [[v.label, _printable(f.name, font), human_size(f.size), f.sha256]
            for v in exhibits for f in v.files]
    if not rows:
        return []
    return [Heading("附：证据文件及其 SHA-256 校验值", level=1),
            GridTable(rows=rows, header=("编号", "文件名", "大小", "SHA-256"), col_widths=(1.6, 3.0, 1.1, 4.6),
                      font_size=ANNEX_FONT_SIZE, align=["center", "left", "right", "left"])]


def evidence_list_blocks(db: Database, case_id: uuid.UUID, *, today: date | None = None) -> list[Block]:
    """The document's blocks: title, case and parties, one table per side, the file annex."""
    case = case_service.get_case(db, case_id)
    exhibits = list_exhibits(db, case_id)
    office = station(db, case.owner_station).office_name
    blocks: list[Block] = [Title(office, "证据清单"), *_parties(case), Spacer(1)]
    if not exhibits:
        blocks.append(Para("本案尚无登记的证据。"))
    for n, side in enumerate(s for s in EXHIBIT_SIDES if any(v.side == s for v in exhibits)):
        heading = f"{'一二三'[n]}、{_HEADINGS[side]}"
        blocks += [*([Spacer(1)] if n else []), Heading(heading, level=1),
                   _side_table([v for v in exhibits if v.side == side])]
    annex = _annex(exhibits)
    blocks += [Spacer(1), *annex] if annex else []
    blocks += [Spacer(1), Para(f"共 {len(exhibits)} 件证据。制表日期：{format_cn_date(today or date.today())}",
                               indent=False, align="right")]
    return blocks


def render_evidence_list(db: Database, case_id: uuid.UUID, *, today: date | None = None,
                         created: datetime | None = None) -> bytes:
    """The evidence list of a case as a PDF (fonts embedded)."""
    blocks = evidence_list_blocks(db, case_id, today=today)
    case_no = case_service.get_case(db, case_id).case_no
    return render_pdf(blocks, title=f"证据清单 {case_no}", subject="证据清单", created=created)

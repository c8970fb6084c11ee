"""Referral import: realistic lists in, the right cases out, and nothing at all when refused or cancelled."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from adjudicator.cases.service import find_case, list_cases
from adjudicator.cli import main as cli_main
from adjudicator.errors import DomainError
from adjudicator.intake import mapping as M
from adjudicator.intake.service import ImportRefused, import_preview, preview_file
from adjudicator.intake.sheet import MAX_ROWS, SheetRefused, read_sheet
from adjudicator.store import Database
from adjudicator.store.base import Base
from tests.core.referral_sheets import LEGAL_AID_HEADER, good_row, patent_number, write_csv, write_xlsx

TODAY = date(2026, 12, 3)


def dump(db: Database) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Every row of every table, as text, in a stable order: equal dumps mean an unchanged database."""
    out = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out.append((table.name, sorted(tuple(str(v) for v in row) for row in rows)))
    return out


def problems_by_cell(preview: Any) -> dict[tuple[int, str | None], str]:
    return {(p.row, p.to_json()["column"]): p.message for p in preview.problems}


def test_correct_rows_become_cases_with_their_data(any_db: Database, tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(5)]
    path = write_xlsx(tmp_path / "list.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(any_db, path, source="legal_aid", today=TODAY)
    assert preview.refusal is None and preview.problems == []
    assert (preview.count("valid"), len(preview.cases)) == (5, 5)
    result = import_preview(any_db, preview, today=TODAY)
    assert [no for no, _ in result.cases] == [f"呼新市监专裁字〔2026〕{n}号" for n in range(1, 6)]
    case = find_case(any_db, result.cases[2][0])
    assert case.kind == "ecommerce" and case.source == "legal_aid" and case.status == "received"
    assert case.received_on == rows[2][2]
    requester = next(p for p in case.parties if p.role == "requester")
    respondent = next(p for p in case.parties if p.role == "respondent")
    assert (requester.name, requester.id_number, requester.legal_rep, requester.party_type) == \
        (rows[2][6], rows[2][7], rows[2][8], "organisation")
    assert respondent.name == rows[2][9]
    assert case.patent is not None and case.patent.number == rows[2][10] and case.patent.title == rows[2][11]
    assert case.ecommerce is not None
    assert (case.ecommerce.platform, case.ecommerce.shop, case.ecommerce.listing_links, case.ecommerce.complaint_no) \
        == (rows[2][3], rows[2][4], (rows[2][5],), rows[2][1])
    assert M.remembered(any_db, "legal_aid")[M.normalize_heading("被投诉链接")] == "listing_links"


def test_each_kind_of_bad_cell_is_named_on_its_cell(station_db: Database, tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(10)]
    good_patent = rows[0][10]
    wrong_check = "0" if good_patent[-1] != "0" else "1"
    rows[0][10] = good_patent[:-1] + wrong_check                   # K2: patent check character
    rows[1][7] = rows[1][7][:-1] + ("0" if rows[1][7][-1] != "0" else "1")  # H3: credit code check
    rows[2][2] = "2026年13月5日"                                   # C4: no such date
    rows[3][2] = date(2027, 1, 5)                                  # C5: after today
    rows[4][6] = ""                                                # G6: requester missing
    rows[5][5] = "item.taobao.com/item.htm?id=1"                   # F7: not a link
    rows[6][8] = ""                                                # I8: organisation without legal rep
    rows[7][3] = None                                              # D9: platform missing
    rows[8][10] = "ZL2019"                                         # K10: malformed patent number
    path = write_xlsx(tmp_path / "bad.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    cells = problems_by_cell(preview)
    expected_cells = {(2, "K"), (3, "H"), (4, "C"), (5, "C"), (6, "G"), (7, "F"), (8, "I"), (9, "D"), (10, "K")}
    assert set(cells) == expected_cells
    assert "校验位" in cells[(2, "K")] and "校验位" in cells[(3, "H")]
    assert "不是有效日期" in cells[(4, "C")] and "晚于今天" in cells[(5, "C")]
    assert "法定代表人" in cells[(8, "I")] and "http" in cells[(7, "F")]
    assert (preview.count("valid"), preview.count("invalid")) == (1, 9)
    sentence = preview.rows[0].problems[0].sentence(preview.header)
    assert sentence.startswith("第 2 行 K 列（专利号）：")


def test_dates_as_excel_dates_serial_numbers_and_text(station_db: Database, tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(5)]
    rows[0][2] = datetime(2026, 10, 9, 0, 0)
    rows[1][2] = 46304            # Excel serial number of 2026-10-09
    rows[2][2] = "2026/10/9"
    rows[3][2] = "2026年10月9日"
    rows[4][2] = "20261009"
    path = write_xlsx(tmp_path / "dates.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    assert preview.problems == []
    assert {case.input.received_on for case in preview.cases} == {date(2026, 10, 9)}


def test_formulas_take_cached_values_or_are_refused_on_their_cell(station_db: Database, tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(2)]
    rows[1][11] = '=CONCATENATE("一种","保温杯盖")'  # written by openpyxl: no cached result
    path = write_xlsx(tmp_path / "formula.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    assert any("公式" in note for note in preview.notes)
    assert "公式没有计算结果" in problems_by_cell(preview)[(3, "L")]


def test_repeated_complaint_numbers_are_skipped_with_a_note(any_db: Database, tmp_path: Path) -> None:
    first = write_xlsx(tmp_path / "first.xlsx", LEGAL_AID_HEADER, [good_row(i) for i in range(3)])
    import_preview(any_db, preview_file(any_db, first, source="legal_aid", today=TODAY), today=TODAY)
    rows = [good_row(i) for i in range(2, 6)] + [good_row(9, complaint_no="WQ2026-00005")]
    second = write_xlsx(tmp_path / "second.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(any_db, second, source="legal_aid", today=TODAY)
    notes = {r.row: r.note for r in preview.rows if r.status == "duplicate"}
    assert notes == {2: "平台投诉编号 WQ2026-00003 已在案件 呼新市监专裁字〔2026〕3号 中登记，跳过。",
                     6: "平台投诉编号 WQ2026-00005 与第 4 行重复，跳过。"}
    result = import_preview(any_db, preview, today=TODAY)
    assert len(result.cases) == 3 and result.skipped_duplicate == (2, 6)
    assert len(list_cases(any_db)) == 6


def test_complaints_by_one_holder_against_one_shop_and_patent_become_one_case(any_db: Database,
                                                                               tmp_path: Path) -> None:
    rows = [good_row(i, requester=1, shop=2, patent=7) for i in range(3)] + [good_row(3, requester=1, shop=2, patent=8)]
    path = write_xlsx(tmp_path / "group.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(any_db, path, source="legal_aid", today=TODAY)
    assert [c.rows for c in preview.cases] == [[2, 3, 4], [5]]
    result = import_preview(any_db, preview, today=TODAY)
    case = find_case(any_db, result.cases[0][0])
    assert case.ecommerce is not None
    assert case.ecommerce.listing_links == tuple(r[5] for r in rows[:3])
    assert case.ecommerce.complaint_no == "、".join(r[1] for r in rows[:3])
    assert case.received_on == min(r[2] for r in rows[:3])
    again = preview_file(any_db, path, source="legal_aid", today=TODAY)
    assert again.count("duplicate") == 4 and again.cases == []


def test_gb18030_and_utf8_bom_csv(station_db: Database, tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(4)]
    for encoding, label in (("gb18030", "GB18030"), ("utf-8-sig", "UTF-8（带 BOM）"), ("utf-8", "UTF-8")):
        path = write_csv(tmp_path / f"{encoding}.csv", LEGAL_AID_HEADER, rows, encoding)
        preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
        assert preview.problems == [] and len(preview.cases) == 4, encoding
        assert f"按 {label} 编码读取。" in preview.notes
        assert preview.cases[0].input.parties[0].name == "内蒙古草原星光科技有限公司"


def test_merged_title_and_two_row_header(station_db: Database, tmp_path: Path) -> None:
    header = ["序号", "投诉编号", "移交日期", "电商平台", "店铺名称", "被投诉链接", "权利人", "", "", "被投诉人", "专利号", "专利名称", "备注"]
    sub = ["", "", "", "", "", "", "名称", "统一社会信用代码", "法定代表人", "", "", "", ""]
    rows = [good_row(i) for i in range(3)]
    path = write_xlsx(tmp_path / "merged.xlsx", header, rows, title="2026年10月维权援助平台移交电商专利侵权投诉清单",
                      merged_groups=[(7, 9, "权利人")], subheader=sub)
    sheet = read_sheet(path)
    assert sheet.header[6:9] == ["权利人名称", "权利人统一社会信用代码", "权利人法定代表人"]
    assert sheet.header_row == 3 and [r.number for r in sheet.rows] == [4, 5, 6]
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    assert preview.problems == [] and len(preview.cases) == 3
    assert preview.cases[0].input.parties[0].legal_rep == rows[0][8]


def test_two_row_header_with_cells_merged_down_and_across(station_db: Database, tmp_path: Path) -> None:
    """As platforms export it: single headings merged down over both header rows, two groups merged across."""
    import openpyxl

    top = ["序号", "投诉编号", "移交日期", "电商平台", "店铺名称", "被投诉链接", "权利人", None, None, "被投诉人", None,
           "专利号", "专利名称"]
    sub = [None] * 6 + ["名称", "统一社会信用代码", "法定代表人", "名称", "统一社会信用代码", None, None]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["移交清单"])
    ws.merge_cells("A1:M1")
    ws.append(top)
    ws.append(sub)
    for col in [1, 2, 3, 4, 5, 6, 12, 13]:
        ws.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    ws.merge_cells("G2:I2")
    ws.merge_cells("J2:K2")
    rows = [good_row(i) for i in range(3)]
    for r in rows:  # the respondent's credit code column left empty, as platforms often do
        ws.append([*r[:10], "", r[10], r[11]])
    path = tmp_path / "merged-down.xlsx"
    book.save(path)
    sheet = read_sheet(path)
    assert sheet.header[1] == "投诉编号" and sheet.header[11] == "专利号"
    assert sheet.header[6:11] == ["权利人名称", "权利人统一社会信用代码", "权利人法定代表人", "被投诉人名称",
                                  "被投诉人统一社会信用代码"]
    assert sheet.header_row == 3 and [r.number for r in sheet.rows] == [4, 5, 6]
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    assert preview.problems == [] and len(preview.cases) == 3
    assert {preview.mapping[c] for c in range(6, 12)} == {
        "requester_name", "requester_id", "requester_legal_rep", "respondent_name", "respondent_id", "patent_number"}
    assert preview.cases[0].input.parties[0].name == rows[0][6]


def test_two_thousand_rows(station_db: Database, tmp_path: Path) -> None:
    rows = [good_row(i, complaint_no=f"TM2026{i:06d}") for i in range(2000)]
    path = write_xlsx(tmp_path / "big.xlsx", LEGAL_AID_HEADER, rows)
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    assert preview.count("valid") == 2000 and preview.problems == []
    result = import_preview(station_db, preview, today=TODAY)
    assert result.complaints == 2000
    assert len(list_cases(station_db)) == len(preview.cases) == len(result.cases)


@pytest.mark.parametrize("name, content, words", [
    ("notes.xlsx", b"PK\x03\x04 this is no workbook", "不是有效的 Excel 工作簿"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Excel"),
    ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "不是电子表格"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是电子表格"),
    ("empty.csv", b"", "空文件"),
    ("blank.csv", b"\r\n,,,\r\n\r\n", "空表格"),
    ("header-only.csv", "投诉编号,专利号,电商平台\r\n".encode(), "只有表头"),
])
def test_files_that_are_no_referral_list_are_refused_in_one_sentence(tmp_path: Path, name: str, content: bytes,
                                                                      words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SheetRefused) as refused:
        read_sheet(path)
    assert words in str(refused.value)


def test_empty_workbook_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", [], [])
    with pytest.raises(SheetRefused, match="空表格"):
        read_sheet(path)


def test_unknown_columns_are_noted_and_missing_required_ones_refuse(station_db: Database, tmp_path: Path) -> None:
    header = [*LEGAL_AID_HEADER, "客服备注", "处理进度"]
    rows = [[*good_row(i), "已联系", "待处理"] for i in range(2)]
    preview = preview_file(station_db, write_xlsx(tmp_path / "extra.xlsx", header, rows), source="legal_aid",
                           today=TODAY)
    assert "以下列未对应任何案件字段，导入时将忽略：客服备注、处理进度（可在“列对应”中指定）。" in preview.notes
    assert len(preview.cases) == 2
    header = ["工单", "品牌方", "商品", "门店"]
    path = write_csv(tmp_path / "unknown.csv", header, [["A1", "某公司", "https://a.cn/1", "某店"]])
    preview = preview_file(station_db, path, today=TODAY)
    assert preview.refusal is not None and "收到请求日期、电商平台、请求人名称、专利号" in preview.refusal
    before = dump(station_db)
    with pytest.raises(ImportRefused):
        import_preview(station_db, preview, today=TODAY)
    assert dump(station_db) == before


def test_a_mapping_given_by_the_clerk_is_remembered_for_the_source(station_db: Database, tmp_path: Path) -> None:
    header = ["工单编号", "来件日期", "平台", "店铺", "链接", "品牌方", "品牌方代码", "品牌方负责人", "卖家", "涉案专利号"]
    rows = [[r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]] for r in (good_row(i) for i in range(3))]
    path = write_xlsx(tmp_path / "platform.xlsx", header, rows)
    guessed = M.guess_mapping(header, M.remembered(station_db, "platform"))
    override = M.parse_mapping_text(header, ["工单编号=complaint_no", "来件日期=received_on", "品牌方=请求人名称",
                                             "品牌方代码=requester_id", "品牌方负责人=requester_legal_rep"])
    preview = preview_file(station_db, path, mapping=M.merge_mapping(guessed, override), today=TODAY)
    assert preview.problems == [] and len(preview.cases) == 3
    import_preview(station_db, preview, today=TODAY)
    assert M.guess_mapping(header, M.remembered(station_db, "platform")) == preview.mapping
    assert M.guess_mapping(header, M.remembered(station_db, "legal_aid")) != preview.mapping
    with pytest.raises(DomainError, match="没有“客户”这一列"):
        M.parse_mapping_text(header, ["客户=requester_name"])


def test_a_referring_bodys_layout_brings_back_its_mapping_and_source(station_db: Database, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Each referring body's sheet layout (its headings) keeps its own mapping and source; a new layout does not."""
    header = ["工单编号", "来件日期", "平台", "店铺", "链接", "品牌方", "品牌方代码", "品牌方负责人", "卖家", "涉案专利号",
              "专利名称"]

    def sheet(name: str, first: int, extra: list[str] = ()) -> Path:  # type: ignore[assignment]
        rows = [[*good_row(i, complaint_no=f"GD2026{i:05d}")[1:12], *(["0471-6612345"] if extra else [])]
                for i in range(first, first + 3)]
        return write_xlsx(tmp_path / name, [*header, *extra], rows)

    first = sheet("desk-1.xlsx", 0)
    override = M.parse_mapping_text(header, ["工单编号=complaint_no", "来件日期=received_on", "品牌方=请求人名称",
                                             "品牌方代码=requester_id", "品牌方负责人=requester_legal_rep", "专利名称=-"])
    chosen = M.merge_mapping(M.mapping_for(station_db, "legal_aid", header), override)
    preview = preview_file(station_db, first, source="legal_aid", mapping=chosen, today=TODAY)
    assert preview.problems == [] and 10 not in preview.mapping
    import_preview(station_db, preview, today=TODAY)

    again = preview_file(station_db, sheet("desk-2.xlsx", 3), today=TODAY)  # the same desk's next list
    assert again.source == "legal_aid" and again.mapping == preview.mapping
    assert 10 not in again.mapping  # set aside by the clerk, though 专利名称 is a preset heading
    url = str(station_db.url)
    assert cli_main(["intake", str(tmp_path / "desk-2.xlsx"), "--db", url, "--dry-run", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["source"] == "legal_aid" and payload["counts"]["invalid"] == 0
    assert {m["column"]: m["field"] for m in payload["mapping"] if m["field"]} == again.mapping

    other = sheet("other-desk.xlsx", 6, ["联系电话"])  # another body's layout: the source's headings, then presets
    fresh = preview_file(station_db, other, source="legal_aid", today=TODAY)
    assert fresh.mapping[0] == "complaint_no" and fresh.mapping[5] == "requester_name"
    assert fresh.mapping[10] == "patent_title" and fresh.mapping[11] == "requester_phone"
    assert preview_file(station_db, other, today=TODAY).source == "platform"
    assert 0 not in M.mapping_for(station_db, "platform", [*header, "联系电话"])


def test_a_list_with_problems_is_refused_whole_unless_invalid_rows_are_skipped(any_db: Database,
                                                                              tmp_path: Path) -> None:
    rows = [good_row(i) for i in range(4)]
    rows[2][10] = patent_number(2020, 2, 5)[:-1] + "X"
    preview = preview_file(any_db, write_xlsx(tmp_path / "l.xlsx", LEGAL_AID_HEADER, rows), source="legal_aid",
                           today=TODAY)
    before = dump(any_db)
    with pytest.raises(ImportRefused, match="有 1 行存在问题"):
        import_preview(any_db, preview, skip_invalid=False, today=TODAY)
    assert dump(any_db) == before
    result = import_preview(any_db, preview, skip_invalid=True, today=TODAY)
    assert len(result.cases) == 3 and result.skipped_invalid == (4,)


def test_a_cancelled_import_leaves_the_database_unchanged(any_db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", LEGAL_AID_HEADER, [good_row(i) for i in range(120)])
    preview = preview_file(any_db, path, source="legal_aid", today=TODAY)
    before = dump(any_db)

    class Cancelled(Exception):
        pass

    def cancel_midway(fraction: float, message: str) -> None:
        if fraction > 0.5:
            raise Cancelled()

    with pytest.raises(Cancelled):
        import_preview(any_db, preview, today=TODAY, progress=cancel_midway)
    assert dump(any_db) == before


def test_complaint_numbers_registered_after_the_preview_refuse_the_import(station_db: Database,
                                                                          tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", LEGAL_AID_HEADER, [good_row(i) for i in range(3)])
    preview = preview_file(station_db, path, source="legal_aid", today=TODAY)
    other = preview_file(station_db, write_xlsx(tmp_path / "o.xlsx", LEGAL_AID_HEADER, [good_row(1)]),
                         source="legal_aid", today=TODAY)
    import_preview(station_db, other, today=TODAY)
    before = dump(station_db)
    with pytest.raises(ImportRefused, match="WQ2026-00002 在预览之后已登记"):
        import_preview(station_db, preview, today=TODAY)
    assert dump(station_db) == before


def test_a_hundred_thousand_row_sheet_is_refused_promptly(station_db: Database, tmp_path: Path) -> None:
    row = ",".join(str(v) for v in good_row(0)[1:])
    path = tmp_path / "huge.csv"
    path.write_text(",".join(LEGAL_AID_HEADER[1:]) + "\n" + (row + "\n") * 100_000, encoding="utf-8")
    before = dump(station_db)
    with pytest.raises(SheetRefused, match=f"超过一次导入的上限 {MAX_ROWS:,} 行"):
        preview_file(station_db, path, today=TODAY)
    assert dump(station_db) == before


def test_command_line_previews_refuses_and_imports(station_db: Database, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    rows = [good_row(i) for i in range(4)]
    rows[1][2] = "2026-02-30"
    path = write_csv(tmp_path / "list.csv", LEGAL_AID_HEADER, rows, "gb18030")
    url = str(station_db.url)
    before = dump(station_db)
    assert cli_main(["intake", str(path), "--db", url, "--source", "legal_aid"]) == 1
    out, err = capsys.readouterr()
    assert "第 3 行 C 列（移交日期）" in out and "未导入任何案件" in err
    assert cli_main(["intake", str(path), "--db", url, "--dry-run", "--skip-invalid", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"] == {"rows": 4, "valid": 3, "invalid": 1, "duplicate": 0, "cases": 3}
    assert payload["rows"][0]["problems"][0]["column"] == "C" and payload["imported"] is None
    assert dump(station_db) == before
    assert cli_main(["intake", str(path), "--db", url, "--skip-invalid", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [c["case_no"] for c in payload["imported"]["created"]] == [f"呼新市监专裁字〔2026〕{n}号" for n in (1, 2, 3)]
    assert cli_main(["intake", str(tmp_path / "missing.xlsx"), "--db", url]) == 1
    assert "找不到文件" in capsys.readouterr().err


def test_cases_created_in_bulk_are_stored_as_the_case_form_stores_them(any_db: Database) -> None:
    from adjudicator.cases.service import create_case, create_cases_in
    from adjudicator.cli.cmd_case import case_json
    from adjudicator.history.trail import case_history
    from tests.core.factories import case_input

    single = create_case(any_db, case_input(), today=TODAY)
    with any_db.write() as s:
        [bulk] = create_cases_in(s, any_db, [case_input()], today=TODAY)
    stored = find_case(any_db, bulk.case_no)

    def comparable(case: Any) -> dict[str, Any]:
        data = case_json(case)
        for key in ("id", "case_no", "created_at", "updated_at"):
            data.pop(key, None)
        return data

    assert comparable(stored) == comparable(single)
    assert stored.version == single.version == 1
    assert [p.version for p in stored.parties] == [1, 1]
    assert stored.ecommerce is not None and stored.ecommerce.listing_links == single.ecommerce.listing_links  # type: ignore[union-attr]
    shape = [(line.action, line.record.split("“")[0]) for line in case_history(any_db, single.id)]
    assert [(line.action, line.record.split("“")[0]) for line in case_history(any_db, stored.id)] == shape
    assert {r["case_no"] for r in list_cases(any_db)} == {single.case_no, stored.case_no}


def test_an_example_list_for_a_trial_gives_every_kind_of_outcome(station_db: Database, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "试用清单.xlsx"
    url = str(station_db.url)
    assert cli_main(["intake-example", "-o", str(path), "--rows", "50", "--db", url]) == 0
    assert cli_main(["intake-example", "-o", str(path), "--db", url]) == 1
    capsys.readouterr()
    assert cli_main(["intake", str(path), "--db", url, "--source", "legal_aid", "--skip-invalid", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    counts = payload["counts"]
    assert (counts["rows"], counts["invalid"], counts["duplicate"]) == (50, 5, 2)
    assert counts["cases"] < counts["valid"]  # some complaints were gathered into one case
    assert len(payload["imported"]["created"]) == counts["cases"] == len(list_cases(station_db))

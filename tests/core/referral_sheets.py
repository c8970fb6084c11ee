"""Realistic referral lists (移交清单) built in the tests: xlsx and CSV, good rows and bad cells.

Numbers carry correct check characters (computed with the identifiers module's own functions),
so a row is invalid only where a test makes it so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from adjudicator.cases.identifiers import credit_code_check_character, patent_check_character

#: The legal-aid platform's usual headings (维权援助平台 export).
LEGAL_AID_HEADER = ["序号", "投诉编号", "移交日期", "电商平台", "店铺名称", "被投诉链接", "权利人", "权利人统一社会信用代码",
                    "法定代表人", "被投诉人", "专利号", "专利名称", "备注"]

REQUESTERS = [
    ("内蒙古草原星光科技有限公司", "王刚"),
    ("呼和浩特市青城智能家居有限公司", "刘芳"),
    ("包头市鹿城精密机械有限公司", "张伟"),
    ("鄂尔多斯市蒙源日用品有限公司", "李娜"),
]
SHOPS = [("淘宝", "小明数码专营店", "义乌市小明电子商务商行"), ("天猫", "优品家居旗舰店", "杭州优品家居用品有限公司"),
         ("京东", "极速五金自营店", "深圳市极速五金制品有限公司"), ("拼多多", "好物百货店", "临沂市好物百货经营部"),
         ("抖音电商", "潮玩生活馆", "广州潮玩生活贸易有限公司")]
TITLES = ["一种便携式手机支架", "一种折叠收纳盒", "一种多功能扳手", "一种保温杯盖", "一种儿童安全座椅连接装置"]


def credit_code(serial: int) -> str:
    first17 = f"91150102MA{serial:07d}"
    return first17 + credit_code_check_character(first17)


def patent_number(year: int, kind: int, serial: int) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"ZL{digits}.{patent_check_character(digits)}"


def good_row(i: int, *, requester: int | None = None, shop: int | None = None, patent: int | None = None,
             complaint_no: str | None = None, received: Any = None) -> list[Any]:
    """One valid complaint row in :data:`LEGAL_AID_HEADER` order."""
    r = REQUESTERS[(i if requester is None else requester) % len(REQUESTERS)]
    r_index = REQUESTERS.index(r)
    platform, shop_name, operator = SHOPS[(i if shop is None else shop) % len(SHOPS)]
    p = i if patent is None else patent
    number = patent_number(2019 + p % 5, 2, 1000 + p)
    link = f"https://item.example-mall.cn/{platform}/item/{600000000 + i}"
    return [i + 1, complaint_no or f"WQ2026-{i + 1:05d}", received or date(2026, 10, 1 + i % 28), platform, shop_name,
            link, r[0], credit_code(100 + r_index), r[1], operator, number, TITLES[p % len(TITLES)], ""]


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *, title: str | None = None,
               merged_groups: list[tuple[int, int, str]] | None = None, subheader: list[str] | None = None) -> Path:
    """An xlsx workbook: optional merged title row, optional two-row header with merged groups."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "移交清单"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    top = ws.max_row + 1 if title else 1
    ws.append(header)
    if subheader is not None:
        ws.append(subheader)
        for first, last, _name in merged_groups or []:
            ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def write_csv(path: Path, header: list[str], rows: list[list[Any]], encoding: str = "utf-8") -> Path:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in row])
    path.write_bytes(out.getvalue().encode(encoding))
    return path

"""A synthetic referral list (移交清单) as the legal-aid platform exports it: for trials and benchmarks.

Rows carry real-looking rights holders, shops on the usual platforms, listing links and patent
numbers and credit codes with correct check characters; a few complaints repeat the same
holder, shop and patent (they become one case with several listings). ``bad`` rows get one
wrong cell each (a patent check character, a date, a missing holder) and ``duplicates`` rows
repeat an earlier complaint number, so a trial shows every kind of outcome.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from adjudicator.cases.identifiers import credit_code_check_character, patent_check_character

HEADER = ["序号", "投诉编号", "移交日期", "电商平台", "店铺名称", "被投诉链接", "权利人", "权利人统一社会信用代码",
          "法定代表人", "被投诉人", "专利号", "专利名称", "备注"]
_HOLDERS = [("内蒙古草原星光科技有限公司", "王刚"), ("呼和浩特市青城智能家居有限公司", "刘芳"),
            ("包头市鹿城精密机械有限公司", "张伟"), ("鄂尔多斯市蒙源日用品有限公司", "李娜"),
            ("赤峰市红山电器有限公司", "赵强"), ("通辽市科尔沁户外用品有限公司", "孙丽")]
_SHOPS = [("淘宝", "小明数码专营店", "义乌市小明电子商务商行", "https://item.taobao.com/item.htm?id="),
          ("天猫", "优品家居旗舰店", "杭州优品家居用品有限公司", "https://detail.tmall.com/item.htm?id="),
          ("京东", "极速五金自营店", "深圳市极速五金制品有限公司", "https://item.jd.com/"),
          ("拼多多", "好物百货店", "临沂市好物百货经营部", "https://mobile.yangkeduo.com/goods.html?goods_id="),
          ("抖音电商", "潮玩生活馆", "广州潮玩生活贸易有限公司", "https://haohuo.jinritemai.com/views/product/item?id=")]
_TITLES = ["一种便携式手机支架", "一种折叠收纳盒", "一种多功能扳手", "一种保温杯盖", "一种儿童安全座椅连接装置",
           "一种可调节台灯支架", "一种防滑拖鞋", "一种宠物饮水器"]


def _credit_code(serial: int) -> str:
    first17 = f"91150102MA{serial:07d}"
    return first17 + credit_code_check_character(first17)


def _patent(year: int, kind: int, serial: int) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"ZL{digits}.{patent_check_character(digits)}"


def referral_rows(n: int, *, seed: int = 1, bad: int = 0, duplicates: int = 0,
                  first_day: date = date(2026, 10, 8)) -> list[list[Any]]:
    """``n`` complaint rows in :data:`HEADER` order; ``bad`` invalid ones and ``duplicates`` repeats among them."""
    rng = random.Random(seed)
    rows: list[list[Any]] = []
    for i in range(n):
        holder = rng.randrange(len(_HOLDERS))
        platform, shop, operator, url = _SHOPS[rng.randrange(len(_SHOPS))]
        patent = rng.randrange(40)
        # Every fifth complaint repeats the previous one's holder, shop and patent: one case, more listings.
        if rows and i % 5 == 4:
            prev = rows[-1]
            holder = next(h for h, x in enumerate(_HOLDERS) if x[0] == prev[6])
            platform, shop, operator, url = next(s for s in _SHOPS if s[1] == prev[4])
            patent = int(prev[10][7:14]) - 1000
        name, rep = _HOLDERS[holder]
        rows.append([i + 1, f"WQ{first_day.year}-{i + 1:06d}", first_day + timedelta(days=rng.randrange(40)), platform,
                     shop, f"{url}{700000000000 + i}", name, _credit_code(100 + holder), rep, operator,
                     _patent(2018 + patent % 6, 2 + patent % 2, 1000 + patent), _TITLES[patent % len(_TITLES)], ""])
    for j in range(min(bad, n)):
        row = rows[(j * 7 + 3) % n]
        kind = j % 3
        if kind == 0:
            number = row[10]
            row[10] = number[:-1] + ("0" if number[-1] != "0" else "1")
        elif kind == 1:
            row[2] = f"{first_day.year}-13-{1 + j % 28:02d}"
        else:
            row[6] = ""
    for j in range(min(duplicates, n - 1)):
        rows[n - 1 - j][1] = rows[j][1]
    return rows


def write_referral_xlsx(path: str | Path, rows: list[list[Any]], *, title: str | None = None) -> Path:
    """The rows as an xlsx workbook with the platform's headings (and an optional merged title row)."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("移交清单")
    if title:
        ws.append([title])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    book.save(path)
    return Path(path)

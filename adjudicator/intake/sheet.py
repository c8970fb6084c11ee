"""Reading a referral spreadsheet (移交清单): an xlsx workbook's first sheet or a CSV file.

The result is a :class:`Sheet`: the header (one name per column) and the data rows with their
spreadsheet row numbers, so every later message can point at a cell (``第 7 行 C 列``).

What real referral lists contain, and what is done about it:

* a title row merged across the table, and two-row headers whose upper cells are merged over
  their sub-headings (``请求人`` over ``名称 | 统一社会信用代码``): rows with a single value above
  the header are skipped; a group heading is carried right over the empty cells its merge
  covered and joined to the sub-heading below (``请求人名称``);
* formulas: their cached results are taken, with a note; a formula without a cached result
  (a file written by a program that never calculated it) is a problem on its cell;
* dates as Excel dates, as serial numbers or as text (converted later, per field);
* CSV in UTF-8 with or without BOM, or GB18030 (what Excel writes on a Chinese Windows);
* a file that is not a spreadsheet, an old binary ``.xls``, an empty sheet: one sentence;
* more than :data:`MAX_ROWS` data rows: refused after reading at most that many rows, so a
  100,000-row sheet is a prompt refusal, never a hang.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from adjudicator.errors import DomainError

#: Most data rows one import takes; a larger list is refused (split it into several files).
MAX_ROWS = 10_000
MAX_COLUMNS = 80
#: Largest file read at all (a referral list of 10,000 rows is a few megabytes).
MAX_BYTES = 64 * 1024 * 1024
#: Rows searched for the header (title rows and notes may come first).
HEADER_SEARCH_ROWS = 12
#: Consecutive empty rows after which the table is taken to have ended (formatted empty rows).
EMPTY_RUN_END = 500

CellValue = str | int | float | date | datetime | None


class SheetRefused(DomainError):
    """A file that cannot be read as a referral list; nothing was imported."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: its number in the spreadsheet (1-based) and its cells, one per header column."""

    number: int
    cells: tuple[CellValue, ...]


@dataclass
class Sheet:
    """A referral list as read: file name, sheet name, header, data rows and notes on the reading."""

    path: str
    sheet_name: str
    header: list[str]
    header_row: int
    rows: list[SheetRow]
    notes: list[str] = field(default_factory=list)
    #: Cells holding a formula without a cached value: ``(row number, column index)``.
    formula_cells: set[tuple[int, int]] = field(default_factory=set)


def column_letter(index: int) -> str:
    """The spreadsheet's letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_sheet(path: str | Path) -> Sheet:
    """The referral list in ``path`` (xlsx or CSV); SheetRefused with one sentence if it is none."""
    path = Path(path)
    if not path.exists() or not path.is_file():
        raise SheetRefused(f"找不到文件“{path}”。")
    size = path.stat().st_size
    if size == 0:
        raise SheetRefused(f"文件“{path.name}”是空文件，没有可导入的内容。")
    if size > MAX_BYTES:
        raise SheetRefused(f"文件“{path.name}”有 {size // (1024 * 1024)} MB，超过导入上限 "
                           f"{MAX_BYTES // (1024 * 1024)} MB；请拆分后分批导入。")
    with open(path, "rb") as fh:
        magic = fh.read(8)
    suffix = path.suffix.lower()
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetRefused(f"“{path.name}”是旧版 Excel（.xls）文件；请在 Excel 中另存为 .xlsx 或 CSV 后再导入。")
    if magic.startswith(b"PK"):
        return _read_xlsx(path)
    if suffix in (".xlsx", ".xlsm"):
        raise SheetRefused(f"“{path.name}”不是有效的 Excel 工作簿（文件已损坏或并非 xlsx 格式）。")
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path)
    raise SheetRefused(f"“{path.name}”不是电子表格；请选择 .xlsx 或 .csv 文件。")


# -- xlsx ---------------------------------------------------------------------------------------------

def _read_xlsx(path: Path) -> Sheet:
    import openpyxl  # type: ignore[import-untyped]  # on use: the command line and window start without it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SheetRefused(f"“{path.name}”不是有效的 Excel 工作簿，无法读取（{type(exc).__name__}）。") from None
    try:
        ws = book.worksheets[0] if book.worksheets else None
        if ws is None:
            raise SheetRefused(f"“{path.name}”中没有工作表。")
        raw, formulas = _xlsx_rows(ws, path.name)
        sheet_name = ws.title
    finally:
        book.close()
    notes: list[str] = []
    missing: set[tuple[int, int]] = set()
    if formulas:
        cached = _cached_values(path, formulas)
        for (row_no, col), value in cached.items():
            row = raw[row_no]
            row[col] = value
            if value is None:
                missing.add((row_no, col))
        notes.append(f"表格中有 {len(formulas)} 个公式单元格，已采用其计算结果"
                     + (f"；其中 {len(missing)} 个没有计算结果，请在 Excel 中打开并保存后再导入。" if missing else "。"))
    sheet = _table(path, sheet_name, raw, notes)
    sheet.formula_cells = {(r, c) for r, c in missing if r > sheet.header_row}
    return sheet


def _xlsx_rows(ws: Any, name: str) -> tuple[dict[int, list[CellValue]], list[tuple[int, int]]]:
    """Rows by spreadsheet number, and the cells holding formulas; refused past :data:`MAX_ROWS`."""
    rows: dict[int, list[CellValue]] = {}
    formulas: list[tuple[int, int]] = []
    empty_run = 0
    data_rows = 0
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
        cells = list(values)
        if all(_blank(v) for v in cells):
            empty_run += 1
            if empty_run >= EMPTY_RUN_END:
                break
            continue
        empty_run = 0
        data_rows += 1
        if data_rows > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many(name, ws.max_row)
        for col, value in enumerate(cells):
            if isinstance(value, str) and value.startswith("="):
                formulas.append((number, col))
            elif isinstance(value, time):
                cells[col] = value.isoformat()
        rows[number] = cells
    return rows, formulas


def _too_many(name: str, max_row: int | None) -> SheetRefused:
    total = f"约 {max_row:,} 行" if max_row else f"超过 {MAX_ROWS:,} 行"
    return SheetRefused(f"“{name}”有{total}，超过一次导入的上限 {MAX_ROWS:,} 行；"
                        "请按月份或平台拆分为多个文件后分批导入。未导入任何案件。")


def _cached_values(path: Path, cells: list[tuple[int, int]]) -> dict[tuple[int, int], CellValue]:
    """The values Excel stored for formula cells when it last calculated them (None: never calculated)."""
    import openpyxl

    wanted: dict[int, list[int]] = {}
    for row, col in cells:
        wanted.setdefault(row, []).append(col)
    found: dict[tuple[int, int], CellValue] = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book.worksheets[0]
        for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
            for col in wanted.get(number, ()):
                found[(number, col)] = values[col] if col < len(values) else None
    finally:
        book.close()
    return found


# -- CSV ----------------------------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (with or without BOM) or GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8（带 BOM）"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        raise SheetRefused("文件既不是 UTF-8 也不是 GB18030 编码的文本，无法读取；"
                           "请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入。") from None


def _read_csv(path: Path) -> Sheet:
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise SheetRefused(f"“{path.name}”不是电子表格或文本表格；请选择 .xlsx 或 .csv 文件。")
    text, encoding = decode_text(data)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    raw: dict[int, list[CellValue]] = {}
    data_rows = 0
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), 1):
            if all(_blank(c) for c in cells):
                continue
            data_rows += 1
            if data_rows > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise _too_many(path.name, text.count("\n"))
            raw[number] = list(cells[:MAX_COLUMNS])
    except csv.Error as exc:
        raise SheetRefused(f"“{path.name}”不是有效的 CSV 表格：{exc}。") from None
    return _table(path, "", raw, [f"按 {encoding} 编码读取。"])


# -- the table: header and data rows -----------------------------------------------------------------

def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _heading(value: CellValue) -> str:
    """A header cell as a name: no spaces, line breaks or required-field stars."""
    if value is None:
        return ""
    text = str(value)
    return re.sub(r"[\s*＊※]+", "", text).replace("（", "(").replace("）", ")")


def _table(path: Path, sheet_name: str, raw: dict[int, list[CellValue]], notes: list[str]) -> Sheet:
    if not raw:
        raise SheetRefused(f"“{path.name}”是空表格，没有可导入的内容。")
    numbers = sorted(raw)
    header_at = _find_header(numbers, raw)
    header = [_heading(v) for v in raw[header_at]]
    header_row = header_at
    below = next((n for n in numbers if n > header_at), None)
    if below is not None and below == header_at + 1 and _is_subheading_row(header, raw[below]):
        header = _join_headings(header, [_heading(v) for v in raw[below]])
        header_row = below
    while header and not header[-1]:
        header.pop()
    if not header:
        raise SheetRefused(f"“{path.name}”没有表头；第一行应为列名（如“专利号”“店铺名称”）。")
    for i, name in enumerate(header):
        if not name:
            header[i] = f"（第 {column_letter(i)} 列）"
    width = len(header)
    rows = [SheetRow(n, _fit(raw[n], width)) for n in numbers if n > header_row]
    rows = [r for r in rows if not all(_blank(c) for c in r.cells)]
    if not rows:
        raise SheetRefused(f"“{path.name}”只有表头，没有数据行。")
    if len(rows) > MAX_ROWS:
        raise _too_many(path.name, len(rows))
    return Sheet(str(path), sheet_name, header, header_row, rows, notes)


def _fit(cells: list[CellValue], width: int) -> tuple[CellValue, ...]:
    values = [None if _blank(c) else (c.strip() if isinstance(c, str) else c) for c in cells[:width]]
    return tuple(values + [None] * (width - len(values)))


def _find_header(numbers: list[int], raw: dict[int, list[CellValue]]) -> int:
    """The header row: the first of the top rows with two or more text cells (skipping title rows)."""
    from adjudicator.intake.mapping import known_heading

    candidates = numbers[:HEADER_SEARCH_ROWS]
    for n in candidates:
        texts = [v for v in raw[n] if isinstance(v, str) and v.strip()]
        if len(texts) >= 2 and any(known_heading(_heading(v)) for v in texts):
            return n
    for n in candidates:
        if sum(1 for v in raw[n] if not _blank(v)) >= 2:
            return n
    return candidates[0]


def _is_subheading_row(header: list[str], below: Iterable[CellValue]) -> bool:
    """Whether the row under the header holds sub-headings under merged group headings."""
    from adjudicator.intake.mapping import known_heading

    cells = list(below)
    gaps = [i for i, name in enumerate(header) if not name and i > 0]
    if not gaps:
        return False
    under_gaps = [i for i in gaps if i < len(cells) and isinstance(cells[i], str) and cells[i]]
    if not under_gaps:
        return False
    joined = _join_headings(header, [_heading(v) for v in cells])
    return sum(1 for name in joined if known_heading(name)) >= sum(1 for name in header if known_heading(name))


def _join_headings(upper: list[str], lower: list[str]) -> list[str]:
    """Group headings carried right over their merged span and joined to the sub-headings below."""
    width = max(len(upper), len(lower))
    joined: list[str] = []
    group = ""
    for i in range(width):
        top = upper[i] if i < len(upper) else ""
        sub = lower[i] if i < len(lower) else ""
        if top:
            group = top if sub else ""
            joined.append(top + sub if sub and not sub.startswith(top) else (sub or top))
        else:
            joined.append(group + sub if sub and group and not sub.startswith(group) else sub)
    return joined


def iter_cells(sheet: Sheet) -> Iterator[tuple[int, int, CellValue]]:
    """Every data cell as ``(row number, column index, value)``."""
    for row in sheet.rows:
        for col, value in enumerate(row.cells):
            yield row.number, col, value

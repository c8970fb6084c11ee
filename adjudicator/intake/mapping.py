"""Which column holds which case field (列与案件字段的对应).

:data:`FIELDS` lists the fields a referral row can fill, each with the headings the legal-aid
platform (维权援助平台) and the e-commerce platforms usually give it. :func:`guess_mapping` maps a
sheet's header by those headings, after the mapping the clerk last confirmed for the same source
(remembered in the database's settings, :func:`remember_mapping`), so a second list from the
same platform needs no mapping at all.

Each referring body (a platform's complaint desk, the legal-aid platform, a market-supervision
office forwarding complaints) sends its own sheet layout; the layout is recognised by its
headings (:func:`layout_key`). A confirmed import remembers, for that layout, the source and the
whole column mapping, the columns the clerk chose not to import included (:func:`recognised_layout`),
so the next list from the same body opens as the clerk last left it; a layout never seen falls
back to the headings remembered for the source, then to the presets (:func:`mapping_for`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from adjudicator.errors import DomainError
from adjudicator.store import Database

#: Where a referral list comes from: ``case.source`` codes with their labels.
SOURCES = {"legal_aid": "维权援助平台", "platform": "电商平台"}
SETTING_PREFIX = "intake.mapping."
LAYOUT_PREFIX = "intake.layout."
#: The source of a list whose layout was never seen and for which no source was given.
DEFAULT_SOURCE = "platform"


@dataclass(frozen=True)
class FieldSpec:
    """A case field a column can fill: key, Chinese label, whether required, usual headings."""

    key: str
    label: str
    required: bool = False
    headings: tuple[str, ...] = ()


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("complaint_no", "平台投诉编号", headings=(
        "投诉编号", "平台投诉编号", "投诉单号", "投诉ID", "投诉id", "工单号", "案件编号", "维权编号", "援助编号",
        "移交编号", "投诉号")),
    FieldSpec("received_on", "收到请求日期", True, headings=(
        "收到日期", "收到请求日期", "移交日期", "投诉日期", "投诉时间", "提交日期", "受理日期", "请求日期", "登记日期")),
    FieldSpec("platform", "电商平台", True, headings=("电商平台", "平台", "平台名称", "所属平台", "投诉平台")),
    FieldSpec("shop", "店铺", headings=("店铺", "店铺名称", "被投诉店铺", "店铺名", "网店名称", "卖家店铺")),
    FieldSpec("listing_links", "商品链接", headings=(
        "商品链接", "链接", "侵权链接", "被投诉链接", "商品网址", "商品URL", "商品url", "涉嫌侵权链接")),
    FieldSpec("requester_name", "请求人名称", True, headings=(
        "请求人", "请求人名称", "权利人", "权利人名称", "投诉人", "投诉人名称", "投诉方", "专利权人(投诉人)",
        "请求人姓名")),
    FieldSpec("requester_type", "请求人类型", headings=("请求人类型", "权利人类型", "投诉人类型", "投诉人主体类型")),
    FieldSpec("requester_id", "请求人证件号码", headings=(
        "请求人统一社会信用代码", "请求人证件号码", "请求人身份证号码", "权利人统一社会信用代码", "权利人证件号码",
        "投诉人证件号码", "投诉人统一社会信用代码", "请求人信用代码", "权利人证件号")),
    FieldSpec("requester_legal_rep", "请求人法定代表人", headings=(
        "请求人法定代表人", "权利人法定代表人", "投诉人法定代表人", "法定代表人", "请求人负责人")),
    FieldSpec("requester_address", "请求人地址", headings=("请求人地址", "权利人地址", "投诉人地址", "请求人住所")),
    FieldSpec("requester_phone", "请求人电话", headings=("请求人电话", "权利人电话", "投诉人电话", "联系电话", "请求人联系电话")),
    FieldSpec("agent_name", "委托代理人", headings=("委托代理人", "代理人", "代理人姓名", "请求人代理人")),
    FieldSpec("agent_firm", "代理机构", headings=("代理机构", "代理人单位", "律师事务所", "代理机构名称")),
    FieldSpec("agent_phone", "代理人电话", headings=("代理人电话", "代理人联系电话")),
    FieldSpec("respondent_name", "被请求人名称", headings=(
        "被请求人", "被请求人名称", "被投诉人", "被投诉人名称", "经营者", "店铺经营者", "卖家", "卖家名称",
        "被投诉方", "经营主体", "被请求人姓名")),
    FieldSpec("respondent_type", "被请求人类型", headings=("被请求人类型", "被投诉人类型", "经营者类型")),
    FieldSpec("respondent_id", "被请求人证件号码", headings=(
        "被请求人统一社会信用代码", "被请求人证件号码", "被投诉人统一社会信用代码", "被投诉人证件号码",
        "经营者统一社会信用代码", "经营者证件号码", "被请求人信用代码", "被请求人身份证号码")),
    FieldSpec("respondent_address", "被请求人地址", headings=("被请求人地址", "被投诉人地址", "经营者地址", "经营地址")),
    FieldSpec("respondent_phone", "被请求人电话", headings=("被请求人电话", "被投诉人电话", "经营者电话")),
    FieldSpec("patent_number", "专利号", True, headings=(
        "专利号", "涉案专利号", "专利号码", "专利申请号", "涉案专利", "专利(申请)号", "专利编号")),
    FieldSpec("patent_title", "专利名称", headings=("专利名称", "涉案专利名称", "发明创造名称", "专利名")),
    FieldSpec("patent_kind", "专利类型", headings=("专利类型", "专利种类")),
    FieldSpec("patentee", "专利权人", headings=("专利权人", "专利权人名称")),
    FieldSpec("claims", "请求保护的权利要求", headings=("权利要求", "主张的权利要求", "请求保护的权利要求", "涉及权利要求")),
    FieldSpec("statement_forwarded_on", "平台转送声明日期", headings=(
        "转送声明日期", "平台转送声明日期", "不侵权声明转送日期", "声明转送日期", "转送不侵权声明日期")),
    FieldSpec("handler", "承办人", headings=("承办人", "经办人", "办案人员")),
    FieldSpec("notes", "备注", headings=("备注", "说明", "其他说明")),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = tuple(f.key for f in FIELDS if f.required)
#: Headings that are not fields but are common in such lists (row numbers): ignored without a note.
IGNORED_HEADINGS = frozenset({"序号", "编号", "No", "NO", "no", "No.", "行号"})


def normalize_heading(text: str) -> str:
    """A heading as compared: no spaces or stars, half-width brackets, lower-case ASCII."""
    return re.sub(r"[\s*＊※:：]+", "", text).replace("（", "(").replace("）", ")").lower()


_BY_HEADING: dict[str, str] = {}
for _spec in FIELDS:
    for _h in (_spec.label, *_spec.headings):
        _BY_HEADING.setdefault(normalize_heading(_h), _spec.key)


def known_heading(text: str) -> str | None:
    """The field a heading usually names, or None."""
    return _BY_HEADING.get(normalize_heading(text))


Mapping = dict[int, str]
"""Column index → field key (columns not in it are ignored)."""


def remembered(db: Database, source: str) -> dict[str, str]:
    """The headings the clerk last mapped for ``source``: normalised heading → field key."""
    value = db.get_setting(SETTING_PREFIX + source, {})
    return {str(k): str(v) for k, v in (value or {}).items() if str(v) in FIELD_BY_KEY}


def remember_mapping(db: Database, source: str, header: list[str], mapping: Mapping) -> None:
    """Remember this sheet's layout (source and every column) and its headings for ``source`` (merged)."""
    known = remembered(db, source)
    for col, key in mapping.items():
        if 0 <= col < len(header):
            known[normalize_heading(header[col])] = key
    db.set_setting(SETTING_PREFIX + source, known)
    db.set_setting(LAYOUT_PREFIX + layout_key(header), {
        "source": source, "headings": list(header), "columns": [mapping.get(i) or "" for i in range(len(header))]})


def layout_key(header: list[str]) -> str:
    """What identifies a sheet layout: its headings in order, as compared (a short digest)."""
    joined = "\x1f".join(normalize_heading(h) for h in header)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:20]


def recognised_layout(db: Database, header: list[str]) -> tuple[str, Mapping] | None:
    """The source and column mapping last confirmed for a sheet with exactly these headings, or None."""
    value = db.get_setting(LAYOUT_PREFIX + layout_key(header))
    if not isinstance(value, dict):
        return None
    columns, source = value.get("columns"), value.get("source")
    if not isinstance(columns, list) or len(columns) != len(header) or source not in SOURCES:
        return None
    return str(source), {i: str(k) for i, k in enumerate(columns) if str(k) in FIELD_BY_KEY}


def source_for(db: Database, header: list[str], given: str | None) -> str:
    """The source a list is taken from: the one given, else the one its layout was last imported as."""
    if given:
        return given
    layout = recognised_layout(db, header)
    return layout[0] if layout is not None else DEFAULT_SOURCE


def mapping_for(db: Database, source: str, header: list[str]) -> Mapping:
    """The mapping to start from: this layout's as last confirmed, else the source's headings and the presets."""
    layout = recognised_layout(db, header)
    if layout is not None:
        return layout[1]
    return guess_mapping(header, remembered(db, source))


def guess_mapping(header: list[str], memory: dict[str, str] | None = None) -> Mapping:
    """Each column's field by the remembered headings, then the presets; each field at most once."""
    memory = memory or {}
    mapping: Mapping = {}
    used: set[str] = set()
    for col, name in enumerate(header):
        norm = normalize_heading(name)
        key = memory.get(norm) or _BY_HEADING.get(norm)
        if key and key not in used:
            mapping[col] = key
            used.add(key)
    return mapping


def parse_mapping_text(header: list[str], pairs: list[str]) -> Mapping:
    """``列名=字段`` pairs (from the command line) as a mapping; DomainError naming a bad pair."""
    mapping: Mapping = {}
    norm_header = [normalize_heading(h) for h in header]
    for pair in pairs:
        if "=" not in pair:
            raise DomainError(f"列对应“{pair}”应写成“列名=字段”，例如“投诉单号=complaint_no”。")
        heading, key = (part.strip() for part in pair.split("=", 1))
        if key not in FIELD_BY_KEY and key not in ("", "-"):
            by_label = {f.label: f.key for f in FIELDS}
            if key not in by_label:
                options = "、".join(f"{f.key}（{f.label}）" for f in FIELDS)
                raise DomainError(f"没有“{key}”这一字段；可用的字段：{options}。")
            key = by_label[key]
        try:
            col = norm_header.index(normalize_heading(heading))
        except ValueError:
            raise DomainError(f"表头中没有“{heading}”这一列；表头为：{'、'.join(header)}。") from None
        mapping = {c: k for c, k in mapping.items() if c != col}
        if key in ("", "-"):
            mapping[col] = ""
        else:
            mapping = {c: k for c, k in mapping.items() if k != key}
            mapping[col] = key
    return mapping


def merge_mapping(base: Mapping, override: Mapping) -> Mapping:
    """``base`` with ``override`` applied: a field moved to another column, ``""`` ignores a column."""
    result = {c: k for c, k in base.items() if c not in override and k not in override.values()}
    result.update({c: k for c, k in override.items() if k})
    return result


def mapping_json(header: list[str], mapping: Mapping) -> list[dict[str, Any]]:
    return [{"column": i, "heading": name, "field": mapping.get(i),
             "label": FIELD_BY_KEY[mapping[i]].label if mapping.get(i) in FIELD_BY_KEY else None}
            for i, name in enumerate(header)]

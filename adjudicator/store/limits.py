"""Input limits, one rule for SQLite and PostgreSQL, checked before anything is written.

SQLite stores 100,000 characters in a ``VARCHAR(200)``; PostgreSQL refuses them with a traceback.
So every write session checks, before it flushes, each string its new and changed rows carry:

- a ``String(n)`` column takes at most ``n`` characters and is one line: no newline and no other
  control character (a ``--user`` or a name cannot forge a line in ``case history``);
- a ``Text`` column (notes, claims, document wording) takes at most :data:`TEXT_LIMIT` characters;
- a JSON column (panel, listing links, agents, event details, document fields) holds at most
  :data:`JSON_STRING_LIMIT` characters per string and nests at most :data:`JSON_DEPTH` deep.

A violation is a :class:`ValidationError` naming the field in Chinese; the transaction rolls back.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import JSON, String, Text, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from adjudicator.errors import FieldProblem, ValidationError

TEXT_LIMIT = 20_000
JSON_STRING_LIMIT = 20_000
JSON_DEPTH = 8

#: Column names as a clerk knows them (the rest are shown by their table and column).
LABELS = {
    "name": "名称或姓名", "address": "地址", "phone": "电话", "legal_rep": "法定代表人", "legal_rep_title": "职务",
    "id_number": "证件号码", "handler": "承办人", "notes": "备注", "claims_summary": "请求事项", "title": "名称",
    "patentee": "专利权人", "claims": "权利要求", "platform": "电商平台", "shop": "店铺名称",
    "complaint_no": "投诉编号", "office_name": "机关名称", "doc_prefix": "文号前缀", "court": "人民法院",
    "actor": "操作人", "purpose": "证明目的", "submitted_by": "提交人", "cross_exam": "质证意见",
    "finding": "认定意见", "finding_reason": "认定理由", "note": "备注", "recipient": "受送达人",
    "void_reason": "作废理由", "reason": "理由", "fields": "文书填写项", "details": "事件详情", "panel": "合议组",
    "listing_links": "商品链接", "agents": "委托代理人", "value": "设置值",
}


def _label(table: str, column: str) -> str:
    return LABELS.get(column, f"{table}.{column}")


def _is_control(c: str) -> bool:
    return unicodedata.category(c) == "Cc" or c in "\u2028\u2029"


def check_string(value: str, limit: int | None, single_line: bool, field: str, label: str) -> FieldProblem | None:
    """The problem with one string value, or None."""
    if limit is not None and len(value) > limit:
        return FieldProblem(field, label, f"最多 {limit} 个字，输入为 {len(value)} 个字；请删减后再保存。")
    if single_line and any(_is_control(c) for c in value):
        return FieldProblem(field, label, "只能写一行，不能含有换行符或控制字符；请删去后再保存。")
    return None


def _walk_json(value: Any, field: str, label: str, depth: int = 0) -> FieldProblem | None:
    if depth > JSON_DEPTH:
        return FieldProblem(field, label, f"嵌套超过 {JSON_DEPTH} 层；请简化后再保存。")
    if isinstance(value, str):
        return check_string(value, JSON_STRING_LIMIT, False, field, label)
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and len(key) > 200:
            return FieldProblem(field, label, "键名过长；请简化后再保存。")
        problem = _walk_json(item, field, label, depth + 1)
        if problem is not None:
            return problem
    return None


def row_problems(obj: Any) -> list[FieldProblem]:
    """Every limit a mapped object's string and JSON values break."""
    state = inspect(obj)
    table = state.mapper.local_table.name
    problems: list[FieldProblem] = []
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if not state.transient and not state.pending and not state.attrs[attr.key].history.has_changes():
            continue
        value = state.dict.get(attr.key)  # never loads a deferred column (a document's PDF)
        if value is None or not isinstance(value, (str, dict, list)):
            continue
        field, label = f"{table}.{column.name}", _label(table, column.name)
        kind = column.type
        problem: FieldProblem | None = None
        if isinstance(kind, JSON):
            problem = _walk_json(value, field, label)
        elif isinstance(kind, String) and isinstance(value, str):
            long_text = isinstance(kind, Text) or kind.length is None
            problem = check_string(value, TEXT_LIMIT if long_text else kind.length, not long_text, field, label)
        if problem is not None:
            problems.append(problem)
    return problems


def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    problems = [p for obj in (*session.new, *session.dirty) for p in row_problems(obj)]
    if problems:
        raise ValidationError(problems[:5])


def install(factory: sessionmaker[Session]) -> None:
    """Check every flush of sessions made by ``factory`` (the write sessions of a database)."""
    event.listen(factory, "before_flush", _before_flush)

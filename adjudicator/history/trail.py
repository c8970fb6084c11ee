"""The audit trail as a readable history (历史记录) for one case: every concept's codes in Chinese words."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from adjudicator.accounts.approval import describe as describe_approval
from adjudicator.cases.inputs import (
    CASE_KINDS,
    CASE_SOURCES,
    CASE_STATUSES,
    PARTY_ROLES,
    PARTY_TYPES,
    PATENT_KINDS,
)
from adjudicator.procedure.kinds import APPROVAL_KEY, EVENT_KINDS
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry
from adjudicator.store.models_documents import DOCUMENT_STATUSES, SERVICE_METHODS, Document
from adjudicator.store.models_evidence import EXHIBIT_FINDINGS, EXHIBIT_KINDS, EXHIBIT_SIDES

ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "restore": "恢复", "issue": "出具", "void": "作废"}
TABLE_LABELS = {
    "cases": "案件", "parties": "当事人", "patents": "涉案专利", "ecommerce_details": "电商信息",
    "stations": "裁决所", "documents": "文书", "service_records": "送达记录",
    "exhibits": "证据", "exhibit_files": "证据文件",
    "case_events": "案件进程", "calendar_days": "工作日历", "calendar_years": "工作日历年度",
}
#: Chinese names of fields, shared by every table; a table-specific one wins (``table.field``).
FIELD_LABELS = {
    "case_no": "案号", "case_year": "年度", "case_seq": "序号", "kind": "类型", "source": "案件来源",
    "received_on": "收到请求日期", "handler": "承办人", "panel": "合议组", "status": "状态",
    "claims_summary": "请求事项", "notes": "备注", "party_summary": "当事人", "patent_no": "专利号",
    "case_id": "所属案件", "sort_order": "排列顺序", "role": "身份", "party_type": "当事人类型",
    "name": "名称", "id_number": "证件号码", "address": "地址", "phone": "电话", "legal_rep": "法定代表人",
    "legal_rep_title": "职务", "agents": "委托代理人", "abroad": "在中国境内无住所", "number": "专利号",
    "pct": "PCT 进入国家阶段", "title": "名称", "patentee": "专利权人", "application_date": "申请日",
    "grant_date": "授权公告日", "claims": "主张的权利要求", "platform": "电商平台", "shop": "店铺",
    "listing_links": "商品链接", "complaint_no": "平台投诉编号",
    "documents.number": "文号", "documents.kind": "文书种类", "fields": "填写内容", "issued_on": "出具日期",
    "sha256": "SHA-256", "pages": "页数", "template_version": "模板版本", "issued_by": "出具人",
    "issued_at": "出具时间", "corrects_id": "更正的文书", "void_reason": "作废理由", "method": "送达方式",
    "recipient": "受送达人", "sent_on": "送达日期", "service_records.received_on": "收到日期", "note": "备注",
    "exhibits.number": "证据编号", "exhibits.title": "证据名称", "exhibits.kind": "证据种类",
    "exhibits.received_on": "收到日期", "exhibit_files.name": "文件名", "side": "提交方", "submitted_by": "提交人",
    "purpose": "证明目的", "original": "原件", "notarised": "经公证", "physical": "实物证据", "cross_exam": "质证意见",
    "finding": "认定意见", "finding_reason": "认定理由", "size": "大小（字节）", "media_type": "文件类型",
    "case_events.date": "日期", "case_events.received_on": "收到日期", "case_events.kind": "事件", "details": "详情",
}
_VALUE_LABELS: dict[str, dict[str, str]] = {
    "kind": {**CASE_KINDS, **PATENT_KINDS, **EXHIBIT_KINDS, **{k: v.label for k, v in EVENT_KINDS.items()}}, "source": CASE_SOURCES, "status": CASE_STATUSES,
    "role": PARTY_ROLES, "party_type": PARTY_TYPES, "side": EXHIBIT_SIDES, "finding": EXHIBIT_FINDINGS,
    "media_type": {"application/pdf": "PDF 文件", "image/png": "PNG 图片", "image/jpeg": "JPEG 图片",
                   "image/tiff": "TIFF 图片", "image/gif": "GIF 图片", "image/bmp": "BMP 图片",
                   "application/octet-stream": "其他文件"},
}
_HIDDEN = {"sequence", "list_key", "exhibit_id", "case_id", "sort_order", "party_summary", "patent_no", "case_year",
           "case_seq", "document_id", "year", "seq", "pdf", "sha256", "template_version", "issued_by", "issued_at",
           "corrects_id", "stored_name", "storage_key"}
_STATUS_LABELS = {"documents": DOCUMENT_STATUSES}
_METHOD_LABELS = SERVICE_METHODS


def _detail_labels() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Labels and choice labels of every event detail (送达方式, 是否在境外 …), from the procedure's kinds."""
    labels: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    for kind in EVENT_KINDS.values():
        for spec in kind.fields:
            labels.setdefault(spec.key, spec.label)
            if spec.choices:
                choices.setdefault(spec.key, dict(spec.choices))
    return labels, choices


_DETAIL_LABELS, _DETAIL_CHOICES = _detail_labels()
#: The same detail key means different things in different events (outcome: 处理结果 of an objection,
#: 裁决结果 of a decision), so an event's own labels come first.
_KIND_DETAILS = {(kind.code, spec.key): spec for kind in EVENT_KINDS.values() for spec in kind.fields}


def _ordered(items: dict[Any, Any], order: dict[str, int]) -> list[tuple[Any, Any]]:
    """Fields in the order the form lists them: the trail stores them sorted by name (its canonical form)."""
    return sorted(items.items(), key=lambda kv: order.get(str(kv[0]), len(order)))


def _column_order(table: str) -> dict[str, int]:
    from adjudicator.store.base import Base

    found = Base.metadata.tables.get(table)
    return {c.key: n for n, c in enumerate(found.columns)} if found is not None else {}


def _event_details(kind: str, value: dict[Any, Any]) -> str:
    """An event's details in words, with the labels and choices of its own kind."""
    words = []
    spec_of = EVENT_KINDS.get(kind)
    order = {spec.key: n for n, spec in enumerate(spec_of.fields)} if spec_of else {}
    for k, v in _ordered(value, order):
        if v in (None, "", [], {}):
            continue
        if k == APPROVAL_KEY:
            words.append(f"负责人批准：{describe_approval(v)}")
            continue
        spec = _KIND_DETAILS.get((kind, str(k)))
        label = spec.label if spec else _DETAIL_LABELS.get(str(k), FIELD_LABELS.get(str(k), str(k)))
        choices = dict(spec.choices) if spec and spec.choices else _DETAIL_CHOICES.get(str(k), {})
        words.append(f"{label}：{choices.get(str(v), describe_value(str(k), v))}")
    return "；".join(words)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    record: str
    details: list[str]
    #: The whole entry in words when the action has its own ("出具答辩通知书 …"); else action + record.
    headline: str = ""

    @property
    def summary(self) -> str:
        return self.headline or f"{ACTIONS.get(self.action, self.action)}{self.record}"


def describe_value(field: str, value: Any, table: str = "") -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "；".join(f"负责人批准：{describe_approval(v)}" if k == APPROVAL_KEY else
                        f"{_DETAIL_LABELS.get(str(k), FIELD_LABELS.get(str(k), str(k)))}："
                        f"{_DETAIL_CHOICES.get(str(k), {}).get(str(v), describe_value(str(k), v))}"
                        for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return "、".join(v.get("name", "") if isinstance(v, dict) else str(v) for v in value)
    if field == "status" and table in _STATUS_LABELS:
        return _STATUS_LABELS[table].get(str(value), str(value))
    if field == "method":
        return _METHOD_LABELS.get(str(value), str(value))
    if field == "kind" and table == "documents":
        from adjudicator.documents.templates import kind_title

        return kind_title(str(value))
    return _VALUE_LABELS.get(field, {}).get(str(value), str(value))


def field_label(table: str, field: str) -> str:
    return FIELD_LABELS.get(f"{table}.{field}") or FIELD_LABELS.get(field, field)


def _details(entry: AuditEntry) -> list[str]:
    out = []
    for field, value in _ordered(entry.changes, _column_order(entry.table_name)):
        if field in _HIDDEN or (entry.table_name == "documents" and field == "fields"):
            continue
        label = field_label(entry.table_name, field)
        kind = entry.changes.get("kind")
        if entry.action == "create" and field == "details" and isinstance(value, dict) and isinstance(kind, str):
            if any(v not in (None, "", [], {}) for v in value.values()):
                out.append(f"{label}：{_event_details(kind, value)}")
        elif entry.action == "create":
            if value not in (None, "", [], {}, False):
                out.append(f"{label}：{describe_value(field, value, entry.table_name)}")
        elif isinstance(value, list) and len(value) == 2:
            old, new = value
            out.append(f"{label}：由“{describe_value(field, old, entry.table_name)}”改为“"
                       f"{describe_value(field, new, entry.table_name)}”")
    return out


@dataclass(frozen=True)
class _Doc:
    title: str
    number: str
    corrects: uuid.UUID | None


def _document_line(e: AuditEntry, docs: dict[uuid.UUID, _Doc]) -> HistoryLine | None:
    """A document's entry in words: only issuing, voiding and deleting an issued one count.

    A draft is a working copy: creating it, each autosave of its fields and discarding it are not
    changes to the case, so they are left out.
    """
    doc = docs.get(e.record_id)
    title = doc.title if doc else (e.record_label or "文书").split(" ")[0]
    status = e.changes.get("status")
    number = e.changes.get("number")
    number_now = number[1] if isinstance(number, list) else (doc.number if doc else "")
    if e.action == "update" and isinstance(status, list) and status[1] == "issued":
        corrected = docs.get(doc.corrects) if doc and doc.corrects else None
        what = f"出具 {title} {number_now}" if corrected is None else \
            f"出具 {title} {number_now}（更正 {corrected.number}）"
        issued = e.changes.get("issued_on")
        details = [f"出具日期：{issued[1]}"] if isinstance(issued, list) and issued[1] else []
        return HistoryLine(e.at, e.actor, "issue", title, details, headline=what)
    if e.action == "update" and isinstance(status, list) and status[1] == "voided":
        reason = e.changes.get("void_reason")
        details = [f"作废理由：{reason[1]}"] if isinstance(reason, list) and reason[1] else []
        return HistoryLine(e.at, e.actor, "void", title, details, headline=f"作废 {title} {doc.number if doc else ''}")
    if e.action in ("delete", "restore") and doc is not None and doc.number:
        return HistoryLine(e.at, e.actor, e.action, title, [], headline=f"{ACTIONS[e.action]} {title} {doc.number}")
    return None


def _service_line(e: AuditEntry, docs: dict[uuid.UUID, _Doc]) -> HistoryLine:
    """直接送达 张伟 2026-12-03, with the document it served beneath."""
    values = {k: (v[1] if e.action != "create" and isinstance(v, list) and len(v) == 2 else v)
              for k, v in e.changes.items()}
    document_id = values.get("document_id")
    doc = docs.get(uuid.UUID(str(document_id))) if document_id else None
    details = [f"文书：{doc.title} {doc.number}".rstrip()] if doc else []
    if e.action != "create":
        return HistoryLine(e.at, e.actor, e.action, f"送达记录“{e.record_label}”", details + _details(e))
    method = _METHOD_LABELS.get(str(values.get("method")), str(values.get("method") or ""))
    words = " ".join(str(p) for p in (method, values.get("recipient"), values.get("sent_on")) if p)
    if values.get("received_on"):
        details.append(f"收到日期：{values['received_on']}")
    if values.get("note"):
        details.append(f"备注：{values['note']}")
    return HistoryLine(e.at, e.actor, "create", "送达记录", details, headline=words)


def case_history(db: Database, case_id: uuid.UUID) -> list[HistoryLine]:
    """Every change to the case and its parts, oldest first, in words (drafts' autosaves left out)."""
    from adjudicator.documents.templates import kind_title

    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.seq)).all()
        docs = {d.id: _Doc(kind_title(d.kind), d.number or "", d.corrects_id)
                for d in s.scalars(select(Document).where(Document.case_id == case_id))}
    lines = []
    for e in entries:
        if e.table_name == "documents":
            line = _document_line(e, docs)
            if line is not None:
                lines.append(line)
            continue
        if e.table_name == "service_records":
            lines.append(_service_line(e, docs))
            continue
        record = TABLE_LABELS.get(e.table_name, e.table_name)
        if e.record_label:
            record = f"{record}“{e.record_label}”"
        lines.append(HistoryLine(at=e.at, actor=e.actor, action=e.action, record=record, details=_details(e)))
    return lines

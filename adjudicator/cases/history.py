"""The audit trail as a readable history (历史记录) for one case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from adjudicator.cases.inputs import CASE_KINDS, CASE_SOURCES, CASE_STATUSES, PARTY_ROLES, PARTY_TYPES, PATENT_KINDS
from adjudicator.procedure.kinds import EVENT_KINDS
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry
from adjudicator.store.models_evidence import EXHIBIT_FINDINGS, EXHIBIT_KINDS, EXHIBIT_SIDES

ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "restore": "恢复"}
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
}
_HIDDEN = {"sequence", "list_key", "exhibit_id", "case_id", "sort_order", "party_summary", "patent_no", "case_year", "case_seq"}


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    action: str
    record: str
    details: list[str]

    @property
    def summary(self) -> str:
        return f"{ACTIONS.get(self.action, self.action)}{self.record}"


def describe_value(field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(v.get("name", str(v)) if isinstance(v, dict) else str(v) for v in value)
    return _VALUE_LABELS.get(field, {}).get(str(value), str(value))


def field_label(table: str, field: str) -> str:
    return FIELD_LABELS.get(f"{table}.{field}") or FIELD_LABELS.get(field, field)


def _details(entry: AuditEntry) -> list[str]:
    out = []
    for field, value in entry.changes.items():
        if field in _HIDDEN:
            continue
        label = field_label(entry.table_name, field)
        if entry.action == "create":
            if value not in (None, "", [], False):
                out.append(f"{label}：{describe_value(field, value)}")
        elif isinstance(value, list) and len(value) == 2:
            old, new = value
            out.append(f"{label}：由“{describe_value(field, old)}”改为“{describe_value(field, new)}”")
    return out


def case_history(db: Database, case_id: uuid.UUID) -> list[HistoryLine]:
    """Every audited change to the case and its parts, oldest first."""
    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.seq)).all()
    lines = []
    for e in entries:
        record = TABLE_LABELS.get(e.table_name, e.table_name)
        if e.record_label:
            record = f"{record}“{e.record_label}”"
        lines.append(HistoryLine(at=e.at, actor=e.actor, action=e.action, record=record, details=_details(e)))
    return lines

"""Tables of the documents feature: documents (文书) and their service records (送达记录).

A :class:`Document` starts as a draft (草稿) holding the clerk's fields; issuing it (出具) gives it a
number from the per-station, per-year, per-kind sequence and stores the PDF bytes, their SHA-256,
the template version, the issuer and the moment of issue, so a reprint is byte-identical and a
later template change never alters what was issued. A voided (作废) document keeps its number,
which is never reused. A correction (更正) is a new document whose ``corrects_id`` names the old one.

``pdf`` is written with a Core UPDATE after the audited ORM change (the audit trail records the
number, hash and status, not megabytes of PDF), and is deferred so listing documents stays cheap.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from adjudicator.store.base import Base, SyncedMixin
from adjudicator.store.labels import label

DOCUMENT_STATUSES = {"draft": "草稿", "issued": "已出具", "voided": "已作废"}
#: Methods of service (送达方式), Measures Art. 10.
SERVICE_METHODS = {
    "direct": "直接送达",
    "post": "邮寄送达",
    "left": "留置送达",
    "electronic": "电子送达",
    "public_notice": "公告送达",
}


class Document(SyncedMixin, Base):
    """One document of a case (文书): a draft, or an issued and numbered PDF."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("owner_station", "kind", "year", "seq", name="uq_documents_station_kind_year_seq"),
        Index("ix_documents_case_id_kind", "case_id", "kind"),
    )
    audit_label = "文书"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))  # indexed with kind
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    number: Mapped[str | None] = mapped_column(String(80), default=None, index=True)
    year: Mapped[int | None] = mapped_column(Integer, default=None)
    seq: Mapped[int | None] = mapped_column(Integer, default=None)
    issued_on: Mapped[date | None] = mapped_column(Date, default=None)
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, default=None))
    sha256: Mapped[str] = mapped_column(String(64), default="")
    #: SHA-256 of what the issued document says (number, kind, case, date, text): printed in its QR code.
    content_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    #: The station's Ed25519 signature record the issued PDF carries (base64; empty: issued before signing).
    signature: Mapped[str] = mapped_column(Text, default="", server_default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    template_version: Mapped[str] = mapped_column(String(20), default="")
    issued_by: Mapped[str] = mapped_column(String(50), default="")
    issued_at: Mapped[datetime | None] = mapped_column(default=None)
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"), default=None)
    void_reason: Mapped[str] = mapped_column(Text, default="")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id

    def audit_name(self) -> str:
        return f"{label('document', self.kind)} {self.number or '草稿'}"


class ServiceRecord(SyncedMixin, Base):
    """One service of an issued document on one recipient (送达记录), as its 送达回证 records it."""

    __tablename__ = "service_records"
    audit_label = "送达记录"

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200))
    sent_on: Mapped[date | None] = mapped_column(Date, default=None)
    received_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id

    def audit_name(self) -> str:
        return f"{SERVICE_METHODS.get(self.method, self.method)} {self.recipient}"

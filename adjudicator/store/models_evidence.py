"""Tables of the evidence feature: exhibits (证据) and the files attached to them.

An exhibit belongs to a case and is numbered per submitting side (请求人证据1, 被请求人证据1,
调查取证材料1). Its files live in the content-addressed store (:mod:`adjudicator.evidence.filestore`);
a row here holds the file's original name, size, media type and SHA-256. Removing either is
a tombstone (``deleted_at``), never a delete.

The codes stored in ``side``, ``kind`` and ``finding`` are short English identifiers; their
Chinese labels are the dictionaries below, shared by the service, documents and UI.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from adjudicator.store.base import Base, SyncedMixin

#: Who submitted an exhibit, and the prefix of its number on the evidence list.
EXHIBIT_SIDES = {"requester": "请求人", "respondent": "被请求人", "office": "本机关"}
EXHIBIT_PREFIXES = {"requester": "请求人证据", "respondent": "被请求人证据", "office": "调查取证材料"}
#: Kinds of evidence (证据种类), in the order of the law's list.
EXHIBIT_KINDS = {
    "documentary": "书证",
    "physical": "物证",
    "audiovisual": "视听资料",
    "electronic": "电子数据",
    "witness": "证人证言",
    "statement": "当事人陈述",
    "appraisal": "鉴定意见",
    "inspection": "勘验笔录/现场检查笔录",
}
#: The panel's finding on an exhibit (认定意见); "" until it is decided.
EXHIBIT_FINDINGS = {"": "未认定", "accepted": "采信", "rejected": "不予采信", "partly": "部分采信"}


def exhibit_label(side: str, number: int) -> str:
    """The exhibit's number as the evidence list prints it, e.g. ``请求人证据3``."""
    return f"{EXHIBIT_PREFIXES.get(side, side)}{number}"


class Exhibit(SyncedMixin, Base):
    """One exhibit (证据) of a case: what it is, who submitted it, what each side said of it."""

    __tablename__ = "exhibits"
    __table_args__ = (Index("ix_exhibits_case_side_number", "case_id", "side", "number"),)
    audit_label = "证据"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"))  # indexed with side, number
    side: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    submitted_by: Mapped[str] = mapped_column(String(200), default="")
    received_on: Mapped[date | None] = mapped_column(Date, default=None)
    purpose: Mapped[str] = mapped_column(Text, default="")
    original: Mapped[bool] = mapped_column(Boolean, default=False)
    notarised: Mapped[bool] = mapped_column(Boolean, default=False)
    physical: Mapped[bool] = mapped_column(Boolean, default=False)
    cross_exam: Mapped[str] = mapped_column(Text, default="")
    finding: Mapped[str] = mapped_column(String(20), default="")
    finding_reason: Mapped[str] = mapped_column(Text, default="")

    files: Mapped[list[ExhibitFile]] = relationship(
        back_populates="exhibit", order_by="ExhibitFile.sort_order", cascade="all, delete-orphan"
    )

    @property
    def label(self) -> str:
        return exhibit_label(self.side, self.number)

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id

    def audit_name(self) -> str:
        return f"{self.label} {self.title}".strip()


class ExhibitFile(SyncedMixin, Base):
    """A file attached to an exhibit (证据文件); the bytes are in the store under ``sha256``.

    ``case_id`` repeats the exhibit's case so the audit trail and the store check need no join.
    """

    __tablename__ = "exhibit_files"
    audit_label = "证据文件"

    exhibit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exhibits.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64), index=True)

    exhibit: Mapped[Exhibit] = relationship(back_populates="files")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id

    def audit_name(self) -> str:
        return self.name

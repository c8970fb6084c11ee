"""Batch printing (批量打印): the documents issued on one day, combined into one PDF.

The clerk prints a day's notices in one go (issue #4 item 6). :func:`issued_on` lists the issued,
not voided documents of a date in number order (by kind as the templates list them, then by
number); :func:`combine_pdfs` concatenates their stored PDFs — the bytes exactly as issued, each
checked against its SHA-256 — reporting ``progress(fraction, message)`` per document.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from adjudicator.errors import DomainError
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_documents import Document

from .service import _stored_pdf
from .templates import DOCUMENT_KINDS, kind_title

#: ``progress(fraction, message)``: fraction in 0..1.
_KIND_ORDER = {kind: i for i, kind in enumerate(DOCUMENT_KINDS)}


@dataclass(frozen=True)
class IssuedDocument:
    """One issued document of the day as the batch dialog and the command line list it."""

    id: uuid.UUID
    case_id: uuid.UUID
    case_no: str
    kind: str
    number: str
    issued_on: date
    pages: int

    @property
    def title(self) -> str:
        return kind_title(self.kind)

    def to_json(self) -> dict[str, object]:
        return {"id": str(self.id), "case_no": self.case_no, "kind": self.kind, "title": self.title,
                "number": self.number, "issued_on": self.issued_on.isoformat(), "pages": self.pages}


def issued_on(db: Database, day: date) -> list[IssuedDocument]:
    """The documents issued on ``day`` and not voided, in number order (kind, year, number)."""
    with db.session() as s:
        rows = s.execute(
            select(Document, Case.case_no).join(Case, Case.id == Document.case_id)
            .where(Document.issued_on == day, Document.status == "issued", Document.deleted_at.is_(None))
        ).all()
        docs = [IssuedDocument(id=d.id, case_id=d.case_id, case_no=case_no, kind=d.kind, number=d.number or "",
                               issued_on=day, pages=d.pages)
                for d, case_no in sorted(rows, key=lambda r: (_KIND_ORDER.get(r[0].kind, 99), r[0].kind,
                                                             r[0].year or 0, r[0].seq or 0))]
    return docs


def combine_pdfs(db: Database, documents: Sequence[IssuedDocument | uuid.UUID | str],
                 progress: Progress | None = None) -> bytes:
    """One PDF of the stored, issued PDFs of ``documents`` in the given order.

    DomainError when the list is empty, a document is a draft, or a stored PDF is missing or altered.
    """
    if not documents:
        raise DomainError("没有选中要打印的文书。")
    ids = [d.id if isinstance(d, IssuedDocument) else uuid.UUID(str(d)) for d in documents]
    writer = PdfWriter()
    total = len(ids)
    with db.session() as s:
        for i, doc_id in enumerate(ids):
            row = s.get(Document, doc_id)
            if row is None or row.deleted_at is not None:
                raise DomainError("找不到要打印的文书（可能已被删除）。")
            if row.status == "draft":
                raise DomainError(f"{kind_title(row.kind)}尚未出具，不能批量打印。")
            if progress is not None:
                progress(i / total, f"正在合并第 {i + 1}/{total} 份：{kind_title(row.kind)} {row.number}")
            writer.append(PdfReader(io.BytesIO(_stored_pdf(s, db, row))))
    if progress is not None:
        progress(1.0, f"已合并 {total} 份文书")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

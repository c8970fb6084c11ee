"""``doc verify``: is this PDF (or this scanned QR code's text) a document we issued, unchanged?

Three answers (:class:`DocVerdict`):

- **genuine** (真实) — the file's SHA-256 is that of an issued (or since voided) document here, and
  the document's row agrees with its audit trail, whose entries are intact; for a QR code's text:
  the number is ours and the content hash printed beside it is the one recorded at issue;
- **altered** (已被改动) — the file names one of our documents (the content hash in its
  properties, or the number in the QR code) but differs from it; or the document's row here no
  longer agrees with its audit trail (the stored file and its hash replaced behind the program's
  back), so nothing can be proved from it;
- **unknown** (无法识别) — nothing here matches.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.documents.layout import PROOF_KEYWORD
from adjudicator.documents.templates import kind_title
from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.audit import recorded_state
from adjudicator.store.models import Case
from adjudicator.store.models_documents import Document

#: A larger file is no document of ours (the longest decision is well under a megabyte).
MAX_PDF_BYTES = 64 * 1024 * 1024
_DIGEST = re.compile(re.escape(PROOF_KEYWORD) + r"\s*([0-9a-f]{64})")
_QR = re.compile(r"^\s*(?P<number>.+?)\s*[\r\n]+\s*SHA-256\s*[:：]\s*(?P<digest>[0-9a-fA-F]{64})\s*$", re.DOTALL)
_ISSUED = ("issued", "voided")
_WORDS = {"genuine": "真实", "altered": "已被改动", "unknown": "无法识别"}


@dataclass(frozen=True)
class DocVerdict:
    """What ``doc verify`` found: ``status`` is genuine, altered or unknown; ``sentence`` says it in Chinese."""

    status: str
    sentence: str
    number: str = ""
    kind: str = ""
    case_no: str = ""
    issued_on: str = ""
    document_status: str = ""

    @property
    def genuine(self) -> bool:
        return self.status == "genuine"

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "word": _WORDS[self.status]}


def _case_no(s: Session, row: Document) -> str:
    return str(s.scalar(select(Case.case_no).where(Case.id == row.case_id)) or "")


def _row_holds(s: Session, row: Document) -> bool:
    """Whether the document's row is what its (intact) audit entries say it is."""
    recorded, intact = recorded_state(s, "documents", row.id)
    return intact and recorded.get("sha256") == row.sha256 and recorded.get("number") == row.number \
        and recorded.get("content_sha256", row.content_sha256) == row.content_sha256


def _verdict(s: Session, row: Document, status: str, sentence: str) -> DocVerdict:
    return DocVerdict(status, sentence, row.number or "", row.kind, _case_no(s, row),
                      row.issued_on.isoformat() if row.issued_on else "", row.status)


def _genuine(s: Session, row: Document, what: str) -> DocVerdict:
    name = f"{kind_title(row.kind)} {row.number}"
    if not _row_holds(s, row):
        return _verdict(s, row, "altered", f"已被改动：本库中{name}的记录与其审计记录不符（存档或其哈希可能在本程序之外"
                                           "被替换），不能据此证明真伪；请运行 adjudicator audit verify 核查。")
    voided = f"但该文书已作废（{row.void_reason}）" if row.status == "voided" else ""
    return _verdict(s, row, "genuine", f"真实：{what}是{name}（案件 {_case_no(s, row)}，{row.issued_on} 出具，"
                                       f"出具人 {row.issued_by}）{voided}。")


def verify_pdf(db: Database, path: str | Path) -> DocVerdict:
    """Judge a PDF file against the documents issued here (see the module docstring)."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_PDF_BYTES:
            return DocVerdict("unknown", f"无法识别：“{file.name}”太大，不是本系统出具的文书。")
        data = file.read_bytes()
    except OSError as exc:
        raise DomainError(f"无法读取文件“{file.name}”（{exc.strerror or exc}）；请检查路径。") from None
    digest = hashlib.sha256(data).hexdigest()
    with db.session() as s:
        row = s.scalars(select(Document).where(Document.sha256 == digest, Document.status.in_(_ISSUED))).first()
        if row is not None:
            return _genuine(s, row, "该文件与存档逐字节一致，")
        content = _content_digest_of(data)
        if content is None:
            return DocVerdict("unknown", "无法识别：该文件不是本系统出具的文书（没有文书校验信息），本库中也没有与之相同的文书。")
        row = s.scalars(select(Document).where(Document.content_sha256 == content,
                                                Document.status.in_(_ISSUED))).first()
        if row is None:
            return DocVerdict("unknown", "无法识别：该文件载有文书校验信息，但本库中没有这份文书（可能是其他裁决所出具的，"
                                         "或尚未导入）。")
        recorded, intact = recorded_state(s, "documents", row.id)
        if intact and recorded.get("sha256") == digest:  # the original; the stored copy was replaced here
            return _verdict(s, row, "genuine", f"真实：该文件的 SHA-256 与审计记录中{kind_title(row.kind)} {row.number}"
                                               "出具时的一致；但本库中的存档已被替换，请运行 adjudicator audit verify 核查。")
        return _verdict(s, row, "altered", f"已被改动：该文件自称{kind_title(row.kind)} {row.number}，"
                                           "但与出具时存档的文件不一致。")


def _content_digest_of(data: bytes) -> str | None:
    """The content hash an issued PDF carries in its keywords, None when it has none or is no PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        return None
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a damaged file is an answer (unknown), not a warning on the console
    try:
        meta = PdfReader(io.BytesIO(data)).metadata
    except (PyPdfError, ValueError, OSError, KeyError, TypeError, AttributeError, IndexError):
        return None
    finally:
        quiet.setLevel(level)
    keywords = str((meta or {}).get("/Keywords") or "")
    match = _DIGEST.search(keywords)
    return match.group(1) if match else None


def verify_qr_text(db: Database, text: str) -> DocVerdict:
    """Judge the text of a scanned QR code (number, then ``SHA-256:<content hash>``)."""
    match = _QR.match(text or "")
    if match is None:
        raise DomainError("二维码内容应为两行：文书编号，以及“SHA-256:”加 64 位校验码；请核对扫描结果。")
    number = match["number"].strip().replace("[", "〔").replace("]", "〕")
    digest = match["digest"].lower()
    with db.session() as s:
        row = s.scalars(select(Document).where(Document.number == number, Document.status.in_(_ISSUED))).first()
        if row is None:
            return DocVerdict("unknown", f"无法识别：本库中没有编号为“{number[:60]}”的已出具文书。")
        if not row.content_sha256 or row.content_sha256 != digest:
            return _verdict(s, row, "altered", f"已被改动：二维码中的校验码与{kind_title(row.kind)} {row.number}"
                                               "出具时记录的不符。")
        return _genuine(s, row, "二维码所示文书")

"""``doc verify``: is this PDF (or this scanned QR code's text) a document issued by a station we know, unchanged?

Every document issued since signing began carries its station's Ed25519 signature
(:mod:`adjudicator.documents.signing`); the keys known here are this station's own and, on a
supervisor database, every registered station's. Four answers (:class:`DocVerdict`):

- **genuine** (真实) — the file's signature holds under the key of the station it names, and the
  document's row here (issued or since voided) is that document and agrees with its audit trail;
  for a QR code's text: the number is known, the content hash printed beside it is the one recorded
  at issue, and the stored PDF's signature holds;
- **altered** (已被改动) — the file's bytes changed after signing, its signature does not hold, or
  it names one of our documents but differs from it; or the document's row here no longer agrees
  with its audit trail or its stored file's signature (the file and its hash replaced behind the
  program's back), so nothing can be proved from it;
- **unsigned** (签名启用前出具) — a document issued before documents were signed that matches the
  record here: the record vouches for it, no signature does (exit status 1, like every answer but
  genuine);
- **unknown** (无法识别) — nothing here matches: no such document, or a station whose key is not
  registered here (the sentence says to register it).
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
from adjudicator.documents.signing import (
    DocumentSignature,
    check_signature,
    known_keys,
    statement_matches,
    stored_signature_problem,
)
from adjudicator.documents.templates import kind_title
from adjudicator.errors import DomainError
from adjudicator.stations.registry import station
from adjudicator.store import Database
from adjudicator.store.audit import recorded_state
from adjudicator.store.models import Case
from adjudicator.store.models_documents import Document

#: A larger file is no document of ours (the longest decision is well under a megabyte).
MAX_PDF_BYTES = 64 * 1024 * 1024
_DIGEST = re.compile(re.escape(PROOF_KEYWORD) + r"\s*([0-9a-f]{64})")
_QR = re.compile(r"^\s*(?P<number>.+?)\s*[\r\n]+\s*SHA-256\s*[:：]\s*(?P<digest>[0-9a-fA-F]{64})\s*$", re.DOTALL)
_ISSUED = ("issued", "voided")
_WORDS = {"genuine": "真实", "altered": "已被改动", "unsigned": "签名启用前出具", "unknown": "无法识别"}
_AUDIT = "请运行 adjudicator audit verify 核查。"


@dataclass(frozen=True)
class DocVerdict:
    """What ``doc verify`` found: ``status`` is genuine, altered, unsigned or unknown; ``sentence`` says it in Chinese.

    ``station`` is the issuing station's code; ``signature`` how its signature held (valid, none,
    invalid, unknown_station — empty for a QR code read without its file).
    """

    status: str
    sentence: str
    number: str = ""
    kind: str = ""
    case_no: str = ""
    issued_on: str = ""
    document_status: str = ""
    station: str = ""
    signature: str = ""

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
        and recorded.get("content_sha256", row.content_sha256) == row.content_sha256 \
        and (recorded.get("signature") or "") == row.signature  # a draft's entry names no signature (None)


def _verdict(s: Session, row: Document, status: str, sentence: str, signature: str = "") -> DocVerdict:
    return DocVerdict(status, sentence, row.number or "", row.kind, _case_no(s, row),
                      row.issued_on.isoformat() if row.issued_on else "", row.status, row.owner_station, signature)


def _who(db: Database, code: str) -> str:
    """A station as a sentence names it: 新城区知识产权行政裁决所（01）, or its code when not in the registry."""
    try:
        return f"{station(db, code).name}（{code}）"
    except DomainError:
        return f"裁决所 {code}"


def _name(row: Document) -> str:
    return f"{kind_title(row.kind)} {row.number}"


def _stored_problem(s: Session, db: Database, row: Document) -> str | None:
    """Why the stored file of ``row`` proves nothing (missing, not its hash, signature not holding), or None."""
    pdf = s.scalar(select(Document.pdf).where(Document.id == row.id))
    if not pdf or hashlib.sha256(pdf).hexdigest() != row.sha256:
        return "存档文件缺失或与记录的 SHA-256 不符"
    return stored_signature_problem(s, db, row, bytes(pdf))


def _genuine(s: Session, db: Database, row: Document, what: str, signature: str) -> DocVerdict:
    """The verdict on a file or QR code that is ``row``'s document, once the row itself is checked."""
    name = _name(row)
    if not _row_holds(s, row):
        return _verdict(s, row, "altered", f"已被改动：本库中{name}的记录与其审计记录不符（存档或其哈希可能在本程序之外"
                                           f"被替换），不能据此证明真伪；{_AUDIT}", signature)
    problem = _stored_problem(s, db, row)
    if problem:
        return _verdict(s, row, "altered", f"已被改动：本库中{name}的存档不成立（{problem}），可能在本程序之外被替换，"
                                           f"不能据此证明真伪；{_AUDIT}", signature)
    voided = f"但该文书已作废（{row.void_reason}）" if row.status == "voided" else ""
    facts = f"（案件 {_case_no(s, row)}，{row.issued_on} 出具，出具人 {row.issued_by}）{voided}"
    if not row.signature:
        return _verdict(s, row, "unsigned", f"签名启用前出具：{what}是{name}{facts}；该文书出具于本系统启用电子签名之前，"
                                            "没有签名，只能凭本库记录核验。", signature or "none")
    return _verdict(s, row, "genuine", f"真实：{what}是{_who(db, row.owner_station)}出具的{name}{facts}。",
                    signature or "valid")


def verify_pdf(db: Database, path: str | Path) -> DocVerdict:
    """Judge a PDF file by its signature and against the documents recorded here (see the module docstring)."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_PDF_BYTES:
            return DocVerdict("unknown", f"无法识别：“{file.name}”太大，不是本系统出具的文书。")
        data = file.read_bytes()
    except OSError as exc:
        raise DomainError(f"无法读取文件“{file.name}”（{exc.strerror or exc}）；请检查路径。") from None
    digest = hashlib.sha256(data).hexdigest()
    with db.session() as s:
        check = check_signature(data, known_keys(s, db))
        if check.status == "unsigned":
            return _unsigned_file(s, db, data, digest)
        sig = check.signature
        if sig is None:
            return DocVerdict("altered", "已被改动：该文件载有本系统的电子签名，但签名信息已损坏。", signature="invalid")
        title = f"{kind_title(str(sig.statement.get('kind', '')))} {sig.number}"
        if check.status == "unknown_station":
            return DocVerdict("unknown", f"无法识别：该文件载有{_who(db, sig.station)}的电子签名（自称{title}），但本库没有"
                                         f"登记该所的公钥，无法核验；请先用 adjudicator station register 登记该所导出的"
                                         "公钥文件，再核验。", sig.number, station=sig.station, signature="unknown_station")
        row = _signed_row(s, sig)
        if check.status == "invalid":
            sentence = f"已被改动：该文件自称{_who(db, sig.station)}出具的{title}，但{check.reason}。"
            if row is not None:
                return _verdict(s, row, "altered", sentence, "invalid")
            return DocVerdict("altered", sentence, sig.number, station=sig.station, signature="invalid")
        same = s.scalars(select(Document).where(Document.sha256 == digest, Document.status.in_(_ISSUED))).first()
        if same is not None:
            if not statement_matches(sig, same):
                return _verdict(s, same, "altered", f"已被改动：本库中{_name(same)}的记录与其存档的签名所署内容不符；"
                                                    f"{_AUDIT}", "valid")
            return _genuine(s, db, same, "该文件的电子签名有效，与存档逐字节一致，", "valid")
        if row is None:
            return DocVerdict("unknown", f"无法识别：该文件的电子签名有效，确为{_who(db, sig.station)}出具的{title}，但本库中"
                                         "没有这份文书的记录（该所的数据包可能尚未导入），无法确认其现状。",
                              sig.number, str(sig.statement.get("kind", "")), str(sig.statement.get("case_no", "")),
                              str(sig.statement.get("issued_on", "")), station=sig.station, signature="valid")
        recorded, intact = recorded_state(s, "documents", row.id)
        replaced = intact and recorded.get("sha256") == digest
        if statement_matches(sig, row) and (replaced or _stored_problem(s, db, row)):
            # this file is the one signed at issue; the copy stored here no longer is (replaced behind our back)
            return _verdict(s, row, "genuine", f"真实：该文件的电子签名有效，是{_who(db, row.owner_station)}出具的"
                                               f"{_name(row)}；但本库中的存档已被替换，{_AUDIT}", "valid")
        return _verdict(s, row, "altered", f"已被改动：该文件的电子签名有效，但与本库中{_name(row)}的存档不是同一份文件；"
                                           f"{_AUDIT}", "valid")


def _signed_row(s: Session, sig: DocumentSignature) -> Document | None:
    """The issued (or voided) document a signature names: by its station, number and kind."""
    return s.scalars(select(Document).where(
        Document.owner_station == sig.station, Document.number == sig.number,
        Document.kind == str(sig.statement.get("kind", "")), Document.status.in_(_ISSUED))
        .order_by(Document.issued_at.desc())).first()


def _unsigned_file(s: Session, db: Database, data: bytes, digest: str) -> DocVerdict:
    """A file without a signature: a document issued before signing, or not what it claims."""
    row = s.scalars(select(Document).where(Document.sha256 == digest, Document.status.in_(_ISSUED))).first()
    if row is not None:
        if row.signature:  # the record says it was signed: the stored file lost its signature
            return _verdict(s, row, "altered", f"已被改动：本库记录{_name(row)}出具时已签名，但存档文件没有签名，"
                                               f"可能在本程序之外被替换；{_AUDIT}", "none")
        return _genuine(s, db, row, "该文件与存档逐字节一致，", "none")
    content = _content_digest_of(data)
    if content is None:
        return DocVerdict("unknown", "无法识别：该文件不是本系统出具的文书（没有文书校验信息），本库中也没有与之相同的文书。")
    row = s.scalars(select(Document).where(Document.content_sha256 == content,
                                            Document.status.in_(_ISSUED))).first()
    if row is None:
        return DocVerdict("unknown", "无法识别：该文件载有文书校验信息，但本库中没有这份文书（可能是其他裁决所出具的，"
                                     "或尚未导入）。")
    if row.signature:
        return _verdict(s, row, "altered", f"已被改动：该文件自称{_name(row)}，但没有出具时的电子签名"
                                           "（签名被去掉，或文件被改动后另存）。", "none")
    recorded, intact = recorded_state(s, "documents", row.id)
    if intact and recorded.get("sha256") == digest:  # the original; the stored copy was replaced here
        return _verdict(s, row, "unsigned", f"签名启用前出具：该文件的 SHA-256 与审计记录中{_name(row)}出具时的一致；"
                                            f"该文书没有电子签名，且本库中的存档已被替换，{_AUDIT}", "none")
    return _verdict(s, row, "altered", f"已被改动：该文件自称{_name(row)}，但与出具时存档的文件不一致。", "none")


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
        rows = s.scalars(select(Document).where(Document.number == number, Document.status.in_(_ISSUED))).all()
        # a decision, its correction and its public version share the number: the one the code names
        found = next((r for r in rows if r.content_sha256 == digest), rows[0] if rows else None)
        if found is None:
            return DocVerdict("unknown", f"无法识别：本库中没有编号为“{number[:60]}”的已出具文书。")
        if not found.content_sha256 or found.content_sha256 != digest:
            return _verdict(s, found, "altered", f"已被改动：二维码中的校验码与{_name(found)}出具时记录的不符。")
        return _genuine(s, db, found, "二维码所示文书", "")

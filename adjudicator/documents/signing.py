"""The station's signature on an issued PDF: an Ed25519 signature carried in the file itself.

Why this form and not a PDF signature field (PAdES/CMS): a CMS signature needs an X.509
certificate, and the stations have no certificate authority — their trust anchor is the raw
Ed25519 key the supervisor registered from ``station export-key`` after reading its fingerprint
over the phone. A self-signed certificate would add a heavy dependency (pyHanko) and make every
PDF viewer show an "unknown signer" banner, while proving nothing more than this does.

What is signed (the *statement*, canonical JSON): the station's code and key fingerprint, the
document's number, kind, case, issue date and content hash (the one its QR code prints), and the
length and SHA-256 of the PDF exactly as rendered. The signature then travels in the PDF as an
**incremental update**: the rendered bytes stay untouched as the prefix, and after them come a new
version of the document information dictionary (the same entries plus ``/AdjudicatorSignature``,
the base64 of statement and signature), its cross-reference entry and a trailer pointing back
(``/Prev``) to the original one. Pages, fonts and the QR code are the same objects, so the
document looks the same in every viewer; ``doc verify FILE.pdf`` reads the signature back
without the database.

A signed file holds only if its prefix has the signed length and hash **and** the whole file is
exactly that prefix plus the update this module writes for it: anything appended later (another
incremental update that swaps a page) makes it fail.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adjudicator.stations.keys import fingerprint, private_key_in, public_keys_in
from adjudicator.store import Database
from adjudicator.store.models_documents import Document

FORMAT = "adjudicator-document-signature"
#: The key of the document information dictionary that carries the signature.
INFO_KEY = b"/AdjudicatorSignature"
_RECORD = re.compile(re.escape(INFO_KEY) + rb" \(([A-Za-z0-9+/=]{40,8000})\)")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.DOTALL)


@dataclass(frozen=True)
class DocumentSignature:
    """A signature read from a PDF: what was signed, the signature (base64), and the record as carried."""

    statement: dict[str, Any]
    signature: str
    record: str

    @property
    def station(self) -> str:
        return str(self.statement.get("station", ""))

    @property
    def number(self) -> str:
        return str(self.statement.get("number", ""))

    @property
    def key_fingerprint(self) -> str:
        return str(self.statement.get("station_key", ""))


@dataclass(frozen=True)
class SignatureCheck:
    """How a file's signature held: ``valid``, ``unsigned``, ``unknown_station`` or ``invalid`` (with why)."""

    status: str
    signature: DocumentSignature | None = None
    reason: str = ""

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def _canonical(statement: Mapping[str, Any]) -> bytes:
    return json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _encode(statement: Mapping[str, Any], signature: str) -> str:
    doc = {"statement": statement, "signature": signature}
    return base64.b64encode(_canonical(doc)).decode("ascii")


def _object_at(pdf: bytes, xref: int, number: int) -> bytes:
    """The body (``<< … >>``) of object ``number``, found through the classic cross-reference table at ``xref``."""
    head = re.compile(rb"xref\s+(\d+)\s+(\d+)\s*\n").match(pdf, xref)
    if head is None:
        raise ValueError("no cross-reference table")
    first, count = int(head[1]), int(head[2])
    if not first <= number < first + count:
        raise ValueError("object outside the table")
    entry = pdf[head.end() + 20 * (number - first): head.end() + 20 * (number - first + 1)]
    offset = int(entry[:10])
    obj = re.compile(rb"%d 0 obj\s*(<<.*?>>)\s*endobj" % number, re.DOTALL).match(pdf, offset)
    if obj is None:
        raise ValueError("object not where the table says")
    return obj[1]


def _with_signature(pdf: bytes, record: str) -> bytes:
    """``pdf`` (as rendered) followed by the incremental update that carries ``record`` (see the module docstring)."""
    end = _STARTXREF.search(pdf[-64:])
    trailer = _TRAILER.search(pdf, max(0, len(pdf) - 2048))
    if end is None or trailer is None:
        raise ValueError("not a PDF as the renderer writes it")
    xref = int(end[1])
    fields = trailer[1]
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", fields)
    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", fields)
    size = re.search(rb"/Size\s+(\d+)", fields)
    ident = re.search(rb"/ID\s*(\[<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\])", fields)
    if info is None or root is None or size is None or ident is None:
        raise ValueError("trailer without Info, Root, Size or ID")
    number = int(info[1])
    body = _object_at(pdf, xref, number)
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offset = len(out)
    out += b"%d 0 obj\n" % number + body[:-2].rstrip() + b"\n" + INFO_KEY + b" (" + record.encode("ascii") \
        + b")\n>>\nendobj\n"
    update = len(out)
    out += b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
    out += (b"trailer\n<<\n/ID " + ident[1] + b"\n/Info %d 0 R\n/Prev %d\n/Root %d 0 R\n/Size %d\n>>\n"
            % (number, xref, int(root[1]), int(size[1])))
    out += b"startxref\n%d\n%%%%EOF\n" % update
    return bytes(out)


def sign_pdf(pdf: bytes, key: Ed25519PrivateKey, *, station: str, number: str, kind: str, case_no: str,
             issued_on: str, content_sha256: str) -> tuple[bytes, str]:
    """The signed PDF and the record it carries (stored with the document's row)."""
    from cryptography.hazmat.primitives import serialization

    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    statement = {
        "format": FORMAT, "version": 1, "station": station, "station_key": fingerprint(public),
        "number": number, "kind": kind, "case_no": case_no, "issued_on": issued_on,
        "content_sha256": content_sha256, "signed_length": len(pdf), "signed_sha256": hashlib.sha256(pdf).hexdigest(),
    }
    signature = base64.b64encode(key.sign(_canonical(statement))).decode("ascii")
    record = _encode(statement, signature)
    return _with_signature(pdf, record), record


def sign_issued_in(s: Session, db: Database, pdf: bytes, row: Document, case_no: str) -> bytes:
    """Sign a document being issued inside write session ``s`` with this database's key; sets ``row.signature``.

    The key file missing or not matching the database refuses the issue (nothing is numbered).
    """
    signed, row.signature = sign_pdf(
        pdf, private_key_in(s, db), station=row.owner_station or str(db.station_code or ""),
        number=row.number or "", kind=row.kind, case_no=case_no,
        issued_on=row.issued_on.isoformat() if row.issued_on else "", content_sha256=row.content_sha256 or "")
    return signed


def read_signature(data: bytes) -> DocumentSignature | None:
    """The signature a PDF carries (the last one in the file), None when it carries none.

    Raises ValueError for a signature record that is not one this module wrote.
    """
    found = None
    for found in _RECORD.finditer(data):
        pass
    if found is None:
        return None
    record = found[1].decode("ascii")
    try:
        doc = json.loads(base64.b64decode(record, validate=True).decode("utf-8"))
        statement, signature = doc["statement"], str(doc["signature"])
        if not isinstance(statement, dict) or statement.get("format") != FORMAT:
            raise ValueError("not a document signature")
    except (binascii.Error, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"unreadable signature record ({exc})") from None
    return DocumentSignature(statement, signature, record)


def check_signature(data: bytes, keys: Mapping[str, str]) -> SignatureCheck:
    """Whether ``data`` is a PDF signed, unchanged since, by the key ``keys`` holds for its station."""
    try:
        sig = read_signature(data)
    except ValueError:
        return SignatureCheck("invalid", None, "签名信息已损坏")
    if sig is None:
        return SignatureCheck("unsigned")
    length = sig.statement.get("signed_length")
    prefix = data[:length] if isinstance(length, int) and 0 < length < len(data) else b""
    if not prefix or hashlib.sha256(prefix).hexdigest() != sig.statement.get("signed_sha256"):
        return SignatureCheck("invalid", sig, "文件内容与签名时的不符")
    try:
        if _with_signature(prefix, sig.record) != data:
            return SignatureCheck("invalid", sig, "签名之后文件又被追加或改动过")
    except ValueError:
        return SignatureCheck("invalid", sig, "文件结构与签名时的不符")
    public = keys.get(sig.station)
    if public is None:
        return SignatureCheck("unknown_station", sig)
    try:
        raw = base64.b64decode(sig.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(raw, _canonical(sig.statement))
    except (InvalidSignature, ValueError, binascii.Error):
        if sig.key_fingerprint != fingerprint(public):
            return SignatureCheck("invalid", sig, f"签名所用密钥（指纹 {sig.key_fingerprint[:24]}…）不是本库登记的"
                                                  f"{sig.station} 所公钥（指纹 {fingerprint(public)[:24]}…）")
        return SignatureCheck("invalid", sig, "签名无效")
    return SignatureCheck("valid", sig)


def statement_matches(sig: DocumentSignature, row: Document) -> bool:
    """Whether what was signed is this row's document: its station, number, kind and content hash.

    The content hash covers the case number, the issue date and every line of text besides.
    """
    return _matches(sig, row.owner_station, row.number or "", row.kind, row.content_sha256)


def _matches(sig: DocumentSignature, station: str, number: str, kind: str, content_sha256: str) -> bool:
    wanted = {"number": number, "kind": kind, "content_sha256": content_sha256}
    return sig.station == station and all(sig.statement.get(k) == v for k, v in wanted.items())


def known_keys(s: Session, db: Database) -> dict[str, str]:
    """The stations' public keys this database can check signatures with (its own, and the registered)."""
    return public_keys_in(s, db.station_code)


def signature_problem(pdf: bytes, record: str, keys: Mapping[str, str], *, station: str, number: str, kind: str,
                      content_sha256: str, signed_since: datetime | None = None,
                      issued_at: datetime | None = None) -> str | None:
    """Why a stored PDF whose row holds ``record`` does not prove itself, or None when its signature holds.

    A row without a signature whose file carries none was issued before documents were signed —
    unless it was issued after the station's first signed document (``signed_since``): from then
    on every issue signs, so a signature missing later was taken off.
    """
    check = check_signature(pdf, keys)
    if check.status == "unsigned" and not record:
        if signed_since is not None and issued_at is not None and issued_at > signed_since:
            return f"该所自 {signed_since:%Y-%m-%d %H:%M} 起出具的文书都有签名，这份晚于此时出具却没有"
        return None
    if check.status == "unknown_station":
        return f"本库没有登记裁决所 {check.signature.station if check.signature else ''} 的公钥，无法核验其签名；请先登记该所公钥"
    if not check.valid:
        return check.reason or "出具时已签名，存档文件却没有签名"
    assert check.signature is not None
    if check.signature.record != record or not _matches(check.signature, station, number, kind, content_sha256):
        return "签名所署的文书与本库记录不符"
    return None


def stored_signature_problem(s: Session, db: Database, row: Document, pdf: bytes) -> str | None:
    """:func:`signature_problem` of an issued ``row``'s stored ``pdf``, with the keys this database knows."""
    since = None if row.signature else signed_since(s, row.owner_station)
    return signature_problem(pdf, row.signature, known_keys(s, db), station=row.owner_station,
                             number=row.number or "", kind=row.kind, content_sha256=row.content_sha256,
                             signed_since=since, issued_at=row.issued_at)


def signed_since(s: Session, station: str) -> datetime | None:
    """When ``station`` issued its first signed document (None: it has issued none here)."""
    return s.scalar(select(func.min(Document.issued_at)).where(Document.owner_station == station,
                                                               Document.signature != ""))

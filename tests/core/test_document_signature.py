"""Issued PDFs carry their station's Ed25519 signature; ``doc verify``, ``reprint`` and ``audit verify`` rely on it.

The signature covers the rendered bytes and what the document is (station, number, kind, case,
date, content hash); it travels in the PDF as an incremental update that only adds to the
document information, so the pages are the very same objects. A changed byte, a later update, a
signature made with another key, and a stored file replaced together with its hash *and* a
rewritten audit chain are all caught; documents issued before signing are told apart honestly.
On SQLite and PostgreSQL; the supervisor checks any registered station's documents.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import stat
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.signing import read_signature, sign_pdf
from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry
from adjudicator.store.models_documents import Document
from adjudicator.sync.keys import ensure_key_pair, key_path, read_key_file, write_key_file
from adjudicator.trust.audit_verify import verify_audit
from adjudicator.trust.docproof import verify_pdf, verify_qr_text
from tests.core.factories import case_input
from tests.core.forgery import forge_stored_document


@pytest.fixture(autouse=True)
def _evidence_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))


def _issue(db: Database, folder: Path, name: str = "答辩通知书.pdf") -> tuple[D.DocumentView, Path]:
    case = S.create_case(db, case_input())
    add_event(db, case.id, EventInput("filed", date(2026, 3, 4)))
    draft = D.create_draft(db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(db, draft.id, issued_on=date(2026, 3, 5))
    path = folder / name
    path.write_bytes(D.reprint(db, doc.number or ""))
    return doc, path


def _issue_unsigned(db: Database, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[D.DocumentView, Path]:
    """A document as the program issued it before signing existed: the same PDF and row, no signature."""
    with monkeypatch.context() as m:
        m.setattr(issuing, "sign_issued_in", lambda s, db, pdf, row, case_no: pdf)
        return _issue(db, folder, "旧答辩通知书.pdf")


def _row(db: Database, number: str) -> Document:
    with db.session() as s:
        row = s.scalars(select(Document).where(Document.number == number)).one()
        s.expunge(row)
        return row


def _flip(data: bytes, at: int) -> bytes:
    out = bytearray(data)
    out[at] ^= 0x01
    return bytes(out)


def test_issuing_signs_the_pdf_with_the_station_key(any_db: Database, tmp_path: Path) -> None:
    doc, path = _issue(any_db, tmp_path)
    pdf = path.read_bytes()
    row = _row(any_db, doc.number or "")
    sig = read_signature(pdf)
    assert sig is not None and row.signature == sig.record and row.sha256 == hashlib.sha256(pdf).hexdigest()
    statement = sig.statement
    assert {k: statement[k] for k in ("station", "number", "kind", "issued_on", "content_sha256")} == {
        "station": "01", "number": doc.number, "kind": "answer-notice", "issued_on": "2026-03-05",
        "content_sha256": row.content_sha256}
    signed = pdf[:statement["signed_length"]]
    assert statement["signed_sha256"] == hashlib.sha256(signed).hexdigest()
    # checked here without the program: the key ``station export-key`` hands the supervisor, the statement's bytes
    write_key_file(any_db, tmp_path / "01.pubkey.json")
    info = read_key_file(tmp_path / "01.pubkey.json")
    assert statement["station_key"] == info.fingerprint
    canonical = json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(info.public_key)).verify(base64.b64decode(sig.signature), canonical)
    private = key_path(any_db)  # beside an SQLite file, in the key folder for a server; the owner's alone
    assert private.exists() and stat.S_IMODE(private.stat().st_mode) == 0o600
    if any_db.path is not None:
        assert private == any_db.path.with_name("station.db.key")
    # the signature only adds a new document information dictionary: pages, fonts and QR code are untouched
    tail = pdf[len(signed):]
    info_number = int(re.findall(rb"/Info (\d+) 0 R", signed)[-1])
    assert re.findall(rb"(\d+) 0 obj", tail) == [str(info_number).encode()]
    before, after = PdfReader(io.BytesIO(signed)), PdfReader(io.BytesIO(pdf))
    assert len(after.pages) == len(before.pages) == doc.pages
    for old, new in zip(before.pages, after.pages, strict=True):
        assert new.get_contents().get_data() == old.get_contents().get_data()  # type: ignore[union-attr]
    assert {k: v for k, v in after.metadata.items() if k != "/AdjudicatorSignature"} == dict(before.metadata)
    assert D.reprint(any_db, doc.number or "") == pdf  # reprinting hands out the same signed bytes


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_the_signed_pdf_looks_exactly_like_the_rendered_one(station_db: Database, tmp_path: Path) -> None:
    _doc, path = _issue(station_db, tmp_path)
    pdf = path.read_bytes()
    sig = read_signature(pdf)
    assert sig is not None
    (tmp_path / "rendered.pdf").write_bytes(pdf[:sig.statement["signed_length"]])
    for name in ("rendered", "答辩通知书"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(tmp_path / f"{name}.pdf"), str(tmp_path / f"{name}-p")],
                       check=True)
    pages = sorted(tmp_path.glob("rendered-p*.png"))
    assert len(pages) == 2
    for page in pages:
        assert page.read_bytes() == (tmp_path / page.name.replace("rendered", "答辩通知书")).read_bytes()


def test_changed_bytes_later_updates_and_forged_signatures_are_altered(any_db: Database, tmp_path: Path) -> None:
    doc, path = _issue(any_db, tmp_path)
    pdf = path.read_bytes()
    sig = read_signature(pdf)
    assert sig is not None
    length = sig.statement["signed_length"]
    target = tmp_path / "核验.pdf"

    def judged(data: bytes) -> str:
        target.write_bytes(data)
        verdict = verify_pdf(any_db, target)
        assert not verdict.genuine
        return verdict.status + "：" + verdict.sentence

    assert "文件内容与签名时的不符" in judged(_flip(pdf, length // 2))  # one bit in a page
    record_at = pdf.index(sig.record.encode())
    assert judged(_flip(pdf, record_at + 30)).startswith("altered：")  # one bit of the signature record
    last = pdf.rindex(b"startxref")  # a space more in the signature's own update
    assert "签名之后文件又被追加或改动过" in judged(pdf[:last] + b"startxref " + pdf[last + 9:])

    writer = PdfWriter(io.BytesIO(pdf), incremental=True)  # a later incremental update that changes the title
    writer.add_metadata({"/Title": "答辩通知书（已撤回）"})
    later = io.BytesIO()
    writer.write(later)
    assert later.getvalue().startswith(pdf)
    assert judged(later.getvalue()).startswith("altered：")

    stranger = Ed25519PrivateKey.generate()  # a changed document signed with someone else's key, claiming station 01
    changed = pdf[:length].replace(b"(Adjudicator)", b"(Adjudicatoz)")
    forged, _ = sign_pdf(changed, stranger, station="01", number=doc.number or "", kind="answer-notice",
                         case_no=sig.statement["case_no"], issued_on="2026-03-05",
                         content_sha256=sig.statement["content_sha256"])
    assert "不是本库登记的" in judged(forged)

    # the station's genuine signature moved onto a changed file with a statement made to fit it
    statement = {**sig.statement, "signed_sha256": hashlib.sha256(changed).hexdigest()}
    from adjudicator.documents.signing import _encode, _with_signature

    grafted = _with_signature(changed, _encode(statement, sig.signature))
    assert "签名无效" in judged(grafted)
    assert verify_pdf(any_db, path).genuine  # the original still is


def test_a_store_replaced_with_a_rewritten_audit_chain_is_caught_by_the_signature(any_db: Database,
                                                                                 tmp_path: Path) -> None:
    doc, path = _issue(any_db, tmp_path)
    number = doc.number or ""
    pdf = path.read_bytes()
    forged = pdf.replace(b"(Adjudicator)", b"(Adjudicatoz)")
    forge_stored_document(any_db.engine.url.render_as_string(hide_password=False), number, forged)
    report = verify_audit(any_db)
    assert report.breaks == []  # the outside tool made the chain and the row agree: only the signature tells
    assert [(p.table, p.label) for p in report.problems] == [("documents", number)]
    assert "电子签名不成立" in report.problems[0].reason
    with pytest.raises(DomainError, match="存档签名不成立"):
        D.reprint(any_db, number)
    (tmp_path / "伪造.pdf").write_bytes(forged)
    assert verify_pdf(any_db, tmp_path / "伪造.pdf").status == "altered"
    original = verify_pdf(any_db, path)
    assert original.status == "genuine" and "本库中的存档已被替换" in original.sentence
    row = _row(any_db, number)
    qr = verify_qr_text(any_db, f"{number}\nSHA-256:{row.content_sha256}")
    assert qr.status == "altered" and "存档不成立" in qr.sentence


def test_a_signature_taken_off_the_stored_copy_is_not_passed_off_as_an_old_document(any_db: Database,
                                                                                   tmp_path: Path) -> None:
    """The stored PDF swapped for its unsigned render, the signature column emptied, the trail rewritten to match."""
    _issue(any_db, tmp_path, "第一份.pdf")  # the station has signed since this one
    time.sleep(1.1)  # moments of issue are kept to the second
    doc, path = _issue(any_db, tmp_path)
    number = doc.number or ""
    sig = read_signature(path.read_bytes())
    assert sig is not None
    stripped = path.read_bytes()[:sig.statement["signed_length"]]
    forge_stored_document(any_db.engine.url.render_as_string(hide_password=False), number, stripped, signature="")
    assert _row(any_db, number).signature == ""
    with pytest.raises(DomainError, match="这份晚于此时出具却没有"):
        D.reprint(any_db, number)
    report = verify_audit(any_db)
    assert report.breaks == [] and [(p.table, p.label) for p in report.problems] == [("documents", number)]
    (tmp_path / "无签名.pdf").write_bytes(stripped)
    assert verify_pdf(any_db, tmp_path / "无签名.pdf").status == "altered"
    original = verify_pdf(any_db, path)  # the file handed out at issue is still proved by its signature
    assert original.genuine and "本库中的存档已被替换" in original.sentence


def test_documents_issued_before_signing_say_so(any_db: Database, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    old, old_path = _issue_unsigned(any_db, tmp_path, monkeypatch)
    row = _row(any_db, old.number or "")
    assert row.signature == "" and read_signature(old_path.read_bytes()) is None
    verdict = verify_pdf(any_db, old_path)
    assert verdict.status == "unsigned", verdict.sentence
    assert verdict.sentence.startswith("签名启用前出具：该文件与存档逐字节一致，是答辩通知书")
    assert "没有签名，只能凭本库记录核验" in verdict.sentence and not verdict.genuine
    assert verify_qr_text(any_db, f"{old.number}\nSHA-256:{row.content_sha256}").status == "unsigned"
    assert D.reprint(any_db, old.number or "") == old_path.read_bytes()
    assert verify_audit(any_db).ok
    # a signed document with its signature cut off is not passed off as an old one
    _new, new_path = _issue(any_db, tmp_path)
    sig = read_signature(new_path.read_bytes())
    assert sig is not None
    stripped = tmp_path / "去掉签名.pdf"
    stripped.write_bytes(new_path.read_bytes()[:sig.statement["signed_length"]])
    verdict = verify_pdf(any_db, stripped)
    assert verdict.status == "altered" and "没有出具时的电子签名" in verdict.sentence


def test_an_issue_without_the_key_is_refused_and_leaves_nothing(station_db: Database, tmp_path: Path) -> None:
    case = S.create_case(station_db, case_input())
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    draft = D.create_draft(station_db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    ensure_key_pair(station_db)  # as ``adjudicator init`` and the first-run dialog do
    key = key_path(station_db)
    away = key.rename(tmp_path / "钥匙.key")
    delivered: list[bytes] = []
    with station_db.session() as s:
        entries = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(DomainError, match="找不到本数据库的签名密钥文件"):
        issuing.issue(station_db, draft.id, issued_on=date(2026, 3, 5), deliver=delivered.append)
    assert delivered == [] and not key.exists()
    with station_db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == entries
        assert s.get(Document, draft.id).status == "draft"  # type: ignore[union-attr]
    key.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with pytest.raises(DomainError, match="与本数据库登记的公钥不符"):  # another key is refused the same way
        issuing.issue(station_db, draft.id, issued_on=date(2026, 3, 5))
    key.unlink()
    away.rename(key)
    doc = issuing.issue(station_db, draft.id, issued_on=date(2026, 3, 5))
    assert doc.number == "呼新市监专答字〔2026〕1号"  # no number was used by the refusals


def test_the_supervisor_verifies_any_registered_stations_documents(tmp_path: Path, db_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.sync.importer import import_packages
    from tests.core.sync_helpers import make_station, make_supervisor

    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    first = make_station(tmp_path, "01", 0, seed=1)
    other = make_station(tmp_path, "02", 0, seed=2)
    doc, path = _issue(first.db, tmp_path)
    _doc2, path2 = _issue(other.db, tmp_path, "二所答辩通知书.pdf")
    sup = make_supervisor(db_url, tmp_path, [first])  # registers station 01's key only
    try:
        before = verify_pdf(sup, path)
        assert before.status == "unknown" and "电子签名有效" in before.sentence and "尚未导入" in before.sentence
        stranger = verify_pdf(sup, path2)
        assert stranger.status == "unknown" and stranger.station == "02"
        assert "没有登记该所的公钥" in stranger.sentence and "adjudicator station register" in stranger.sentence
        assert import_packages(sup, [first.export()]).ok
        verdict = verify_pdf(sup, path)
        assert verdict.status == "genuine" and verdict.number == doc.number and verdict.station == "01"
        assert _row(sup, doc.number or "").signature == _row(first.db, doc.number or "").signature
        assert D.reprint(sup, doc.number or "") == path.read_bytes()
        row = _row(sup, doc.number or "")
        assert verify_qr_text(sup, f"{doc.number}\nSHA-256:{row.content_sha256}").genuine
        flipped = tmp_path / "改过的.pdf"
        flipped.write_bytes(_flip(path.read_bytes(), 5000))
        assert verify_pdf(sup, flipped).status == "altered"
        assert not [p for p in verify_audit(sup).problems if p.table == "documents"]
    finally:
        sup.close()
        first.db.close()
        other.db.close()

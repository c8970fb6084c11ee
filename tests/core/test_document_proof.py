"""Issued documents prove themselves: a QR code of number and content hash, and ``doc verify``'s three answers.

An issued PDF is genuine byte for byte; a copy with one property changed is altered; a draft, a
picture or another office's file is unknown; the text of the footer's QR code is judged the same
way. A stored document replaced together with its hash behind the program's back is caught by
``doc verify``, refused by ``reprint`` and named by ``audit verify``. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import create_engine, text

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.layout import PROOF_KEYWORD
from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from adjudicator.trust.audit_verify import verify_audit
from adjudicator.trust.docproof import verify_pdf, verify_qr_text
from tests.core.factories import case_input


@pytest.fixture(autouse=True)
def _evidence_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ADJUDICATOR_EVIDENCE_DIR", str(tmp_path / "evidence"))


def _issue(db: Database, tmp_path: Path) -> tuple[D.DocumentView, Path]:
    case = S.create_case(db, case_input())
    add_event(db, case.id, EventInput("filed", date(2026, 3, 4)))
    draft = D.create_draft(db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(db, draft.id, issued_on=date(2026, 3, 5))
    path = tmp_path / "答辩通知书.pdf"
    path.write_bytes(D.reprint(db, doc.number or ""))
    return doc, path


def _content_hash(db: Database, doc: D.DocumentView) -> str:
    with db.session() as s:
        return str(s.execute(text("SELECT content_sha256 FROM documents WHERE number = :n"), {"n": doc.number}).scalar())


def test_an_issued_document_is_genuine_and_carries_its_proof(any_db: Database, tmp_path: Path) -> None:
    doc, path = _issue(any_db, tmp_path)
    content = _content_hash(any_db, doc)
    assert len(content) == 64
    keywords = str(PdfReader(path).metadata["/Keywords"])
    assert f"{PROOF_KEYWORD}{content}" in keywords
    verdict = verify_pdf(any_db, path)
    assert verdict.status == "genuine" and verdict.number == doc.number
    assert verdict.sentence.startswith("真实：该文件的电子签名有效，与存档逐字节一致，是")
    assert f"出具的答辩通知书 {doc.number}（案件 " in verdict.sentence and verdict.signature == "valid"
    qr = verify_qr_text(any_db, f"{doc.number}\nSHA-256:{content}")
    assert qr.status == "genuine"
    issuing.void(any_db, doc.id, "送达地址有误")
    assert "但该文书已作废（送达地址有误）" in verify_pdf(any_db, path).sentence


def test_an_altered_copy_and_strangers_are_told_apart(any_db: Database, tmp_path: Path) -> None:
    doc, path = _issue(any_db, tmp_path)
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/Title": "答辩通知书（改）"})
    altered = tmp_path / "改过的.pdf"
    buffer = io.BytesIO()
    writer.write(buffer)
    altered.write_bytes(buffer.getvalue())
    verdict = verify_pdf(any_db, altered)
    assert verdict.status == "altered" and verdict.number == doc.number
    draft = tmp_path / "草稿.pdf"
    case = S.list_cases(any_db)[0]
    draft.write_bytes(D.render_preview(any_db, D.create_draft(any_db, case["id"], "answer-notice",
                                                                  {"filed_on": "2026-03-04"}).id))
    assert verify_pdf(any_db, draft).status == "unknown"
    picture = tmp_path / "扫描件.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    assert verify_pdf(any_db, picture).status == "unknown"
    content = _content_hash(any_db, doc)
    assert verify_qr_text(any_db, f"{doc.number}\nSHA-256:{'0' * 64}").status == "altered"
    assert verify_qr_text(any_db, f"呼新市监专答字〔2026〕99号\nSHA-256:{content}").status == "unknown"
    with pytest.raises(DomainError, match="二维码内容应为两行"):
        verify_qr_text(any_db, "随便什么")


def test_a_stored_document_replaced_with_its_hash_is_caught(any_db: Database, tmp_path: Path) -> None:
    doc, path = _issue(any_db, tmp_path)
    forged = path.read_bytes().replace(b"(Adjudicator)", b"(Adjudicatoz)")  # the Creator, in the signed part
    digest = hashlib.sha256(forged).hexdigest()
    engine = create_engine(any_db.engine.url)  # behind the program's back
    with engine.begin() as conn:
        conn.execute(text("UPDATE documents SET pdf = :pdf, sha256 = :h WHERE number = :n"),
                     {"pdf": forged, "h": digest, "n": doc.number})
    engine.dispose()
    forged_file = tmp_path / "伪造.pdf"
    forged_file.write_bytes(forged)
    verdict = verify_pdf(any_db, forged_file)  # its bytes changed after signing
    assert verdict.status == "altered" and "文件内容与签名时的不符" in verdict.sentence
    original = verify_pdf(any_db, path)  # its signature still proves the original, and it says the store was changed
    assert original.status == "genuine" and "本库中的存档已被替换" in original.sentence
    with pytest.raises(DomainError, match="与审计记录中出具时的 SHA-256 不符"):
        D.reprint(any_db, doc.number or "")
    problems = verify_audit(any_db).problems
    assert {(p.table, p.label) for p in problems} == {("documents", doc.number)}


def test_the_supervisor_verifies_a_stations_document(tmp_path: Path, db_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.sync.importer import import_packages
    from tests.core.sync_helpers import make_station, make_supervisor

    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    st = make_station(tmp_path, "01", 0, seed=1)
    doc, path = _issue(st.db, tmp_path)
    sup = make_supervisor(db_url, tmp_path, [st])
    try:
        assert verify_pdf(sup, path).status == "unknown"  # before the station's package arrives
        assert import_packages(sup, [st.export()]).ok
        verdict = verify_pdf(sup, path)
        assert verdict.status == "genuine" and verdict.number == doc.number
    finally:
        sup.close()
        st.db.close()

"""The evidence and documents tabs write against the version the clerk saw, through their real widgets.

Clerk A has a case's tab open; clerk B (another program on the same database) changes the case or
the very exhibit or document A is working on. A's next write from the tab is refused with a
sentence naming B and when, nothing of A's is written, B's change stays, and A's input stays in the tab.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QPushButton
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.cases.listing import case_input_of
from adjudicator.database import Database
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.service_records import list_service
from adjudicator.evidence import service as E
from adjudicator.procedure.service import load_procedure
from tests.core.factories import case_input
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import type_text
from ui import changes, dialogs
from ui.documents_tab import DocumentsTab
from ui.evidence_tab import EvidenceTab
from ui.service_dialog import ServiceDialog

B = "李书记员"
A_OPINION = "被请求人对公证书的真实性无异议，对其关联性有异议。"
B_REASON = "公证书载明的购买过程完整，予以采信。"


@pytest.fixture
def case_id(station_db: Database) -> uuid.UUID:
    return case_service.create_case(station_db, case_input()).id


def _notarial_deed(db: Database, case_id: uuid.UUID, tmp_path: Path) -> E.ExhibitView:
    deed = tmp_path / "（2026）内呼证经字第1234号 公证书.pdf"
    deed.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return E.add_exhibit(db, case_id, E.ExhibitInput(title=deed.stem, notarised=True), [deed], actor="张书记员")


def _evidence_tab(qtbot: QtBot, db: Database, case_id: uuid.UUID) -> EvidenceTab:
    tab = EvidenceTab(db, case_id)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    return tab


def _colleague_changes_the_case(db: Database, case_id: uuid.UUID) -> None:
    inp = case_input_of(case_service.get_case(db, case_id))
    inp.notes = "被请求人来电称已下架全部链接，待核实。"
    case = case_service.get_case(db, case_id)
    case_service.update_case(db, case_id, inp, expected_version=case.version, actor=B)


def test_a_stale_exhibit_form_is_refused_naming_the_colleague_and_keeps_the_opinion(
        qtbot: QtBot, station_db: Database, case_id: uuid.UUID, tmp_path: Path, boxes: DialogRecorder) -> None:
    deed = _notarial_deed(station_db, case_id, tmp_path)
    tab = _evidence_tab(qtbot, station_db, case_id)
    tab.table.selectRow(0)
    tab.form.cross_exam.setPlainText(A_OPINION)
    assert tab.form.dirty

    theirs = E.get_exhibit(station_db, deed.id).as_input()
    theirs.finding, theirs.finding_reason = "accepted", B_REASON
    E.update_exhibit(station_db, deed.id, theirs, expected_version=deed.version, actor=B)

    qtbot.mouseClick(tab.form.save_button, Qt.MouseButton.LeftButton)
    assert len(boxes.errors) == 1
    assert "请求人证据1已被其他人修改" in boxes.errors[0] and B in boxes.errors[0]
    stored = E.get_exhibit(station_db, deed.id)
    assert stored.finding_reason == B_REASON and stored.cross_exam == ""  # B's stays, nothing of A's
    assert tab.form.cross_exam.toPlainText() == A_OPINION and tab.form.dirty  # A's input is kept

    boxes.save_answer = dialogs.SaveChoice.DISCARD  # A gives up the opinion and deletes the exhibit as shown
    tab._buttons["delete"].click()
    assert boxes.save_questions == 1 and len(boxes.errors) == 2 and B in boxes.errors[1]
    assert not E.get_exhibit(station_db, deed.id).deleted  # refused like the save


def test_adding_and_renumbering_after_a_colleague_changed_the_case_are_refused(
        qtbot: QtBot, station_db: Database, case_id: uuid.UUID, tmp_path: Path, boxes: DialogRecorder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _notarial_deed(station_db, case_id, tmp_path)
    tab = _evidence_tab(qtbot, station_db, case_id)
    _colleague_changes_the_case(station_db, case_id)

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("被控侵权产品（扫地机器人）实物一件", True))
    tab._buttons["physical"].click()
    assert len(boxes.errors) == 1 and "已被其他人修改" in boxes.errors[0] and B in boxes.errors[0]
    tab._buttons["renumber"].click()
    assert boxes.confirms and len(boxes.errors) == 2 and B in boxes.errors[1]
    dropped = tmp_path / "淘宝 商品页面截图.png"
    dropped.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    tab.add_files([dropped])
    assert len(boxes.errors) == 3 and B in boxes.errors[2]
    assert [v.title for v in E.list_exhibits(station_db, case_id)] == ["（2026）内呼证经字第1234号 公证书"]


def test_this_programs_own_change_keeps_the_tab_current(
        qtbot: QtBot, station_db: Database, case_id: uuid.UUID, tmp_path: Path, boxes: DialogRecorder,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another window of this program saved the case against the version the tab saw: the tab follows."""
    _notarial_deed(station_db, case_id, tmp_path)
    tab = _evidence_tab(qtbot, station_db, case_id)
    seen = tab.model.case_version
    inp = case_input_of(case_service.get_case(station_db, case_id))
    inp.notes = "合议庭已组成。"
    saved = case_service.update_case(station_db, case_id, inp, expected_version=seen)
    changes.report(case_id, seen, saved.version, changes.CASE_DATA, source=object())
    assert tab.model.case_version == saved.version

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("被控侵权产品（扫地机器人）实物一件", True))
    tab._buttons["physical"].click()
    assert boxes.errors == []
    assert [v.label for v in E.list_exhibits(station_db, case_id)] == ["请求人证据1", "请求人证据2"]
    assert tab.count.text() == "共 2 件"


def _documents_tab(qtbot: QtBot, db: Database, case_id: uuid.UUID) -> DocumentsTab:
    tab = DocumentsTab(db, case_id)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    return tab


def _click_new_draft(qtbot: QtBot, tab: DocumentsTab, kind: str) -> None:
    tab.kind_box.setCurrentIndex(tab.kind_box.findData(kind))
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "新建草稿")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_draft_changed_by_a_colleague_is_not_overwritten_and_the_typed_text_stays(
        qtbot: QtBot, station_db: Database, case_id: uuid.UUID, boxes: DialogRecorder) -> None:
    tab = _documents_tab(qtbot, station_db, case_id)
    _click_new_draft(qtbot, tab, "hearing-notice")
    assert boxes.errors == [] and tab.current is not None
    draft = tab.current
    tab.editors["place"].setFocus()
    type_text(qtbot, tab.editors["place"], "本局第一审理室")

    D.update_draft(station_db, draft.id, {**draft.fields, "place": "本局第二审理室"},
                   expected_version=draft.version, actor=B)
    tab.autosave()  # what the timer, leaving the draft or the tab does
    assert len(boxes.errors) == 1 and "口头审理通知书（草稿）已被其他人修改" in boxes.errors[0] and B in boxes.errors[0]
    assert D.find_document(station_db, str(draft.id)).fields["place"] == "本局第二审理室"  # B's stays
    assert tab.editors["place"].text() == "本局第一审理室"  # A's input is kept

    tab.case_saved()  # the case window saved meanwhile: the tab keeps A's text rather than re-read over it
    assert tab.editors["place"].text() == "本局第一审理室" and len(boxes.errors) == 2


def test_a_new_draft_after_a_colleague_changed_the_case_is_refused_and_leaves_nothing(
        qtbot: QtBot, station_db: Database, case_id: uuid.UUID, boxes: DialogRecorder) -> None:
    tab = _documents_tab(qtbot, station_db, case_id)
    _colleague_changes_the_case(station_db, case_id)
    _click_new_draft(qtbot, tab, "answer-notice")
    assert len(boxes.errors) == 1 and "已被其他人修改" in boxes.errors[0] and B in boxes.errors[0]
    assert D.list_documents(station_db, case_id) == [] and tab.list.count() == 0

    tab.case_saved()  # the clerk's case window re-read the case: the tab now sees B's version
    _click_new_draft(qtbot, tab, "answer-notice")
    assert len(boxes.errors) == 1 and [d.kind for d in D.list_documents(station_db, case_id)] == ["answer-notice"]


def test_issuing_the_decision_leaves_the_case_windows_unsaved_notes_saveable(
        qtbot: QtBot, station_db: Database, case_id: uuid.UUID, boxes: DialogRecorder) -> None:
    """The decision records its event (the case moves on); the tab hands the version it left to the window."""
    from tests.core.test_documents import FIELDS, _proceed
    from ui.editor import CaseEditor

    _proceed(station_db, case_id)
    draft = D.create_draft(station_db, case_id, "decision", FIELDS["decision"])
    editor = CaseEditor(station_db, case_id)
    qtbot.addWidget(editor)
    editor.show()
    tab = editor.findChild(DocumentsTab)
    assert tab is not None
    editor.tabs.setCurrentWidget(editor.case_info)
    editor.case_info.notes.setFocus()
    type_text(qtbot, editor.case_info.notes, "合议组已评议，裁决书今日出具。")
    assert editor.is_dirty

    editor.tabs.setCurrentWidget(tab)
    tab.list.setCurrentRow(0)
    assert tab.current is not None and tab.current.id == draft.id
    tab.issue_current()
    assert boxes.errors == [] and D.find_document(station_db, str(draft.id)).status == "issued"
    assert case_service.get_case(station_db, case_id).status == "decided"

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert boxes.errors == []  # not refused as if a colleague had saved
    saved = case_service.get_case(station_db, case_id)
    assert saved.notes == "合议组已评议，裁决书今日出具。" and saved.status == "decided"


def _decided_case_window(qtbot: QtBot, db: Database) -> tuple[uuid.UUID, Any, DocumentsTab]:
    """A case with a decision and an answer notice issued, its window open on the decision, with unsaved notes."""
    from tests.core.test_documents import _issue
    from ui.editor import CaseEditor

    case_id = case_service.create_case(db, case_input()).id
    _issue(db, "decision", case_id)
    _issue(db, "answer-notice", case_id)
    editor = CaseEditor(db, case_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.case_info)
    editor.case_info.notes.setFocus()
    type_text(qtbot, editor.case_info.notes, "裁决书已送达请求人，公开版待制作。")
    tab = editor.findChild(DocumentsTab)
    assert tab is not None and editor.is_dirty
    editor.tabs.setCurrentWidget(tab)
    _select(tab, "decision")
    return case_id, editor, tab


def _serve(monkeypatch: pytest.MonkeyPatch, seen: list[str], recipient: str = "") -> None:
    """The service dialog, filled as a clerk would (recipient, dates) unless already filled; ``seen``: its recipient."""

    def fill(dialog: ServiceDialog) -> int:
        seen.append(dialog.recipient.text())
        if recipient:
            dialog.recipient.setText(recipient)
            dialog.sent.set_value(date(2026, 5, 9))
            dialog.received.set_value(date(2026, 5, 11))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ServiceDialog, "exec", fill)


def _select(tab: DocumentsTab, kind: str) -> None:
    row = next(i for i in range(tab.list.count())
               if D.find_document(tab.db, str(tab.list.item(i).data(Qt.ItemDataRole.UserRole))).kind == kind)
    tab.list.setCurrentRow(row)
    assert tab.current is not None and tab.current.kind == kind


def test_a_service_then_publishing_and_voiding_from_the_same_tab_are_not_refused(
        qtbot: QtBot, any_db: Database, boxes: DialogRecorder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each write hands the case version it left to the tab and the case window: none looks stale to the next."""
    case_id, editor, tab = _decided_case_window(qtbot, any_db)
    seen_before = tab.case_version
    _serve(monkeypatch, [], "内蒙古草原星光科技有限公司")
    tab.serve_button.click()
    assert boxes.errors == [] and tab.served.text().startswith("已登记送达：直接送达 内蒙古草原星光科技有限公司")
    assert tab.case_version is not None and seen_before is not None and tab.case_version > seen_before
    assert editor.seen_version == tab.case_version  # handed on: the window's notes are not stale

    _select(tab, "decision")
    tab.publish_button.click()
    assert boxes.errors == []
    assert "published" in {e.kind for e in load_procedure(any_db, case_id).events}
    _select(tab, "answer-notice")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("受送达人名称有误", True))
    tab.void_button.click()
    assert boxes.errors == []
    kinds = {d.kind: d.status for d in D.list_documents(any_db, case_id)}
    assert kinds == {"decision": "issued", "answer-notice": "voided", "decision-publication": "issued"}
    decision = next(d for d in D.list_documents(any_db, case_id) if d.kind == "decision")
    assert [r.recipient for r in list_service(any_db, decision.id)] == ["内蒙古草原星光科技有限公司"]

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert boxes.errors == []
    assert case_service.get_case(any_db, case_id).notes == "裁决书已送达请求人，公开版待制作。"


def test_a_colleagues_change_refuses_service_publishing_and_voiding_and_keeps_what_was_typed(
        qtbot: QtBot, any_db: Database, boxes: DialogRecorder, monkeypatch: pytest.MonkeyPatch) -> None:
    case_id, _editor, tab = _decided_case_window(qtbot, any_db)
    decision = tab.current
    assert decision is not None
    _colleague_changes_the_case(any_db, case_id)
    version = case_service.get_case(any_db, case_id).version

    typed: list[str] = []
    _serve(monkeypatch, typed, "内蒙古草原星光科技有限公司")
    tab.serve_button.click()
    assert len(boxes.errors) == 1 and "已被其他人修改" in boxes.errors[0] and B in boxes.errors[0]
    _serve(monkeypatch, typed)  # the clerk opens the dialog again: what was typed is there
    tab.serve_button.click()
    assert typed == ["", "内蒙古草原星光科技有限公司"] and len(boxes.errors) == 2

    tab.publish_button.click()
    assert len(boxes.errors) == 3 and B in boxes.errors[2]
    assert list_service(any_db, decision.id) == []
    assert "published" not in {e.kind for e in load_procedure(any_db, case_id).events}
    assert case_service.get_case(any_db, case_id).version == version  # B's change stands, nothing of A's

    _select(tab, "answer-notice")
    notice = tab.current
    assert notice is not None
    issuing.void(any_db, notice.id, "文号登记有误", expected_version=notice.version, actor=B)
    asked: list[str] = []

    def reason(*args: object, **_kw: object) -> tuple[str, bool]:
        asked.append(str(args[4]) if len(args) > 4 else "")
        return "受送达人名称有误", True

    monkeypatch.setattr(QInputDialog, "getText", reason)
    tab.void_button.click()
    assert len(boxes.errors) == 4 and "答辩通知书" in boxes.errors[3] and B in boxes.errors[3]
    assert D.find_document(any_db, str(notice.id)).void_reason == "文号登记有误"  # B's reason stays
    tab.void_button.click()
    assert asked == ["", "受送达人名称有误"]  # the typed reason is offered again

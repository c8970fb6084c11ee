"""The evidence and documents tabs write against the version the clerk saw, through their real widgets.

Clerk A has a case's tab open; clerk B (another program on the same database) changes the case or
the very exhibit or document A is working on. A's next write from the tab is refused with a
sentence naming B and when, nothing of A's is written, B's change stays, and A's input stays in the tab.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QPushButton
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.cases.listing import case_input_of
from adjudicator.database import Database
from adjudicator.documents import service as D
from adjudicator.evidence import service as E
from tests.core.factories import case_input
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import type_text
from ui import changes, dialogs
from ui.documents_tab import DocumentsTab
from ui.evidence_tab import EvidenceTab

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

"""The drafting window: opened from the 文书 tab, one section per field, the comparison table, clauses,
punctuation, preview toggle, autosave that leaves the case's history alone, save and close."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QPlainTextEdit
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.documents.clauses import clauses
from adjudicator.documents.punctuation import normalize_punctuation
from adjudicator.history.trail import case_history
from adjudicator.store import Database
from tests.core.test_decision import _proceed, two_respondents
from ui import dialogs
from ui.documents_tab import DocumentsTab
from ui.drafting import window as W
from ui.drafting.clauses import ClauseDialog, NewClauseDialog
from ui.drafting.features import FeatureTable


def _decision_window(qtbot: QtBot, db: Database, tmp_path: Path) -> tuple[W.DraftingWindow, object]:
    case = S.create_case(db, two_respondents())
    _proceed(db, case.id)
    draft = D.create_draft(db, case.id, "decision", {"clerk": "王小红"})
    window = W.DraftingWindow(db, draft.id, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(window)
    return window, case.id


def test_the_documents_tab_opens_the_drafting_window(qtbot: QtBot, station_db: Database,
                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(W, "default_autosave_dir", lambda: tmp_path / "autosave")
    case = S.create_case(station_db, two_respondents())
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.kind_box.setCurrentIndex(tab.kind_box.findData("decision"))
    tab.new_draft()
    assert tab.draft_button.isEnabled()
    tab.draft_button.click()
    window = tab.drafting
    assert isinstance(window, W.DraftingWindow) and window.isVisible()
    assert {"defence:张小明", "defence:义乌市星辰电子商务有限公司", "features"} <= set(window.editors)
    assert isinstance(window.editors["features"], FeatureTable)
    facts = window.editors["facts"]
    assert isinstance(facts, QPlainTextEdit) and facts.minimumHeight() >= 200
    qtbot.waitUntil(lambda: window.pdf.pageCount() > 0)
    window.close()


def test_typing_previews_and_autosaves_without_touching_the_history(qtbot: QtBot, station_db: Database,
                                                                    tmp_path: Path) -> None:
    window, case_id = _decision_window(qtbot, station_db, tmp_path)
    before = len(case_history(station_db, case_id))  # type: ignore[arg-type]
    facts = window.editors["facts"]
    assert isinstance(facts, QPlainTextEdit)
    facts.setPlainText("请求人是涉案专利的专利权人。")
    window.refresh_preview()
    assert "请求人是涉案专利的专利权人" in window.pdf_bytes.decode("latin-1", "ignore") or window.pdf.pageCount() > 0
    window.autosave()
    assert (tmp_path / "autosave" / f"{window.doc_id}.json").exists()
    assert len(case_history(station_db, case_id)) == before  # type: ignore[arg-type]
    assert D.find_document(station_db, str(window.doc_id)).fields.get("facts", "") == ""
    window.save_action.trigger()  # saved; a draft is a working copy, so the history (issue, void, correct) is unchanged
    assert D.find_document(station_db, str(window.doc_id)).fields["facts"] == "请求人是涉案专利的专利权人。"
    assert len(case_history(station_db, case_id)) == before  # type: ignore[arg-type]
    assert not (tmp_path / "autosave" / f"{window.doc_id}.json").exists()


def test_autosaved_text_is_offered_back_after_a_crash(qtbot: QtBot, station_db: Database, tmp_path: Path,
                                                      boxes: object) -> None:
    window, _ = _decision_window(qtbot, station_db, tmp_path)
    reasoning = window.editors["reasoning"]
    assert isinstance(reasoning, QPlainTextEdit)
    reasoning.setPlainText("被请求人未经许可销售被诉侵权产品。")
    window.autosave()
    window.dirty = False  # the program "crashed": nothing was saved to the database
    again = W.DraftingWindow(station_db, window.doc_id, autosave_dir=tmp_path / "autosave")
    qtbot.addWidget(again)
    assert boxes.confirms  # type: ignore[attr-defined]
    restored = again.editors["reasoning"]
    assert isinstance(restored, QPlainTextEdit) and restored.toPlainText() == "被请求人未经许可销售被诉侵权产品。"
    boxes.save_answer = dialogs.SaveChoice.SAVE  # type: ignore[attr-defined]
    again.close()
    assert D.find_document(station_db, str(window.doc_id)).fields["reasoning"] == "被请求人未经许可销售被诉侵权产品。"


def test_feature_table_gives_the_conclusion_and_is_what_the_decision_prints(qtbot: QtBot, station_db: Database,
                                                                             tmp_path: Path) -> None:
    window, _ = _decision_window(qtbot, station_db, tmp_path)
    table = window.editors["features"]
    assert isinstance(table, FeatureTable)
    table.add_button.click()
    table.table.item(0, 1).setText("底座")
    table.table.item(0, 2).setText("被诉产品包括底座")
    table.add_button.click()
    table.table.item(1, 1).setText("支撑臂")
    table.table.item(1, 2).setText("无支撑臂")
    table.table.cellWidget(1, 3).setCurrentIndex(2)  # 不相同
    assert "未落入涉案专利权的保护范围" in table.conclusion.text()
    table.table.selectRow(1)
    table.remove_button.click()
    assert table.table.rowCount() == 1 and "落入涉案专利权的保护范围" in table.conclusion.text()
    assert table.text() == "1|底座|被诉产品包括底座|相同|"


def test_clause_library_inserts_and_the_station_adds_its_own(qtbot: QtBot, station_db: Database, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    window, _ = _decision_window(qtbot, station_db, tmp_path)
    reasoning = window.editors["reasoning"]
    assert isinstance(reasoning, QPlainTextEdit)
    reasoning.setFocus()
    monkeypatch.setattr(ClauseDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    window.clause_action.trigger()
    assert reasoning.toPlainText() == ""  # cancelled: nothing inserted
    first = clauses(station_db)[0]
    monkeypatch.setattr(ClauseDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    window.clause_action.trigger()
    assert reasoning.toPlainText() == first.text

    dialog = ClauseDialog(station_db)
    qtbot.addWidget(dialog)

    def fill(self: NewClauseDialog) -> QDialog.DialogCode:
        self.category.setCurrentIndex(2)
        self.title.setText("本所：网店销售的认定")
        self.body.setPlainText("被请求人在其网店中上架被诉侵权产品,并完成交易.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewClauseDialog, "exec", fill)
    dialog.add_button.click()
    own = [c for c in clauses(station_db) if not c.shipped]
    assert [c.text for c in own] == ["被请求人在其网店中上架被诉侵权产品，并完成交易。"]
    assert dialog.chosen() is not None and dialog.chosen().title == "本所：网店销售的认定"  # type: ignore[union-attr]
    monkeypatch.setattr(NewClauseDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    dialog.add_button.click()
    assert len([c for c in clauses(station_db) if not c.shipped]) == 1


def test_punctuation_and_preview_toggle(qtbot: QtBot, station_db: Database, tmp_path: Path) -> None:
    window, _ = _decision_window(qtbot, station_db, tmp_path)
    claims = window.editors["requester_claims"]
    assert isinstance(claims, QPlainTextEdit)
    claims.setPlainText('请求人称被请求人销售「手机支架」,见https://item.taobao.com/item.htm?id=612345678901,请求"停止侵权".')
    window.punctuation_action.trigger()
    assert claims.toPlainText() == ("请求人称被请求人销售“手机支架”，见https://item.taobao.com/item.htm?id=612345678901，"
                                    "请求“停止侵权”。")
    window.show()
    window.preview_action.trigger()
    assert not window.view.isVisible()
    window.preview_action.trigger()
    assert window.view.isVisible()
    assert normalize_punctuation("ZL201620161392.4,3.5mm") == "ZL201620161392.4,3.5mm"
    window.dirty = False


def test_closing_with_changes_asks_and_cancel_keeps_the_window(qtbot: QtBot, station_db: Database, tmp_path: Path,
                                                               boxes: object) -> None:
    window, _ = _decision_window(qtbot, station_db, tmp_path)
    window.show()
    facts = window.editors["facts"]
    assert isinstance(facts, QPlainTextEdit)
    facts.setPlainText("事实。")
    window.close()  # the recorder answers 取消
    assert window.isVisible() and boxes.save_questions == 1  # type: ignore[attr-defined]
    boxes.save_answer = dialogs.SaveChoice.DISCARD  # type: ignore[attr-defined]
    window.close()
    assert not window.isVisible()
    assert D.find_document(station_db, str(window.doc_id)).fields.get("facts", "") == ""


def test_publishing_the_public_version_from_the_documents_tab(qtbot: QtBot, station_db: Database,
                                                               boxes: object) -> None:
    from datetime import date

    from adjudicator.procedure.service import load_procedure
    from tests.core.test_decision import _draft

    case = S.create_case(station_db, two_respondents())
    _proceed(station_db, case.id)
    decision = issuing.issue(station_db, _draft(station_db, case.id).id, issued_on=date(2026, 5, 8))
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.reload(select=decision.id)
    assert tab.publish_button.isEnabled() and not tab.draft_button.isEnabled()
    boxes.confirm_answer = False  # type: ignore[attr-defined]
    tab.publish_button.click()
    assert len(D.list_documents(station_db, case.id)) == 1  # cancelled: nothing made
    boxes.confirm_answer = True  # type: ignore[attr-defined]
    tab.publish_button.click()
    assert tab.current is not None and tab.current.title == "行政裁决书（公开版）"
    assert not tab.publish_button.isEnabled() and tab.editors == {}
    assert load_procedure(station_db, case.id).procedure.first["published"].date == date.today()
    tab.reload(select=decision.id)
    tab.publish_button.click()
    assert "已于" in boxes.errors[-1]  # type: ignore[attr-defined]

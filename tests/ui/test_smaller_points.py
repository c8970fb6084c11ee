"""The smaller points of the clerk's desk, each through the real widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QStyleOptionHeader
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.procedure.dashboard import deadline_board
from adjudicator.stations.registry import registry
from adjudicator.store import Database, open_database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS
from ui.documents_tab import DocumentsTab, ServiceDialog
from ui.editor import CaseEditor
from ui.evidence_form import ExhibitForm
from ui.first_run import FirstRunDialog
from ui.main_window import MainWindow
from ui.sorting import SortArrowStyle
from ui.startup_notice import notice_for


def test_choosing_the_station_is_confirmed_by_name_and_the_label_follows(qtbot: QtBot, tmp_path: Path,
                                                                         boxes: object) -> None:
    db = open_database(tmp_path / "new.db")
    dialog = FirstRunDialog(registry(db), choose_station=True)
    qtbot.addWidget(dialog)
    assert dialog.chosen.text() == "在上表中选择"
    dialog.select_station("01")
    assert dialog.chosen.text() == "新城区知识产权行政裁决所（文号前缀 呼新市监专裁字）"
    dialog.name_edit.setText("王小红")
    boxes.confirm_answer = False  # type: ignore[attr-defined]
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted  # 取消: still choosing
    assert "不能更改" in boxes.confirms[-1] and "新城区知识产权行政裁决所" in boxes.confirms[-1]  # type: ignore[attr-defined]
    boxes.confirm_answer = True  # type: ignore[attr-defined]
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    db.close()


def test_esc_clears_the_filter_and_sorting_arrows_point_the_right_way(qtbot: QtBot, station_db: Database) -> None:
    window = MainWindow(station_db)
    qtbot.addWidget(window)
    page = window.cases
    page.filter_edit.setText("张小明")
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Escape)
    assert page.filter_edit.text() == ""
    header = page.view.horizontalHeader()
    assert header.findChild(SortArrowStyle) is not None  # under the theme's style sheet, as its base style
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # QHeaderView asks for SortUp when descending; the style draws it as the down arrow.
    from ui.sorting import _FLIPPED
    assert _FLIPPED[QStyleOptionHeader.SortIndicator.SortUp] == QStyleOptionHeader.SortIndicator.SortDown


def test_links_typed_without_https_are_completed(qtbot: QtBot, station_db: Database) -> None:
    editor = CaseEditor(station_db)
    qtbot.addWidget(editor)
    editor.case_info.kind.setCurrentIndex(editor.case_info.kind.findData("ecommerce"))
    editor.ecommerce.links.setPlainText("item.taobao.com/item.htm?id=612345678901")
    inp = editor.form_input()
    assert inp.ecommerce is not None
    assert inp.ecommerce.listing_links == ["https://item.taobao.com/item.htm?id=612345678901"]


def test_recording_a_service_says_so(qtbot: QtBot, station_db: Database, monkeypatch: object) -> None:
    case = S.create_case(station_db, case_input())
    draft = D.create_draft(station_db, case.id, "answer-notice", FIELDS["answer-notice"])
    issuing.issue(station_db, draft.id, issued_on=date(2026, 3, 5))
    tab = DocumentsTab(station_db, case.id)
    qtbot.addWidget(tab)
    tab.list.setCurrentRow(0)

    def fill(dialog: ServiceDialog) -> int:
        dialog.recipient.setText("张伟")
        dialog.sent.set_value(date(2026, 3, 5))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ServiceDialog, "exec", fill)  # type: ignore[attr-defined]
    tab.serve_button.click()
    assert tab.served.text().startswith("已登记送达：直接送达 张伟 2026-03-05。")


def test_each_party_opens_at_the_top_of_its_form(qtbot: QtBot, station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    editor = CaseEditor(station_db, case.id)
    qtbot.addWidget(editor)
    editor.resize(900, 420)
    editor.show()
    parties = editor.parties
    editor.tabs.setCurrentWidget(parties)
    parties.list.setCurrentRow(0)
    bar = parties.form_scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    parties.list.setCurrentRow(1)
    assert bar.value() == 0


def test_deleting_a_case_with_issued_documents_names_them(qtbot: QtBot, station_db: Database, boxes: object) -> None:
    case = S.create_case(station_db, case_input())
    draft = D.create_draft(station_db, case.id, "answer-notice", FIELDS["answer-notice"])
    decision = issuing.issue(station_db, draft.id, issued_on=date(2026, 5, 8))
    window = MainWindow(station_db)
    qtbot.addWidget(window)
    window.cases.load()
    qtbot.waitUntil(lambda: window.cases.select_case(case.id))
    boxes.confirm_answer = False  # type: ignore[attr-defined]
    informative: list[str] = []
    from ui import dialogs

    original = dialogs.confirm

    def confirm(parent: object, title: str, text: str, accept: str, more: str = "") -> bool:
        informative.append(more)
        return original(parent, title, text, accept, more)

    dialogs.confirm = confirm  # the fixture's recorder, with the informative text kept
    try:
        window.act_delete.trigger()
    finally:
        dialogs.confirm = original
    assert f"答辩通知书 {decision.number}" in informative[0] and "不会收回" in informative[0]
    assert S.get_case(station_db, case.id).deleted_at is None


def test_the_start_up_reminder_puts_today_and_the_latest_first(qtbot: QtBot, station_db: Database) -> None:
    for received in (date(2023, 3, 1), date(2026, 2, 24), date(2026, 3, 3)):
        S.create_case(station_db, case_input(received_on=received), today=received)
    notice = notice_for(deadline_board(station_db, today=date(2026, 3, 10)))
    assert notice is not None
    qtbot.addWidget(notice)
    dues = [notice.list.topLevelItem(i).text(0) for i in range(notice.list.topLevelItemCount())]
    assert dues[0] == "2026-03-10" and dues[1] > dues[-1] and dues[-1].startswith("2023")


def test_a_physical_exhibit_is_neither_original_nor_copy(qtbot: QtBot) -> None:
    form = ExhibitForm()
    qtbot.addWidget(form)
    form.original.setChecked(True)
    form.physical.setChecked(True)
    assert not form.original.isChecked()
    assert not form.original.isEnabledTo(form) and not form.notarised.isEnabledTo(form)
    form.physical.setChecked(False)
    assert form.original.isEnabledTo(form)

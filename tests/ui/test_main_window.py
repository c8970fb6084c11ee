"""The main window: the case list, its filters and sort, delete and restore, pages, shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.cases.listing import case_input_of
from adjudicator.store import Database
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import add_case, open_window, type_text
from ui.case_model import COLUMN_INDEX


def _names(window: object) -> list[str]:
    model = window.cases.model  # type: ignore[attr-defined]
    column = COLUMN_INDEX["party_summary"]
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_list_shows_cases_with_labels(qtbot: QtBot, station_db: Database) -> None:
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    model = window.cases.model
    assert model.rowCount() == 1
    row = {key: model.index(0, col).data() for key, col in COLUMN_INDEX.items()}
    assert row == {
        "case_no": case.case_no, "kind": "电商侵权", "party_summary": "内蒙古草原星光科技有限公司 诉 张小明",
        "patent_no": "ZL201620161392.4", "received_on": "2026-03-02", "status": "待立案审查", "handler": "李明",
    }
    assert model.index(0, COLUMN_INDEX["kind"]).data(Qt.ItemDataRole.ToolTipRole) == "电商领域专利侵权纠纷"
    assert window.windowTitle().endswith("新城区知识产权行政裁决所")


def test_filters_by_kind_status_and_text(qtbot: QtBot, station_db: Database) -> None:
    add_case(station_db, "甲公司", "张三")
    add_case(station_db, "乙公司", "李四", kind="infringement", ecommerce=None)
    window = open_window(qtbot, station_db)
    page = window.cases
    assert page.model.rowCount() == 2

    page.kind_combo.setCurrentIndex(page.kind_combo.findData("infringement"))
    assert _names(window) == ["乙公司 诉 李四"]
    page.kind_combo.setCurrentIndex(0)
    assert page.model.rowCount() == 2

    page.status_combo.setCurrentIndex(page.status_combo.findData("decided"))
    assert page.model.rowCount() == 0
    assert window.count_label.text() == "共 0 件"
    assert "没有符合筛选条件的案件" in page.view.empty_text
    page.status_combo.setCurrentIndex(page.status_combo.findData("__open__"))
    assert page.model.rowCount() == 2

    qtbot.keyClicks(page.filter_edit, "ZL2016201613")  # part of the patent number
    page.apply_filters()
    assert page.model.rowCount() == 2
    page.filter_edit.setText("甲")
    page.apply_filters()
    assert _names(window) == ["甲公司 诉 张三"]


def test_filter_waits_for_typing_to_pause(qtbot: QtBot, station_db: Database) -> None:
    add_case(station_db, "甲公司", "张三")
    add_case(station_db, "乙公司", "李四")
    window = open_window(qtbot, station_db)
    page = window.cases
    type_text(qtbot, page.filter_edit, "乙")
    assert page.model.rowCount() == 2  # not yet: the query runs after a short pause
    assert page.filter_timer.isActive()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=8000)


def test_sorting_requeries_the_database(qtbot: QtBot, station_db: Database) -> None:
    add_case(station_db, "甲公司", "张三", handler="王五")
    add_case(station_db, "乙公司", "李四", handler="陈六")
    window = open_window(qtbot, station_db)
    view = window.cases.view
    view.sortByColumn(COLUMN_INDEX["party_summary"], Qt.SortOrder.AscendingOrder)
    assert window.cases.model.query.sort == "party_summary"
    assert window.cases.model.query.descending is False
    first = _names(window)
    view.sortByColumn(COLUMN_INDEX["party_summary"], Qt.SortOrder.DescendingOrder)
    assert _names(window) == list(reversed(first))
    view.sortByColumn(COLUMN_INDEX["case_no"], Qt.SortOrder.AscendingOrder)
    model = window.cases.model
    assert [model.index(r, 0).data() for r in range(2)] == ["呼新市监专裁字〔2026〕1号", "呼新市监专裁字〔2026〕2号"]


def test_delete_confirm_hide_show_deleted_restore(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    case = add_case(station_db, "甲公司", "张三")
    add_case(station_db, "乙公司", "李四")
    window = open_window(qtbot, station_db)
    page = window.cases
    assert page.select_case(case.id)
    assert window.act_delete.isEnabled() and not window.act_restore.isEnabled()

    boxes.confirm_answer = False
    window.act_delete.trigger()
    assert boxes.confirms == [f"确定删除案件“{case.case_no}”吗？"]
    assert page.model.rowCount() == 2

    boxes.confirm_answer = True
    window.act_delete.trigger()
    assert page.model.rowCount() == 1
    assert case.id not in page.model.case_ids()
    assert window.count_label.text() == "共 1 件"
    assert case_service.get_case(station_db, case.id).deleted_at is not None

    page.deleted_check.setChecked(True)
    assert window.act_show_deleted.isChecked()
    assert page.model.case_ids() == [case.id]
    assert window.count_label.text() == "已删除 共 1 件"
    assert page.select_case(case.id)
    assert window.act_restore.isEnabled() and not window.act_delete.isEnabled()
    window.act_restore.trigger()  # back among the current cases, the restored one selected
    assert not page.deleted_check.isChecked() and not window.act_show_deleted.isChecked()
    assert case.id in page.model.case_ids()
    qtbot.waitUntil(lambda: page.selected_ids() == [case.id])
    assert case_service.get_case(station_db, case.id).deleted_at is None
    assert window.count_label.text() == "共 2 件"


def test_delete_and_restore_are_refused_when_the_case_changed_since_the_list_showed_it(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    """Another program saved the case after the list was read: the clerk is told who, and nothing is deleted."""
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    page = window.cases
    assert page.select_case(case.id)
    inp = case_input_of(case_service.get_case(station_db, case.id))
    inp.notes = "被请求人来电称已下架全部链接，待核实。"
    case_service.update_case(station_db, case.id, inp, expected_version=case.version, actor="李书记员")

    window.act_delete.trigger()
    assert len(boxes.errors) == 1 and "已被李书记员" in boxes.errors[0] and "未删除" in boxes.errors[0]
    assert case_service.get_case(station_db, case.id).deleted_at is None
    assert window.statusBar().currentMessage() == "已删除 0 件案件"
    assert page.select_case(case.id)  # the list was read again: now the clerk has seen B's version
    window.act_delete.trigger()
    assert len(boxes.errors) == 1 and case_service.get_case(station_db, case.id).deleted_at is not None

    page.deleted_check.setChecked(True)
    assert page.select_case(case.id)
    qtbot.waitUntil(lambda: page.model.case_row(0) is not None and page.view.isVisible())
    shown = case_service.get_case(station_db, case.id)
    case_service.set_deleted(station_db, case.id, False, expected_version=shown.version, actor="李书记员")
    case_service.set_deleted(station_db, case.id, True, actor="李书记员")  # restored and deleted again meanwhile
    window.act_restore.trigger()
    assert len(boxes.errors) == 2 and "已被李书记员" in boxes.errors[1] and "未恢复" in boxes.errors[1]
    assert case_service.get_case(station_db, case.id).deleted_at is not None


def test_delete_key_in_the_list_asks_first(qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    case = add_case(station_db, "甲公司", "张三")
    window = open_window(qtbot, station_db)
    with qtbot.waitActive(window):
        window.activateWindow()
    page = window.cases
    page.select_case(case.id)
    page.view.setFocus()
    boxes.confirm_answer = False
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert len(boxes.confirms) == 1
    assert page.model.rowCount() == 1


def test_enter_and_double_click_open_the_case(qtbot: QtBot, station_db: Database) -> None:
    case = add_case(station_db, "甲公司", "张三")
    window = open_window(qtbot, station_db)
    page = window.cases
    page.select_case(case.id)
    page.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert case.id in window.editors
    editor = window.editors[case.id]
    assert editor.title.text() == case.case_no
    editor.close()
    assert case.id not in window.editors

    rect = page.view.visualRect(page.model.index(0, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert case.id in window.editors
    assert window.open_case(case.id) is window.editors[case.id]  # one window per case


def test_keyboard_shortcuts(qtbot: QtBot, station_db: Database) -> None:
    add_case(station_db, "甲公司", "张三")
    window = open_window(qtbot, station_db)
    with qtbot.waitActive(window):
        window.activateWindow()
    page = window.cases
    page.view.setFocus()

    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_edit.hasFocus()
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)  # from the filter into the list
    assert page.view.hasFocus()
    assert page.view.currentIndex().row() == 0

    qtbot.keyClick(page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(window.open_editors()) == 1
    assert window.open_editors()[0].case is None  # a new case
    assert window.act_refresh.shortcut().toString() == "F5"
    assert window.act_delete.shortcut().toString() == "Del"


def test_add_page(qtbot: QtBot, station_db: Database) -> None:
    window = open_window(qtbot, station_db)
    before = window.pages.count()  # 案件列表 plus the pages features registered
    assert window.pages.tabText(0) == "案件列表"
    page = QLabel("统计报表")
    index = window.add_page(page, "统计报表")
    assert index == before
    assert window.pages.tabText(index) == "统计报表"
    assert window.pages.tabBar().isVisible()

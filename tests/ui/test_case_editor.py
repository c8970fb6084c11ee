"""The case editor: create, validate as you type, save, history, and the unsaved-changes guard."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.store import Database
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import TODAY, add_case, fill_new_case, open_window, type_into, type_text
from ui import dialogs


def test_create_case_through_editor_then_find_it_by_party_name(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    add_case(station_db, "北京某某科技有限公司", "李四")
    window = open_window(qtbot, station_db)
    assert window.count_label.text() == "共 1 件"

    window.act_new.trigger()
    editor = window.open_editors()[-1]
    assert not editor.save_button.isEnabled()  # a blank case is not yet valid
    fill_new_case(qtbot, editor, respondent="王晓燕")
    assert editor.problems == []
    assert "✓ ZL201620161392.4" in editor.patent.parsed.text()
    assert "实用新型" in editor.patent.parsed.text()
    assert editor.save_button.isEnabled()

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert boxes.errors == []
    assert case_service.count_cases(station_db) == 2
    assert editor.case is not None and editor.case.case_no == f"呼新市监专裁字〔{TODAY.year}〕2号"
    assert editor.title.text() == editor.case.case_no
    assert window.count_label.text() == "共 2 件"
    assert window.cases.current_id() == editor.case_id  # the saved case is selected in the list

    type_text(qtbot, window.cases.filter_edit, "晓燕")
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 1, timeout=8000)
    assert window.cases.model.case_ids() == [editor.case_id]
    assert window.count_label.text() == "共 1 件"

    window.cases.filter_edit.clear()
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 2, timeout=8000)
    assert window.count_label.text() == "共 2 件"


def test_patent_number_checked_as_typed(qtbot: QtBot, station_db: Database) -> None:
    window = open_window(qtbot, station_db)
    editor = window.new_case()
    assert editor is not None
    fill_new_case(qtbot, editor, patent="ZL 2016 2 0161392.5")

    number = editor.patent.fields["patent.number"]
    assert number.message.isVisible()
    assert "校验位不正确：应为 4，输入为 5" in number.message.text()
    assert number.editor.property("invalid") is True
    assert any(p.field == "patent.number" and p.sentence().startswith("专利号")
               for p in editor.problems)
    assert [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())] == [
        "专利号校验位不正确：应为 4，输入为 5"]
    assert not editor.save_button.isEnabled()

    editor.save()  # Ctrl+S while invalid: nothing is saved, the cursor goes to the problem
    assert case_service.count_cases(station_db) == 0

    type_into(qtbot, editor.patent.number, "2016 2 0161392.4")
    assert not number.message.isVisible()
    assert editor.patent.parsed.text().startswith("✓ ZL201620161392.4")
    assert editor.save_button.isEnabled()


def test_future_received_date_and_missing_respondent_save_nothing(
        qtbot: QtBot, station_db: Database) -> None:
    window = open_window(qtbot, station_db)
    editor = window.new_case()
    assert editor is not None
    fill_new_case(qtbot, editor)
    assert editor.save_button.isEnabled()

    tomorrow = TODAY + timedelta(days=1)
    editor.tabs.setCurrentWidget(editor.case_info)
    editor.case_info.received_on.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    received = editor.case_info.fields["received_on"]
    assert received.message.isVisible()
    assert "晚于今天" in received.message.text()
    assert any(p.sentence().startswith("收到请求日期") for p in editor.problems)
    assert not editor.save_button.isEnabled()

    editor.case_info.received_on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    assert editor.save_button.isEnabled()

    editor.tabs.setCurrentWidget(editor.parties)
    editor.parties.list.setCurrentRow(1)
    qtbot.mouseClick(editor.parties.remove_button, Qt.MouseButton.LeftButton)
    assert editor.parties.list.count() == 1
    assert editor.parties.list_message.isVisible()
    assert "被请求人" in editor.parties.list_message.text()
    assert "被请求人：至少需要一名被请求人。" in [editor.problem_list.item(i).text()
                                                for i in range(editor.problem_list.count())]
    assert not editor.save_button.isEnabled()

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    editor.save()
    assert case_service.count_cases(station_db) == 0
    assert editor.case is None


def test_history_lists_creation_and_each_edit(qtbot: QtBot, station_db: Database) -> None:
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    editor = window.open_case(case.id)
    assert editor is not None
    history = editor.history.lines()
    assert any(line.startswith("新建案件") for line in history)
    assert not any(line.startswith("修改") for line in history)

    type_into(qtbot, editor.case_info.handler, "赵敏")
    assert editor.isWindowModified()
    assert editor.save()
    assert case_service.get_case(station_db, case.id).handler == "赵敏"

    lines = editor.history.lines()
    assert len(lines) == 2  # the creation and the edit, newest first
    assert lines[0].startswith("修改案件")
    assert lines[1].startswith("新建案件")
    assert "承办人：由“李明”改为“赵敏”" in editor.history.details(0)
    assert "名称：张小明" in editor.history.details(1)
    assert editor.history.tree.topLevelItem(0).text(1) == "测试员"  # type: ignore[union-attr]
    assert not editor.isWindowModified()


def test_party_edit_updates_the_same_party(qtbot: QtBot, station_db: Database) -> None:
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    editor = window.open_case(case.id)
    assert editor is not None
    editor.parties.list.setCurrentRow(1)
    type_into(qtbot, editor.parties.phone, "13900002222")
    type_into(qtbot, editor.parties.agent_edits[0][0], "陈律师")
    type_into(qtbot, editor.parties.agent_edits[0][1], "内蒙古正义律师事务所")
    assert editor.save()
    saved = case_service.get_case(station_db, case.id)
    respondent = next(p for p in saved.parties if p.role == "respondent")
    assert respondent.id == case.parties[1].id
    assert respondent.phone == "13900002222"
    assert respondent.agents == ({"name": "陈律师", "firm": "内蒙古正义律师事务所", "phone": ""},)


def test_bad_credit_code_named_on_its_field(qtbot: QtBot, station_db: Database) -> None:
    window = open_window(qtbot, station_db)
    editor = window.new_case()
    assert editor is not None
    fill_new_case(qtbot, editor)
    editor.parties.list.setCurrentRow(0)
    type_into(qtbot, editor.parties.id_number, "91150102MA0N8XYE06")
    field = editor.parties.party_fields["id_number"]
    assert "统一社会信用代码校验位不正确" in field.message.text()
    assert not editor.save_button.isEnabled()


def test_ecommerce_tab_only_for_ecommerce_cases(qtbot: QtBot, station_db: Database) -> None:
    window = open_window(qtbot, station_db)
    editor = window.new_case()
    assert editor is not None
    fill_new_case(qtbot, editor)
    tab = editor.tabs.indexOf(editor.ecommerce)
    assert not editor.tabs.isTabVisible(tab)
    editor.case_info.kind.setCurrentIndex(editor.case_info.kind.findData("ecommerce"))
    assert editor.tabs.isTabVisible(tab)
    assert any(p.field == "ecommerce.platform" for p in editor.problems)
    editor.ecommerce.platform.setCurrentText("拼多多")
    assert editor.problems == []
    assert editor.save()
    assert editor.case is not None and editor.case.ecommerce is not None
    assert editor.case.ecommerce.platform == "拼多多"


def test_unsaved_changes_guard(qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    editor = window.open_case(case.id)
    assert editor is not None

    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    assert boxes.save_questions == 0
    assert not editor.isVisible()

    editor = window.open_case(case.id)
    assert editor is not None
    type_into(qtbot, editor.case_info.handler, "赵敏")
    boxes.save_answer = dialogs.SaveChoice.CANCEL
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert boxes.save_questions == 1
    assert editor.isVisible()

    editor.close()  # the window's close button asks too
    assert boxes.save_questions == 2
    assert editor.isVisible()

    boxes.save_answer = dialogs.SaveChoice.DISCARD
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert case_service.get_case(station_db, case.id).handler == "李明"

    editor = window.open_case(case.id)
    assert editor is not None
    type_into(qtbot, editor.case_info.handler, "赵敏")
    boxes.save_answer = dialogs.SaveChoice.SAVE
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert case_service.get_case(station_db, case.id).handler == "赵敏"


def test_concurrent_edit_is_refused_with_a_sentence(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder) -> None:
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    editor = window.open_case(case.id)
    assert editor is not None
    inp = case_service.get_case(station_db, case.id)
    from adjudicator.cases.listing import case_input_of

    changed = case_input_of(inp)
    changed.handler = "别人"
    case_service.update_case(station_db, case.id, changed)

    type_into(qtbot, editor.case_info.handler, "赵敏")
    assert not editor.save()
    assert boxes.errors and "已被其他人修改" in boxes.errors[0]
    assert case_service.get_case(station_db, case.id).handler == "别人"

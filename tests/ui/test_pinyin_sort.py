"""承办人 sorts by pinyin (阿强, 李娜, 王芳, 张伟), not by code point (刘, 吴, 张, 李, 王 …), in the list and in pickers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.cases.query import CaseQuery
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.ui.helpers import open_window
from ui.case_model import COLUMN_INDEX
from ui.sorting import pinyin_sorted

NAMES = ["张伟", "李娜", "王芳", "阿强", "赵敏", "陈静", "刘洋", "吴昊"]
PINYIN = ["阿强", "陈静", "李娜", "刘洋", "王芳", "吴昊", "张伟", "赵敏"]


def test_the_collator_orders_by_pinyin_on_this_machine() -> None:
    assert sorted(NAMES) != PINYIN  # code-point order would be wrong
    assert pinyin_sorted(NAMES) == PINYIN


def test_clicking_the_handler_header_sorts_by_pinyin_both_ways(qtbot: QtBot, station_db: Database) -> None:
    for name in NAMES:
        S.create_case(station_db, case_input(handler=name))
    S.create_case(station_db, case_input(handler=""))  # not yet assigned: after every name
    window = open_window(qtbot, station_db)
    page = window.cases
    column = COLUMN_INDEX["handler"]

    def shown() -> list[str]:
        return [page.model.index(r, column).data() for r in range(page.model.rowCount())]

    page.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not page.model.is_loading and page.model.query.sort == "handler")
    assert shown() == [*PINYIN, ""]
    page.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not page.model.is_loading and page.model.query.descending)
    assert shown() == ["", *reversed(PINYIN)]

    S.create_case(station_db, case_input(handler="白雪"))  # a new name takes its pinyin place on refresh
    page.refresh()
    qtbot.waitUntil(lambda: not page.model.is_loading)
    assert shown() == ["", "赵敏", "张伟", "吴昊", "王芳", "刘洋", "李娜", "陈静", "白雪", "阿强"]


def test_the_core_orders_by_the_given_names_on_each_backend(any_db: Database) -> None:
    for name in NAMES:
        S.create_case(any_db, case_input(handler=name))
    query = CaseQuery(sort="handler", descending=False, handler_order=tuple(PINYIN))
    handlers = [S.get_case(any_db, i).handler for i in S.query_case_ids(any_db, query)]
    assert handlers == PINYIN


def test_the_handler_field_offers_the_station_s_names_in_pinyin_order(qtbot: QtBot, station_db: Database) -> None:
    from ui.editor import CaseEditor

    for name in NAMES:
        S.create_case(station_db, case_input(handler=name))
    editor = CaseEditor(station_db)
    qtbot.addWidget(editor)
    completer = editor.case_info.handler.completer()
    model = completer.model()
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == PINYIN
    completer.setCompletionPrefix("张")
    assert completer.currentCompletion() == "张伟"

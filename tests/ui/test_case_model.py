"""The case list model fetches rows in blocks, on demand, and never loads every case."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.store import Database
from tests.ui.helpers import add_case
from ui import case_model
from ui.case_model import BLOCK_SIZE, COLUMN_INDEX, CaseTableModel


def test_rows_are_fetched_one_block_at_a_time(
        qtbot: QtBot, station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.cases import listing as ui_support
    from adjudicator.demo.generate import generate_demo

    generate_demo(station_db, BLOCK_SIZE * 2 + 17, seed=3)
    real = ui_support.case_rows_by_keys
    calls: list[list[str]] = []

    def spy(db: Database, keys: list[str]) -> dict[str, dict[str, object]]:
        calls.append(list(keys))
        return real(db, keys)

    monkeypatch.setattr(ui_support, "case_rows_by_keys", spy)
    model = CaseTableModel(station_db)
    ids = case_service.query_case_ids(station_db, model.query)
    model.set_ids(ids)
    assert model.rowCount() == len(ids) == BLOCK_SIZE * 2 + 17
    assert calls == []  # nothing fetched until a row is shown

    first = case_service.get_case(station_db, ids[5])
    assert model.index(5, COLUMN_INDEX["case_no"]).data() == first.case_no
    assert len(calls) == 1 and len(calls[0]) == BLOCK_SIZE
    model.index(BLOCK_SIZE - 1, 0).data()
    model.index(0, COLUMN_INDEX["status"]).data()
    assert len(calls) == 1  # the same block comes from the cache

    last = case_service.get_case(station_db, ids[BLOCK_SIZE * 2 + 3])
    assert model.index(BLOCK_SIZE * 2 + 3, 0).data() == last.case_no
    assert len(calls[1]) == 17
    assert model.case_id(BLOCK_SIZE + 1) == ids[BLOCK_SIZE + 1]
    assert model.row_of(ids[-1]) == len(ids) - 1
    assert model.row_of(uuid.uuid4()) is None
    assert model.index(7, 0).data(Qt.ItemDataRole.UserRole + 1) == ids[7]


def test_first_screenful_then_the_rest(qtbot: QtBot, station_db: Database,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.cases import listing as ui_support

    keys = [uuid.uuid4().hex for _ in range(BLOCK_SIZE + 50)]
    asked: list[int | None] = []

    def query_case_keys(db: Database, q: object, limit: int | None = None) -> list[str]:
        asked.append(limit)
        return keys[:limit] if limit else keys

    def query_case_list(db: Database, q: object) -> list[tuple[object, ...]]:
        asked.append(None)
        return [(key, "", *(None for _ in ui_support.LIST_FIELDS)) for key in keys]

    monkeypatch.setattr(ui_support, "query_case_keys", query_case_keys)
    monkeypatch.setattr(ui_support, "query_case_list", query_case_list)
    # As on a server database, where the first page is not read from the file.
    monkeypatch.setattr(case_model, "read_first_page", lambda path, limit: None)
    model = CaseTableModel(station_db)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    counts: list[int] = []
    model.loaded.connect(counts.append)
    model.refresh()
    assert asked == [BLOCK_SIZE, None]
    assert inserted == [(BLOCK_SIZE, BLOCK_SIZE + 49)]  # appended below the first page, no reset
    assert counts == [BLOCK_SIZE + 50]
    assert model.rowCount() == BLOCK_SIZE + 50


def test_real_query_and_refresh(qtbot: QtBot, station_db: Database) -> None:
    first = add_case(station_db, "甲公司", "张三")
    model = CaseTableModel(station_db)
    model.refresh()
    assert model.case_ids() == [first.id]
    second = add_case(station_db, "乙公司", "李四")
    model.refresh()
    assert set(model.case_ids()) == {first.id, second.id}
    assert model.row_of(second.id) is not None


def test_typing_filters_in_memory_exactly_like_the_database(qtbot: QtBot, station_db: Database) -> None:
    from dataclasses import replace

    from adjudicator.cases import service as case_service

    add_case(station_db, "甲公司", "张三")
    add_case(station_db, "乙公司", "张三丰")
    add_case(station_db, "丙公司", "李四")
    model = CaseTableModel(station_db)
    model.refresh()
    for text in ["张", "张三", "张三丰", "公司 李", "ZL2016", "〔", "无此人", ""]:
        query = replace(model.query, text=text)
        model.set_query(query)
        assert model.case_ids() == case_service.query_case_ids(station_db, query), text


def test_a_keystroke_shows_a_screenful_then_appends_the_rest(qtbot: QtBot, station_db: Database) -> None:
    from dataclasses import replace

    from adjudicator.demo.generate import generate_demo
    from ui.case_model import FIRST_ROWS

    generate_demo(station_db, FIRST_ROWS + 40, seed=5)
    model = CaseTableModel(station_db)
    model.refresh()
    loaded = model._loaded  # every row, read with the list: a keystroke keeps them
    assert len(loaded) == FIRST_ROWS + 40
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    counts: list[int] = []
    model.loaded.connect(counts.append)
    query = replace(model.query, text="呼新市监")  # in every case number
    model.set_query(query)
    total = FIRST_ROWS + 40
    assert resets == [FIRST_ROWS]
    assert inserted == [(FIRST_ROWS, total - 1)]
    assert counts == [total]
    assert model.case_ids() == case_service.query_case_ids(station_db, query)
    assert model._loaded is loaded
    # Backspace and type again: the remembered answer comes back whole, at once.
    model.set_query(replace(query, text="呼新"))
    model.set_query(query)
    assert resets[-1] == total and counts[-1] == total


def test_the_list_opens_with_the_first_page_read_from_the_file(
        qtbot: QtBot, station_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.cases import listing as ui_support
    from adjudicator.demo.generate import generate_demo

    generate_demo(station_db, BLOCK_SIZE + 30, seed=4)
    asked: list[str] = []
    for name in ("query_case_keys", "case_rows_by_keys"):
        real = getattr(ui_support, name)
        monkeypatch.setattr(ui_support, name, lambda *a, _real=real, _name=name, **k: (asked.append(_name),
                                                                                      _real(*a, **k))[1])
    model = CaseTableModel(station_db)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.refresh()
    assert resets == [BLOCK_SIZE]  # the first page at once, then the rest appended
    assert model.rowCount() == BLOCK_SIZE + 30
    assert model.case_ids() == case_service.query_case_ids(station_db, model.query)
    newest = case_service.get_case(station_db, model.case_ids()[0])
    assert model.index(0, COLUMN_INDEX["case_no"]).data() == newest.case_no
    assert model.index(BLOCK_SIZE - 1, COLUMN_INDEX["status"]).data() is not None
    assert asked == []  # neither the first ids nor their rows went through SQLAlchemy

"""A clerk's save that meets another program's long write: one sentence, the input kept, nothing lost.

Another copy of the program (a real process) holds the station file's write lock, as an import, a
migration or a restore does. The clerk clicks 保存 in the case window: after the busy timeout the
window says the database is in use and to try again, keeps what was typed, and has changed
nothing; once the other program is done the same click saves. The wait is shortened here to keep
the test quick; the program waits 15 seconds.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.database import Database
from adjudicator.store import database
from tests.trust import crash
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import add_case, open_window, type_text

NOTES = "请求人补充提交了公证书。"


def test_a_save_that_meets_a_long_write_says_the_database_is_in_use_and_keeps_the_input(
        qtbot: QtBot, station_db: Database, boxes: DialogRecorder, monkeypatch: pytest.MonkeyPatch) -> None:
    case = add_case(station_db, "内蒙古草原星光科技有限公司", "张小明")
    window = open_window(qtbot, station_db)
    editor = window.open_case(case.id)
    assert editor is not None
    editor.tabs.setCurrentWidget(editor.case_info)
    editor.case_info.notes.setFocus()
    type_text(qtbot, editor.case_info.notes, NOTES)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 500)
    station_db.engine.dispose()  # the connections made from now on wait half a second
    assert station_db.path is not None
    holder = crash.start_driver(["hold", str(station_db.path), "120"])
    try:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    finally:
        holder.kill()
        holder.wait()
    assert boxes.errors == [database.BUSY_SENTENCE]
    assert editor.is_dirty and editor.case_info.notes.toPlainText() == NOTES
    assert case_service.get_case(station_db, case.id).notes != NOTES

    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert boxes.errors == [database.BUSY_SENTENCE] and not editor.is_dirty
    assert case_service.get_case(station_db, case.id).notes == NOTES

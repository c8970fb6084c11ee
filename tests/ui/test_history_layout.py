"""历史记录 in the case window: a save of one change shows its details right under it, not its words twice."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.cases.listing import case_input_of
from adjudicator.store import Database
from tests.core.factories import case_input
from ui.editor import CaseEditor


def test_one_change_is_not_listed_twice(qtbot: QtBot, station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    changed = case_input_of(case)
    changed.handler = "王芳"
    S.update_case(station_db, case.id, changed, expected_version=case.version)
    editor = CaseEditor(station_db, case.id)
    qtbot.addWidget(editor)
    editor.tabs.setCurrentWidget(editor.history)
    tree = editor.history.tree
    newest = tree.topLevelItem(0)
    assert newest.text(2).startswith("修改案件")
    under = [newest.child(i).text(2) for i in range(newest.childCount())]
    assert newest.text(2) not in under  # the summary is not repeated below itself
    assert editor.history.details(0) == under and any("承办人" in d and "王芳" in d for d in under)

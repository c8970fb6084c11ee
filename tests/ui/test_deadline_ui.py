"""The deadline UI: dashboard colours and filters, the timeline tab and its event dialog, the month
calendar, the start-up notice, and the calendar settings dialog."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.procedure.dashboard import deadline_board
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.store import Database
from tests.core.factories import case_input
from ui.calendar_settings import CalendarSettingsDialog
from ui.calendar_view import CalendarPage, HolidayCalendar, day_summary
from ui.deadline_dashboard import COLOURS, DeadlineDashboard
from ui.event_dialog import EventDialog, kind_codes
from ui import features
from ui.startup_notice import notice_for
from ui.timeline_tab import TimelineTab

D = date
TODAY = D(2026, 3, 10)  # a Tuesday; the 3rd working day after it is Friday 03-13
LATER = D(2026, 11, 20)


def _case(db: Database, received: date, handler: str = "李明", **more: Any) -> uuid.UUID:
    return S.create_case(db, case_input(received_on=received, handler=handler, **more), today=received).id


@pytest.fixture
def board_db(station_db: Database) -> dict[str, uuid.UUID]:
    """Four cases whose filing decisions fall due before, on, soon after and well after TODAY."""
    return {
        "overdue": _case(station_db, D(2026, 2, 24), handler="王海燕"),  # due Mon 03-02
        "today": _case(station_db, D(2026, 3, 3)),  # due Tue 03-10
        "soon": _case(station_db, D(2026, 3, 5), kind="infringement", source="direct", ecommerce=None),  # Thu 03-12
        "later": _case(station_db, D(2026, 3, 9)),  # due Mon 03-16
    }


def _dashboard(qtbot: QtBot, db: Database) -> DeadlineDashboard:
    page = DeadlineDashboard(db)
    qtbot.addWidget(page)
    page.show_board(deadline_board(db, today=TODAY))
    return page


def test_dashboard_rows_are_sorted_and_coloured(qtbot: QtBot, station_db: Database,
                                                board_db: dict[str, uuid.UUID]) -> None:
    page = _dashboard(qtbot, station_db)
    model = page.model
    assert model.rowCount() == 4
    assert [model.rows[r].case_id for r in range(4)] == [board_db[k] for k in ("overdue", "today", "soon", "later")]

    def colours(row: int) -> tuple[Any, Any]:
        fg = model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole)
        bg = model.data(model.index(row, 0), Qt.ItemDataRole.BackgroundRole)
        return (fg.color().name() if isinstance(fg, QBrush) else None,
                bg.color().name() if isinstance(bg, QBrush) else None)

    assert colours(0) == (COLOURS["overdue"][0].name(), COLOURS["overdue"][1].name())  # red
    assert colours(1) == (COLOURS["today"][0].name(), COLOURS["today"][1].name())  # amber
    assert colours(2) == (COLOURS["soon"][0].name(), COLOURS["soon"][1].name())  # amber
    assert colours(3) == (None, None)
    assert COLOURS["overdue"][0].red() > 150 and COLOURS["overdue"][0].green() < 60
    assert model.data(model.index(0, 1)) == "已逾期 8 天" and model.data(model.index(1, 1)) == "今日届满"
    assert "已逾期 <b>1</b>" in page.summary.text() and "今日届满 <b>1</b>" in page.summary.text()


def test_dashboard_filters_and_opens_the_case(qtbot: QtBot, station_db: Database,
                                              board_db: dict[str, uuid.UUID]) -> None:
    page = _dashboard(qtbot, station_db)
    page.handler.setCurrentIndex(page.handler.findData("王海燕"))
    assert [r.case_id for r in page.model.rows] == [board_db["overdue"]]
    page.handler.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData("infringement"))
    assert [r.case_id for r in page.model.rows] == [board_db["soon"]]
    page.kind.setCurrentIndex(0)
    page.rule.setCurrentIndex(page.rule.findData("case-limit"))
    assert page.model.rows == []
    page.rule.setCurrentIndex(0)
    page.overdue_only.setChecked(True)
    assert [r.case_id for r in page.model.rows] == [board_db["overdue"]]
    with qtbot.waitSignal(page.open_case) as opened:
        page.view.doubleClicked.emit(page.model.index(0, 2))
    assert opened.args == [board_db["overdue"]]


def test_pages_and_tab_are_listed_and_load() -> None:
    titles = [feature.title for feature in features.PAGES]
    assert titles.index("期限看板") < titles.index("月历")
    assert all(callable(feature.load()) for feature in features.PAGES)
    timeline = [f for f in features.CASE_TABS if f.title == "案件进程"]
    assert len(timeline) == 1 and timeline[0].load() is TimelineTab


# -- the timeline tab ---------------------------------------------------------------------------------------


def _tab(qtbot: QtBot, db: Database, case_id: uuid.UUID, today: date = LATER) -> TimelineTab:
    tab = TimelineTab(db, case_id, today=today)
    qtbot.addWidget(tab)
    return tab


def test_the_dialog_offers_only_what_the_procedure_allows(qtbot: QtBot, station_db: Database) -> None:
    case_id = _case(station_db, D(2026, 2, 13))
    tab = _tab(qtbot, station_db, case_id, D(2026, 2, 16))
    assert [tab.deadlines.topLevelItem(0).text(i) for i in (0, 3)] == ["立案审查期限", "2026-02-27"]
    dialog = tab.event_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert set(kind_codes(dialog)) == {"corrections_requested", "filing_extended", "filed", "refused", "withdrawn"}
    dialog.kind.setCurrentIndex(dialog.kind.findData("filed"))
    dialog.date.setDate(QDate(2026, 2, 16))
    assert dialog.date_info.text() == "星期一 · 休息日（春节）"
    dialog.date.setDate(QDate(2026, 2, 14))
    assert dialog.date_info.text() == "星期六 · 调休上班（春节调休）"
    assert dialog.save() and dialog.result_procedure is not None
    tab.reload()
    assert [tab.events.topLevelItem(i).text(1) for i in range(2)] == ["收到请求", "立案"]
    after = tab.event_dialog()
    assert after is not None
    qtbot.addWidget(after)
    offered = set(kind_codes(after))
    assert {"request_served", "suspended", "decided", "hearing_scheduled"} <= offered
    assert not offered & {"filed", "refused", "resumed", "decision_served"}


def test_a_refusal_shows_in_the_dialog_and_changes_nothing(qtbot: QtBot, station_db: Database) -> None:
    case_id = _case(station_db, D(2026, 2, 13))
    add_event(station_db, case_id, EventInput("filed", D(2026, 3, 2)), today=D(2026, 11, 20))
    tab = _tab(qtbot, station_db, case_id)
    dialog = tab.event_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("extension_approved"))
    assert {"approver", "level", "months"} <= set(dialog._fields)
    dialog.date.setDate(QDate(2026, 5, 20))
    assert not dialog.save()
    assert dialog.error.text() == "“延长审理期限”必须注明批准人。" and not dialog.error.isHidden()
    dialog.kind.setCurrentIndex(dialog.kind.findData("hearing_scheduled"))
    dialog.date.setDate(QDate(2026, 2, 20))
    dialog.set_detail("hearing_on", "2026-03-10")
    assert not dialog.save() and "早于“立案”的日期" in dialog.error.text()
    tab.reload()
    assert tab.events.topLevelItemCount() == 2


def test_the_limit_band_shows_the_suspension_and_the_editor_follows(qtbot: QtBot, station_db: Database,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import changes
    from ui.editor import CaseEditor

    case_id = _case(station_db, D(2026, 2, 13))
    add_event(station_db, case_id, EventInput("filed", D(2026, 3, 2)), today=D(2026, 11, 20))
    add_event(station_db, case_id, EventInput("suspended", D(2026, 4, 1), details={"ground": "invalidation"}),
              today=D(2026, 11, 20))
    editor = CaseEditor(station_db, case_id)
    qtbot.addWidget(editor)
    tab = editor.findChild(TimelineTab)
    assert tab is not None and editor.tabs.tabText(editor.tabs.indexOf(tab)) == "案件进程"
    assert "结案期限暂停计算" in tab.limit_title.text()
    monkeypatch.setattr(EventDialog, "exec", lambda self: self.save())

    original = TimelineTab.event_dialog

    def resume_dialog(self: TimelineTab, event: Any = None) -> EventDialog | None:
        dialog = original(self, event)
        assert dialog is not None and kind_codes(dialog) == ["resumed", "withdrawn"]
        dialog.kind.setCurrentIndex(0)
        dialog.date.setDate(QDate(2026, 4, 30))
        return dialog

    monkeypatch.setattr(TimelineTab, "event_dialog", resume_dialog)
    with qtbot.waitSignal(changes.hub().caseChanged):
        tab.add_event()
    assert "结案期限 2026-07-01" in tab.limit_title.text()
    assert "不计入期间 29 天" in tab.limit_detail.text()
    assert editor.case is not None and editor.case.status == "filed"  # the header follows the events
    assert S.get_case(station_db, case_id).status == "filed"


def test_provisional_due_dates_are_marked(qtbot: QtBot, station_db: Database) -> None:
    case_id = _case(station_db, D(2026, 10, 28))
    add_event(station_db, case_id, EventInput("filed", D(2026, 11, 2)), today=D(2026, 11, 20))
    tab = _tab(qtbot, station_db, case_id)
    limit = next(tab.deadlines.topLevelItem(i) for i in range(tab.deadlines.topLevelItemCount())
                 if tab.deadlines.topLevelItem(i).text(0) == "结案期限")
    assert limit.text(3) == "2027-02-02（暂定）"
    assert "（暂定）" in tab.limit_title.text()


# -- calendar, notice, settings ------------------------------------------------------------------------------


def test_month_calendar_marks_days_and_lists_deadlines(qtbot: QtBot, station_db: Database,
                                                       board_db: dict[str, uuid.UUID]) -> None:
    page = CalendarPage(station_db)
    qtbot.addWidget(page)
    page.show_board(deadline_board(station_db, today=TODAY))
    assert [r.case_id for r in page.deadlines_on(D(2026, 3, 10))] == [board_db["today"]]
    page.calendar.setSelectedDate(QDate(2026, 3, 2))
    assert page.list.topLevelItemCount() == 1 and page.list.topLevelItem(0).text(3) == "已逾期"
    page.calendar.setSelectedDate(QDate(2026, 2, 14))
    assert page.day_detail.text() == "星期六 · 调休上班（春节调休）"
    page.resize(1000, 600)
    page.show()
    assert not page.calendar.grab().isNull()
    assert day_summary(page.calendar._calendar, D(2027, 2, 8)).endswith("（暂定：该年假日安排尚未导入）")
    assert isinstance(page.calendar, HolidayCalendar)


def test_startup_notice_lists_overdue_and_today(qtbot: QtBot, station_db: Database,
                                                board_db: dict[str, uuid.UUID]) -> None:
    notice = notice_for(deadline_board(station_db, today=TODAY))
    assert notice is not None
    qtbot.addWidget(notice)
    assert "已逾期 <span style='color:#b71c1c'>1</span> 项" in notice.heading.text()
    rows = [notice.list.topLevelItem(i).text(1) for i in range(notice.list.topLevelItemCount())]
    assert len(rows) == 2
    assert notice_for(deadline_board(station_db, today=D(2026, 2, 25))) is None  # nothing due yet


def test_calendar_settings_import(qtbot: QtBot, station_db: Database, tmp_path: Path) -> None:
    dialog = CalendarSettingsDialog(station_db)
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "2026"
    shown = [tuple(dialog.schedule.item(r, c).text() for c in range(4)) for r in range(dialog.schedule.rowCount())]
    assert ("国庆节", "放假", "2026-10-01 至 2026-10-07", "7") in shown  # a table, not JSON
    assert any(row[1] == "调休上班" for row in shown)
    bad = tmp_path / "bad.json"
    bad.write_text('{"year": 2027, "holidays": [], "workdays": []}', encoding="utf-8")
    assert not dialog.import_file(bad)
    assert "假期列表（holidays）为空" in dialog.message.text() and dialog.table.item(0, 0).text() == "2026"
    good = tmp_path / "2027.json"
    good.write_text(json.dumps({"year": 2027, "holidays": [{"name": "元旦", "from": "2027-01-01",
                                                             "to": "2027-01-03"}], "workdays": []}), encoding="utf-8")
    assert dialog.import_file(good) and dialog.changed
    assert dialog.table.item(0, 0).text() == "2027" and dialog.table.item(0, 4).text() == "导入文件 2027.json"
    assert dialog.message.text().startswith("已导入 2027 年假日安排")


def test_month_calendar_shows_hearings_and_a_provisional_banner(qtbot: QtBot, station_db: Database) -> None:
    from adjudicator.procedure.service import EventInput, add_event

    case_id = _case(station_db, D(2026, 3, 2))
    add_event(station_db, case_id, EventInput("filed", D(2026, 3, 4)))
    add_event(station_db, case_id, EventInput("hearing_scheduled", D(2026, 3, 20), None,
                                              {"hearing_on": "2026-04-08", "time": "上午9时30分",
                                               "place": "本局第一审理室"}))
    page = CalendarPage(station_db)
    qtbot.addWidget(page)
    page.calendar.setCurrentPage(2026, 4)
    page.refresh()
    page.calendar.setSelectedDate(QDate(2026, 4, 8))
    assert [h.case_id for h in page.hearings_on(D(2026, 4, 8))] == [case_id]
    first = page.list.topLevelItem(0)
    assert first.text(1) == "口头审理 上午9时30分 本局第一审理室" and first.text(3) == "已安排"
    assert page.provisional.isHidden()
    page.calendar.setCurrentPage(2027, 5)  # holidays of 2027 not yet imported
    assert not page.provisional.isHidden() and "暂定：2027 年" in page.provisional.text()


def test_a_scheduled_hearing_is_cancelled_from_the_event_dialog(qtbot: QtBot, station_db: Database) -> None:
    """取消口头审理 is offered once a hearing is fixed; 取消 changes nothing, 保存 records it in words."""
    from PySide6.QtWidgets import QDialogButtonBox

    case_id = _case(station_db, D(2026, 2, 13))
    add_event(station_db, case_id, EventInput("filed", D(2026, 2, 27)), today=LATER)
    tab = _tab(qtbot, station_db, case_id)
    first = tab.event_dialog()
    assert first is not None and "hearing_cancelled" not in kind_codes(first)  # nothing fixed, nothing to cancel
    first.reject()
    add_event(station_db, case_id, EventInput("hearing_scheduled", D(2026, 3, 20), details={
        "hearing_on": "2026-04-08", "place": "本局第一审理室"}), today=LATER)
    tab.reload()
    for button in (QDialogButtonBox.StandardButton.Cancel, QDialogButtonBox.StandardButton.Ok):
        dialog = tab.event_dialog()
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert "decided" not in kind_codes(dialog)  # the hearing is neither held nor cancelled
        dialog.kind.setCurrentIndex(dialog.kind.findData("hearing_cancelled"))
        dialog.date.setDate(QDate(2026, 4, 2))
        dialog.set_detail("reason", "请求人书面申请不再进行口头审理")
        dialog.buttons.button(button).click()
        tab.reload()
        kinds = [tab.events.topLevelItem(i).text(1) for i in range(tab.events.topLevelItemCount())]
        assert ("取消口头审理" in kinds) == (button == QDialogButtonBox.StandardButton.Ok)
    row = next(tab.events.topLevelItem(i) for i in range(tab.events.topLevelItemCount())
               if tab.events.topLevelItem(i).text(1) == "取消口头审理")
    assert "请求人书面申请不再进行口头审理" in " ".join(row.text(c) for c in range(tab.events.columnCount()))
    after = tab.event_dialog()
    assert after is not None and "decided" in kind_codes(after) and "hearing_held" not in kind_codes(after)
    after.reject()

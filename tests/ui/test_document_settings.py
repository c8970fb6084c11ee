"""文书设置: the authority, the court and the platform registry edited in tables, accepted and cancelled."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from adjudicator.documents.platforms import added_platforms, platform_operator
from adjudicator.stations.registry import station
from adjudicator.store import Database
from ui.document_settings import DocumentSettingsDialog
from ui.main_window import MainWindow

OK, CANCEL = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel


def _open(qtbot: QtBot, db: Database) -> DocumentSettingsDialog:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.act_document_settings.trigger()  # the 设置 menu's item
    dialogs = window.findChildren(DocumentSettingsDialog)
    assert dialogs and dialogs[-1].isVisible()
    return dialogs[-1]


def _find(dialog: DocumentSettingsDialog, platform: str) -> int:
    return next(r for r in range(dialog.platforms.rowCount()) if dialog.platforms.item(r, 0).text() == platform)


def test_cancel_changes_nothing_and_accept_writes_what_was_typed(qtbot: QtBot, station_db: Database) -> None:
    before = station(station_db)
    dialog = _open(qtbot, station_db)
    assert dialog.authority.rowCount() == 1 and dialog.authority.item(0, 0).text() == before.name  # its own row
    assert dialog.authority.item(0, 2).text() == "呼和浩特市中级人民法院"
    dialog.authority.item(0, 1).setText("呼和浩特市新城区知识产权局")
    dialog.add_platform()
    row = dialog.platforms.rowCount() - 1
    dialog.platforms.item(row, 0).setText("抖音电商")
    dialog.platforms.item(row, 1).setText("北京抖音信息服务有限公司")
    dialog.buttons.button(CANCEL).click()
    assert station(station_db) == before and added_platforms(station_db) == {}

    dialog = _open(qtbot, station_db)
    dialog.authority.item(0, 1).setText("呼和浩特市新城区知识产权局")
    dialog.add_platform()
    row = dialog.platforms.rowCount() - 1
    dialog.platforms.item(row, 0).setText("抖音电商")
    dialog.platforms.item(row, 1).setText("北京抖音信息服务有限公司")
    dialog.platforms.item(_find(dialog, "京东"), 1).setText("北京京东叁佰陆拾度电子商务有限公司")  # unchanged
    dialog.buttons.button(OK).click()
    assert not dialog.isVisible()
    assert station(station_db).office_name == "呼和浩特市新城区知识产权局"
    assert platform_operator(station_db, "抖音电商") == "北京抖音信息服务有限公司"
    assert added_platforms(station_db) == {"抖音电商": "北京抖音信息服务有限公司"}  # only what changed

    dialog = _open(qtbot, station_db)  # shown again as stored, marked as this station's addition
    row = _find(dialog, "抖音电商")
    assert dialog.platforms.item(row, 2).text() == "本所添加"
    dialog.platforms.setCurrentCell(row, 0)
    dialog.remove_button.click()
    dialog.platforms.setCurrentCell(_find(dialog, "淘宝"), 0)
    dialog.remove_button.click()  # shipped: refused in words, the row stays
    assert "随程序提供，不能删除" in dialog.error.text() and _find(dialog, "淘宝") >= 0
    dialog.buttons.button(OK).click()
    assert added_platforms(station_db) == {} and platform_operator(station_db, "抖音电商") == ""


def test_a_bad_row_is_named_and_nothing_is_written(qtbot: QtBot, station_db: Database) -> None:
    before = station(station_db)
    dialog = _open(qtbot, station_db)
    dialog.authority.item(0, 2).setText("呼和浩特市新城区人民法院")
    dialog.platforms.item(_find(dialog, "天猫"), 1).setText("天猫")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and "中级人民法院" in dialog.error.text() and before.name in dialog.error.text()
    assert station(station_db) == before
    dialog.authority.item(0, 2).setText("呼和浩特市中级人民法院")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and "电商平台名录第" in dialog.error.text() and "法定名称" in dialog.error.text()
    assert added_platforms(station_db) == {} and station(station_db) == before
    dialog.platforms.item(_find(dialog, "天猫"), 1).setText("浙江天猫网络有限公司")
    dialog.add_platform()
    dialog.buttons.button(OK).click()  # an empty new row: its name is asked for
    assert dialog.isVisible() and "请填写电商平台的名称" in dialog.error.text()
    dialog.buttons.button(CANCEL).click()
    assert added_platforms(station_db) == {} and station(station_db) == before

"""工具 → 校验审计记录: runs the check in the background and shows the verdict in Chinese."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from adjudicator.store import Database
from tests.ui.helpers import add_case, open_window


def _menu_titles(window: object) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]  # type: ignore[attr-defined]


def test_verify_audit_from_the_tools_menu(qtbot: QtBot, station_db: Database) -> None:
    case = add_case(station_db, "甲公司", "张三")
    window = open_window(qtbot, station_db)
    titles = _menu_titles(window)
    assert titles.index("工具(&O)") == titles.index("设置(&T)") - 1
    tools = window.trust.menu
    assert window.trust.act_verify in tools.actions()

    window.trust.act_verify.trigger()
    dialog = window.trust.result_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.verdict.text().startswith("审计记录完好：")
    assert not dialog.details.isVisible()
    dialog.grab().save("/tmp/trust-audit-ok.png")
    dialog.reject()
    assert window.trust.act_verify.isEnabled()

    engine = create_engine(station_db.engine.url)  # an outside SQL tool
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET handler = '王五'"))
    engine.dispose()
    window.trust.act_verify.trigger()
    dialog = window.trust.result_dialog
    assert dialog.verdict.text().startswith("审计记录校验未通过：")
    assert dialog.details.isVisible()
    assert f"案件“{case.case_no}”：承办人（handler）与审计记录不符" in dialog.details.toPlainText()
    dialog.grab().save("/tmp/trust-audit-broken.png")
    dialog.reject()

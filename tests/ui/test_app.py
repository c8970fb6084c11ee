"""Starting the application: first run, a refused database, the error hook."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from adjudicator.store import open_database
from tests.ui.conftest import DialogRecorder
from ui import app as ui_app
from ui import errors, settings
from ui.first_run import FirstRunDialog, ensure_identity
from ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def quiet_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """No log file in the user's directory and no global hook left behind by a test."""
    monkeypatch.setattr(ui_app, "setup_logging", lambda: None)
    monkeypatch.setattr(ui_app, "install_excepthook", lambda: None)


def _answer_first_run(monkeypatch: pytest.MonkeyPatch, code: str | None, name: str,
                      accept: bool = True) -> list[FirstRunDialog]:
    shown: list[FirstRunDialog] = []

    def exec_(self: FirstRunDialog) -> int:
        shown.append(self)
        if code:
            self.select_station(code)
        self.name_edit.setText(name)
        return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(FirstRunDialog, "exec", exec_)
    return shown


def test_first_run_picks_station_and_remembers_the_user(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.set_user_name("")
    db = open_database(tmp_path / "new.db")
    shown = _answer_first_run(monkeypatch, "03", "王小红")
    assert ensure_identity(db)
    assert shown[0].table.rowCount() == 9
    assert shown[0].table.item(2, 2).text() == "呼玉市监专裁字"
    assert db.station_code == "03"
    assert db.actor == "王小红"
    assert settings.user_name() == "王小红"
    # The station's key pair is made at set-up, and the station can read its fingerprint for the phone check.
    from adjudicator.sync.keys import OWN_KEY_SETTING, fingerprint, key_path
    from ui.supervisor.station_menu import KeyDialog

    public = str(db.get_setting(OWN_KEY_SETTING))
    assert len(public) == 64 and key_path(db).is_file()
    key_dialog = KeyDialog(db)
    qtbot.addWidget(key_dialog)
    assert fingerprint(public) in key_dialog.own_label.text()

    shown.clear()
    again = open_database(tmp_path / "new.db")
    assert ensure_identity(again)  # remembered: no dialog the second time
    assert shown == []
    assert again.actor == "王小红"
    db.close()
    again.close()


def test_first_run_ok_needs_station_and_name(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    from adjudicator.stations.registry import registry

    dialog = FirstRunDialog(registry(db), choose_station=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.select_station("05")
    assert not ok.isEnabled()
    dialog.name_edit.setText("李明")
    assert ok.isEnabled()
    assert dialog.station_code() == "05"
    db.close()


def test_quitting_at_first_run_leaves_the_database_unassigned(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.set_user_name("")
    db = open_database(tmp_path / "new.db")
    _answer_first_run(monkeypatch, "03", "王小红", accept=False)
    assert not ensure_identity(db)
    assert db.station_code is None
    db.close()


def test_refused_database_is_a_sentence_and_exit_status_1(
        qtbot: QtBot, tmp_path: Path, boxes: DialogRecorder) -> None:
    not_ours = tmp_path / "notes.db"
    not_ours.write_text("这不是数据库", encoding="utf-8")
    assert ui_app.run(["main.py", "--db", str(not_ours)]) == 1
    assert len(boxes.errors) == 1
    assert "不是本系统的数据库" in boxes.errors[0]
    assert not_ours.read_text(encoding="utf-8") == "这不是数据库"


def test_start_opens_the_main_window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.set_user_name("")
    _answer_first_run(monkeypatch, "01", "李明")
    window = ui_app.start(["main.py", "--db", str(tmp_path / "station.db")])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.windowTitle() == "新城区知识产权行政裁决所"  # Qt appends the application's name once
    assert window.db.actor == "李明"
    assert window.count_label.text() == "共 0 件"
    window.close()
    window.db.close()


def test_parse_args() -> None:
    assert ui_app.parse_args(["--db", "postgresql+psycopg://u@h/db"]).db == "postgresql+psycopg://u@h/db"
    assert ui_app.parse_args([]).db is None


def test_excepthook_shows_a_sentence(boxes: DialogRecorder) -> None:
    try:
        raise ValueError("坏的值")
    except ValueError as exc:
        errors._excepthook(ValueError, exc, exc.__traceback__)
    assert boxes.errors == ["操作未能完成，程序遇到意外错误：坏的值"]


def test_feature_pages_are_built_in_order_and_a_broken_one_is_reported(
        qtbot: QtBot, station_db: object, monkeypatch: pytest.MonkeyPatch, boxes: DialogRecorder) -> None:
    from ui import features

    monkeypatch.setattr(features, "PAGES", (features.Feature("期限看板", "ui.deadline_dashboard", "dashboard_page"),
                                            features.Feature("月历", "ui.no_such_feature", "calendar_page")))
    window = MainWindow(station_db)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.add_feature_pages()
    assert [window.pages.tabText(i) for i in range(window.pages.count())] == ["案件列表", "期限看板"]
    assert boxes.errors == ["“月历”未能加载，程序的其他部分仍可使用；请将此情况告知系统管理员。"]
    window.add_feature_pages()  # built once: asking again adds nothing and reports nothing new
    assert window.pages.count() == 2 and len(boxes.errors) == 1


def test_window_extensions_come_from_the_list_and_a_broken_one_is_reported(
        qtbot: QtBot, station_db: object, monkeypatch: pytest.MonkeyPatch, boxes: DialogRecorder) -> None:
    """Nothing registers itself on import: the list names the extension; a broken entry is told, not hidden."""
    from ui import features

    assert [(f.module, f.builder) for f in features.WINDOW_EXTENSIONS] == [("ui.supervisor", "extend_window")]
    monkeypatch.setattr(features, "PAGES", ())
    monkeypatch.setattr(features, "WINDOW_EXTENSIONS", (
        features.Feature("电子送达", "ui.supervisor", "no_such_extension"),
        *features.WINDOW_EXTENSIONS))
    window = MainWindow(station_db)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "数据交换(&S)" not in menus  # nothing before the list is read, importing the module or not
    window.add_feature_pages()
    assert boxes.errors == ["“电子送达”未能加载，程序的其他部分仍可使用；请将此情况告知系统管理员。"]
    assert "数据交换(&S)" in [a.text() for a in window.menuBar().actions()]  # the good one still came
    window.add_feature_pages()  # run once per window: no second menu, no second message
    assert [a.text() for a in window.menuBar().actions()].count("数据交换(&S)") == 1 and len(boxes.errors) == 1


def test_start_adds_feature_pages_after_showing_and_warns_of_overdue_deadlines(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages load after the window is on screen; the start-up notice must still appear."""
    from datetime import date

    from adjudicator.cases import service as case_service
    from adjudicator.stations.registry import init_station
    from tests.core.factories import case_input
    from ui.startup_notice import StartupNotice

    path = tmp_path / "station.db"
    db = open_database(path)
    init_station(db, "01", user="李明")
    case_service.create_case(db, case_input(received_on=date(2026, 1, 5)))  # never filed: overdue
    db.close()
    settings.set_user_name("李明")
    shown: list[StartupNotice] = []
    monkeypatch.setattr(StartupNotice, "show", lambda self: shown.append(self))
    window = ui_app.start(["main.py", "--db", str(path)])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    def titles() -> list[str]:
        return [window.pages.tabText(i) for i in range(window.pages.count())]

    qtbot.waitUntil(lambda: "期限看板" in titles(), timeout=8000)
    qtbot.waitUntil(lambda: bool(shown), timeout=8000)
    assert "已逾期" in shown[0].heading.text()
    window.close()
    window.db.close()


# -- the first look: the list before the database is opened -------------------------------------------


def _station_file(path: Path, cases: int) -> Path:
    from adjudicator.demo.generate import generate_demo
    from adjudicator.stations.registry import init_station

    db = open_database(path)
    init_station(db, "01", user="李明")
    generate_demo(db, cases, seed=3)
    db.close()
    return path


def _foreign_sqlite(path: Path) -> bytes:
    """Another program's SQLite file, with a table named as one of ours."""
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE cases (id TEXT PRIMARY KEY, case_no TEXT)")
    con.execute("INSERT INTO cases VALUES ('a', '〔2026〕1号')")
    con.commit()
    con.close()
    return path.read_bytes()


def test_the_first_look_is_read_only_until_the_database_is_attached(
        qtbot: QtBot, tmp_path: Path, boxes: DialogRecorder) -> None:
    from PySide6.QtCore import QPoint, Qt

    from adjudicator.cases.first_page import first_look
    from ui.case_model import BLOCK_SIZE

    path = _station_file(tmp_path / "station.db", BLOCK_SIZE + 20)
    look = first_look(str(path), BLOCK_SIZE)
    assert look is not None
    window = MainWindow(None, first_look=look)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.cases.model.rowCount() == BLOCK_SIZE
    assert window.windowTitle() == "新城区知识产权行政裁决所"
    assert window.db_label.text() == "station.db"
    view = window.cases.view
    first_row = QPoint(20, view.rowViewportPosition(0) + 5)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    assert window.cases.selected_ids() == [window.cases.model.case_id(0)]
    for action in (window.act_new, window.act_open, window.act_delete, window.act_refresh,
                   window.act_reports, window.act_batch_print, window.act_case_settings,
                   window.act_document_settings):
        assert not action.isEnabled(), action.text()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.open_editors() == []  # nothing opens, nothing is written before the checks
    assert not hasattr(window, "intake") and not hasattr(window, "trust")  # nor import, batch, backups

    db = open_database(path)
    window.attach_database(db)
    assert window.cases.model.rowCount() == BLOCK_SIZE + 20  # the rest appended below the first look
    assert window.cases.selected_ids() == [window.cases.model.case_id(0)]  # the selection kept
    assert window.act_new.isEnabled() and window.act_open.isEnabled() and window.act_delete.isEnabled()
    assert window.intake.act_import.isEnabled()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=first_row)
    editors = window.open_editors()
    assert len(editors) == 1 and editors[0].case_id == window.cases.model.case_id(0)
    editors[0].done(0)
    assert boxes.errors == []
    window.close()
    db.close()


def test_start_shows_the_first_look_then_opens_the_database_behind_it(
        qtbot: QtBot, tmp_path: Path) -> None:
    path = _station_file(tmp_path / "station.db", 12)
    window = ui_app.start(["main.py", "--db", str(path)])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert not window.attached and not window.act_new.isEnabled()
    assert window.cases.model.rowCount() == 12
    qtbot.waitUntil(lambda: window.attached, timeout=8000)  # after the first paint
    assert window.db.actor == "测试员"
    assert window.act_new.isEnabled()
    qtbot.waitUntil(lambda: window.count_label.text() == "共 12 件", timeout=8000)
    window.close()
    window.db.close()


def test_the_window_paints_before_sqlalchemy_is_imported(tmp_path: Path) -> None:
    """In a fresh process, as main.py starts: the list is painted first, storage loads after."""
    import json
    import os
    import subprocess
    import sys

    path = _station_file(tmp_path / "station.db", 5)
    code = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from ui import app as ui_app, settings
settings.use_file(sys.argv[2]); settings.set_user_name("李明")
ui_app.setup_logging = lambda: None
window = ui_app.start(["main.py", "--db", sys.argv[1]])
seen = {}
class Paint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "rows" not in seen:
            seen.update(rows=window.cases.model.rowCount(), attached=window.attached,
                        sqlalchemy=any(m.startswith("sqlalchemy") for m in sys.modules))
        return False
painter = Paint(); window.cases.view.viewport().installEventFilter(painter)
app = QApplication.instance()
while not window.attached or window.count_label.text() != "共 5 件":
    app.processEvents()
seen["then_sqlalchemy"] = "sqlalchemy" in sys.modules
seen["writable"] = window.act_new.isEnabled()
print(json.dumps(seen))
"""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "settings.ini")],
                         cwd=root, env=env, capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"rows": 5, "attached": False, "sqlalchemy": False, "then_sqlalchemy": True, "writable": True}


def test_another_programs_database_is_still_refused_at_start(
        qtbot: QtBot, tmp_path: Path, boxes: DialogRecorder) -> None:
    foreign = tmp_path / "notes.db"
    before = _foreign_sqlite(foreign)
    assert ui_app.start(["main.py", "--db", str(foreign)]) == 1
    assert boxes.errors == ["该数据库不是本系统的数据库（缺少本系统的数据表），未作任何修改。"]
    assert foreign.read_bytes() == before


def test_an_older_database_is_migrated_before_the_window_shows(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from adjudicator.store import migrate
    from adjudicator.store.database import create_db_engine

    path = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0001_foundation")
    engine.dispose()
    settings.set_user_name("")
    _answer_first_run(monkeypatch, "01", "李明")
    window = ui_app.start(["main.py", "--db", str(path)])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.attached  # the ordinary path: no first look at a schema to be migrated
    assert len(list(tmp_path.glob("old.db.before-*.bak"))) == 1
    window.close()
    window.db.close()


def test_a_database_replaced_after_the_first_look_is_refused_and_the_window_closes(
        qtbot: QtBot, tmp_path: Path, boxes: DialogRecorder) -> None:
    """The checks behind the first look are open_database's own: they still decide."""
    path = _station_file(tmp_path / "station.db", 3)
    window = ui_app.start(["main.py", "--db", str(path)])
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.cases.model.rowCount() == 3
    for companion in [path, *tmp_path.glob("station.db-*")]:
        companion.unlink()
    before = _foreign_sqlite(path)  # another program's file now stands where ours was
    qtbot.waitUntil(lambda: bool(boxes.errors), timeout=8000)
    assert boxes.errors == ["该数据库不是本系统的数据库（缺少本系统的数据表），未作任何修改。"]
    assert not window.attached and not window.isVisible()
    assert path.read_bytes() == before

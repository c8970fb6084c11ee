"""Starting the desktop application: arguments, the database, first run, the main window.

Importing SQLAlchemy, the storage models and the services is most of the start-up time, so a
station's database at the newest schema is first *looked at* with the standard library
(:func:`adjudicator.cases.first_page.first_look`: is it ours, is its schema current, whose is
it, its newest cases) and the window shows that first screenful read-only. Right after the first
paint the database is opened the ordinary way in the background — every check
:func:`~adjudicator.database.open_database` makes, then the first-run identity — and handed to
the window, which only then enables its actions. Anything else (a new, older, foreign or
server database, no user name yet, a database with accounts, whose sign-in comes before anything of
it shows) takes the ordinary path before any window shows, so its migration or its refusal reads
exactly as before.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from adjudicator.errors import DatabaseRefused
from ui import dialogs, icons, settings
from ui.errors import install_excepthook, setup_logging, show_exception
from ui.main_window import MainWindow
from ui.theme import apply_theme
from ui.worker import run_in_background

if TYPE_CHECKING:
    from adjudicator.cases.first_page import FirstLook
    from adjudicator.database import Database

log = logging.getLogger(__name__)

def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="专利纠纷行政裁决办案系统")
    parser.add_argument("--db", metavar="PATH_OR_URL", default=None,
                        help="数据库文件路径或 SQLAlchemy URL（默认：本用户的裁决所数据库）")
    # Qt's own options (-style, -platform ...) pass through to QApplication.
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def application(argv: Sequence[str]) -> QApplication:
    """The QApplication, named and themed (created if there is none yet)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName(settings.APPLICATION)
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationDisplayName("专利纠纷行政裁决办案系统")
    app.setWindowIcon(icons.app_icon())
    _install_qt_translations(app)
    apply_theme(app)
    return app


def _install_qt_translations(app: QApplication) -> None:
    """Qt's own words (按钮, 日历, 文件对话框) in Chinese: the program's language is Chinese first."""
    from ui import translations

    translations.install(app)


def open_main_window(db: Database) -> MainWindow:
    window = MainWindow(db)
    window.show()
    window.cases.load()
    return window


def _finish_startup(window: MainWindow) -> None:
    importlib.import_module("ui.editor")  # kept off the first paint; ready for the first case opened
    window.add_feature_pages()  # and the window extensions (a station's 数据交换 menu …)
    window.trust.start_auto_backups()  # in the background: a copy a day, the last few kept



class _AfterFirstPaint(QObject):
    """Calls ``fn`` once, right after ``widget`` first paints (or after a few seconds regardless)."""

    FALLBACK_MS = 3000

    def __init__(self, widget: QWidget, fn: Callable[[], None]):
        super().__init__(widget)
        self._widget = widget
        self._fn: Callable[[], None] | None = fn
        widget.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._fn is not None:
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            self._widget.removeEventFilter(self)
            fn()


def _first_look(target: str | None) -> FirstLook | None:
    """The first look at ``target`` if it may be shown before the database is opened (see above)."""
    if not settings.user_name():
        return None  # the first-run dialog asks for it first
    from adjudicator.accounts.peek import needs_sign_in
    from adjudicator.cases.first_page import first_look
    from ui.case_model import BLOCK_SIZE

    try:
        look = first_look(target, BLOCK_SIZE)
    except Exception:
        log.exception("首屏预读失败，改为常规打开")
        return None
    if look is not None and needs_sign_in(look.path):
        return None  # nothing of the database shows before someone signs in
    return look


def _open_checked(target: str | None) -> Database:
    """The database opened with every check (in the background, while the first look shows)."""
    from adjudicator.cases import listing  # noqa: F401 - the list's queries, imported here, not on the UI thread
    from adjudicator.database import open_database

    return open_database(target)


#: True while :func:`run` runs the application's event loop.
_running = False


def quit_application(status: int) -> None:
    """End the application's own event loop (see :func:`_quit`): e.g. nobody signed in again after 退出登录."""
    _quit(status)


def _quit(status: int) -> None:
    """End the application's event loop with ``status``.

    Only :func:`run`'s own loop: exit() would otherwise end whatever nested loop runs and leave
    Qt's quit flag set for the next one (a caller of :func:`start` has its own loop, or none).
    """
    if _running:
        QApplication.exit(status)


def _open_behind(window: MainWindow, target: str | None) -> None:
    """Open the database behind the first look; the window comes alive when it is checked."""

    def opened(db: Database) -> None:
        from ui.accounts.sign_in import sign_in_at_start
        from ui.first_run import ensure_identity

        try:
            if not ensure_identity(db, window) or not sign_in_at_start(db, window):
                db.close()
                window.close()
                _quit(0)
                return
            window.attach_database(db)
        except BaseException:
            db.close()
            raise
        _finish_startup(window)

    def refused(exc: BaseException) -> None:
        app = QApplication.instance()
        if isinstance(exc, DatabaseRefused):
            dialogs.show_error(window, str(exc), title=app.translate("app", "无法打开数据库") if app else "")
        else:
            show_exception(window, exc)
        window.hide()  # not close(): the last window closed would post a quit of its own
        _quit(1)

    run_in_background(_open_checked, target, parent=window, on_success=opened, on_failure=refused)


def start(argv: Sequence[str]) -> MainWindow | int:
    """Everything before the event loop: the main window shown, or the exit status if there is none.

    The window returned may still be read-only, its database opening (``window.attached``).
    """
    args = parse_args(argv[1:])
    app = application(argv)
    logfile = setup_logging()
    install_excepthook()
    log.info("启动；数据库 %s；日志 %s", args.db or "默认", logfile)
    look = _first_look(args.db)
    if look is not None:
        window = MainWindow(None, first_look=look)
        window.show()
        _AfterFirstPaint(window.cases.view.viewport(), lambda: _open_behind(window, args.db))
        return window
    from adjudicator.database import open_database
    from ui.first_run import ensure_identity

    try:
        db = open_database(args.db)
    except DatabaseRefused as exc:
        dialogs.show_error(None, str(exc), title=app.translate("app", "无法打开数据库"))
        return 1
    from ui.accounts.sign_in import sign_in_at_start

    try:
        if not ensure_identity(db) or not sign_in_at_start(db):
            db.close()
            return 0
        window = open_main_window(db)
        # The feature modules (documents, evidence, deadlines) pull in reportlab, QtPdf and the
        # deadline board: load them once the window and the first cases are on screen. (A
        # zero timer alone fires before the first paint, and the window stayed blank meanwhile.)
        _AfterFirstPaint(window.cases.view.viewport(), lambda: _finish_startup(window))
        return window
    except BaseException:
        db.close()
        raise


def run(argv: Sequence[str]) -> int:
    """Run the application; returns the exit status."""
    started = start(argv)
    if isinstance(started, int):
        return started
    global _running
    _running = True
    try:
        return QApplication.instance().exec()  # type: ignore[union-attr]
    finally:
        _running = False
        if started.attached:
            started.db.close()


if __name__ == "__main__":
    sys.exit(run(sys.argv))

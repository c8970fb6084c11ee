"""Starting the desktop application: arguments, the database, first run, the main window."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from adjudicator.errors import DatabaseRefused
from adjudicator.database import Database, open_database
from ui import dialogs, icons, settings
from ui.errors import install_excepthook, setup_logging
from ui.first_run import ensure_identity
from ui.main_window import MainWindow
from ui.theme import apply_theme

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


def start(argv: Sequence[str]) -> MainWindow | int:
    """Everything before the event loop: the main window shown, or the exit status if there is none."""
    args = parse_args(argv[1:])
    app = application(argv)
    logfile = setup_logging()
    install_excepthook()
    log.info("启动；数据库 %s；日志 %s", args.db or "默认", logfile)
    try:
        db = open_database(args.db)
    except DatabaseRefused as exc:
        dialogs.show_error(None, str(exc), title=app.translate("app", "无法打开数据库"))
        return 1
    try:
        if not ensure_identity(db):
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
    try:
        return QApplication.instance().exec()  # type: ignore[union-attr]
    finally:
        started.db.close()


if __name__ == "__main__":
    sys.exit(run(sys.argv))

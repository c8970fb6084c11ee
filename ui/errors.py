"""Unexpected errors: log them and show one sentence in a dialog instead of crashing silently."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication, QWidget

from adjudicator.errors import DomainError
from ui import dialogs

log = logging.getLogger("ui")


def log_path() -> Path:
    return Path(platformdirs.user_log_dir("adjudicator", appauthor=False)) / "adjudicator.log"


def setup_logging() -> Path | None:
    """Log to a rotating file in the user log directory (and stderr); returns the file, if any."""
    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return log_path()
    root.setLevel(logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    path: Path | None = log_path()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(fmt)
        root.addHandler(handler)
    except OSError:
        path = None
    stream = logging.StreamHandler()
    stream.setFormatter(fmt)
    stream.setLevel(logging.WARNING)
    root.addHandler(stream)
    return path


def user_message(exc: BaseException) -> str:
    """The sentence to show for an exception: a DomainError's own, else a generic one."""
    if isinstance(exc, DomainError):
        return str(exc)
    tr = QCoreApplication.translate
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return tr("errors", "操作未能完成，程序遇到意外错误：{detail}").format(detail=detail)


def show_exception(parent: QWidget | None, exc: BaseException, *, logged: bool = False) -> None:
    """Show an exception as a sentence; unexpected ones are logged with their traceback first."""
    if not isinstance(exc, DomainError) and not logged:
        log.error("未预料的错误", exc_info=(type(exc), exc, exc.__traceback__))
    informative = ""
    if not isinstance(exc, DomainError):
        informative = QCoreApplication.translate("errors", "详细信息已记录在日志文件：{path}").format(
            path=log_path())
    dialogs.show_error(parent, user_message(exc), informative=informative)


def report_broken_feature(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """Tell the user a feature page or tab could not be built (and log why); the rest still works."""
    log.error("功能“%s”未能加载", title, exc_info=(type(exc), exc, exc.__traceback__))
    reason = str(exc) if isinstance(exc, DomainError) else QCoreApplication.translate(
        "errors", "详细信息已记录在日志文件：{path}").format(path=log_path())
    dialogs.show_error(parent, QCoreApplication.translate(
        "errors", "“{title}”未能加载，程序的其他部分仍可使用；请将此情况告知系统管理员。").format(title=title),
        informative=reason)


_showing = False


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    log.error("未处理的异常:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    app = QApplication.instance()
    on_ui_thread = app is not None and QThread.currentThread() is app.thread()
    if not on_ui_thread or _showing:
        return
    _showing = True  # an error while showing the dialog must not open another one
    try:
        show_exception(QApplication.activeWindow(), exc, logged=True)
    finally:
        _showing = False


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        log.error("线程中未处理的异常:\n%s", "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))


def install_excepthook() -> None:
    """Route unhandled exceptions to the log and an error dialog instead of a silent crash."""
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook

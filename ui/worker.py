"""Background work: run a core function in the thread pool, report progress, hand the result back.

One path for everything slow::

    run_in_background(query_case_ids, db, q, parent=self, on_success=self._show_ids)

    run_in_background(export_station, db, path, parent=self, progress_title=self.tr("正在导出…"),
                      on_success=self._exported)

The function runs in a :class:`QThreadPool` worker. With ``progress_title`` it is called with an
extra keyword argument ``progress=callback`` (the core's ``progress(fraction, message)``
convention), and a cancellable progress dialog shows the fraction and message. Cancelling makes
the next ``progress`` call raise :class:`OperationCancelled`; ``on_cancelled`` then runs instead
of ``on_success``. A :class:`~adjudicator.errors.DomainError` goes to ``on_failure`` (default: a
message box with its sentence); any other exception is logged and shown the same way, never as a
traceback.

Callbacks always run on the UI thread. Tests call :func:`use_immediate_pool` (or the
``immediate_pool`` fixture) so tasks run at once on the calling thread and are deterministic,
as Picard does.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")

#: ``progress(fraction, message)``: fraction in 0..1 (or negative when unknown).
ProgressCallback = Callable[[float, str], None]


class OperationCancelled(Exception):
    """Raised inside the worker by the progress callback once the user has cancelled."""


class _Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class ImmediateThreadPool:
    """A stand-in for :class:`QThreadPool` that runs each task at once on the calling thread."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


_pool: _Pool | None = None
#: Finished runnables kept a moment longer: their pool thread may still be returning from run().
_retired: list[tuple[float, QRunnable]] = []
_RETIRE_SECONDS = 2.0
#: Workers alive until their result is delivered (Qt does not keep the Python side alive).
_live: set[Worker[Any]] = set()


def _retire(runnable: QRunnable) -> None:
    now = time.monotonic()
    _retired[:] = [(t, r) for t, r in _retired if now - t < _RETIRE_SECONDS]
    _retired.append((now, runnable))


def thread_pool() -> _Pool:
    """The pool background tasks run in (the global QThreadPool unless a test swapped it)."""
    return _pool if _pool is not None else QThreadPool.globalInstance()


def set_thread_pool(pool: _Pool | None) -> None:
    """Use ``pool`` for background tasks; None restores the global QThreadPool."""
    global _pool
    _pool = pool


@contextmanager
def use_immediate_pool() -> Iterator[None]:
    """Run background tasks synchronously inside this block (for tests)."""
    previous = _pool
    set_thread_pool(ImmediateThreadPool())
    try:
        yield
    finally:
        set_thread_pool(previous)


class _Signals(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(self, call: Callable[[], Any], signals: _Signals, cancel_flag: threading.Event):
        super().__init__()
        # The Worker owns this object and drops it on the UI thread: a Python object deleted by
        # the pool thread's C++ side would be released without the GIL.
        self.setAutoDelete(False)
        self._call = call
        self._signals = signals
        self._cancel = cancel_flag

    def run(self) -> None:
        try:
            result = self._call()
        except OperationCancelled:
            self._signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every failure is reported on the UI thread
            if self._cancel.is_set():
                self._signals.cancelled.emit()
            else:
                self._signals.failed.emit(exc)
        else:
            if self._cancel.is_set():
                self._signals.cancelled.emit()
            else:
                self._signals.succeeded.emit(result)


class Worker(QObject, Generic[T]):
    """A running background task; returned by :func:`run_in_background`.

    Signals (delivered on the UI thread):
    """

    #: ``(fraction, message)`` as reported by the function.
    progressed = Signal(float, str)
    #: The function's return value.
    succeeded = Signal(object)
    #: The exception the function raised (other than cancellation).
    failed = Signal(object)
    #: The user cancelled (or :meth:`cancel` was called) before the function finished.
    cancelled = Signal()
    #: After any of the three outcomes.
    finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._signals = _Signals()
        # Queued connections carry results from the pool thread to the UI thread; with the
        # immediate pool everything is on one thread and AutoConnection calls directly.
        self._signals.progressed.connect(self.progressed)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self.done = False
        self._runnable: _Runnable | None = None

    # -- used from the worker thread -------------------------------------------------------------

    def report(self, fraction: float, message: str = "") -> None:
        """The progress callback handed to the function; raises once cancelled."""
        if self._cancel.is_set():
            raise OperationCancelled()
        self._signals.progressed.emit(float(fraction), message)

    # -- used from the UI thread -----------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the task to stop: its next progress report raises, and its result is dropped."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _finish(self) -> None:
        self.done = True
        self.finished.emit()
        if self._runnable is not None:
            _retire(self._runnable)
        self._runnable = None
        _live.discard(self)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self.succeeded.emit(result)
        self._finish()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self.failed.emit(exc)
        self._finish()

    @Slot()
    def _on_cancelled(self) -> None:
        self.cancelled.emit()
        self._finish()

    def start(self, call: Callable[[], Any]) -> None:
        _live.add(self)
        runnable = _Runnable(call, self._signals, self._cancel)
        self._runnable = runnable
        thread_pool().start(runnable)


def _accepts_progress(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "progress" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _default_failure(parent: QWidget | None) -> Callable[[BaseException], None]:
    def show(exc: BaseException) -> None:
        from ui.errors import show_exception

        show_exception(parent, exc)

    return show


def _progress_dialog(parent: QWidget | None, title: str, worker: Worker[Any]) -> QProgressDialog:
    tr = QCoreApplication.translate
    dialog = QProgressDialog(title, tr("worker", "取消"), 0, 1000, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # quick tasks never flash a dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)

    def on_progress(fraction: float, message: str) -> None:
        if fraction < 0:
            dialog.setRange(0, 0)  # busy indicator when the fraction is unknown
        else:
            dialog.setRange(0, 1000)
            dialog.setValue(int(min(max(fraction, 0.0), 1.0) * 1000))
        if message:
            dialog.setLabelText(message)

    def on_cancel() -> None:
        worker.cancel()
        dialog.setLabelText(tr("worker", "正在取消…"))

    worker.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    worker.finished.connect(dialog.close)
    worker.finished.connect(dialog.deleteLater)
    return dialog


def run_in_background(
    fn: Callable[..., T],
    *args: Any,
    parent: QWidget | None = None,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    progress_title: str | None = None,
    **kwargs: Any,
) -> Worker[T]:
    """Run ``fn(*args, **kwargs)`` in the thread pool; callbacks run on the UI thread.

    ``progress_title``: show a cancellable progress dialog with this title and pass
    ``progress=callback`` to ``fn`` (if ``fn`` takes ``progress``).
    """
    worker: Worker[T] = Worker()
    if progress_title is not None:
        if _accepts_progress(fn):
            kwargs["progress"] = worker.report
        _progress_dialog(parent, progress_title, worker)
    if on_success is not None:
        worker.succeeded.connect(on_success)
    worker.failed.connect(on_failure or _default_failure(parent))
    if on_cancelled is not None:
        worker.cancelled.connect(on_cancelled)

    def call() -> T:
        return fn(*args, **kwargs)

    worker.start(call)
    return worker

"""Background work through one executor: run a core function off the UI thread, hand the result back.

One path for everything slow::

    run_in_background(query_case_ids, db, q, parent=self, on_success=self._show_ids)

    run_in_background(export_station, db, path, parent=self, progress_title=self.tr("正在导出…"),
                      on_success=self._exported)

As Anki's task manager does, :class:`TaskManager` owns one :class:`~concurrent.futures.ThreadPoolExecutor`;
a finished task's outcome (and every progress report) is queued as a closure and run on the UI
thread when the event loop next turns. Nothing of Qt is touched from a worker thread but one
signal emit, and no Python object is kept alive by timers or handed to Qt's thread pool.

With ``progress_title`` the function is called with an extra keyword argument
``progress=callback`` (the core's :data:`adjudicator.progress.Progress`), and a cancellable
progress dialog shows the fraction and message. Cancelling makes the next ``progress`` call raise
:class:`OperationCancelled`; ``on_cancelled`` then runs instead of ``on_success``. A
:class:`~adjudicator.errors.DomainError` goes to ``on_failure`` (default: a message box with its
sentence); any other exception is logged and shown the same way, never as a traceback.

Callbacks run on the UI thread, and only while ``parent`` lives: a task whose window was closed
meanwhile finishes, but nobody is called back. Tests call :func:`use_immediate_pool` (or the
``immediate_pool`` fixture) so tasks run at once on the calling thread and are deterministic,
as Picard does.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from adjudicator.progress import Progress

log = logging.getLogger(__name__)
T = TypeVar("T")

#: ``progress(fraction, message)``: fraction in 0..1 (or negative when unknown).
ProgressCallback = Progress
#: Worker threads: database reads and PDF building; two keep a slow task from blocking a quick one.
MAX_WORKERS = 2


class OperationCancelled(Exception):
    """Raised inside the worker by the progress callback once the user has cancelled."""


class TaskManager(QObject):
    """The application's one executor, and the queue that brings closures back to the UI thread."""

    _closures_pending = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._executor: ThreadPoolExecutor | None = None
        self._closures: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self.immediate = False
        # Emitted from a worker thread, received on the thread this object lives on (the UI thread).
        self._closures_pending.connect(self._run_closures, Qt.ConnectionType.QueuedConnection)

    def submit(self, task: Callable[[], T], on_done: Callable[[Future[T]], None]) -> Future[T]:
        """Run ``task`` in the executor; ``on_done(future)`` runs on the UI thread afterwards."""
        if self.immediate:
            future: Future[T] = Future()
            try:
                future.set_result(task())
            except BaseException as exc:  # noqa: BLE001 - handed to on_done like a real future's
                future.set_exception(exc)
            on_done(future)
            return future
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="adjudicator-task")
        future = self._executor.submit(task)
        future.add_done_callback(lambda f: self.run_on_main(lambda: on_done(f)))
        return future

    def run_on_main(self, closure: Callable[[], None]) -> None:
        """Run ``closure`` on the UI thread (at once if this is it and tasks run immediately)."""
        if self.immediate and threading.current_thread() is threading.main_thread():
            closure()
            return
        with self._lock:
            self._closures.append(closure)
        self._closures_pending.emit()

    def _run_closures(self) -> None:
        with self._lock:
            closures, self._closures = self._closures, []
        for closure in closures:
            closure()

    def shutdown(self) -> None:
        """Wait for running tasks and stop the executor (at exit, and in tests)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        self._run_closures()


_manager: TaskManager | None = None


def task_manager() -> TaskManager:
    """The application's task manager (created on first use, on the UI thread)."""
    global _manager
    if _manager is None:
        _manager = TaskManager()
    return _manager


@contextmanager
def use_immediate_pool(immediate: bool = True) -> Iterator[None]:
    """Run background tasks synchronously inside this block (for tests); False: in the executor."""
    manager = task_manager()
    previous = manager.immediate
    manager.immediate = immediate
    try:
        yield
    finally:
        manager.immediate = previous


def _alive(obj: QObject | None) -> bool:
    return obj is None or shiboken6.isValid(obj)


class Worker(QObject, Generic[T]):
    """A running background task; returned by :func:`run_in_background`.

    Signals (delivered on the UI thread, and not at all once ``owner`` is gone):
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

    def __init__(self, owner: QObject | None = None):
        super().__init__()
        self._owner = owner
        self._cancel = threading.Event()
        self.done = False

    # -- used from the worker thread -------------------------------------------------------------

    def report(self, fraction: float, message: str = "") -> None:
        """The progress callback handed to the function; raises once cancelled."""
        if self._cancel.is_set():
            raise OperationCancelled()
        def deliver() -> None:
            self._deliver(self.progressed.emit, float(fraction), message)

        task_manager().run_on_main(deliver)

    # -- used from the UI thread -----------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the task to stop: its next progress report raises, and its result is dropped."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _deliver(self, emit: Callable[..., Any], *args: Any) -> bool:
        """Emit unless the owner (or this worker) is gone; False when the outcome was dropped."""
        if self.done or not _alive(self._owner) or not shiboken6.isValid(self):
            return False
        emit(*args)
        return True

    def _done(self, future: Future[Any]) -> None:
        if self.done or not shiboken6.isValid(self):
            return
        if not _alive(self._owner):
            self.done = True  # the window is gone: nobody to tell
            _running.discard(self)
            return
        exc = future.exception()
        if isinstance(exc, OperationCancelled) or self._cancel.is_set():
            self.cancelled.emit()
        elif exc is not None:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(future.result())
        self.done = True
        _running.discard(self)
        self.finished.emit()

    def start(self, call: Callable[[], Any]) -> None:
        _running.add(self)  # alive until its outcome is delivered, even if the caller drops it
        task_manager().submit(call, self._done)


#: Workers whose outcome is still to be delivered.
_running: set[Worker[Any]] = set()


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
    """Run ``fn(*args, **kwargs)`` in the executor; callbacks run on the UI thread while ``parent`` lives.

    ``progress_title``: show a cancellable progress dialog with this title and pass
    ``progress=callback`` to ``fn`` (if ``fn`` takes ``progress``).
    """
    worker: Worker[T] = Worker(parent)
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

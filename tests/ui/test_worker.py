"""Background work: results, progress, cancellation and failures come back on the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from adjudicator.errors import DomainError
from tests.ui.conftest import DialogRecorder
from ui import worker
from ui.worker import OperationCancelled, run_in_background


def slow_sum(n: int, progress: Callable[[float, str], None] | None = None) -> int:
    total = 0
    for i in range(n):
        total += i
        if progress is not None:
            progress((i + 1) / n, f"第 {i + 1} 项")
    return total


def test_immediate_pool_runs_at_once() -> None:
    results: list[int] = []
    w = run_in_background(slow_sum, 5, on_success=results.append)
    assert results == [10]
    assert w.done


def test_progress_reaches_the_dialog_and_the_result_arrives(qtbot: QtBot) -> None:
    seen: list[tuple[float, str]] = []
    results: list[int] = []
    w = run_in_background(slow_sum, 4, on_success=results.append, progress_title="正在计算…",
                          on_failure=pytest.fail)
    w.progressed.connect(lambda f, m: seen.append((f, m)))  # connected late: nothing more to see
    assert results == [6]


def test_cancel_stops_at_the_next_progress_report(qtbot: QtBot) -> None:
    cancelled: list[bool] = []
    results: list[int] = []

    def cancel_midway(n: int, progress: Callable[[float, str], None]) -> int:
        progress(0.1, "开始")
        handle.cancel()
        progress(0.5, "不应到达")
        return n

    handle = worker.Worker()
    handle.cancelled.connect(lambda: cancelled.append(True))
    handle.succeeded.connect(results.append)
    handle.start(lambda: cancel_midway(3, handle.report))
    assert cancelled == [True]
    assert results == []
    with pytest.raises(OperationCancelled):
        handle.report(1.0, "")


def test_domain_error_goes_to_a_message_box(boxes: DialogRecorder) -> None:
    def refuse() -> None:
        raise DomainError("案件已被其他人修改，请重新打开后再编辑。")

    run_in_background(refuse)
    assert boxes.errors == ["案件已被其他人修改，请重新打开后再编辑。"]


def test_unexpected_error_is_a_sentence_not_a_traceback(boxes: DialogRecorder) -> None:
    def broken() -> None:
        raise KeyError("x")

    failures: list[BaseException] = []
    run_in_background(broken, on_failure=failures.append)
    assert isinstance(failures[0], KeyError)
    run_in_background(broken)
    assert len(boxes.errors) == 1
    assert "Traceback" not in boxes.errors[0]
    assert boxes.errors[0].startswith("操作未能完成")


def test_real_executor_hands_the_result_back_on_the_ui_thread(qtbot: QtBot) -> None:
    threads: list[threading.Thread] = []

    def where(n: int) -> int:
        threads.append(threading.current_thread())
        return n * 2

    results: list[int] = []
    with worker.use_immediate_pool(False):  # the executor, as in the application
        w = run_in_background(where, 21, on_success=results.append)
        with qtbot.waitSignal(w.finished, timeout=5000):
            pass
    assert results == [42]
    assert threads[0] is not threading.main_thread()


def test_a_closed_windows_callbacks_are_dropped(qtbot: QtBot) -> None:
    """The task finishes, but the window that asked for it is gone: nobody is called back."""
    release = threading.Event()
    results: list[int] = []
    failures: list[BaseException] = []
    window = QWidget()

    def slow() -> int:
        release.wait(5)
        return 7

    with worker.use_immediate_pool(False):
        w = run_in_background(slow, parent=window, on_success=results.append, on_failure=failures.append)
        shiboken6.delete(window)  # the clerk closed the window while the task ran
        release.set()
        worker.task_manager().shutdown()  # waits for the task and runs what it queued
        qtbot.wait(10)
    assert w.done and results == [] and failures == []


def test_progress_from_a_worker_thread_reaches_the_ui_thread(qtbot: QtBot) -> None:
    seen: list[tuple[float, str, bool]] = []
    with worker.use_immediate_pool(False):
        w = run_in_background(slow_sum, 3, progress_title="正在计算…")
        w.progressed.connect(lambda f, m: seen.append((f, m, threading.current_thread() is threading.main_thread())))
        with qtbot.waitSignal(w.finished, timeout=5000):
            pass
    assert seen and all(on_ui for _f, _m, on_ui in seen)

"""The pinned PySide6 keeps reference counts of None and True: a leaking build fails here, not in a clerk's hands.

PySide6 6.12.0 on CPython 3.11 drops a reference to ``None``/``True`` on every void call and signal
emit and aborts after about a thousand emits. The program depends on a release without the leak
(pyproject pins it) instead of patching reference counts; this test is the guard: thousands of
emits and void calls must neither crash nor move the counts by more than noise.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

ROUNDS = 5000
#: Other code (the garbage collector, Qt's own Python calls) may hold a few references for a moment.
NOISE = 50


class _Emitter(QObject):
    pinged = Signal()
    flagged = Signal(bool)


def test_signal_emits_and_void_calls_keep_none_and_true_counts(qtbot: QtBot) -> None:
    emitter = _Emitter()
    label = QLabel()
    qtbot.addWidget(label)
    received = [0]

    def count(flag: bool) -> None:
        received[0] += 1 if flag is True else 0

    emitter.pinged.connect(lambda: None)
    emitter.flagged.connect(count)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(ROUNDS):
        emitter.pinged.emit()
        emitter.flagged.emit(True)
        label.setEnabled(True)  # a void C++ call returning None to Python
        label.setText(f"第 {i} 次" if i % 1000 == 0 else label.text())
        emitter.setObjectName("emitter")
    none_after, true_after = sys.getrefcount(None), sys.getrefcount(True)
    assert received[0] == ROUNDS
    assert abs(none_after - none_before) < NOISE, f"None: {none_before} -> {none_after}"
    assert abs(true_after - true_before) < NOISE, f"True: {true_before} -> {true_after}"

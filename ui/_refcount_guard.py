"""A guard against a reference-counting bug of PySide6 6.12 on Python 3.11.

Measured here (PySide6 6.12.0, Python 3.11): every call of a Qt method that returns nothing
(``setText``, ``QTimer.start``, ``processEvents`` ...) releases one reference to ``None`` that it
never took, and every ``Signal.emit()`` does the same to ``True``. Python 3.12 made these
objects immortal, which hides the bug there; on 3.11 the count reaches zero after some thousands
of calls and the interpreter aborts ("Fatal Python error: none_dealloc"), i.e. the application
dies after a few minutes of typing. Until PySide is fixed we detect the leak at import time and,
only if present, raise the counts of ``None``, ``True`` and ``False`` so far (2**40) that no
session can exhaust them — what Python 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_MARGIN = 1 << 40


class _Probe(QObject):
    fired = Signal()


def _leaks() -> tuple[bool, bool]:
    """Whether a void Qt call leaks ``None`` and an emit leaks ``True`` (checked on 20 calls)."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20):
        probe.setObjectName("probe")
        probe.fired.emit()
    return sys.getrefcount(None) < none_before - 10, sys.getrefcount(True) < true_before - 10


def _raise_count(obj: object) -> None:
    # ob_refcnt is the first field of every object in CPython's release builds.
    ctypes.c_ssize_t.from_address(id(obj)).value += _MARGIN


def install() -> bool:
    """Apply the guard if this PySide leaks; True if it was needed."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    leaks_none, leaks_bool = _leaks()
    if leaks_none:
        _raise_count(None)
    if leaks_bool:
        _raise_count(True)
        _raise_count(False)
    return leaks_none or leaks_bool


NEEDED = install()

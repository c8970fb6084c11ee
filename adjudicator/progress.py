"""The progress callbacks long core functions take, defined once for the core, the UI and the command line.

:data:`Progress` is ``progress(fraction, message)``: ``fraction`` runs from 0.0 to 1.0; ``message``
is a short Chinese phrase for a progress dialog (正在生成第 3 页 …). The UI's executor turns calls
from a worker thread into updates of a progress dialog; the command line ignores them or prints
them. A callback may raise to cancel the work between steps.

:data:`ByteProgress` is ``progress(bytes_done)``, the inner callback of a file copy (the evidence
file store streams a file in chunks); its caller turns bytes into a :data:`Progress` fraction.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]
ByteProgress = Callable[[int], None]

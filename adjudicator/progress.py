"""The progress callback long core functions take: ``progress(fraction, message)``.

``fraction`` runs from 0.0 to 1.0; ``message`` is a short Chinese phrase for a progress
dialog (正在生成第 3 页 …). The UI's executor turns calls from a worker thread into
updates of a progress dialog; the command line ignores them or prints them.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]

"""The Qt desktop front end (办案系统桌面界面). Calls the core services in ``adjudicator`` only."""

from ui import _refcount_guard  # noqa: F401 - first: PySide6 6.12 on Python 3.11 leaks references

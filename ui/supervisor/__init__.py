"""Sync in the desktop app: a station's 数据交换 menu, the supervisor's 市局监督 page.

Opened on a station database, the window gains the 数据交换 menu (export this station's package,
import the supervisors' reference data, this station's key). Opened on a supervisor database, it
gains the 市局监督 page (stations and their keys, importing packages, the city-wide case list,
conflicts) and the supervisor's 数据交换 menu. A station's window never shows supervisor actions.
The main window calls :func:`extend_window` as listed in :data:`ui.features.WINDOW_EXTENSIONS`.
"""

from __future__ import annotations

from typing import Any


def extend_window(window: Any) -> None:
    """Add the station's or the supervisor's sync actions to a main window, by the database's role."""
    role = window.db.role
    if role == "supervisor":
        from ui.supervisor.page import install_supervisor

        install_supervisor(window)
    elif role == "station":
        from ui.supervisor.station_menu import install_station_menu

        install_station_menu(window)


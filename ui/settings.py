"""Per-user settings (用户设置) kept by Qt's QSettings: the user's name, window geometry, list layout.

Typed accessors sit next to the key they read, as Picard's config options do. The database
remembers the station; this file remembers who is sitting at this computer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Adjudicator"
APPLICATION = "adjudicator"

_file: str | None = None


def use_file(path: str | None) -> None:
    """Keep the settings in this INI file instead of the user's (tests; a portable install)."""
    global _file
    _file = path


def qsettings() -> QSettings:
    if _file is not None:
        return QSettings(_file, QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def _get_str(key: str, default: str = "") -> str:
    value: Any = qsettings().value(key, default)
    return str(value) if value is not None else default


def user_name() -> str:
    """The name the user gave at first run (written into the audit trail as the actor)."""
    return _get_str("user/name").strip()


def set_user_name(name: str) -> None:
    qsettings().setValue("user/name", name.strip())


def geometry(key: str) -> QByteArray | None:
    """A saved ``saveGeometry()``/``saveState()`` blob, or None."""
    value: Any = qsettings().value(f"geometry/{key}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def set_geometry(key: str, blob: QByteArray) -> None:
    qsettings().setValue(f"geometry/{key}", blob)

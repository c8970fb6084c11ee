"""专利纠纷行政裁决办案系统 — the desktop application.

    python main.py [--db PATH_OR_URL]

Without ``--db`` it opens this user's station database (created on first run); a path opens
another SQLite file and a SQLAlchemy URL (``postgresql+psycopg://…``) a server database.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication

from ui import settings
from ui.app import run

if __name__ == "__main__":
    QCoreApplication.setOrganizationName(settings.ORGANISATION)
    QCoreApplication.setApplicationName(settings.APPLICATION)
    sys.exit(run(sys.argv))

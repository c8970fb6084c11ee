"""The look of the application: Fusion style, a light palette, a font that renders Chinese."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

#: Preferred Chinese UI fonts, best first; the first one installed is used (Linux only — Windows
#: and macOS already pick a good system font for Chinese).
CJK_FONTS = (
    "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
)

ACCENT = QColor("#2a5d9f")
#: The light line under each row of a table (the case list paints it itself: ui.case_painter).
ROW_LINE = "#eef0f3"

STYLE_SHEET = """
QToolBar { spacing: 2px; padding: 4px 8px; border: none; border-bottom: 1px solid #d9dde3; background: #fbfcfd; }
QToolBar::separator { width: 1px; background: #dde2e8; margin: 4px 6px; }
QToolButton { padding: 4px 8px; border-radius: 4px; border: 1px solid transparent; }
QToolButton:hover { background: #e8f0fa; border-color: #cddcee; }
QToolButton:pressed { background: #d3e2f4; }
QMenuBar { background: #fbfcfd; }
QStatusBar { border-top: 1px solid #d9dde3; background: #f3f5f8; }
QStatusBar QLabel { padding: 0 10px; color: #4a5563; }
QStatusBar::item { border: none; border-left: 1px solid #dde2e8; }
QTableView { border: none; gridline-color: #e7eaee; selection-background-color: #d6e6f8;
             selection-color: #10243e; }
QTableView#caseTable { outline: 0; }  /* whole rows are selected: no focus frame on a cell */
QTableView::item { padding: 0 6px; border-bottom: 1px solid @ROW_LINE; }
QTableView::item:selected { background: #d6e6f8; color: #10243e; }
QHeaderView::section { background: #f3f5f8; border: none; border-right: 1px solid #e1e5ea;
                       border-bottom: 1px solid #d0d5dc; padding: 6px 8px; font-weight: bold;
                       color: #2b3440; }
QLineEdit, QComboBox, QDateEdit { min-height: 24px; }
QLineEdit { padding: 1px 6px; border: 1px solid #c3cad3; border-radius: 3px; background: #ffffff; }
QLineEdit:focus, QPlainTextEdit:focus { border: 1px solid #2a5d9f; }
QLineEdit:disabled { background: #f1f3f5; }
QPlainTextEdit { border: 1px solid #c3cad3; border-radius: 3px; background: #ffffff; }
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"],
QPlainTextEdit[invalid="true"], QListWidget[invalid="true"] {
    border: 1px solid #d32f2f; background: #fff5f5; }
QLabel[role="field-message"] { color: #c62828; }
QLabel[role="hint"] { color: #6b7480; }
QLabel[role="ok"] { color: #2e7d32; font-weight: bold; }
QLabel[role="error"] { color: #b71c1c; font-weight: bold; }
QLabel[role="title"] { font-size: 16pt; font-weight: bold; color: #1d2a3a; }
QLabel[role="subtitle"] { color: #4a5563; }
QFrame[role="header"] { background: #ffffff; border-bottom: 1px solid #dde3ea; }
QFrame[role="filterbar"] { background: #f7f8fa; border-bottom: 1px solid #e1e5ea; }
QListWidget[role="problems"] { border: 1px solid #f0c4c4; background: #fff8f8; color: #b71c1c; }
QListWidget#partyList { background: #ffffff; border: 1px solid #c3cad3; border-radius: 3px; }
QListWidget#partyList::item { padding: 6px 4px; border-bottom: 1px solid #eef0f3; }
QListWidget#partyList::item:selected { background: #d6e6f8; color: #10243e; }
QGroupBox { font-weight: bold; border: 1px solid #dde2e8; border-radius: 6px; margin-top: 12px;
            padding: 10px 8px 6px 8px; background: #ffffff; }
QGroupBox::title { subcontrol-origin: margin; left: 12px; padding: 0 4px; color: #2a5d9f; }
QGroupBox QLabel { font-weight: normal; }
QGroupBox QCheckBox { font-weight: normal; }
QTabWidget::pane { border: 1px solid #d0d5dc; border-radius: 0 4px 4px 4px; top: -1px; background: #f7f8fa; }
QTabBar::tab { padding: 7px 18px; margin-right: 2px; border: 1px solid #d0d5dc; border-bottom: none;
               border-top-left-radius: 4px; border-top-right-radius: 4px; background: #eceff3;
               color: #4a5563; }
QTabBar::tab:selected { background: #f7f8fa; color: #1d2530; border-top: 2px solid #2a5d9f; }
QTabBar::tab:hover:!selected { background: #e3e9f1; }
QTabBar::tab:disabled { color: #a0a6ad; }
QTabWidget#pages::pane { border: none; }
QPushButton { padding: 5px 14px; border: 1px solid #b9c1cb; border-radius: 4px; background: #ffffff; }
QPushButton:hover { background: #f0f5fb; border-color: #9fb3cc; }
QPushButton:pressed { background: #dfe9f5; }
QPushButton:disabled { color: #a0a6ad; background: #f3f5f7; border-color: #d5dae0; }
QPushButton[primary="true"]:enabled { background: #2a5d9f; color: #ffffff; border-color: #234f88;
                                      font-weight: bold; }
QPushButton[primary="true"]:enabled:hover { background: #336bb3; }
QPushButton::menu-indicator { subcontrol-position: right center; right: 6px; }
QPushButton[menu="true"] { padding-right: 22px; }
""".replace("@ROW_LINE", ROW_LINE)


def choose_font(app: QApplication) -> None:
    """On Linux, use an installed Chinese UI font (else fontconfig's fallback applies)."""
    if sys.platform in ("win32", "darwin"):
        return
    installed = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in installed:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
            app.setFont(font)
            return


def apply_theme(app: QApplication) -> None:
    """Fusion with a light, neutral palette and the accent colour for selections and links."""
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8fb"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f3f5f8"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1d2530"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1d2530"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1d2530"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe0f5"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#10243e"))
    palette.setColor(QPalette.ColorRole.Link, ACCENT)
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffe8"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#1d2530"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a929c"))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a0a6ad"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)
    choose_font(app)

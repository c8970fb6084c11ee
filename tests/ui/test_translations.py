"""Qt's standard dialogs speak Chinese: qtbase zh_CN loaded, the words it lacks supplied."""

from __future__ import annotations

import re

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from ui import translations
from ui.app import application


def _english_labels(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if re.search(r"[A-Za-z]{3,}", label.text())]


def test_file_and_print_dialogs_have_no_english_labels(qtbot: QtBot) -> None:
    app = application([])
    installed = translations.install(app)
    try:
        dialog = QFileDialog(None, "另存为 PDF")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
        assert _english_labels(dialog) == []
        printer = QPrinter()
        printing = QPrintDialog(printer)
        qtbot.addWidget(printing)
        assert _english_labels(printing) == []
        assert app.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in installed:
            app.removeTranslator(translator)

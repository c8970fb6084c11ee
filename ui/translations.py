"""Qt's own dialogs in Chinese: the qtbase zh_CN catalogue PySide6 ships, and the few words it lacks.

Qt's file and print dialogs take their words from ``qtbase_zh_CN.qm`` in PySide6's translations
folder. That catalogue misses a handful of labels with mnemonics (the file dialog's "Look in:" and
"Files of type:", the print dialog's "Page Set:"), which then showed in English; :class:`_Gaps`
supplies them. It is installed last, so Qt asks it first and falls through to qtbase for the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)

#: Source text → Chinese for words missing from qtbase_zh_CN (any context).
MISSING = {
    "&Look in:": "查找范围(&L)：",
    "Files of &type:": "文件类型(&T)：",
    "Page &Set:": "打印页面(&S)：",
    "All Pages": "所有页面",
    "Odd Pages": "奇数页",
    "Even Pages": "偶数页",
}


class _Gaps(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return MISSING.get(source)  # None (a null string): not ours, Qt asks qtbase next

    def isEmpty(self) -> bool:
        return False


def install(app: QCoreApplication) -> list[QTranslator]:
    """Load Qt's Chinese catalogue and the gaps; returns the translators installed."""
    installed: list[QTranslator] = []
    qtbase = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qtbase.load(CHINA, "qtbase", "_", path):
        app.installTranslator(qtbase)
        installed.append(qtbase)
    gaps = _Gaps(app)
    app.installTranslator(gaps)
    installed.append(gaps)
    QLocale.setDefault(CHINA)
    return installed

"""The toolbar and window icons: small line drawings kept as SVG text, tinted to the palette.

Drawn for this program on a 24×24 grid with 2-pixel strokes, so they stay crisp at any scale
and need no files or icon theme on the machine.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

_SHAPES = {
    "new": '<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/>'
           '<path d="M14 3v5h5"/><path d="M12 11v6M9 14h6"/>',
    "open": '<path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z"/>'
            '<path d="M3 10h18"/>',
    "delete": '<path d="M4 7h16"/><path d="M10 11v6M14 11v6"/>'
              '<path d="M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12"/><path d="M9 7V4h6v3"/>',
    "restore": '<path d="M4 4v6h6"/><path d="M5.5 15a8 8 0 1 0 1.9-8.3L4 10"/>',
    "refresh": '<path d="M20 4v6h-6"/><path d="M4 20v-6h6"/>'
               '<path d="M18.4 9A7 7 0 0 0 6.3 6.6L4 9M20 15l-2.3 2.4A7 7 0 0 1 5.6 15"/>',
    "search": '<circle cx="11" cy="11" r="6.5"/><path d="M20 20l-4.3-4.3"/>',
    "save": '<path d="M5 3h11l5 5v11a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/>'
            '<path d="M7 3v5h8V3"/><path d="M7 21v-7h10v7"/>',
    "add": '<path d="M12 5v14M5 12h14"/>',
    "remove": '<path d="M5 12h14"/>',
    "close": '<path d="M6 6l12 12M18 6L6 18"/>',
    "warning": '<path d="M12 3l10 18H2z"/><path d="M12 10v5"/><path d="M12 18v.5"/>',
    "ok": '<circle cx="12" cy="12" r="9"/><path d="M8 12.5l2.7 2.7L16.5 9"/>',
    "person": '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>',
    "organisation": '<path d="M4 21V5l8-3v19M12 9h8v12"/><path d="M2 21h20"/>'
                    '<path d="M7 8h2M7 12h2M7 16h2M15 13h2M15 17h2"/>',
    "quit": '<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4"/><path d="M16 17l5-5-5-5M21 12H9"/>',
    "trash-view": '<path d="M3 6h18"/><path d="M8 6V4h8v2"/><path d="M5 6l1 14h12l1-14"/>',
    "about": '<circle cx="12" cy="12" r="9"/><path d="M12 11v6"/><path d="M12 7.5v.5"/>',
    "calendar": ('<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>'
                 '<path d="M7.5 14h2M11 14h2M14.5 14h2M7.5 17.5h2M11 17.5h2"/>'),
    "case": '<path d="M4 7h16v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z"/><path d="M9 7V5a2 2 0 0 1 2-2h2a2 2 0 0 1 2 2v2"/>'
            '<path d="M4 12h16"/>',
    # 天平: the adjudicator's scales, the window icon.
    "scales": '<path d="M12 3v17M7 21h10"/><path d="M5 7h14"/><path d="M12 5.5a1 1 0 1 0 0-.1"/>'
              '<path d="M5 7l-3 7a3.2 3.2 0 0 0 6 0z"/><path d="M19 7l-3 7a3.2 3.2 0 0 0 6 0z"/>',
}

#: The accent colour of the toolbar icons (a calm official blue).
ACCENT = "#2a5d9f"
DANGER = "#c62828"
SUCCESS = "#2e7d32"


def _svg(name: str, colour: str, fill: str = "none") -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="{fill}" stroke="{colour}" '
        f'stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">{_SHAPES[name]}</svg>'
    ).encode()


@cache
def icon(name: str, colour: str = ACCENT, sizes: tuple[int, ...] = (16, 20, 24, 32)) -> QIcon:
    """A named icon (see ``_SHAPES``) drawn in ``colour`` at toolbar and list sizes."""
    from PySide6.QtSvg import QSvgRenderer  # loaded with the first icon, not at start-up

    renderer = QSvgRenderer(QByteArray(_svg(name, colour)))
    result = QIcon()
    for size in sizes:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    """The window icon, also at the sizes task bars and window switchers use."""
    return icon("scales", ACCENT, (16, 24, 32, 48, 64, 128, 256))

"""Window sizes that fit the screen: a preferred size capped to it, and a remembered one kept inside it.

Clerks work on 1366×768 laptops and on 1024×700 remote desktops. Every window and dialog opens
at its preferred size but never larger than the available screen (less a margin for the title
bar), and a size the user chose is remembered per window and restored the same way: a window
saved on a large monitor reopens fitted to the laptop's screen, not with its buttons below the edge.
Content that cannot fit scrolls inside the window (:func:`scrolling`), so the buttons stay visible.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget

from ui import settings

#: Room left for the window frame and title bar, and for a task bar.
_FRAME = QSize(16, 48)


def available(widget: QWidget | None = None) -> QRect:
    """The part of the screen ``widget`` is on (or the primary screen) that windows may use."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def capped(size: QSize, widget: QWidget | None = None) -> QSize:
    """``size`` no larger than the usable screen."""
    room = available(widget).size() - _FRAME
    return QSize(max(200, min(size.width(), room.width())), max(150, min(size.height(), room.height())))


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width``×``height`` or the screen, whichever is smaller; minimums too."""
    room = capped(QSize(10 ** 5, 10 ** 5), widget)
    minimum = widget.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        widget.setMinimumSize(minimum.boundedTo(room))
    widget.resize(capped(QSize(width, height), widget))


def keep_inside(widget: QWidget) -> None:
    """Move and shrink a top-level window so all of it is on the screen."""
    area = available(widget)
    frame = widget.frameGeometry()
    size = capped(widget.size(), widget)
    if size != widget.size():
        widget.resize(size)
        frame = widget.frameGeometry()
    x = min(max(frame.x(), area.x()), max(area.x(), area.right() - frame.width()))
    y = min(max(frame.y(), area.y()), max(area.y(), area.bottom() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


class _Remember(QObject):
    """Saves a window's geometry when it hides; installed by :func:`remember`."""

    def __init__(self, widget: QWidget, key: str):
        super().__init__(widget)
        self.key = key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow():
            settings.set_geometry(self.key, watched.saveGeometry())
        return False


def remember(widget: QWidget, key: str, width: int, height: int) -> None:
    """Open ``widget`` at its remembered size (else ``width``×``height``), always fitted to the screen."""
    fit_to_screen(widget, width, height)
    blob = settings.geometry(key)
    if blob is not None:
        widget.restoreGeometry(blob)
        keep_inside(widget)
    widget.installEventFilter(_Remember(widget, key))


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that scrolls vertically when the window is short."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class ScrollingTabs(QTabWidget):
    """A tab widget whose pages scroll inside it, so a tall page never makes its window taller.

    Pages are added and looked up as themselves (``indexOf(page)``, ``setCurrentWidget(page)``,
    ``widget(i)``); the scroll area each sits in stays an implementation detail.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._area_of: dict[QWidget, QScrollArea] = {}
        self._page_of: dict[QWidget, QWidget] = {}

    def _wrap(self, page: QWidget) -> QWidget:
        if page in self._area_of:
            return self._area_of[page]
        area = scrolling(page)
        self._area_of[page] = area
        self._page_of[area] = page
        return area

    def addTab(self, page: QWidget, *args: object) -> int:  # type: ignore[override]
        return super().addTab(self._wrap(page), *args)  # type: ignore[call-overload]

    def insertTab(self, index: int, page: QWidget, *args: object) -> int:  # type: ignore[override]
        return super().insertTab(index, self._wrap(page), *args)  # type: ignore[call-overload]

    def indexOf(self, page: QWidget) -> int:  # type: ignore[override]
        return super().indexOf(self._area_of.get(page, page))

    def setCurrentWidget(self, page: QWidget) -> None:  # type: ignore[override]
        super().setCurrentWidget(self._area_of.get(page, page))

    def widget(self, index: int) -> QWidget:  # type: ignore[override]
        shown = super().widget(index)
        return self._page_of.get(shown, shown)

    def currentWidget(self) -> QWidget:  # type: ignore[override]
        shown = super().currentWidget()
        return self._page_of.get(shown, shown)

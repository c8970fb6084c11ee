"""The case list paints its rows itself (ui.case_painter): the same pixels Qt drew, a fraction of the work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from adjudicator.cases import listing
from adjudicator.cases import service as case_service
from adjudicator.store import Database
from tests.ui.helpers import add_case, open_window
from ui import labels
from ui.case_model import _FIELDS, COLUMN_INDEX
from ui.case_painter import RowPainter, elided
from ui.main_window import MainWindow
from ui.sorting import pinyin_sorted
from ui.theme import apply_theme

LONG = "内蒙古自治区呼和浩特市赛罕区草原星光智能制造科技股份有限公司第一分公司"


@pytest.fixture
def themed() -> Iterator[None]:
    """The application's look (ui.theme), which the row painter reproduces; the test's own afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, font, sheet = app.style().name(), app.palette(), app.font(), app.styleSheet()
    apply_theme(app)
    yield
    app.setStyleSheet(sheet)
    app.setStyle(style)
    app.setPalette(palette)
    app.setFont(font)


@pytest.fixture
def window(qtbot: QtBot, station_db: Database, themed: None) -> Iterator[MainWindow]:
    from adjudicator.demo.generate import generate_demo

    generate_demo(station_db, 30, seed=7)
    add_case(station_db, LONG, "张三丰", received_on=date.today())  # the newest case: its 当事人 needs "…"
    win = open_window(qtbot, station_db)
    win.resize(1100, 700)
    qtbot.waitUntil(lambda: win.cases.model.rowCount() == 31)
    yield win


def _grab(win: MainWindow, painter: RowPainter | None) -> QImage:
    view = win.cases.view
    view.row_painter = painter
    QApplication.processEvents()  # the layout settled (a scroll bar shown or hidden) before the grab
    return view.viewport().grab().toImage()


def _differing_pixels(a: QImage, b: QImage) -> list[tuple[int, int]]:
    """Where two images of one size differ, pixel by pixel."""
    assert a.size() == b.size()
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    line = a.bytesPerLine()
    bytes_a, bytes_b = bytes(a.constBits()), bytes(b.constBits())
    found = []
    for y in range(a.height()):
        start = y * line
        if bytes_a[start:start + line] != bytes_b[start:start + line]:
            found += [(x, y) for x in range(a.width()) if a.pixel(x, y) != b.pixel(x, y)]
    return found


def _same_as_qt(win: MainWindow, *hidden: str, strike_ends: bool = False) -> None:
    """The rows as the row painter draws them and as Qt's own cell-by-cell painting draws them.

    Qt's painting knows no status pill, so the status column is hidden for the comparison
    (and the ``hidden`` columns).
    """
    header = win.cases.view.horizontalHeader()
    for key in ("status", *hidden):
        header.hideSection(COLUMN_INDEX[key])
    painter = RowPainter()
    first = _grab(win, painter)  # each text new: drawn as plain text
    again = _grab(win, painter)  # each text seen before: drawn from its layout (QStaticText)
    qts = _grab(win, None)
    for key in ("status", *hidden):
        header.showSection(COLUMN_INDEX[key])
    win.cases.view.row_painter = RowPainter()
    for ours in (first, again):
        differing = _differing_pixels(ours, qts)
        if strike_ends:
            # Qt's line through struck-out text (a whole laid-out item) ends a pixel further right.
            assert len(differing) <= win.cases.model.rowCount() * 2, differing
        else:
            assert differing == []


def test_rows_look_as_qt_painted_them(qtbot: QtBot, window: MainWindow) -> None:
    view = window.cases.view
    view.selectRow(1)  # the selection's colours, and the alternate rows around it
    model = window.cases.model
    column = COLUMN_INDEX["party_summary"]
    assert model.index(0, column).data() == f"{LONG} 诉 张三丰"
    _same_as_qt(window)


def test_deleted_cases_are_struck_out_as_before(qtbot: QtBot, window: MainWindow, station_db: Database) -> None:
    for case_id in window.cases.model.case_ids()[:3]:
        case_service.set_deleted(station_db, case_id, True)
    window.cases.deleted_check.setChecked(True)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 3)
    assert window.cases.model.showing_deleted
    # Struck-out text that does not fit is cut one character earlier by Qt's own painting than
    # by QFontMetrics.elidedText, which the painter follows (it shows what fits): 当事人 aside.
    _same_as_qt(window, "party_summary", strike_ends=True)


def test_status_pills_in_the_status_colours(qtbot: QtBot, window: MainWindow) -> None:
    view = window.cases.view
    model = window.cases.model
    image = _grab(window, RowPainter())
    column = COLUMN_INDEX["status"]
    x0 = view.columnViewportPosition(column)
    for row in range(3):
        status = str(model.case_row(row)["status"])
        colour = labels.STATUS_COLOURS[status]
        y0 = view.rowViewportPosition(row)
        pixels = [QColor(image.pixel(x, y)) for x in range(x0, x0 + view.columnWidth(column))
                  for y in range(y0, y0 + view.rowHeight(row))]
        # The label's strokes are (nearly) the status colour; the pill around it a light tint of it.
        assert any(_near(p, colour, 40) for p in pixels), status
        assert not any(p.name() == "#1d2530" for p in pixels)  # not the plain text colour


def test_filter_then_select_navigate_and_sort(qtbot: QtBot, window: MainWindow) -> None:
    page = window.cases
    page.filter_edit.setText("呼新市监")
    page.apply_filters()
    assert page.model.rowCount() == 31
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert page.view.currentIndex().row() == 1
    assert page.selected_ids() == [page.model.case_id(1)]
    chosen = page.model.case_id(1)
    # Sorting by 承办人 (a click on its header) keeps the filter and the chosen case selected.
    header = page.view.horizontalHeader()
    handler = COLUMN_INDEX["handler"]
    x = header.sectionViewportPosition(handler) + header.sectionSize(handler) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    qtbot.waitUntil(lambda: page.model.query.sort == "handler" and not page.model.is_loading)
    assert page.model.query.text == "呼新市监"
    assert page.model.rowCount() == 31
    names = [page.model.case_row(r)["handler"] for r in range(page.model.rowCount())]
    in_order = pinyin_sorted(names)
    assert names == (in_order[::-1] if page.model.query.descending else in_order)
    page.select_case(chosen)
    assert page.selected_ids() == [chosen]
    image = _grab(window, RowPainter())
    row = page.model.row_of(chosen)
    assert row is not None
    y = page.view.rowViewportPosition(row) + 3
    assert QColor(image.pixel(page.view.columnViewportPosition(0) + 2, y)).name() == "#d6e6f8"


def test_a_keystroke_paints_from_the_loaded_list(qtbot: QtBot, window: MainWindow,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real = listing.case_rows_by_keys
    monkeypatch.setattr(listing, "case_rows_by_keys", lambda db, keys: (asked.append(len(keys)), real(db, keys))[1])
    page = window.cases
    for text in ("科", "科技", "张", "zl20"):
        page.filter_edit.setText(text)
        page.apply_filters()
        page.view.viewport().repaint()
    assert asked == []  # every row shown came from the list loaded with the query


def test_row_layout_matches_the_listing() -> None:
    assert listing.LIST_FIELDS == _FIELDS


def test_elision_matches_qt() -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    metrics = QFontMetrics(QFont())
    for width in (40, 90, 200, 400):
        text, advance = elided(metrics, LONG, width)
        assert text == metrics.elidedText(LONG, Qt.TextElideMode.ElideRight, width)
        assert advance <= width
    assert elided(metrics, "短", 100) == ("短", metrics.horizontalAdvance("短"))


def _near(a: QColor, b: QColor, tolerance: int) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance

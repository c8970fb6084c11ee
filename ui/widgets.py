"""Small widgets the forms share: an optional date, a field with its inline message."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.calendar.dates import read_date
from adjudicator.calendar.workdays import WorkCalendar, default_calendar
from adjudicator.errors import DomainError
from ui.sorting import pinyin_sorted

#: The earliest date a form accepts.
EARLIEST = QDate(1980, 1, 1)


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def from_qdate(value: QDate) -> date | None:
    return date(value.year(), value.month(), value.day()) if value.isValid() else None


class OptionalDateEdit(QWidget):
    """The one date field of every form: empty until set, typed or picked, cleared with its ✕ button.

    Typing accepts 2026-3-2, 2026年3月2日, 20260302 (:func:`adjudicator.calendar.dates.read_date`)
    and shows it as 2026-03-02 once the field is left; text that is no date turns the field red and
    says why. The calendar button opens the holiday calendar (休 holidays, 班 make-up working days)
    on the date set, else on the related date (:meth:`set_anchor`), else on today. Tab moves to the
    next field (the button takes no focus). ``required`` (see :class:`DateEdit`): no ✕, never empty.
    """

    #: The date changed (an invalid QDate once it is cleared).
    dateChanged = Signal(QDate)

    def __init__(self, parent: QWidget | None = None, calendar: WorkCalendar | None = None, *,
                 required: bool = False):
        super().__init__(parent)
        self._calendar = calendar
        self._required = required
        self._value: date | None = None
        self._problem = ""
        self._anchor: Callable[[], date | None] | None = None
        self._minimum = date(1980, 1, 1)
        self._maximum = date(2099, 12, 31)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("如 2026-03-02") if required else self.tr("未填（如 2026-03-02）"))
        self.edit.setClearButtonEnabled(not required)
        metrics = self.edit.fontMetrics()  # the date and the hint (shown while empty) both whole, never "…"
        wide = metrics.horizontalAdvance("2026-03-02") + 32
        self.edit.setMinimumWidth(wide if required else
                                  max(wide + 32, metrics.horizontalAdvance(self.edit.placeholderText()) + 40))
        self.edit.textChanged.connect(self._text_changed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)  # editingFinished skips a field emptied without typing
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(self.tr("打开日历选择日期"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setStyleSheet("QToolButton { padding: 0px; }")  # snug beside the field, like a combo's arrow
        self.button.setFixedWidth(22)
        self.button.clicked.connect(self.open_calendar)
        self.popup: QFrame | None = None
        self.picker: QCalendarWidget | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # -- value ---------------------------------------------------------------------------------------
    def value(self) -> date | None:
        return self._value

    def set_value(self, value: date | None) -> None:
        self.edit.setText(value.isoformat() if value else "")

    def date(self) -> QDate:
        return to_qdate(self._value)

    def setDate(self, value: QDate) -> None:
        self.set_value(from_qdate(value))

    def problem(self) -> str:
        """Why the text typed is not a date ("" when it is one, or empty)."""
        return self._problem

    def set_calendar(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar

    def set_anchor(self, anchor: Callable[[], date | None]) -> None:
        """The related date the calendar opens on while this one is empty (e.g. 申请日 for 授权公告日)."""
        self._anchor = anchor

    def setMaximumDate(self, value: QDate) -> None:
        self._maximum = from_qdate(value) or self._maximum

    def setMinimumDate(self, value: QDate) -> None:
        self._minimum = from_qdate(value) or self._minimum

    def _text_changed(self, text: str) -> None:
        try:
            value = read_date(text)
            if value is not None and not self._minimum <= value <= self._maximum:
                raise DomainError(self.tr("日期须在 %1 至 %2 之间。").replace("%1", self._minimum.isoformat())
                                  .replace("%2", self._maximum.isoformat()))
            self._problem = ""
        except DomainError as exc:
            value, self._problem = None, str(exc)
        set_invalid(self.edit, bool(self._problem))
        self.edit.setToolTip(self._problem)
        if value is None and self._required:
            return  # a required date keeps its last good value until the field is left (then shown again)
        if value != self._value:
            self._value = value
            self.dateChanged.emit(to_qdate(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self._tidy()
        return super().eventFilter(watched, event)

    def _tidy(self) -> None:
        if self._value is not None and self.edit.text() != self._value.isoformat():
            self.edit.setText(self._value.isoformat())

    # -- calendar ------------------------------------------------------------------------------------
    def open_calendar(self) -> QCalendarWidget:
        """Pop up the holiday calendar below the field, on the date, the related date or today."""
        from ui.calendar_view import HolidayCalendar

        if self.popup is None:
            self.popup = QFrame(self, Qt.WindowType.Popup)
            self.popup.setFrameShape(QFrame.Shape.StyledPanel)
            picker = HolidayCalendar(self._calendar or default_calendar())
            picker.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
            picker.setMinimumSize(380, 300)  # cells tall enough for 休 and 班
            picker.clicked.connect(self._picked)
            picker.activated.connect(self._picked)
            QVBoxLayout(self.popup).addWidget(picker)
            self.picker = picker
        picker = self.picker
        assert picker is not None
        picker.setDateRange(to_qdate(self._minimum), to_qdate(self._maximum))
        shown = self._value or (self._anchor() if self._anchor else None) or date.today()
        picker.setSelectedDate(to_qdate(shown))
        picker.setCurrentPage(shown.year, shown.month)
        self.popup.adjustSize()
        below = self.mapToGlobal(QPoint(0, self.height()))
        from ui.geometry import available

        area = available(self)
        x = min(below.x(), area.right() - self.popup.width())
        y = below.y() if below.y() + self.popup.height() <= area.bottom() else \
            self.mapToGlobal(QPoint(0, 0)).y() - self.popup.height()
        self.popup.move(max(area.x(), x), max(area.y(), y))
        self.popup.show()
        picker.setFocus()
        return picker

    def _picked(self, value: QDate) -> None:
        self.setDate(value)
        if self.popup is not None:
            self.popup.hide()
        self.edit.setFocus()


class DateEdit(OptionalDateEdit):
    """A date that must be given (an event's day, 收到请求日期, a report's period): the same field, no ✕.

    It starts on today; text that is no date (or nothing) is marked while typed and, once the field is
    left, gives way to the last date it held, so :meth:`value` is always a date.
    """

    def __init__(self, parent: QWidget | None = None, calendar: WorkCalendar | None = None):
        super().__init__(parent, calendar, required=True)
        self.set_value(date.today())

    def value(self) -> date:
        assert self._value is not None
        return self._value

    def set_value(self, value: date | None) -> None:
        super().set_value(value or date.today())


def offer_names(edit: QLineEdit, names: Iterable[str]) -> QCompleter:
    """Let ``edit`` complete from ``names`` (the station's handlers), listed in pinyin order."""
    completer = QCompleter(pinyin_sorted(set(names)), edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
    edit.setCompleter(completer)
    return completer


def align_labels(*forms: QFormLayout, width: int = 0) -> None:
    """Give the label columns of several forms one width (at least ``width``), so fields line up."""
    labels: list[QWidget] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if widget is not None:
                labels.append(widget)
    widest = max([width, *(label.sizeHint().width() for label in labels)])
    for label in labels:
        label.setMinimumWidth(widest)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Give a field the red border of the style sheet (``[invalid="true"]``)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


class Field(QWidget):
    """A form field with a red message line under it, shown while the field has a problem."""

    clicked = Signal()

    def __init__(self, editor: QWidget, parent: QWidget | None = None, hint: str = ""):
        super().__init__(parent)
        self.editor = editor
        self.column = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.hint = QLabel(hint)
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)
        self.message = QLabel()
        self.message.setProperty("role", "field-message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.hide()
        layout.addWidget(self.message)
        self.setFocusProxy(editor)

    def show_problem(self, message: str | None) -> None:
        set_invalid(self.editor, bool(message))
        self.message.setText(message or "")
        self.message.setVisible(bool(message))
        self.editor.setToolTip(message or "")


def ok_cancel_buttons(dialog: QDialog, ok_text: str = "", cancel_text: str = "",
                      accepted: Callable[[], object] | None = None) -> QDialogButtonBox:
    """A dialog's OK and Cancel buttons: OK runs ``accepted`` (else accepts the dialog), Cancel rejects it.

    ``ok_text``, ``cancel_text``: labels instead of Qt's own (确定, 取消 from its Chinese catalogue).
    """
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    for which, text in ((QDialogButtonBox.StandardButton.Ok, ok_text),
                        (QDialogButtonBox.StandardButton.Cancel, cancel_text)):
        button = buttons.button(which)
        if text and button is not None:
            button.setText(text)
    buttons.accepted.connect(accepted or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

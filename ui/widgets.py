"""Small widgets the forms share: an optional date, a field with its inline message."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

#: The earliest date a form accepts; an optional date edit shows it as "未填".
EARLIEST = QDate(1980, 1, 1)


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def from_qdate(value: QDate) -> date | None:
    return date(value.year(), value.month(), value.day()) if value.isValid() else None


class DateEdit(QDateEdit):
    """A date edit with a calendar popup and ISO display (2026-03-02)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(EARLIEST)
        self.setMaximumDate(QDate(2099, 12, 31))
        self.setDate(QDate.currentDate())

    def value(self) -> date | None:
        return from_qdate(self.date())

    def set_value(self, value: date | None) -> None:
        self.setDate(to_qdate(value) if value else QDate.currentDate())


class OptionalDateEdit(DateEdit):
    """A date that may be left empty: the minimum date shows as "（未填）"; Delete clears it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumDate(EARLIEST.addDays(-1))
        self.setSpecialValueText(self.tr("（未填）"))
        self.setDate(self.minimumDate())
        self.setToolTip(self.tr("按 Delete 键清除日期"))

    def value(self) -> date | None:
        return None if self.date() == self.minimumDate() else from_qdate(self.date())

    def set_value(self, value: date | None) -> None:
        self.setDate(to_qdate(value) if value else self.minimumDate())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
                self.value() is None or self.currentSection() == QDateEdit.Section.NoSection
                or event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.set_value(None)
            return
        super().keyPressEvent(event)


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

"""What every tab of the case editor shares: watched fields, inline problem messages, focus."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from adjudicator.cases import inputs as C
from ui.widgets import Field, OptionalDateEdit


class EditorSection(QWidget):
    """One tab of the case editor; it reads its part of a :class:`CaseInput` and writes it back."""

    #: The user changed something in this section.
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fields: dict[str, Field] = {}
        self.touched: set[str] = set()
        self._loading_depth = 0

    @property
    def _loading(self) -> bool:
        return self._loading_depth > 0

    # -- to override ---------------------------------------------------------------------------------

    def load(self, inp: C.CaseInput) -> None:
        """Show this section's part of ``inp``."""

    def fill(self, inp: C.CaseInput) -> None:
        """Write what the form holds into ``inp``."""

    def owns(self, key: str) -> bool:
        """Whether the problem with field key ``key`` belongs to this section."""
        return key in self.fields

    # -- shared ----------------------------------------------------------------------------------------

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Fill widgets without counting it as the user's edit."""
        self._loading_depth += 1
        try:
            yield
        finally:
            self._loading_depth -= 1

    def field(self, key: str, editor: QWidget, hint: str = "") -> Field:
        """Wrap ``editor`` as the field for problem key ``key`` and watch it for edits."""
        wrapped = Field(editor, self, hint)
        self.fields[key] = wrapped
        self.watch(editor, key)
        return wrapped

    def watch(self, editor: QWidget, key: str | None = None) -> None:
        def edited(*_: object) -> None:
            if self._loading:
                return
            if key:
                self.touched.add(key)
            self.changed.emit()

        if isinstance(editor, (QLineEdit, QPlainTextEdit)):
            editor.textChanged.connect(edited)
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(edited)
            if editor.isEditable():
                editor.editTextChanged.connect(edited)
        elif isinstance(editor, (QDateEdit, OptionalDateEdit)):
            editor.dateChanged.connect(edited)
        elif isinstance(editor, QAbstractButton):
            editor.toggled.connect(edited)

    def show_problems(self, problems: dict[str, str], reveal_all: bool) -> None:
        """Mark each field with its problem; untouched empty fields wait until ``reveal_all``."""
        for key, wrapped in self.fields.items():
            message = problems.get(key)
            wrapped.show_problem(message if message and (reveal_all or key in self.touched) else None)

    def focus_field(self, key: str) -> bool:
        wrapped = self.fields.get(key)
        if wrapped is None:
            return False
        wrapped.editor.setFocus()
        return True


def combo_data(combo: QComboBox) -> str:
    value = combo.currentData()
    return str(value) if value is not None else ""


def set_combo_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))

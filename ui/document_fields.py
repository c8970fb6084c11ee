"""The fields of a document in the documents tab (文书填写项): one editor per field its template asks for.

Built from the template's :class:`~adjudicator.documents.templates.FieldSpec` list for the document's
case; a choice is a combo box, the one date field takes the clerk's ways of writing a date or a pick on
the calendar, the rest are lines or paragraphs. Read back as the values the core stores (2026年3月2日
as typed is stored as 2026-03-02). Read-only once the document is issued.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit

from adjudicator.documents.templates import FieldSpec
from ui.widgets import OptionalDateEdit

FieldEditor = QLineEdit | QPlainTextEdit | QComboBox


def add_field_editors(form: QFormLayout, specs: Sequence[FieldSpec], values: Mapping[str, str], editable: bool,
                      edited: Callable[[], None], tr: Callable[[str], str]
                      ) -> tuple[dict[str, FieldEditor], dict[str, OptionalDateEdit]]:
    """One row of ``form`` per field, showing ``values``; ``edited`` is called on every change.

    Returns the editors by field key, and the date pickers among them (their text edit is in the first).
    """
    editors: dict[str, FieldEditor] = {}
    dates: dict[str, OptionalDateEdit] = {}
    for spec in specs:
        label = spec.label + ("＊" if spec.required else "")
        value = values.get(spec.key, "")
        editor: FieldEditor
        if spec.choices:
            editor = QComboBox()
            for code, choice in spec.choices:
                editor.addItem(tr(choice), code)
            editor.setCurrentIndex(max(0, editor.findData(value)))
            editor.currentIndexChanged.connect(lambda *_: edited())
            editor.setEnabled(editable)
            editors[spec.key] = editor
            form.addRow(label, editor)
            continue
        if spec.kind == "date":  # the one date field: typed the clerk's ways or picked on the calendar
            picker = OptionalDateEdit()
            picker.edit.setText(value)
            picker.edit.textEdited.connect(lambda *_: edited())
            picker.dateChanged.connect(lambda *_: edited())
            picker.button.setEnabled(editable)
            if spec.hint:
                picker.edit.setPlaceholderText(spec.hint)
            picker.edit.setReadOnly(not editable)
            editors[spec.key] = picker.edit
            dates[spec.key] = picker
            form.addRow(label, picker)
            continue
        if spec.multiline:
            editor = QPlainTextEdit(value)
            editor.textChanged.connect(lambda: edited())
        else:
            editor = QLineEdit(value)
            editor.textEdited.connect(lambda *_: edited())
        editor.setPlaceholderText(spec.hint)
        editor.setReadOnly(not editable)
        editors[spec.key] = editor
        form.addRow(label, editor)
    return editors, dates


def field_values(editors: Mapping[str, FieldEditor], dates: Mapping[str, OptionalDateEdit]) -> dict[str, str]:
    """What the editors say now, as stored: a choice's code, a date as YYYY-MM-DD."""
    def value(editor: FieldEditor) -> str:
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    values = {k: value(e) for k, e in editors.items()}
    for key, picker in dates.items():
        day = picker.value()
        if day is not None:  # 2026年3月2日 as typed is stored as 2026-03-02
            values[key] = day.isoformat()
    return values

"""添加事件 / 修改事件: the dialog that records one event of a case's procedure.

It offers only the kinds of event the procedure allows now (the case's
:attr:`~adjudicator.procedure.service.CaseProcedure.allowed`), builds the detail fields from the
kind's table row (approver, months, ground, hearing date and place …), and picks dates on a
calendar that shows holidays and make-up working days. Saving calls the procedure service; a
refusal shows its sentence in the dialog, which stays open so the clerk can correct it.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from adjudicator.calendar.workdays import WorkCalendar
from adjudicator.database import Database
from adjudicator.errors import DomainError
from adjudicator.procedure.kinds import DetailField, EventKind, event_kind
from adjudicator.procedure.service import CaseProcedure, EventInput, EventView, add_event, update_event
from ui.calendar_view import day_summary, to_date
from ui.widgets import DateEdit, OptionalDateEdit


class HolidayDateEdit(DateEdit):
    """A required date whose calendar is the station's working calendar (as imported)."""

    def __init__(self, calendar: WorkCalendar, parent: QWidget | None = None):
        super().__init__(parent, calendar)


class OptionalHolidayDateEdit(OptionalDateEdit):
    """An optional date whose calendar is the station's working calendar (as imported)."""

    def __init__(self, calendar: WorkCalendar, parent: QWidget | None = None):
        super().__init__(parent, calendar)


class EventDialog(QDialog):
    """Record a new event (``event`` None) or change one (its kind stays)."""

    def __init__(self, db: Database, procedure: CaseProcedure, calendar: WorkCalendar,
                 event: EventView | None = None, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("eventDialog")
        self._db = db
        self._procedure = procedure
        self._calendar = calendar
        self._event = event
        self._today = today or date.today()
        self._fields: dict[str, QWidget] = {}
        self.result_procedure: CaseProcedure | None = None
        self.setWindowTitle(self.tr("修改事件") if event else self.tr("添加事件"))
        self.kind = QComboBox()
        self.kind.setObjectName("eventKind")
        kinds = [event_kind(event.kind)] if event else list(procedure.allowed)
        for kind in kinds:
            self.kind.addItem(kind.label, kind.code)
        self.kind.setEnabled(event is None and len(kinds) > 0)
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.date = HolidayDateEdit(calendar)
        self.date.setObjectName("eventDate")
        self.date.setMaximumDate(QDate(self._today.year, self._today.month, self._today.day))
        self.date_info = QLabel()
        self.date_info.setProperty("role", "hint")
        self.received = OptionalHolidayDateEdit(calendar)
        self.received.setObjectName("receivedDate")
        self.received.set_anchor(lambda: to_date(self.date.date()))
        self.received_label = QLabel()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("备注（可不填）"))
        self.note.setMaximumHeight(64)
        self.note.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setObjectName("eventError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.form = QFormLayout()
        self._detail_rows = 0
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存(&S)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.date.dateChanged.connect(self._date_changed)
        self._kind_changed()
        if event is not None:
            self._fill(event)
        self._date_changed()
        self.setMinimumWidth(520)

    def _layout(self) -> None:
        self.form.addRow(self.tr("事件(&K)："), self.kind)
        self.form.addRow("", self.hint)
        date_label = QLabel(self.tr("日期(&D)："))
        date_label.setBuddy(self.date)
        self.form.addRow(date_label, self.date)
        self.form.addRow("", self.date_info)
        self.received_label.setBuddy(self.received)
        self.form.addRow(self.received_label, self.received)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        note_label = QLabel(self.tr("备注(&N)："))
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if self.kind.count() == 0:
            self.hint.setText(self.tr("案件当前状态下没有可以登记的事件。"))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    # -- the form follows the kind ---------------------------------------------------------------------

    def current_kind(self) -> EventKind | None:
        code = self.kind.currentData()
        return event_kind(str(code)) if code else None

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        first = self.form.rowCount() - self._detail_rows
        for _ in range(self._detail_rows):  # the details follow the fixed rows: drop the old kind's
            self.form.removeRow(first)
        self._detail_rows = 0
        self._fields = {}
        if kind is None:
            return
        self.hint.setText(kind.hint)
        self.hint.setVisible(bool(kind.hint))
        has_received = kind.received_label is not None
        self.received_label.setText(f"{kind.received_label}(&R)：" if has_received else "")
        self.received.setVisible(has_received)
        self.received_label.setVisible(has_received)
        if has_received:
            self.received.setToolTip(self.tr("留空视为当日收到；邮寄送达请填实际收到日期（按 Delete 清除）"))
        for spec in kind.fields:
            widget = self._field_widget(spec)
            self._fields[spec.key] = widget
            label = QLabel(f"{spec.label}{' *' if spec.required else ''}：")
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            self._detail_rows += 1
        self.error.hide()

    def _field_widget(self, spec: DetailField) -> QWidget:
        widget: QWidget
        if spec.type == "choice":
            combo = QComboBox()
            if not spec.required and spec.default is None:
                combo.addItem(self.tr("（未填）"), None)
            for code, label in spec.choices:
                combo.addItem(label, code)
            if spec.default is not None:
                combo.setCurrentIndex(max(0, combo.findData(spec.default)))
            widget = combo
        elif spec.type == "bool":
            box = QCheckBox()
            box.setChecked(bool(spec.default))
            widget = box
        elif spec.type == "int":
            spin = QSpinBox()
            spin.setRange(1, 365)
            spin.setValue(int(spec.default or 1))
            widget = spin
        elif spec.type == "date":
            widget = OptionalHolidayDateEdit(self._calendar)
        else:
            line = QLineEdit()
            line.setPlaceholderText(self.tr("必填") if spec.required else "")
            widget = line
        widget.setObjectName(f"detail_{spec.key}")
        return widget

    def _date_changed(self) -> None:
        self.date_info.setText(day_summary(self._calendar, to_date(self.date.date())))

    def _fill(self, event: EventView) -> None:
        self.date.set_value(event.date)
        self.received.set_value(event.received_on)
        self.note.setPlainText(event.note)
        for key, value in event.details.items():
            self.set_detail(key, value)

    def set_detail(self, key: str, value: Any) -> None:
        widget = self._fields.get(key)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, OptionalDateEdit):
            widget.set_value(date.fromisoformat(value) if isinstance(value, str) else value)
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def detail_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, widget in self._fields.items():
            if isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                values[key] = widget.value()
            elif isinstance(widget, OptionalDateEdit):
                chosen = widget.value()
                values[key] = chosen.isoformat() if chosen else None
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text().strip()
        return {k: v for k, v in values.items() if v not in (None, "")}

    def event_input(self) -> EventInput | None:
        kind = self.current_kind()
        if kind is None:
            return None
        received = self.received.value() if kind.received_label else None
        return EventInput(kind.code, to_date(self.date.date()), received, self.detail_values(),
                          self.note.toPlainText().strip())

    # -- saving --------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Record the event; on a refusal the sentence shows here and the dialog stays open."""
        inp = self.event_input()
        if inp is None:
            return False
        from ui.accounts.approval import ask_cosigner

        go_on, cosigner = ask_cosigner(self, self._db, inp.kind)
        if not go_on:
            self.error.setText(self.tr("未经负责人签认，未登记；未作任何修改。"))
            self.error.show()
            return False
        try:
            if self._event is None:
                result = add_event(self._db, self._procedure.case_id, inp, today=self._today,
                                   expected_version=self._procedure.version, cosigner=cosigner)
            else:
                result = update_event(self._db, self._event.id, inp, today=self._today,
                                      expected_version=self._procedure.version, cosigner=cosigner)
        except DomainError as error:
            self.error.setText(str(error))
            self.error.show()
            return False
        self.result_procedure = result
        self.accept()
        return True

    @property
    def case_id(self) -> uuid.UUID:
        return self._procedure.case_id

    @property
    def seen_version(self) -> int:
        """The case version the dialog's procedure was read at (the version its write is checked against)."""
        return self._procedure.version


def kind_codes(dialog: EventDialog) -> list[str]:
    """The kinds the dialog offers (for tests and accessibility tools)."""
    return [str(dialog.kind.itemData(i)) for i in range(dialog.kind.count())]

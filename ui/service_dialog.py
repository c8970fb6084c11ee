"""登记送达: the dialog recording one service of an issued document (method, recipient, dates, note).

Electronic service is not offered for decisions and mediation agreements (Measures Art. 10).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QWidget

from adjudicator.documents.service_records import SERVICE_METHODS
from ui.widgets import OptionalDateEdit, ok_cancel_buttons


class ServiceDialog(QDialog):
    """Record one service: method, recipient, date sent, date received, note."""

    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记送达"))
        self.method = QComboBox()
        for code, label in SERVICE_METHODS.items():
            if not (code == "electronic" and kind in ("decision", "mediation-agreement")):
                self.method.addItem(label, code)
        self.recipient = QLineEdit()
        self.sent = OptionalDateEdit()
        self.received = OptionalDateEdit()
        self.received.set_anchor(self.sent.value)  # received on or after the day it was sent
        self.note = QLineEdit()
        form = QFormLayout(self)
        for label, widget in ((self.tr("送达方式"), self.method), (self.tr("受送达人"), self.recipient),
                              (self.tr("送达日期"), self.sent), (self.tr("收到日期"), self.received),
                              (self.tr("备注"), self.note)):
            form.addRow(label, widget)
        form.addRow(ok_cancel_buttons(self))

    def set_values(self, values: dict[str, object]) -> None:
        """Show ``values`` (as :meth:`values` gave them), e.g. what was typed before a refusal."""
        index = self.method.findData(values.get("method"))
        if index >= 0:
            self.method.setCurrentIndex(index)
        self.recipient.setText(str(values.get("recipient") or ""))
        for picker, key in ((self.sent, "sent_on"), (self.received, "received_on")):
            day = values.get(key)
            picker.set_value(day if isinstance(day, date) else None)
        self.note.setText(str(values.get("note") or ""))

    def values(self) -> dict[str, object]:
        sent: date | None = self.sent.value()
        received: date | None = self.received.value()
        return {"method": str(self.method.currentData()), "recipient": self.recipient.text(),
                "sent_on": sent, "received_on": received, "note": self.note.text()}


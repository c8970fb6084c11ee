"""办案规则设置: the station's rules the forms and documents share (for now: whether a sole handler may hear a case)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QVBoxLayout, QWidget

from adjudicator.cases.panel import NAMING_DOCUMENTS, set_sole_handler_allowed, sole_handler_allowed
from adjudicator.database import Database
from adjudicator.errors import DomainError
from ui import dialogs
from ui.widgets import ok_cancel_buttons


class CaseSettingsDialog(QDialog):
    """One check box per station rule, explained in the clerk's words; 确定 saves, 取消 leaves all as it was."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("办案规则"))
        self.sole_handler = QCheckBox(self.tr("简单案件可由承办人独任审理（不组成合议组）"))
        self.sole_handler.setChecked(sole_handler_allowed(db))
        explain = QLabel(self.tr(
            "只有本所的办案规则允许时才勾选。勾选后，案件未填合议组的，%1写明由承办人独任审理；"
            "不勾选时，这些文书须在案件信息中填写 3 名以上单数的合议组成员后才能出具。").replace("%1", NAMING_DOCUMENTS))
        explain.setWordWrap(True)
        explain.setProperty("role", "hint")
        buttons = ok_cancel_buttons(self)
        column = QVBoxLayout(self)
        column.addWidget(self.sole_handler)
        column.addWidget(explain)
        column.addStretch(1)
        column.addWidget(buttons)
        self.resize(480, 200)

    def accept(self) -> None:
        if self.sole_handler.isChecked() != sole_handler_allowed(self.db):
            try:
                set_sole_handler_allowed(self.db, self.sole_handler.isChecked())
            except DomainError as refused:  # with accounts on, a head's act
                dialogs.show_error(self, str(refused))
                return
        super().accept()

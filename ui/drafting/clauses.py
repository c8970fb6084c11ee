"""The clause library dialog (条款库): pick a paragraph to insert, or add the station's own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.documents.clauses import CATEGORIES, Clause, add_clause, clauses
from adjudicator.errors import DomainError
from ui import dialogs
from ui.widgets import ok_cancel_buttons


class ClauseDialog(QDialog):
    """The clauses by category with their full text; 插入 returns the chosen one's text."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(self.tr("条款库"))
        self.resize(760, 480)
        self.list = QListWidget()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.list.currentItemChanged.connect(lambda *_: self._show())
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        self.add_button = QPushButton(self.tr("添加本所条款…"))
        self.add_button.clicked.connect(lambda: self.add_own())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(self.text)
        split.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.insert_button = buttons.addButton(self.tr("插入"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(split, 1)
        col.addWidget(buttons)
        self.reload()

    def reload(self, select: str = "") -> None:
        self.list.clear()
        for clause in clauses(self.db):
            mark = "" if clause.shipped else self.tr("（本所）")
            item = QListWidgetItem(f"【{clause.category}】{clause.title}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, clause)
            self.list.addItem(item)
            if clause.title == select or self.list.count() == 1:
                self.list.setCurrentItem(item)

    def chosen(self) -> Clause | None:
        item = self.list.currentItem()
        found = item.data(Qt.ItemDataRole.UserRole) if item else None
        return found if isinstance(found, Clause) else None

    def _show(self) -> None:
        clause = self.chosen()
        self.text.setPlainText(clause.text if clause else "")

    def add_own(self, initial: str = "") -> None:
        dialog = NewClauseDialog(initial, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            clause = add_clause(self.db, *dialog.values())
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.reload(select=clause.title)


class NewClauseDialog(QDialog):
    """Category, title and text of a station clause."""

    def __init__(self, initial: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加本所条款"))
        self.resize(600, 360)
        self.category = QComboBox()
        for name in CATEGORIES:
            self.category.addItem(self.tr(name), name)
        self.title = QLineEdit()
        self.body = QPlainTextEdit(initial)
        form = QFormLayout(self)
        form.addRow(self.tr("类别"), self.category)
        form.addRow(self.tr("标题"), self.title)
        form.addRow(self.tr("内容"), self.body)
        form.addRow(ok_cancel_buttons(self))

    def values(self) -> tuple[str, str, str]:
        return str(self.category.currentData()), self.title.text(), self.body.toPlainText()

"""The case editor's problem list (待改正的问题): every problem the form has, each a click from its field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from adjudicator.errors import FieldProblem
from ui import icons


def problem_text(problem: FieldProblem) -> str:
    """The problem as one sentence, without saying the field's name twice.

    ``专利号`` + ``专利号校验位不正确…`` reads "专利号校验位不正确…", not "专利号：专利号校验位不正确…".
    """
    label, message = problem.label, problem.message
    for start in range(len(label) - 1):
        suffix = label[start:]
        if message.startswith(suffix):
            return label[:start] + message
    return problem.sentence()


class ProblemPanel(QWidget):
    """A heading counting the problems and their list; hidden while there are none."""

    #: A problem was clicked or activated: ``(field key)``, for the editor to show that field.
    fieldChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.setSpacing(4)
        self.heading = QLabel()
        self.heading.setProperty("role", "error")
        self.list = QListWidget()
        self.list.setObjectName("problemList")
        self.list.setProperty("role", "problems")
        self.list.setMaximumHeight(100)
        self.list.setIconSize(QSize(14, 14))
        self.list.setToolTip(self.tr("双击或按回车转到该项"))
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        column.addWidget(self.heading)
        column.addWidget(self.list)

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """List ``problems`` (the panel hides when there are none)."""
        self.list.clear()
        for p in problems:
            item = QListWidgetItem(icons.icon("warning", icons.DANGER), problem_text(p))
            item.setData(Qt.ItemDataRole.UserRole, p.field)
            self.list.addItem(item)
        self.heading.setText(self.tr("尚有 {n} 处需要填写或更正，改正后才能保存：").format(n=len(problems)))
        self.setVisible(bool(problems))

    def _chosen(self, item: QListWidgetItem) -> None:
        self.fieldChosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

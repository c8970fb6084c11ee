"""A station's case opened on a supervisor's (市局) database: shown, never edited.

The case belongs to the station that logged it; a change made here would only come back as a
conflict at the next import. So the editor shows every tab but takes no input: no 保存, no field
edits, and the feature tabs (timeline, documents, evidence) are shown switched off unless they
offer a ``set_read_only(True)`` of their own. What the supervisors may write stays writable: a
review note (监督意见), with or without a flag, through :func:`adjudicator.sync.supervision.add_note`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QPushButton, QWidget

from adjudicator.stations.registry import station
from adjudicator.errors import DomainError
from adjudicator.sync.supervision import add_note, case_notes
from ui.errors import show_exception


class SupervisorBanner(QWidget):
    """The line above a read-only case: whose case it is, its review notes, and 监督意见…."""

    def __init__(self, editor: Any):
        super().__init__(editor)
        self.editor = editor
        self.setObjectName("supervisorBanner")
        self.label = QLabel()
        self.label.setObjectName("readOnlyNotice")
        self.label.setWordWrap(True)
        self.note_button = QPushButton(self.tr("监督意见…"))
        self.note_button.setObjectName("editorNoteButton")
        self.note_button.clicked.connect(lambda: self.add_note())
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.note_button)
        self.show_case()

    def show_case(self) -> None:
        case = self.editor.case
        if case is None:
            return
        try:
            owner = station(self.editor.db, case.owner_station).name
        except DomainError:
            owner = self.tr("裁决所 {code}").format(code=case.owner_station)
        notes = case_notes(self.editor.db, case.id)
        text = self.tr("本案由{owner}办理，市局只能查看，不能修改；可以写监督意见。").format(owner=owner)
        if notes:
            text += self.tr("已有监督意见 {n} 条{flag}。").format(
                n=len(notes), flag=self.tr("（已标记）") if any(n.flagged for n in notes) else "")
        self.label.setText(text)

    def add_note(self, text: str | None = None, flagged: bool = True) -> bool:
        """Write a review note on this case (and flag it); True when one was saved."""
        case = self.editor.case
        if case is None:
            return False
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self, self.tr("监督意见"), self.tr("{case_no} 的监督意见（案件同时标记）：").format(case_no=case.case_no))
            if not ok:
                return False
        try:
            add_note(self.editor.db, case.id, text, flagged=flagged)
        except Exception as exc:  # noqa: BLE001 - a sentence, not a crash
            show_exception(self, exc)
            return False
        self.show_case()
        self.editor._show_header()  # the flag shows in the header too
        return True


def apply_read_only(editor: Any) -> None:
    """Switch the editor's input off (see the module docstring); idempotent, called after each load."""
    for section in editor.sections:
        section.setEnabled(False)
    editor.save_button.setVisible(False)
    editor.save_button.setEnabled(False)
    editor.save_action.setEnabled(False)
    editor.hint.setText(editor.tr("只读：本案属于裁决所　Esc 关闭"))
    for tab in editor._extra_tabs:
        read_only = getattr(tab, "set_read_only", None)
        if callable(read_only):
            read_only(True)
        else:
            tab.setEnabled(False)
    if editor.supervisor_banner is None:
        editor.supervisor_banner = SupervisorBanner(editor)
        editor.layout().insertWidget(1, editor.supervisor_banner)
    else:
        editor.supervisor_banner.show_case()

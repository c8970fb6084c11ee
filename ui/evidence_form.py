"""The form of one exhibit: what it is, who submitted it, its purpose, the cross-examination and the finding."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.evidence import service as E
from ui.widgets import OptionalDateEdit


class ExhibitForm(QWidget):
    """The description, cross-examination opinion (质证意见) and finding (认定) of one exhibit."""

    #: The user changed a field (the form is dirty).
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._loading = True
        self.view: E.ExhibitView | None = None
        self.dirty = False
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.title = QLineEdit()
        self.side = QComboBox()
        for code, label in E.EXHIBIT_SIDES.items():
            self.side.addItem(label, code)
        self.submitted_by = QLineEdit()
        self.kind = QComboBox()
        for code, label in E.EXHIBIT_KINDS.items():
            self.kind.addItem(label, code)
        self.received_on = OptionalDateEdit()
        self.original, self.notarised = QCheckBox(self.tr("原件")), QCheckBox(self.tr("经公证"))
        self.physical = QCheckBox(self.tr("实物（无文件）"))
        self.purpose, self.cross_exam, self.finding_reason = QPlainTextEdit(), QPlainTextEdit(), QPlainTextEdit()
        for box in (self.purpose, self.cross_exam, self.finding_reason):
            box.setFixedHeight(54)
        self.finding = QComboBox()
        for code, label in E.EXHIBIT_FINDINGS.items():
            self.finding.addItem(label, code)
        self.save_button, self.revert_button = QPushButton(self.tr("保存")), QPushButton(self.tr("撤销修改"))
        self._lay_out()
        for w in (self.title, self.submitted_by):
            w.textEdited.connect(self._touch)
        for c in (self.side, self.kind, self.finding):
            c.activated.connect(self._touch)
        for b in (self.original, self.notarised, self.physical):
            b.clicked.connect(self._touch)
        self.physical.toggled.connect(self._physical_toggled)
        for t in (self.purpose, self.cross_exam, self.finding_reason):
            t.textChanged.connect(self._touch)
        self.received_on.dateChanged.connect(self._touch)
        self.load(None)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        who = QHBoxLayout()
        who.addWidget(self.side)
        who.addWidget(self.submitted_by, 1)
        # 种类 and 形式 on two rows: on one, the pane beside the files needed a sideways scrollbar at 1024 px.
        what = QHBoxLayout()
        for w in (self.original, self.notarised, self.physical):
            what.addWidget(w)
        what.addStretch(1)
        form.addRow(self.tr("证据名称"), self.title)
        form.addRow(self.tr("提交方"), who)
        form.addRow(self.tr("证据种类"), self.kind)
        form.addRow(self.tr("形式"), what)
        form.addRow(self.tr("收到日期"), self.received_on)
        form.addRow(self.tr("证明目的"), self.purpose)
        form.addRow(self.tr("质证意见"), self.cross_exam)
        form.addRow(self.tr("认定"), self.finding)
        form.addRow(self.tr("认定理由"), self.finding_reason)
        #: 撤销修改 and 保存, for the tab to place outside the scrolling fields (always visible).
        self.button_bar = QWidget()
        buttons = QHBoxLayout(self.button_bar)
        buttons.setContentsMargins(0, 4, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading)
        outer.addLayout(form)
        outer.addStretch(1)

    def _physical_toggled(self, physical: bool) -> None:
        """An object in the office is neither an original nor a copy of a document: one form only (实物)."""
        if physical:
            self.original.setChecked(False)
            self.notarised.setChecked(False)
        self.original.setEnabled(not physical)
        self.notarised.setEnabled(not physical)

    def _touch(self, *args: object) -> None:
        if self.view is not None and not self._loading:
            self.dirty = True
            self.save_button.setEnabled(True)
            self.revert_button.setEnabled(True)
            self.edited.emit()

    def load(self, view: E.ExhibitView | None) -> None:
        """Show an exhibit (None: an empty, disabled form)."""
        self._loading = True
        self.view = view
        v = view or E.ExhibitView(uuid.UUID(int=0), uuid.UUID(int=0), "requester", 0, 0, "", "documentary", "",
                                  None, "", False, False, False, "", "", "", 0, False)
        self.heading.setText(view.label if view else self.tr("请选择一件证据"))
        self.title.setText(v.title)
        self.side.setCurrentIndex(self.side.findData(v.side))
        self.submitted_by.setText(v.submitted_by)
        self.kind.setCurrentIndex(self.kind.findData(v.kind))
        self.received_on.set_value(v.received_on)
        self.original.setChecked(v.original)
        self.notarised.setChecked(v.notarised)
        self.physical.setChecked(v.physical)
        self.physical.setEnabled(not v.files)
        self.purpose.setPlainText(v.purpose)
        self.cross_exam.setPlainText(v.cross_exam)
        self.finding.setCurrentIndex(self.finding.findData(v.finding))
        self.finding_reason.setPlainText(v.finding_reason)
        self.setEnabled(view is not None)
        self.dirty = False
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)
        self._loading = False

    def value(self) -> E.ExhibitInput:
        """The form as the service's input (the number stays unless the side changes)."""
        assert self.view is not None
        side = str(self.side.currentData())
        return E.ExhibitInput(
            side=side, title=self.title.text(), kind=str(self.kind.currentData()),
            number=self.view.number if side == self.view.side else None,
            submitted_by=self.submitted_by.text(), received_on=self.received_on.value(),
            purpose=self.purpose.toPlainText(), original=self.original.isChecked(),
            notarised=self.notarised.isChecked(), physical=self.physical.isChecked(),
            cross_exam=self.cross_exam.toPlainText(), finding=str(self.finding.currentData()),
            finding_reason=self.finding_reason.toPlainText())

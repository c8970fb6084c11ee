"""案件信息: kind, source, received date, handler, panel, claims summary, notes."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases import inputs as C
from ui.editor.section import EditorSection, combo_data, set_combo_data
from adjudicator.cases.panel import panel_hint
from ui.widgets import DateEdit, align_labels

_PANEL_SEPARATORS = re.compile(r"[、,，;；\s]+")


def split_panel(text: str) -> list[str]:
    """合议组 members as typed: separated by 、 , ; or spaces."""
    return [name for name in _PANEL_SEPARATORS.split(text) if name]


class CaseInfoSection(EditorSection):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = QComboBox()
        for code, label in C.CASE_KINDS.items():
            self.kind.addItem(label, code)
        self.source = QComboBox()
        for code, label in C.CASE_SOURCES.items():
            self.source.addItem(label, code)
        self.received_on = DateEdit()
        self.handler = QLineEdit()
        self.handler.setPlaceholderText(self.tr("承办本案的工作人员"))
        self.panel = QLineEdit()
        self.panel.setPlaceholderText(self.tr("如：王建国、李明、赵敏"))
        self.claims_summary = QPlainTextEdit()
        self.claims_summary.setPlaceholderText(self.tr("请求人的请求事项，如：责令被请求人立即停止侵犯专利权的行为……"))
        self.claims_summary.setTabChangesFocus(True)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText(self.tr("内部备注（不出现在文书中）"))

        basics = QGroupBox(self.tr("基本信息"))
        form = QFormLayout(basics)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("案件类型(&K) *"), self.field("kind", self.kind))
        form.addRow(self.tr("案件来源(&O) *"), self.field("source", self.source))
        self.received_on.setMaximumWidth(160)
        form.addRow(self.tr("收到请求日期(&D) *"), self.field("received_on", self.received_on))
        form.addRow(self.tr("承办人(&H)"), self.field("handler", self.handler))
        self.panel_field = self.field("panel", self.panel, panel_hint(False))
        form.addRow(self.tr("合议组(&P)"), self.panel_field)

        texts = QGroupBox(self.tr("请求事项与备注"))
        text_form = QFormLayout(texts)
        text_form.addRow(self.tr("请求事项(&Q)"), self.field("claims_summary", self.claims_summary))
        notes = self.field("notes", self.notes)
        notes.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        text_form.addRow(self.tr("备注(&R)"), notes)
        self.notes.setFixedHeight(84)

        align_labels(form, text_form)
        layout = QVBoxLayout(self)
        layout.addWidget(basics)
        layout.addWidget(texts, 1)

    def load(self, inp: C.CaseInput) -> None:
        with self.loading():
            set_combo_data(self.kind, inp.kind)
            set_combo_data(self.source, inp.source)
            self.received_on.set_value(inp.received_on)
            self.handler.setText(inp.handler)
            self.panel.setText("、".join(inp.panel))
            self.claims_summary.setPlainText(inp.claims_summary)
            self.notes.setPlainText(inp.notes)

    def fill(self, inp: C.CaseInput) -> None:
        inp.kind = combo_data(self.kind)
        inp.source = combo_data(self.source)
        inp.received_on = self.received_on.value()
        inp.handler = self.handler.text()
        inp.panel = split_panel(self.panel.text())
        inp.claims_summary = self.claims_summary.toPlainText()
        inp.notes = self.notes.toPlainText()

    def set_sole_handler_allowed(self, allowed: bool) -> None:
        """Say under 合议组 what the documents will require (the station's 独任审理 setting)."""
        self.panel_field.hint.setText(panel_hint(allowed))

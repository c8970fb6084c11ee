"""涉案专利: the patent relied on, with its number checked and normalised as it is typed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from adjudicator.cases import inputs as C
from adjudicator.cases.identifiers import IdentifierError, parse_patent_number
from ui.editor.section import EditorSection, combo_data, set_combo_data
from ui.widgets import OptionalDateEdit


class PatentSection(EditorSection):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("如：ZL 2016 2 0161392.4"))
        self.number.setClearButtonEnabled(True)
        self.parsed = QLabel()
        self.parsed.setObjectName("patentParsed")
        self.kind = QComboBox()
        self.kind.addItem(self.tr("按专利号判断"), None)
        for code, label in C.PATENT_KINDS.items():
            self.kind.addItem(label, code)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("专利名称，如：一种便携式手机支架"))
        self.patentee = QLineEdit()
        self.application_date = OptionalDateEdit()
        self.grant_date = OptionalDateEdit()
        self.grant_date.set_anchor(self.application_date.value)  # a grant follows its application
        self.kind.setMaximumWidth(200)
        for edit in (self.application_date, self.grant_date):
            edit.setMaximumWidth(260)
        self.claims = QLineEdit()
        self.claims.setPlaceholderText(self.tr("如：权利要求1、2"))

        box = QGroupBox(self.tr("涉案专利"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        number_field = self.field("patent.number", self.number)
        number_field.column.insertWidget(1, self.parsed)
        form.addRow(self.tr("专利号(&N) *"), number_field)
        form.addRow(self.tr("专利类型(&K)"), self.field("patent.kind", self.kind))
        form.addRow(self.tr("专利名称(&T)"), self.field("patent.title", self.title))
        form.addRow(self.tr("专利权人(&E)"), self.field("patent.patentee", self.patentee))
        form.addRow(self.tr("申请日(&A)"), self.field("patent.application_date", self.application_date))
        form.addRow(self.tr("授权公告日(&G)"), self.field("patent.grant_date", self.grant_date))
        form.addRow(self.tr("主张的权利要求(&C)"), self.field("patent.claims", self.claims))

        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        self.number.textChanged.connect(self._show_parsed)
        self._show_parsed()

    def _show_parsed(self) -> None:
        """"✓ ZL201620161392.4 实用新型" while the number is valid; the hint while it is empty."""
        text = self.number.text()
        auto = self.tr("按专利号判断")
        if not text.strip():
            self.parsed.setText(self.tr("可输入带或不带 ZL、空格、全角字符的专利号，校验位写在小数点后"))
            self.parsed.setProperty("role", "hint")
        else:
            try:
                parsed = parse_patent_number(text)
            except IdentifierError:
                self.parsed.setText("")
                self.parsed.setProperty("role", "hint")
            else:
                pct = self.tr("（PCT 进入中国国家阶段）") if parsed.pct else ""
                self.parsed.setText(f"✓ {parsed.normalized}　{parsed.kind_label}{pct}")
                self.parsed.setProperty("role", "ok")
                auto = self.tr("按专利号判断（{kind}）").format(kind=parsed.kind_label)
        self.parsed.setVisible(bool(self.parsed.text()))
        self.parsed.style().unpolish(self.parsed)
        self.parsed.style().polish(self.parsed)
        self.kind.setItemText(0, auto)

    def load(self, inp: C.CaseInput) -> None:
        patent = inp.patent or C.PatentInput("")
        with self.loading():
            self.number.setText(patent.number)
            set_combo_data(self.kind, patent.kind)
            self.title.setText(patent.title)
            self.patentee.setText(patent.patentee)
            self.application_date.set_value(patent.application_date)
            self.grant_date.set_value(patent.grant_date)
            self.claims.setText(patent.claims)
        self._show_parsed()

    def fill(self, inp: C.CaseInput) -> None:
        inp.patent = C.PatentInput(
            number=self.number.text(), kind=combo_data(self.kind) or None, title=self.title.text(),
            patentee=self.patentee.text(), application_date=self.application_date.value(),
            grant_date=self.grant_date.value(), claims=self.claims.text(),
        )

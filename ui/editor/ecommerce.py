"""电商信息: platform, shop, listing links and the platform's complaint number (e-commerce cases)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases import inputs as C
from ui.editor.section import EditorSection

PLATFORMS = ("淘宝", "天猫", "京东", "拼多多", "抖音电商", "快手小店", "1688")


def split_links(text: str) -> list[str]:
    """One link per line; a link typed without https:// (item.taobao.com/…) is completed."""
    return [C.complete_link(line) for line in text.splitlines() if line.strip()]


class EcommerceSection(EditorSection):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.platform = QComboBox()
        self.platform.setEditable(True)
        self.platform.addItems(PLATFORMS)
        self.platform.setCurrentIndex(-1)
        line = self.platform.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("选择或输入电商平台"))
        self.platform.setMinimumWidth(220)
        self.platform.setMaximumWidth(260)
        self.shop = QLineEdit()
        self.shop.setPlaceholderText(self.tr("被投诉的店铺名称"))
        self.links = QPlainTextEdit()
        self.links.setPlaceholderText(self.tr("每行一个商品链接，以 http:// 或 https:// 开头"))
        self.links.setTabChangesFocus(True)
        self.links.setFixedHeight(130)
        self.complaint_no = QLineEdit()
        self.complaint_no.setPlaceholderText(self.tr("平台受理投诉的编号（如有）"))

        box = QGroupBox(self.tr("电商平台信息"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("电商平台(&P) *"), self.field("ecommerce.platform", self.platform))
        form.addRow(self.tr("店铺(&H)"), self.field("ecommerce.shop", self.shop))
        form.addRow(self.tr("商品链接(&L)"), self.field("ecommerce.listing_links", self.links))
        form.addRow(self.tr("平台投诉编号(&C)"), self.field("ecommerce.complaint_no", self.complaint_no))
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)

    def load(self, inp: C.CaseInput) -> None:
        e = inp.ecommerce or C.EcommerceInput()
        with self.loading():
            self.platform.setCurrentText(e.platform)
            self.shop.setText(e.shop)
            self.links.setPlainText("\n".join(e.listing_links))
            self.complaint_no.setText(e.complaint_no)

    def fill(self, inp: C.CaseInput) -> None:
        if inp.kind != "ecommerce":
            inp.ecommerce = None
            return
        inp.ecommerce = C.EcommerceInput(
            platform=self.platform.currentText(), shop=self.shop.text(),
            listing_links=split_links(self.links.toPlainText()), complaint_no=self.complaint_no.text(),
        )

"""核验文书: is a PDF, or the text of a scanned QR code, a document this office issued, unchanged?

Choose a PDF (选择 PDF 文件…) or paste what a scanner read from the footer's QR code and press 核验;
the check runs in the background (:mod:`adjudicator.trust.docproof`: the issuing station's signature,
then the record here) and the verdict — 真实, 已被改动, 签名启用前出具 or 无法识别 — shows in one
sentence, green only when genuine, amber for a document issued before signing, red otherwise.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.database import Database
from adjudicator.trust.docproof import DocVerdict, verify_pdf, verify_qr_text
from ui.worker import run_in_background


class DocVerifyDialog(QDialog):
    """Check a PDF file or a QR code's text; ``verdict`` holds the last answer."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("docVerifyDialog")
        self.setWindowTitle(self.tr("核验文书"))
        self.verdict: DocVerdict | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("选择一份 PDF 文件（核验其中出具裁决所的电子签名），或粘贴扫描文书页脚二维码得到的文字"
                               "（两行：文书编号、SHA-256 校验码），并与本库存档的已出具文书比对。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.pick_button = QPushButton(self.tr("选择 PDF 文件(&F)…"))
        self.pick_button.setObjectName("pickPdfButton")
        self.pick_button.clicked.connect(self.pick_file)
        row.addWidget(self.pick_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.qr_text = QPlainTextEdit()
        self.qr_text.setObjectName("qrText")
        self.qr_text.setPlaceholderText(self.tr("二维码文字，例如：\n呼新市监专立字〔2026〕7号\nSHA-256:3f2a…"))
        self.qr_text.setMaximumHeight(90)
        layout.addWidget(self.qr_text)
        self.check_button = QPushButton(self.tr("核验二维码文字(&V)"))
        self.check_button.setObjectName("checkQrButton")
        self.check_button.clicked.connect(self.check_qr)
        layout.addWidget(self.check_button)
        self.result = QLabel(" ")
        self.result.setObjectName("verdictLabel")
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(60)
        layout.addWidget(self.result)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def pick_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("选择要核验的文书"), "", self.tr("PDF 文件 (*.pdf);;所有文件 (*)"))
        if path:
            self._run(verify_pdf, path)

    def check_qr(self) -> None:
        self._run(verify_qr_text, self.qr_text.toPlainText())

    def _run(self, fn: object, arg: str) -> None:
        self.result.setStyleSheet("")
        self.result.setText(self.tr("正在核验…"))
        run_in_background(fn, self.db, arg, parent=self, on_success=self._show,  # type: ignore[arg-type]
                          on_failure=self._refused)

    def _show(self, verdict: DocVerdict) -> None:
        self.verdict = verdict
        colour = {"genuine": "#1b6e3a", "unsigned": "#8a5a00"}.get(verdict.status, "#b3261e")
        self.result.setStyleSheet(f"font-weight: bold; color: {colour};")
        self.result.setText(verdict.sentence)

    def _refused(self, exc: BaseException) -> None:
        self.verdict = None
        self.result.setStyleSheet("color: #b3261e;")
        self.result.setText(str(exc))

"""The band at the top of the case editor: case number, kind, dates, and the status as a badge."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from adjudicator.cases.views import CaseView
from ui import icons, labels


class CaseHeader(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "header")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        icon = QLabel()
        icon.setPixmap(icons.icon("case", icons.ACCENT, (36, 72)).pixmap(36, 36))
        row.addWidget(icon)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "subtitle")
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        row.addLayout(text, 1)
        self.flags = QLabel()  # supervisor side: where else this respondent, shop or patent appears
        self.flags.setObjectName("caseMatchFlags")
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("QLabel { color: #b5473a; }")
        self.flags.hide()
        text.addWidget(self.flags)
        self.status_badge = QLabel()
        self.status_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_badge.setFixedHeight(26)
        row.addWidget(self.status_badge, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_case(self, case: CaseView | None) -> None:
        if case is None:
            self.title.setText(self.tr("新案件"))
            self.subtitle.setText(self.tr("案号在保存时自动分配"))
            self.status_badge.hide()
            return
        self.title.setText(case.case_no)
        bits = [labels.kind_label(case.kind), self.tr("收到请求 {d}").format(d=case.received_on.isoformat())]
        if case.handler:
            bits.append(self.tr("承办人 {name}").format(name=case.handler))
        if case.deleted_at is not None:
            bits.append(self.tr("已删除：恢复后才能修改"))
        self.subtitle.setText("　·　".join(bits))
        colour = labels.STATUS_COLOURS.get(case.status)
        css = colour.name() if colour else "#4a5563"
        tint = labels.STATUS_TINTS.get(case.status)
        background = f"rgba({tint.red()}, {tint.green()}, {tint.blue()}, 40)" if tint else "transparent"
        self.status_badge.setText(labels.status_label(case.status))
        self.status_badge.setStyleSheet(
            f"QLabel {{ color: {css}; background: {background}; border: 1px solid {css}; border-radius: 12px;"
            f" padding: 2px 14px; font-weight: bold; }}")
        self.status_badge.show()

    def show_flags(self, lines: list[str]) -> None:
        """Show the cross-station matches of the case (跨所关联), or nothing."""
        self.flags.setText("⚑ " + "；".join(lines) if lines else "")
        self.flags.setVisible(bool(lines))

"""电商速办: the tab an e-commerce case opens on — listings, complaint numbers, the Art. 43 clock, the next step.

The E-commerce Law Art. 43 clock: the clerk records the day the platform forwarded the seller's
non-infringement statement, and the tab shows the last day (15 days, rolled to a working day) and
whether the request reached the office in time. The next step is read from the procedure; its
buttons open the 案件进程 tab's event dialog with that event chosen, or the 文书 tab. This
tab is listed first in :data:`ui.features.CASE_TABS`; it is hidden for other kinds.
"""

from __future__ import annotations

import html
import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from adjudicator.documents.templates import kind_title
from adjudicator.errors import DomainError
from adjudicator.intake.track import (
    STATEMENT_BASIS,
    EcommerceTrack,
    ecommerce_track,
    record_statement_forwarded,
)
from adjudicator.procedure.kinds import event_label
from adjudicator.database import Database
from ui import changes, dialogs
from ui.errors import show_exception
from ui.widgets import OptionalDateEdit

LATE = "#b3261e"
IN_TIME = "#2e7d32"


class TrackTab(QWidget):
    """The 电商速办 tab of one e-commerce case."""

    #: The forwarded-statement day was recorded: ``(case id)``.
    changed = Signal(object)

    def __init__(self, db: Database, case_id: uuid.UUID, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("ecommerceTrack")
        self._db = db
        self.case_id = case_id
        self._today = today
        self.view: EcommerceTrack | None = None
        self._build()
        self.reload()

    @property
    def today(self) -> date:
        return self._today or date.today()

    def applies(self) -> bool:
        """Only e-commerce cases have this tab."""
        return self.view is not None

    @property
    def opens_first(self) -> bool:
        return self.view is not None

    # -- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        facts = QGroupBox(self.tr("投诉与商品链接"))
        form = QFormLayout(facts)
        self.platform = QLabel()
        self.platform.setObjectName("trackPlatform")
        self.complaints = QLabel()
        self.complaints.setObjectName("trackComplaints")
        self.complaints.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.links = QLabel()
        self.links.setObjectName("trackLinks")
        self.links.setOpenExternalLinks(True)
        self.links.setWordWrap(True)
        self.links.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        form.addRow(self.tr("平台、店铺"), self.platform)
        form.addRow(self.tr("平台投诉编号"), self.complaints)
        form.addRow(self.tr("商品链接"), self.links)
        layout.addWidget(facts)

        clock = QGroupBox(self.tr("不侵权声明的 15 日期限（{basis}）").format(basis=STATEMENT_BASIS))
        column = QVBoxLayout(clock)
        row = QHBoxLayout()
        self.forwarded = OptionalDateEdit()
        self.forwarded.setObjectName("trackForwarded")
        self.record_button = QPushButton(self.tr("登记转送日期(&R)"))
        self.record_button.setObjectName("trackRecord")
        self.record_button.clicked.connect(self.record_forwarded)
        label = QLabel(self.tr("平台转送不侵权声明的日期(&F)"))
        label.setBuddy(self.forwarded)
        row.addWidget(label)
        row.addWidget(self.forwarded)
        row.addWidget(self.record_button)
        row.addStretch(1)
        column.addLayout(row)
        self.clock_text = QLabel()
        self.clock_text.setObjectName("trackClock")
        self.clock_text.setWordWrap(True)
        # A wrapped label in a group box is not given its height for width: reserve three lines.
        self.clock_text.setMinimumHeight(self.clock_text.fontMetrics().lineSpacing() * 3)
        column.addWidget(self.clock_text)
        layout.addWidget(clock)

        step = QGroupBox(self.tr("下一步"))
        column = QVBoxLayout(step)
        self.step_text = QLabel()
        self.step_text.setObjectName("trackNextStep")
        self.step_text.setWordWrap(True)
        self.step_text.setMinimumHeight(self.step_text.fontMetrics().lineSpacing() * 2)
        column.addWidget(self.step_text)
        buttons = QHBoxLayout()
        self.event_button = QPushButton()
        self.event_button.setObjectName("trackEvent")
        self.event_button.setProperty("primary", True)
        self.event_button.clicked.connect(self.record_next_event)
        self.document_button = QPushButton()
        self.document_button.setObjectName("trackDocument")
        self.document_button.clicked.connect(self.open_documents)
        buttons.addWidget(self.event_button)
        buttons.addWidget(self.document_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        layout.addWidget(step)
        layout.addStretch(1)

    # -- showing ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            self.view = ecommerce_track(self._db, self.case_id, today=self.today)
        except DomainError:
            self.view = None
            self.step_text.setText(self.tr("本案不是电商领域案件。"))
            for widget in (self.event_button, self.document_button, self.record_button):
                widget.setVisible(False)
            return
        view = self.view
        self.platform.setText(" · ".join(x for x in (view.platform, view.shop) if x) or self.tr("（未填）"))
        self.complaints.setText("、".join(view.complaint_nos) or self.tr("（未填）"))
        links = [f'<a href="{html.escape(u, quote=True)}">{html.escape(u)}</a>' for u in view.listing_links]
        self.links.setText("<br>".join(links) or self.tr("（未填）"))
        self.record_button.setVisible(True)
        if view.clock is not None:
            self.forwarded.set_value(view.clock.forwarded_on)
            colour = IN_TIME if view.clock.in_time else LATE
            self.clock_text.setText(f'<span style="color:{colour}">{html.escape(view.clock.text(self.today))}</span>')
        else:
            self.forwarded.set_value(None)
            self.clock_text.setText(self.tr("尚未登记平台转送不侵权声明的日期。平台转送声明后 15 日内，"
                                            "平台未收到权利人已投诉或起诉的通知的，应当终止所采取的措施。"))
        step = view.next_step
        self.step_text.setText(step.text)
        self.event_button.setVisible(step.event_kind is not None)
        if step.event_kind:
            self.event_button.setText(self.tr("登记“{label}”…").format(label=event_label(step.event_kind)))
        self.document_button.setVisible(step.document_kind is not None)
        if step.document_kind:
            self.document_button.setText(self.tr("制作《{title}》…").format(title=kind_title(step.document_kind)))

    def case_saved(self) -> None:
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # events recorded on the 案件进程 tab move the next step

    # -- acting ----------------------------------------------------------------------------------------

    def record_forwarded(self) -> None:
        """Record (or clear, when the date is empty) the day the platform forwarded the statement."""
        if self.view is None:
            return
        try:
            record_statement_forwarded(self._db, self.case_id, self.forwarded.value(),
                                       expected_version=self.view.version, today=self.today)
        except DomainError as error:
            dialogs.show_error(self, str(error), title=self.tr("未能登记"))
            return
        except Exception as exc:  # noqa: BLE001 - a sentence, not a crash
            show_exception(self, exc)
            return
        self.reload()
        self.changed.emit(self.case_id)
        # The e-commerce details changed, not the case row: views re-read, no case version moves.
        changes.report(self.case_id, None, None, changes.CASE_DATA, source=self)

    def _editor_tab(self, name: str) -> QWidget | None:
        tabs = self._tabs()
        if tabs is None:
            return None
        for i in range(tabs.count()):
            widget = tabs.widget(i)
            if widget is not None and name in (widget.objectName(), type(widget).__name__):
                return widget
        return None

    def _tabs(self) -> QTabWidget | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        return parent

    def record_next_event(self) -> None:
        """Open the 案件进程 tab's event dialog with the next step's event chosen."""
        step = self.view.next_step if self.view else None
        timeline = self._editor_tab("timelineTab")
        tabs = self._tabs()
        if step is None or step.event_kind is None or timeline is None or tabs is None:
            return
        tabs.setCurrentWidget(timeline)
        dialog = timeline.event_dialog()  # type: ignore[attr-defined]
        if dialog is None:
            return
        self.last_dialog = dialog
        index = dialog.kind.findData(step.event_kind)
        if index >= 0:
            dialog.kind.setCurrentIndex(index)
        if dialog.exec() and dialog.result_procedure is not None:
            # its own refresh and the one change report: the list, the editor, the case list
            timeline._changed(dialog.seen_version, dialog.result_procedure)  # type: ignore[attr-defined]
        self.reload()

    def open_documents(self) -> None:
        """Show the 文书 tab, where the next step's notice is drafted and issued."""
        documents = self._editor_tab("DocumentsTab")
        tabs = self._tabs()
        if documents is not None and tabs is not None:
            tabs.setCurrentWidget(documents)


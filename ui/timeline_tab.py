"""案件进程: the case's events in order, what may be recorded next, and its deadlines with their states.

The top band shows the case limit (结案期限): its due date, the net days used (suspension and the
other not-counted periods removed) and the days left. Below, the events (收到请求 first, from the
case itself) and the deadlines each event started: start, due date (（暂定） when counted through
a year whose holidays are not announced), state. 添加事件 opens :class:`~ui.event_dialog.EventDialog`
with only the events the procedure allows now. The case editor builds the tab as listed in
:data:`ui.features.CASE_TABS`.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from adjudicator.calendar.store import load_calendar
from adjudicator.calendar.workdays import WorkCalendar
from adjudicator.procedure.case_deadlines import ACTOR_LABELS, CaseDeadline
from adjudicator.calendar.periods import RULES, period_text
from adjudicator.errors import DomainError
from adjudicator.procedure.service import CaseProcedure, EventView, load_procedure, remove_event
from adjudicator.database import Database
from ui import changes, dialogs, icons, labels
from ui.errors import show_exception
from ui.event_dialog import EventDialog

STATE_COLOURS = {"open": "#1f5fbf", "met": "#2e7d32", "missed": "#c62828", "not_applicable": "#7a7a7a"}
OVERDUE = "#c62828"
LAPSED = "#5f6b7a"
SOON = "#b26a00"
EventIdRole = Qt.ItemDataRole.UserRole + 1


class TimelineTab(QWidget):
    """The 案件进程 tab of one case."""

    #: Events changed (and with them perhaps the case status): ``(case id)``.
    changed = Signal(object)

    def __init__(self, db: Database, case_id: uuid.UUID, parent: QWidget | None = None,
                 today: date | None = None):
        super().__init__(parent)
        self.setObjectName("timelineTab")
        self._db = db
        self.case_id = case_id
        self._today = today
        self._calendar: WorkCalendar | None = None
        self.procedure: CaseProcedure | None = None
        self.limit_title = QLabel()
        self.limit_title.setObjectName("limitTitle")
        self.limit_title.setProperty("role", "title")
        self.limit_detail = QLabel()
        self.limit_detail.setObjectName("limitDetail")
        self.limit_detail.setProperty("role", "subtitle")
        self.limit_detail.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.events = self._tree("timelineEvents", [self.tr("日期"), self.tr("事件"), self.tr("详情"), self.tr("备注")])
        self.deadlines = self._tree("timelineDeadlines", [self.tr("期限"), self.tr("义务人"), self.tr("起算日"),
                                                          self.tr("届满日"), self.tr("状态"), self.tr("依据")])
        self.add_button = QPushButton(icons.icon("add"), self.tr("添加事件(&A)…"))
        self.add_button.setObjectName("addEvent")
        self.add_button.clicked.connect(self.add_event)
        self.edit_button = QPushButton(self.tr("修改(&E)…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = QPushButton(icons.icon("delete", icons.DANGER), self.tr("删除事件"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.events.itemSelectionChanged.connect(self._update_buttons)
        self.events.itemActivated.connect(lambda _item, _col: self.edit_selected())
        remove = QAction(self)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.events.addAction(remove)
        self._layout()
        self.reload()
        changes.hub().caseChanged.connect(self._case_changed)

    def _tree(self, name: str, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        header = tree.header()
        for column in range(len(headers) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return tree

    def _layout(self) -> None:
        band = QFrame()
        band.setProperty("role", "header")
        row = QVBoxLayout(band)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(2)
        row.addWidget(self.limit_title)
        row.addWidget(self.limit_detail)
        events_box = QGroupBox(self.tr("办案进程"))
        column = QVBoxLayout(events_box)
        buttons = QHBoxLayout()
        hint = QLabel(self.tr("只列出案件当前状态下可以登记的事件；日期选择器标出节假日（休）和调休上班日（班）。"))
        hint.setProperty("role", "hint")
        buttons.addWidget(hint, 1)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        column.addWidget(self.events)
        deadlines_box = QGroupBox(self.tr("期限"))
        column = QVBoxLayout(deadlines_box)
        column.addWidget(self.deadlines)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(events_box)
        splitter.addWidget(deadlines_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(band)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)

    @property
    def today(self) -> date:
        return self._today or date.today()

    # -- showing -------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the case's events and deadlines again."""
        try:
            self.procedure = load_procedure(self._db, self.case_id, today=self.today)
        except DomainError as error:
            self.problem.setText(str(error))
            return
        self._show_limit(self.procedure)
        self._show_events(self.procedure)
        self._show_deadlines(self.procedure)
        self.problem.setText(self.tr("注意：{problem}").format(problem=self.procedure.problem)
                             if self.procedure.problem else "")
        self.problem.setVisible(bool(self.procedure.problem))
        self.add_button.setEnabled(bool(self.procedure.allowed))
        self._update_buttons()

    def case_saved(self) -> None:
        """The editor saved the case (its received date may have moved the filing deadline)."""
        self.reload()

    def _show_limit(self, proc: CaseProcedure) -> None:
        limit = proc.deadlines.limit
        status = labels.status_label(proc.status)
        if limit is None:
            self.limit_title.setText(self.tr("{status}　尚未立案，结案期限自立案之日起算").format(status=status))
            self.limit_detail.setText(self.tr("收到请求 {d}").format(d=proc.received_on))
            return
        if proc.deadlines.limit_done_on is not None:
            self.limit_title.setText(self.tr("{status}　已于 {d} 结案").format(status=status,
                                                                           d=proc.deadlines.limit_done_on))
        elif limit.due is None:
            self.limit_title.setText(self.tr("{status}　结案期限暂停计算").format(status=status))
        else:
            provisional = self.tr("（暂定）") if limit.provisional else ""
            self.limit_title.setText(self.tr("{status}　结案期限 {due}{p}").format(status=status, due=limit.due,
                                                                             p=provisional))
        done = proc.deadlines.limit_done_on
        used = limit.elapsed_net_days(done or self.today)
        left = limit.days_left(self.today)
        bits = [self.tr("立案 {d}").format(d=limit.filed),
                (self.tr("用时 {n} 天（不计入期间 {x} 天）") if done else self.tr("已用 {n} 天（不计入期间 {x} 天）"))
                .format(n=used, x=limit.excluded_days)]
        if proc.deadlines.limit_done_on is None:
            bits.append(self.tr("还剩 {n} 天").format(n=left) if left >= 0 else self.tr("已超期 {n} 天").format(n=-left))
        if limit.extension_months:
            bits.append(self.tr("已延长 {n} 个月").format(n=limit.extension_months))
        if limit.reason:
            bits.append(limit.reason)
        self.limit_detail.setText("　·　".join(bits))
        overdue = proc.deadlines.limit_done_on is None and left < 0
        self.limit_title.setStyleSheet(f"color: {OVERDUE};" if overdue else "")

    def _show_events(self, proc: CaseProcedure) -> None:
        selected = self.selected_event()
        self.events.clear()
        first = QTreeWidgetItem([proc.received_on.isoformat(), self.tr("收到请求"), "", ""])
        first.setFlags(first.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        self.events.addTopLevelItem(first)
        for event in proc.events:
            item = QTreeWidgetItem([event.date.isoformat(), event.label, "；".join(event.detail_lines()), event.note])
            item.setData(0, EventIdRole, event.id)
            item.setToolTip(2, "\n".join(event.detail_lines()))
            self.events.addTopLevelItem(item)
            if selected is not None and event.id == selected.id:
                item.setSelected(True)
                self.events.setCurrentItem(item)

    def _show_deadlines(self, proc: CaseProcedure) -> None:
        self.deadlines.clear()
        for d in proc.deadlines.items:
            self.deadlines.addTopLevelItem(self._deadline_item(d))

    def _deadline_item(self, d: CaseDeadline) -> QTreeWidgetItem:
        due = d.due.isoformat() + (self.tr("（暂定）") if d.provisional else "") if d.due else "—"
        if d.due is not None and RULES[d.rule].unit == "workdays_before":
            due = period_text(d.rule, d.start, d.due, d.provisional)  # 须于 … 以前送达（口头审理日前 3 个工作日）
        if self._calendar is None:
            self._calendar = load_calendar(self._db)
        item = QTreeWidgetItem([d.title, ACTOR_LABELS[d.actor], d.start.isoformat(), due,
                                d.state_text(self.today, self._calendar), RULES[d.rule].basis])
        state = d.state(self.today)
        colour = STATE_COLOURS[state]
        if state == "missed" and d.actor == "party" and d.done_on is None:
            colour = LAPSED  # a party's period that ran out is information, not a fault of the office
        if d.overdue(self.today):
            colour = OVERDUE
        elif state == "open" and d.due is not None and (d.due - self.today).days <= 3:
            colour = SOON
        item.setForeground(4, QBrush(QColor(colour)))
        if d.provisional:
            item.setToolTip(3, self.tr("该年的假日安排尚未导入，按周末计算；导入后自动更正。"))
        item.setData(0, Qt.ItemDataRole.UserRole, d.rule)
        return item

    # -- changing ------------------------------------------------------------------------------------------

    def selected_event(self) -> EventView | None:
        item = self.events.currentItem()
        event_id = item.data(0, EventIdRole) if item is not None and item.isSelected() else None
        if self.procedure is None or event_id is None:
            return None
        return next((e for e in self.procedure.events if e.id == event_id), None)

    def _update_buttons(self) -> None:
        has = self.selected_event() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def event_dialog(self, event: EventView | None = None) -> EventDialog | None:
        """The dialog for a new event (or for changing ``event``); None if the case cannot be read."""
        if self.procedure is None:
            return None
        return EventDialog(self._db, self.procedure, load_calendar(self._db), event, self, today=self.today)

    def add_event(self) -> None:
        dialog = self.event_dialog()
        if dialog is not None and dialog.exec() and dialog.result_procedure is not None:
            self._changed(dialog.seen_version, dialog.result_procedure)

    def edit_selected(self) -> None:
        event = self.selected_event()
        dialog = self.event_dialog(event) if event is not None else None
        if dialog is not None and dialog.exec() and dialog.result_procedure is not None:
            self._changed(dialog.seen_version, dialog.result_procedure)

    def remove_selected(self) -> None:
        event = self.selected_event()
        if event is None:
            return
        text = self.tr("确定删除事件“{label}”（{d}）吗？").format(label=event.label, d=event.date)
        if not dialogs.confirm(self, self.tr("删除事件"), text, self.tr("删除(&D)"),
                               self.tr("删除后期限将重新计算；删除记录保留在历史记录中。")):
            return
        before = self.procedure.version if self.procedure is not None else None
        from ui.accounts.approval import ask_cosigner

        go_on, cosigner = ask_cosigner(self, self._db, event.kind)
        if not go_on:
            return
        try:
            result = remove_event(self._db, event.id, today=self.today, expected_version=before, cosigner=cosigner)
        except DomainError as error:
            dialogs.show_error(self, str(error), title=self.tr("不能删除"))
            return
        except Exception as exc:  # noqa: BLE001 - a sentence, not a crash
            show_exception(self, exc)
            return
        self._changed(before, result)

    def _changed(self, before: int | None, result: CaseProcedure) -> None:
        """Show the new events and tell every view of the case (the editor, the list) what changed."""
        self.reload()
        self.changed.emit(self.case_id)
        changes.report(self.case_id, before, result.version, changes.EVENTS, changes.STATUS, source=self)

    def _case_changed(self, change: changes.CaseChange) -> None:
        if change.case_id == self.case_id and change.source != id(self):
            self.reload()


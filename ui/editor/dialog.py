"""The case editor (案件编辑窗口): one window per case, tabs for its parts, validation as you type.

Every edit builds a :class:`~adjudicator.cases.inputs.CaseInput` from the form (cheap) and runs
:func:`~adjudicator.cases.inputs.validate_case` on it: each problem shows next to its field and in the
problem list, and 保存 stays disabled until none remain. Saving calls ``create_case`` or
``update_case`` with :attr:`CaseEditor.seen_version`, the version the clerk's form is based on, so
a concurrent edit is refused with a sentence naming who saved it, not overwritten, and the form keeps
the clerk's input. Changes this window's own tabs make (an event from 案件进程) arrive through
:mod:`ui.changes`: the editor takes their new version only if they were checked against its own, so
a colleague's save in between is never silently absorbed. Closing with unsaved changes asks 保存 / 不保存 / 取消.
"""

from __future__ import annotations

import copy
import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases import service as case_service
from adjudicator.cases import inputs as C
from adjudicator.cases.panel import sole_handler_allowed
from adjudicator.errors import DomainError, FieldProblem
from adjudicator.cases.listing import case_input_of, handler_names
from adjudicator.cases.views import CaseView
from adjudicator.database import Database
from ui import changes, dialogs, features, icons, settings
from ui.editor.case_info import CaseInfoSection
from ui.editor.ecommerce import EcommerceSection
from adjudicator.reports.matches import case_match_flags
from ui.editor.header import CaseHeader
from ui.editor.history import HistorySection
from ui.editor.parties import PartiesSection, blank_party
from ui.editor.patent import PatentSection
from ui.editor.problems import ProblemPanel
from ui.editor.section import EditorSection
from ui.errors import report_broken_feature, show_exception
from ui.geometry import ScrollingTabs, fit_to_screen, keep_inside
from ui.widgets import offer_names


def new_case_input(handler: str = "") -> C.CaseInput:
    """What a new case starts with: today's date, an empty requester and respondent."""
    return C.CaseInput(
        kind="infringement", source="direct", received_on=date.today(),
        parties=[blank_party("requester"), blank_party("respondent")], patent=C.PatentInput(""),
        handler=handler,
    )


class CaseEditor(QDialog):
    """A window editing one case (or a new one, ``case_id=None``)."""

    #: The case was saved: ``(case id)``. The main list refreshes and selects it.
    saved = Signal(object)

    def __init__(self, db: Database, case_id: uuid.UUID | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)
        self.setWindowIcon(icons.app_icon())
        self.setObjectName("caseEditor")
        self.db = db
        self.case_id: uuid.UUID | None = None
        self.case: CaseView | None = None
        #: The case version the form is based on: saves are checked against it.
        self.seen_version: int | None = None
        self._baseline: C.CaseInput | None = None
        self.problems: list[FieldProblem] = []
        self._reveal_all = False
        self._extra_tabs: list[QWidget] = []
        self._open_first: QWidget | None = None
        #: On a supervisor's database: whose case this is, and 监督意见 (see :mod:`ui.editor.read_only`).
        self.supervisor_banner: QWidget | None = None
        changes.hub().caseChanged.connect(self._case_changed)

        self.case_info = CaseInfoSection()
        self.case_info.set_sole_handler_allowed(sole_handler_allowed(db))
        offer_names(self.case_info.handler, handler_names(db))
        self.parties = PartiesSection()
        self.patent = PatentSection()
        self.ecommerce = EcommerceSection()
        self.history = HistorySection(db)
        self.sections: list[EditorSection] = [self.case_info, self.parties, self.patent, self.ecommerce]

        self.tabs = ScrollingTabs()
        self.tabs.setDocumentMode(False)
        self.tabs.addTab(self.case_info, self.tr("案件信息"))
        self.tabs.addTab(self.parties, self.tr("当事人"))
        self.tabs.addTab(self.patent, self.tr("涉案专利"))
        self.tabs.addTab(self.ecommerce, self.tr("电商信息"))
        self.tabs.addTab(self.history, self.tr("历史记录"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = CaseHeader()
        self.title = self.header.title
        layout.addWidget(self.header)
        body = QVBoxLayout()
        body.setContentsMargins(12, 10, 12, 10)
        body.addWidget(self.tabs, 1)
        self.problem_panel = ProblemPanel()
        self.problem_panel.fieldChosen.connect(self.focus_problem)
        self.problem_list = self.problem_panel.list
        body.addWidget(self.problem_panel)
        body.addLayout(self._build_buttons())
        layout.addLayout(body, 1)

        for section in self.sections:
            section.changed.connect(self._on_changed)
        self.case_info.kind.currentIndexChanged.connect(self._show_ecommerce_tab)

        self.save_action = QAction(self.tr("保存"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        fit_to_screen(self, 1040, 760)
        geometry = settings.geometry("caseEditor")
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_inside(self)  # saved on a larger screen: still all on this one
        if case_id is None:
            self._load(None, new_case_input(db.actor))
        else:
            case = case_service.get_case(db, case_id)
            self._load(case, case_input_of(case))

    # -- building ------------------------------------------------------------------------------------

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 10, 0, 0)
        note = self.hint = QLabel(self.tr("标 * 的为必填项　Ctrl+S 保存　Esc 关闭"))
        note.setProperty("role", "hint")
        self.save_button = QPushButton(icons.icon("save"), self.tr("保存(&S)"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        for button in (self.save_button, self.close_button):
            button.setMinimumWidth(96)
        row.addWidget(note)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # -- loading ---------------------------------------------------------------------------------------

    def _load(self, case: CaseView | None, inp: C.CaseInput) -> None:
        current_tab = self.tabs.currentIndex()
        self.case = case
        self.seen_version = case.version if case is not None else None
        self.case_id = case.id if case is not None else None
        for section in self.sections:
            section.load(inp)
            section.touched.clear()
        self._reveal_all = False
        self._baseline = self.form_input()
        self._show_ecommerce_tab()
        self._add_extra_tabs()
        self.history.load(self.case_id)
        self._show_header()
        deleted = case is not None and case.deleted_at is not None
        for section in self.sections:
            section.setEnabled(not deleted)
        if self.read_only:
            from ui.editor.read_only import apply_read_only

            apply_read_only(self)
        self.tabs.setCurrentIndex(max(current_tab, 0))
        if self._open_first is not None:  # a feature tab asked to be what the case opens on
            self.tabs.setCurrentWidget(self._open_first)
            self._open_first = None
        self._on_changed()

    def _case_changed(self, change: changes.CaseChange) -> None:
        """Another widget changed this case: take its version only if it was checked against ours."""
        if change.case_id != self.case_id or change.source == id(self) or self.case_id is None:
            return
        if change.before is not None and change.before == self.seen_version and change.after is not None:
            self.seen_version = change.after  # nothing happened in between: the form is still current
        if not self.is_dirty:
            self.reload()
            return
        # Unsaved input stays, and so does the version it is based on; only the header follows.
        try:
            self.case = case_service.get_case(self.db, self.case_id)
        except DomainError:
            return
        self._show_header()

    def reload(self) -> None:
        """Read the case again from the database (after a delete or restore elsewhere)."""
        if self.case_id is not None:
            case = case_service.get_case(self.db, self.case_id)
            self._load(case, case_input_of(case))

    def _add_extra_tabs(self) -> None:
        if self.case_id is None:
            return
        if self._extra_tabs:
            for tab in self._extra_tabs:
                hook = getattr(tab, "case_saved", None)
                if callable(hook):
                    hook()
            return
        for feature in features.CASE_TABS:
            try:
                widget = feature.load()(self.db, self.case_id, self)
            except Exception as exc:  # noqa: BLE001 - one broken feature must not block the editor
                report_broken_feature(self, feature.title, exc)
                continue
            self._extra_tabs.append(widget)
            index = self.tabs.insertTab(self.tabs.indexOf(self.history), widget, feature.title)
            # A tab may apply to some cases only (电商速办) and may ask to be the one the case opens on.
            applies = getattr(widget, "applies", None)
            if callable(applies) and not applies():
                self.tabs.setTabVisible(index, False)
            elif getattr(widget, "opens_first", False):
                self._open_first = widget

    def _show_header(self) -> None:
        self.header.show_case(self.case)
        if self.case is not None and self.db.role == "supervisor":
            self.header.show_flags(case_match_flags(self.db, self.case.id))
        if self.case is None:
            self.setWindowTitle(self.tr("新建案件[*]"))  # Qt appends the application's name once
        else:
            self.setWindowTitle(self.tr("{case_no}[*]").format(case_no=self.case.case_no))

    def _show_ecommerce_tab(self) -> None:
        index = self.tabs.indexOf(self.ecommerce)
        self.tabs.setTabVisible(index, self.case_info.kind.currentData() == "ecommerce")

    # -- the form and its problems ----------------------------------------------------------------------

    def form_input(self) -> C.CaseInput:
        """What the form holds now, as the core's input."""
        inp = C.CaseInput(kind="", source="", received_on=None, parties=[], patent=None)
        for section in self.sections:
            section.fill(inp)
        # E-commerce details depend on the kind, which the first section filled.
        self.ecommerce.fill(inp)
        return inp

    @property
    def is_dirty(self) -> bool:
        return self._baseline is not None and self.form_input() != self._baseline

    @property
    def read_only(self) -> bool:
        """A station's case on a supervisor's database: shown, never saved here."""
        return self.case is not None and self.db.role == "supervisor"

    @property
    def is_deleted(self) -> bool:
        return self.case is not None and self.case.deleted_at is not None

    def _on_changed(self) -> None:
        inp = self.form_input()
        self.problems = C.validate_case(inp)
        by_key: dict[str, list[str]] = {}
        for p in self.problems:
            by_key.setdefault(p.field, []).append(p.sentence() if p.field == "parties" else p.message)
        messages = {key: "；".join(texts) for key, texts in by_key.items()}
        for section in self.sections:
            section.show_problems({k: v for k, v in messages.items() if section.owns(k)}, self._reveal_all)
        self.problem_panel.show_problems(self.problems)
        self._mark_tabs()
        dirty = self._baseline is not None and inp != self._baseline
        self.setWindowModified(dirty)
        self.save_button.setEnabled(not self.problems and not self.is_deleted and not self.read_only
                                    and (dirty or self.case_id is None))

    def _mark_tabs(self) -> None:
        for section in self.sections:
            bad = any(section.owns(p.field) for p in self.problems)
            self.tabs.setTabIcon(self.tabs.indexOf(section), icons.icon("warning", icons.DANGER) if bad else QIcon())

    def _section_of(self, key: str) -> EditorSection | None:
        return next((s for s in self.sections if s.owns(key)), None)

    def focus_problem(self, key: str) -> None:
        """Show the tab of field ``key`` and put the cursor in it."""
        section = self._section_of(key)
        if section is None:
            return
        self.tabs.setCurrentWidget(section)
        section.touched.add(key)
        section.focus_field(key)
        self._on_changed()

    # -- saving and closing ----------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the case if it is valid; True when saved (or nothing needed saving)."""
        if self.read_only:
            dialogs.show_error(self, self.tr("该案件属于裁决所，市局只能查看；请写监督意见，或请该所修改。"))
            return False
        if self.is_deleted:
            dialogs.show_error(self, self.tr("该案件已删除，请先在案件列表中恢复后再修改。"))
            return False
        inp = self.form_input()
        self.problems = C.validate_case(inp)
        if self.problems:
            self._reveal_all = True
            self._on_changed()
            self.focus_problem(self.problems[0].field)
            return False
        if self.case is not None and inp == self._baseline:
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.case is None:
                case = case_service.create_case(self.db, copy.deepcopy(inp))
            else:
                case = case_service.update_case(self.db, self.case.id, copy.deepcopy(inp),
                                                expected_version=self.seen_version)
        except DomainError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(self, str(exc), title=self.tr("未能保存"))
            return False
        except Exception as exc:  # noqa: BLE001 - shown as a sentence, logged with its traceback
            QApplication.restoreOverrideCursor()
            show_exception(self, exc)
            return False
        QApplication.restoreOverrideCursor()
        before = self.seen_version
        self._load(case, case_input_of(case))
        changes.report(case.id, before, case.version, changes.CASE_DATA, source=self)
        self.saved.emit(case.id)
        return True

    def may_close(self) -> bool:
        """Ask about unsaved changes; True when the window may close."""
        if not self.is_dirty or self.is_deleted:
            return True
        choice = dialogs.ask_save_changes(self, self.windowTitle().replace("[*]", ""))
        if choice is dialogs.SaveChoice.SAVE:
            return self.save()
        return choice is dialogs.SaveChoice.DISCARD

    def reject(self) -> None:
        """Esc, 关闭 and the window's close button all come here."""
        if self.may_close():
            super().reject()

    def done(self, result: int) -> None:
        settings.set_geometry("caseEditor", self.saveGeometry())
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_close():
            event.accept()
            super().reject()
        else:
            event.ignore()


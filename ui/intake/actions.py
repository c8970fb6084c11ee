"""The intake feature's entries in the main window: 导入移交清单 and the 批量办理 menu.

:func:`install` adds 文件 → 导入移交清单… (Ctrl+I), a 批量办理 menu (also in the case list's
context menu) for the selected cases — 登记进程事件…, 出具文书…, 设置承办人、合议组… — enabled while
cases are selected. The dialogs and the batch runner are imported when first used.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from ui.main_window import MainWindow


class IntakeActions(QObject):
    """The actions, their menus, and what they open; one per main window (``window.intake``)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        tr = self.tr
        self.act_import = QAction(tr("导入移交清单(&I)…"), window)
        self.act_import.setShortcut(QKeySequence("Ctrl+I"))
        self.act_import.setStatusTip(tr("把维权援助平台或电商平台移交的投诉清单（xlsx/CSV）登记为案件"))
        self.act_import.triggered.connect(self.open_import)
        self.act_event = QAction(tr("登记进程事件(&E)…"), window)
        self.act_event.triggered.connect(self.batch_event)
        self.act_notice = QAction(tr("出具文书(&W)…"), window)
        self.act_notice.triggered.connect(self.batch_notice)
        self.act_assign = QAction(tr("设置承办人、合议组(&A)…"), window)
        self.act_assign.triggered.connect(self.batch_assign)
        self.batch_actions = (self.act_event, self.act_notice, self.act_assign)
        for action in self.batch_actions:
            action.setStatusTip(tr("对所选的全部案件逐件办理"))
        window.addAction(self.act_import)
        self.menu = QMenu(tr("批量办理(&B)"), window)
        self.menu.setObjectName("batchMenu")
        self.menu.addActions(list(self.batch_actions))
        self._place_in_menus()
        self.printer: QPrinter | None = None
        """A printer to use instead of asking (tests print to a PDF file)."""
        self.last_import: Any = None
        self.last_dialog: Any = None
        self.runner: Any = None
        window.cases.selectionChanged.connect(self.update_actions)
        window.cases.deletedModeChanged.connect(lambda _d: self.update_actions())
        self.update_actions()

    def _place_in_menus(self) -> None:
        bar = self.window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        file_menu = menus[0].menu() if menus else None
        if isinstance(file_menu, QMenu):
            first = file_menu.actions()[2] if len(file_menu.actions()) > 2 else None
            file_menu.insertAction(first, self.act_import) if first else file_menu.addAction(self.act_import)
        help_action = menus[-1] if menus else None
        bar.insertMenu(help_action, self.menu) if help_action else bar.addMenu(self.menu)
        view = self.window.cases.view
        separator = QAction(view)
        separator.setSeparator(True)
        view.addActions([separator, *self.batch_actions])

    def selected(self) -> list[uuid.UUID]:
        return self.window.cases.selected_ids()

    def update_actions(self) -> None:
        usable = bool(self.selected()) and not self.window.cases.showing_deleted
        for action in self.batch_actions:
            action.setEnabled(usable)

    # -- import ----------------------------------------------------------------------------------------

    def open_import(self) -> Any:
        """Open 导入移交清单; the list shows and selects the new cases afterwards."""
        from ui import dialogs
        from ui.intake.import_dialog import open_import_dialog

        if self.window.db.station_code is None:
            dialogs.show_error(self.window, self.tr("本数据库尚未指定裁决所，不能登记案件。"))
            return None
        dialog = open_import_dialog(self.window.db, self.window)
        dialog.imported.connect(self._imported)
        self.last_import = dialog
        return dialog

    def _imported(self, ids: list[uuid.UUID]) -> None:
        self.window.cases.refresh(select=ids)
        self.window.statusBar().showMessage(self.tr("已从移交清单登记 {n} 件案件").format(n=len(ids)), 8000)

    # -- batch -----------------------------------------------------------------------------------------

    def _runner(self) -> Any:
        from ui.intake.batch_dialogs import BatchRunner

        runner = BatchRunner(self.window)
        ids = self.selected()
        runner.finished.connect(lambda _result: self._batch_finished(ids))
        self.runner = runner
        return runner

    def _batch_finished(self, ids: list[uuid.UUID]) -> None:
        self.window.cases.refresh(select=ids)
        for case_id in ids:
            editor = self.window.editors.get(case_id)
            if editor is not None and not editor.is_dirty:
                editor.reload()

    def _ask(self, dialog: QDialog) -> bool:
        self.last_dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    def batch_event(self, *, dialog: Any = None) -> None:
        """批量登记进程事件 for the selected cases."""
        from adjudicator.intake import batch as B
        from ui.intake.batch_dialogs import BatchEventDialog

        ids = self.selected()
        if not ids:
            return
        dialog = dialog or BatchEventDialog(len(ids), self.window)
        if not self._ask(dialog):
            return
        self._runner().run(B.record_event, self.window.db, ids, dialog.event_input(),
                           title=self.tr("正在批量登记进程事件…"))

    def batch_notice(self, *, dialog: Any = None) -> None:
        """批量出具文书 for the selected cases: numbered, saved per case, printed as one job."""
        from adjudicator.documents.templates import kind_title
        from adjudicator.intake import batch as B
        from ui import dialogs
        from ui.intake.batch_dialogs import BatchNoticeDialog, folder_refused, print_combined, save_notices

        ids = self.selected()
        if not ids:
            return
        dialog = dialog or BatchNoticeDialog(len(ids), self.window)
        if not self._ask(dialog):
            return
        kind, day, folder = dialog.document_kind, dialog.day.value(), dialog.folder.text().strip()
        printing = dialog.print_check.isChecked()
        refused = folder_refused(self.window.db, folder)
        if refused:  # said before anything is issued, so no number is used
            dialogs.show_error(self.window, refused)
            return

        def after(result: B.BatchResult) -> str:
            lines = [save_notices(self.window.db, result, folder, kind_title(kind), day)]
            if printing:
                lines.append(print_combined(result, self.window, self.printer))
            return "\n".join(line for line in lines if line)

        self._runner().run(B.issue_notices, self.window.db, ids, kind, issued_on=day,
                           versions=self._shown_versions(ids), after=after, title=self.tr("正在批量出具文书…"))

    def batch_assign(self, *, dialog: Any = None) -> None:
        """批量设置承办人、合议组 for the selected cases (with the versions the list shows)."""
        from adjudicator.intake import batch as B
        from ui import dialogs
        from adjudicator.cases.listing import handler_names
        from ui.intake.batch_dialogs import BatchAssignDialog
        from ui.widgets import offer_names

        ids = self.selected()
        if not ids:
            return
        dialog = dialog or BatchAssignDialog(len(ids), self.window)
        offer_names(dialog.handler, handler_names(self.window.db))
        if not self._ask(dialog):
            return
        handler, panel = dialog.values()
        if handler is None and panel is None:
            dialogs.show_error(self.window, self.tr("请勾选并填写承办人或合议组。"))
            return
        self._runner().run(B.set_assignment, self.window.db, ids, handler=handler, panel=panel,
                           versions=self._shown_versions(ids), title=self.tr("正在批量设置…"))

    def _shown_versions(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        """The version of each case as the list shows it: a case changed since is refused, not overwritten."""
        model = self.window.cases.model
        versions: dict[uuid.UUID, int] = {}
        for case_id in ids:
            index = model.row_of(case_id)
            row = model.case_row(index) if index is not None else None
            if row and row.get("version") is not None:
                versions[case_id] = int(row["version"])
        return versions


def install(window: MainWindow) -> IntakeActions:
    """Add the intake actions and menus to ``window`` (as ``window.intake``)."""
    actions = IntakeActions(window)
    window.intake = actions  # type: ignore[attr-defined]
    return actions

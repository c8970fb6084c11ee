"""The main window (主窗口): the case list as the first page, menus, toolbar and status bar.

The feature pages and window extensions listed in :mod:`ui.features` are added by
:meth:`MainWindow.add_feature_pages` once the window is on screen (one that fails is reported to
the user); other windows may add a page with :meth:`MainWindow.add_page`.

At start-up the window may be built from a :class:`~adjudicator.cases.first_page.FirstLook` before
the database is open (and before SQLAlchemy is imported): it shows the newest cases and stays
read-only — no action that reads beyond the list or writes is enabled, no case opens — until
:meth:`MainWindow.attach_database` hands it the database, opened and checked the ordinary way.

The actions, menus, toolbar and status bar are built by :mod:`ui.window_menus`; deleting and
restoring the selected cases is :mod:`ui.case_deletion`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTabWidget, QWidget

from adjudicator.errors import DomainError
from ui import changes, dialogs, features, icons, settings, window_menus
from ui.case_list import CaseListPage
from ui.errors import report_broken_feature, show_exception
from ui.geometry import fit_to_screen, keep_inside
from ui.intake.actions import install as install_intake

if TYPE_CHECKING:
    from adjudicator.cases.first_page import FirstLook
    from adjudicator.database import Database
    from ui.editor import CaseEditor


class MainWindow(QMainWindow):
    """The application window; ``pages`` holds the case list and any page added later."""

    #: The open database (set by :meth:`attach_database`; absent while a first look is shown).
    db: Database
    # The actions (``act_new`` …) and the status bar's labels are made by :mod:`ui.window_menus`.

    def __init__(self, db: Database | None, parent: QWidget | None = None, *,
                 first_look: FirstLook | None = None):
        """``db`` None: show ``first_look`` read-only until :meth:`attach_database`."""
        super().__init__(parent)
        self._first_look = first_look
        self.attached = False
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.app_icon())
        self.editors: dict[uuid.UUID, CaseEditor] = {}
        self.reports_window: QMainWindow | None = None
        self._new_editors: list[CaseEditor] = []

        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.setTabBarAutoHide(True)  # one page needs no tab bar; a second one shows it
        self.setCentralWidget(self.pages)

        self.cases = CaseListPage(db, self)
        self.add_page(self.cases, self.tr("案件列表"), icons.icon("case"))
        self._pages_added: set[object] = set()
        window_menus.create_actions(self)
        window_menus.create_menus(self)
        window_menus.create_toolbar(self)
        window_menus.create_status_bar(self)
        changes.hub().caseChanged.connect(self._case_changed)

        self.cases.openRequested.connect(self.open_case)
        self.cases.countChanged.connect(self._show_count)
        self.cases.selectionChanged.connect(self._update_actions)
        self.cases.deletedModeChanged.connect(self._deleted_mode_changed)
        self.cases.model.busy.connect(self._show_busy)

        self.setWindowTitle(self._title())
        fit_to_screen(self, 1280, 800)
        self._restore_layout()
        if db is not None:
            self.attach_database(db)
        else:
            if first_look is not None:
                self.cases.model.show_first_look(first_look.keys, first_look.rows)
            self._update_actions()

    def attach_database(self, db: Database) -> None:
        """The database is open and checked: the list loads whole, the actions come alive."""
        from ui.accounts.session import install as install_session
        from ui.trust_tools import install as install_trust_tools  # its services load SQLAlchemy

        self.db = db
        self.attached = True
        self._first_look = None
        self.cases.attach(db)
        install_intake(self)  # 导入移交清单 and the 批量办理 menu on the selected cases
        install_trust_tools(self)  # 工具: 校验审计记录, backups
        self.setWindowTitle(self._title())
        self.station_label.setText(self._station_text())
        self.user_label.setText(self.tr("操作人：{name}").format(name=db.actor))
        install_session(self)  # 锁定, 退出登录, 账户管理, the idle lock; the signed-in user in the status bar
        self.db_label.setText(self._db_text())
        self.db_label.setToolTip(db.url)
        self._update_actions()

    # -- pages -----------------------------------------------------------------------------------------

    def add_page(self, widget: QWidget, title: str, icon: QIcon | None = None) -> int:
        """Add a page (a tab of the main window) and return its index."""
        if icon is None:
            return self.pages.addTab(widget, title)
        return self.pages.addTab(widget, icon, title)

    def add_feature_pages(self) -> None:
        """Build the feature pages (:data:`ui.features.PAGES`) not built yet, then the window extensions.

        One that fails to load or build is reported to the user (and logged); the rest are added.
        Not before the database is attached (the pages read it as they are built).
        """
        if not self.attached:
            return
        for feature in features.PAGES:
            if feature.title in self._pages_added:
                continue
            self._pages_added.add(feature.title)
            try:
                page = feature.load()(self.db, self)
            except Exception as exc:  # noqa: BLE001 - one broken page must not keep the window shut
                report_broken_feature(self, feature.title, exc)
                continue
            self.add_page(page, feature.title)
        self.add_window_extensions()

    def add_window_extensions(self) -> None:
        """Run the window extensions (:data:`ui.features.WINDOW_EXTENSIONS`) not run yet on this window."""
        for feature in features.WINDOW_EXTENSIONS:
            key = ("extension", feature.module, feature.builder)
            if key in self._pages_added:
                continue
            self._pages_added.add(key)
            try:
                feature.load()(self)
            except Exception as exc:  # noqa: BLE001 - as for pages
                report_broken_feature(self, feature.title, exc)

    def show_page(self, widget: QWidget) -> None:
        self.pages.setCurrentWidget(widget)

    # -- status bar ----------------------------------------------------------------------------------

    def _station_text(self) -> str:
        look = self._first_look
        if look is not None:
            if look.role == "supervisor":
                return self.tr("市局监督数据库")
            return look.station_name or ""
        if not self.attached:
            return ""
        if self.db.role == "supervisor":
            return self.tr("市局监督数据库")
        from adjudicator.stations.registry import station

        try:
            return station(self.db).name
        except DomainError:
            return self.tr("未指定裁决所")

    def _db_text(self) -> str:
        if self._first_look is not None:
            return self._first_look.path.name
        path = self.db.path if self.attached else None
        if path is not None:
            return path.name
        return self.tr("服务器数据库") if self.attached else ""

    def _title(self) -> str:
        # Qt adds the application's display name (专利纠纷行政裁决办案系统) to every window title itself.
        return self._station_text()

    # -- state -----------------------------------------------------------------------------------------

    def _show_count(self, count: int) -> None:
        if self.cases.showing_deleted:
            self.count_label.setText(self.tr("已删除 共 {n} 件").format(n=f"{count:,}"))
        else:
            self.count_label.setText(self.tr("共 {n} 件").format(n=f"{count:,}"))

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage(self.tr("正在查询…"))
        else:
            self.statusBar().clearMessage()

    def _update_actions(self) -> None:
        attached = self.attached  # until then the window only shows the first look
        selected = attached and bool(self.cases.selected_ids())
        deleted = self.cases.showing_deleted
        self.act_open.setEnabled(selected)
        station_owned = attached and self.db.role == "supervisor"  # every case there is a station's
        self.act_delete.setEnabled(selected and not deleted and not station_owned)
        self.act_restore.setEnabled(selected and deleted and not station_owned)
        for action in (self.act_new, self.act_refresh, self.act_batch_print, self.act_reports,
                       self.act_case_settings, self.act_document_settings):
            action.setEnabled(attached)

    def _deleted_mode_changed(self, deleted: bool) -> None:
        if self.act_show_deleted.isChecked() != deleted:
            self.act_show_deleted.setChecked(deleted)
        self._update_actions()

    def _find(self) -> None:
        self.show_page(self.cases)
        self.cases.focus_filter()

    def open_reports(self) -> QWidget:
        """Show the statistics window (统计报表), created and counted on first use."""
        from ui.reports.dashboard import ReportsWindow

        if self.reports_window is None:
            self.reports_window = ReportsWindow(self.db, self)
            self.reports_window.openCase.connect(self.open_case)
            self.reports_window.refresh()
        self.reports_window.show()
        self.reports_window.raise_()
        self.reports_window.activateWindow()
        return self.reports_window

    def case_settings(self) -> QWidget:
        """Open 办案规则 (window-modal); open case windows take the new rule on their next opening."""
        from ui.case_settings import CaseSettingsDialog

        dialog = CaseSettingsDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def document_settings(self) -> QWidget:
        """Open 文书设置 (window-modal): authority, court and platform registry, as documents print them."""
        from ui.document_settings import DocumentSettingsDialog

        dialog = DocumentSettingsDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def batch_print(self) -> QWidget:
        """Open 批量打印: print or save the documents issued on a day."""
        from ui.batch_print import open_batch_print  # the documents feature loads with its dialog

        return open_batch_print(self.db, self)

    # -- cases -------------------------------------------------------------------------------------------

    def new_case(self) -> CaseEditor | None:
        """Open an editor for a new case."""
        if self.db.station_code is None:
            dialogs.show_error(self, self.tr("本数据库尚未指定裁决所，不能登记案件。"))
            return None
        from ui.editor import CaseEditor  # a quarter of the start-up imports: loaded after the first paint

        editor = CaseEditor(self.db, None, self)
        self._new_editors.append(editor)
        self._track(editor)
        editor.show()
        return editor

    def open_case(self, case_id: uuid.UUID) -> CaseEditor | None:
        """Open (or bring to the front) the editor of a case (not before the database is attached)."""
        if not self.attached:
            return None
        editor = self.editors.get(case_id)
        if editor is not None:
            editor.showNormal()
            editor.raise_()
            editor.activateWindow()
            return editor
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            from ui.editor import CaseEditor

            editor = CaseEditor(self.db, case_id, self)
        except Exception as exc:  # noqa: BLE001 - e.g. deleted meanwhile: a sentence, not a crash
            QApplication.restoreOverrideCursor()
            show_exception(self, exc)
            return None
        QApplication.restoreOverrideCursor()
        self.editors[case_id] = editor
        self._track(editor)
        editor.show()
        return editor

    def open_selected(self) -> None:
        for case_id in self.cases.selected_ids()[:10]:
            self.open_case(case_id)

    def _track(self, editor: CaseEditor) -> None:
        editor.saved.connect(lambda case_id, e=editor: self._editor_saved(e, case_id))
        editor.finished.connect(lambda _result, e=editor: self._editor_closed(e))

    def _editor_saved(self, editor: CaseEditor, case_id: uuid.UUID) -> None:
        if editor in self._new_editors:
            self._new_editors.remove(editor)
            self.editors[case_id] = editor
        self.statusBar().showMessage(self.tr("已保存 {case_no}").format(
            case_no=editor.case.case_no if editor.case else ""), 5000)

    def _editor_closed(self, editor: CaseEditor) -> None:
        if editor in self._new_editors:
            self._new_editors.remove(editor)
        for case_id, open_editor in list(self.editors.items()):
            if open_editor is editor:
                del self.editors[case_id]
        editor.deleteLater()

    def open_editors(self) -> list[CaseEditor]:
        return [*self.editors.values(), *self._new_editors]

    def _case_changed(self, change: changes.CaseChange) -> None:
        """A case changed in one of this program's windows: its row in the list shows the change."""
        if change.source != id(self):
            self.cases.refresh(select=[change.case_id])

    # -- window ------------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = settings.geometry("mainWindow")
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_inside(self)
        header = settings.geometry("caseTable")
        if header is not None:
            self.cases.view.horizontalHeader().restoreState(header)

    def _save_layout(self) -> None:
        settings.set_geometry("mainWindow", self.saveGeometry())
        settings.set_geometry("caseTable", self.cases.view.horizontalHeader().saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        for editor in self.open_editors():
            if not editor.may_close():
                editor.raise_()
                event.ignore()
                return
        for editor in self.open_editors():
            editor.done(0)
        self._save_layout()
        event.accept()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "<h3>专利纠纷行政裁决办案系统</h3>"
            "<p>知识产权行政裁决所办理专利侵权纠纷行政裁决、电商领域专利纠纷和调解案件的办案系统。</p>"
            "<p>数据库：{db}</p>").format(db=self.db.url if self.attached else self._db_text()))

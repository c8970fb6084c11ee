"""The main window (主窗口): the case list as the first page, menus, toolbar and status bar.

The feature pages and window extensions listed in :mod:`ui.features` are added by
:meth:`MainWindow.add_feature_pages` once the window is on screen (one that fails is reported to
the user); other windows may add a page with :meth:`MainWindow.add_page`.

At start-up the window may be built from a :class:`~adjudicator.cases.first_page.FirstLook` before
the database is open (and before SQLAlchemy is imported): it shows the newest cases and stays
read-only — no action that reads beyond the list or writes is enabled, no case opens — until
:meth:`MainWindow.attach_database` hands it the database, opened and checked the ordinary way.

Over 400 lines: the window's menus, toolbar and the first-look start-up share its actions;
the seam to split along is the menu/toolbar building versus the list page's actions.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from adjudicator.errors import DomainError, StaleError
from ui import changes, dialogs, features, icons, settings
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
        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._create_status_bar()
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

    # -- building ------------------------------------------------------------------------------------

    def _action(self, text: str, icon: str | None = None,
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setIconText(re.sub(r"\(&\w\)", "", text))  # toolbar buttons without "(N)"
        if icon:
            action.setIcon(icons.icon(icon, icons.DANGER if icon == "delete" else icons.ACCENT))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）"
                              if shortcut else tip)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        tr = self.tr
        self.act_new = self._action(tr("新建案件(&N)"), "new", QKeySequence.StandardKey.New,
                                    tr("登记一个新案件"))
        self.act_new.triggered.connect(self.new_case)
        self.act_open = self._action(tr("打开(&O)"), "open", QKeySequence.StandardKey.Open, tr("打开所选案件"))
        self.act_open.triggered.connect(self.open_selected)
        self.act_delete = self._action(tr("删除(&D)"), "delete", QKeySequence.StandardKey.Delete,
                                       tr("删除所选案件（可在“显示已删除”中恢复）"))
        self.act_delete.triggered.connect(self.delete_selected)
        # Del acts in the list only: in a text field it deletes a character.
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.removeAction(self.act_delete)
        self.act_restore = self._action(tr("恢复(&R)"), "restore", None, tr("恢复所选的已删除案件"))
        self.act_restore.triggered.connect(self.restore_selected)
        # The list's context menu (right click): the same actions.
        view = self.cases.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.addActions([self.act_open, self.act_delete, self.act_restore])
        self.act_refresh = self._action(tr("刷新(&F)"), "refresh", QKeySequence.StandardKey.Refresh,
                                        tr("重新读取案件列表"))
        self.act_refresh.setShortcuts([QKeySequence(Qt.Key.Key_F5)])
        self.act_refresh.triggered.connect(lambda: self.cases.refresh(self.cases.selected_ids()))
        self.act_find = self._action(tr("查找(&S)"), "search", QKeySequence.StandardKey.Find,
                                     tr("按案号、当事人或专利号筛选案件"))
        self.act_find.triggered.connect(self._find)
        self.act_show_deleted = self._action(tr("显示已删除(&H)"), None, None, tr("只列出已删除的案件"))
        self.act_show_deleted.setCheckable(True)
        self.act_show_deleted.toggled.connect(self.cases.deleted_check.setChecked)
        self.act_batch_print = self._action(tr("批量打印文书…"), None, "Ctrl+Shift+P",
                                            tr("打印或保存某日出具的全部文书"))
        self.act_batch_print.triggered.connect(self.batch_print)
        self.act_reports = self._action(tr("统计报表(&R)…"), None, "Ctrl+Shift+R",
                                        tr("按期间和裁决所统计收案、结案、超期等，导出 Excel 和 PDF"))
        self.act_reports.triggered.connect(self.open_reports)
        self.act_quit = self._action(tr("退出(&X)"), "quit", QKeySequence.StandardKey.Quit, tr("退出程序"))
        self.act_quit.setShortcuts([QKeySequence("Ctrl+Q")])
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_quit.triggered.connect(self.close)
        self.act_case_settings = self._action(tr("办案规则…"), None, None, tr("本所是否允许承办人独任审理等规则"))
        self.act_case_settings.triggered.connect(self.case_settings)
        self.act_document_settings = self._action(tr("文书设置…"), None, None,
                                                  tr("文书署名机关、受理行政诉讼的人民法院、电商平台名录"))
        self.act_document_settings.triggered.connect(self.document_settings)
        self.act_about = self._action(tr("关于(&A)"), "about", None, tr("关于本程序"))
        self.act_about.triggered.connect(self._about)

    def _create_menus(self) -> None:
        tr = self.tr
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("文件(&F)"))
        file_menu.addAction(self.act_new)
        file_menu.addAction(self.act_open)
        file_menu.addSeparator()
        file_menu.addAction(self.act_batch_print)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu(tr("编辑(&E)"))
        edit_menu.addAction(self.act_find)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_delete)
        edit_menu.addAction(self.act_restore)
        view_menu = bar.addMenu(tr("查看(&V)"))
        view_menu.addAction(self.act_refresh)
        view_menu.addAction(self.act_show_deleted)
        stats_menu = bar.addMenu(tr("统计(&S)"))
        stats_menu.addAction(self.act_reports)
        settings_menu = bar.addMenu(tr("设置(&T)"))
        settings_menu.addAction(self.act_case_settings)
        settings_menu.addAction(self.act_document_settings)
        help_menu = bar.addMenu(tr("帮助(&H)"))
        help_menu.addAction(self.act_about)

    def _create_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("工具栏"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(toolbar.iconSize().scaled(20, 20, Qt.AspectRatioMode.KeepAspectRatio))
        for action in (self.act_new, self.act_open, None, self.act_delete, self.act_restore, None,
                       self.act_refresh):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addToolBar(toolbar)

    def _create_status_bar(self) -> None:
        bar = self.statusBar()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.station_label = QLabel(self._station_text())
        self.user_label = QLabel(self.tr("操作人：{name}").format(name=settings.user_name()))
        self.db_label = QLabel(self._db_text())
        for label in (self.count_label, self.station_label, self.user_label, self.db_label):
            bar.addPermanentWidget(label)

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

    def delete_selected(self) -> None:
        """Delete (tombstone) the selected cases after confirmation."""
        ids = self.cases.selected_ids()
        if not ids or self.cases.showing_deleted:
            return
        if len(ids) == 1:
            row = self.cases.model.case_row(self.cases.model.row_of(ids[0]) or 0) or {}
            text = self.tr("确定删除案件“{case_no}”吗？").format(case_no=row.get("case_no", ""))
        else:
            text = self.tr("确定删除所选的 {n} 件案件吗？").format(n=len(ids))
        informative = self.tr("删除后案件不再出现在列表中，但案号和历史记录都会保留；"
                              "可在“显示已删除”中找到并恢复。")
        issued = self._issued_documents(ids)
        if issued:  # a case with documents already served on the parties deserves a plainer warning
            informative = self.tr("注意：已出具 %1。这些文书已取得文号并可能已送达当事人，删除案件不会收回它们。")\
                .replace("%1", "、".join(issued)) + informative
        if not dialogs.confirm(self, self.tr("删除案件"), text, self.tr("删除(&D)"), informative):
            return
        self._set_deleted(ids, True)

    def _issued_documents(self, ids: list[uuid.UUID]) -> list[str]:
        """The issued (not voided) documents of these cases, decisions first: 行政裁决书 <文号> …"""
        try:
            from adjudicator.documents.service import list_documents
        except ImportError:  # the documents feature is not installed
            return []
        found = [doc for case_id in ids for doc in list_documents(self.db, case_id) if doc.status == "issued"]
        found.sort(key=lambda doc: doc.kind != "decision")
        names = [f"{doc.title} {doc.number}" for doc in found[:3]]
        if len(found) > 3:
            names.append(self.tr("等共 %1 份文书").replace("%1", str(len(found))))
        return names

    def restore_selected(self) -> None:
        """Restore the selected deleted cases, then show them among the current cases, selected."""
        ids = self.cases.selected_ids()
        if ids and self.cases.showing_deleted:
            self._set_deleted(ids, False)
            self.cases.deleted_check.setChecked(False)  # back to the cases, not an emptied deleted view
            self.cases.refresh(select=ids)

    def _seen_versions(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, int | None]:
        """The version of each case as its row in the list showed it: deleting or restoring gives it back."""
        model = self.cases.model
        seen: dict[uuid.UUID, int | None] = {}
        for case_id in ids:
            row = model.row_of(case_id)
            values = model.case_row(row) if row is not None else None
            version = (values or {}).get("version")
            seen[case_id] = int(version) if version is not None else None
        return seen

    def _set_deleted(self, ids: list[uuid.UUID], deleted: bool) -> None:
        seen = self._seen_versions(ids)  # read before the first write: what the clerk chose from
        done = 0
        from adjudicator.cases import service as case_service

        try:
            for case_id in ids:
                case = case_service.set_deleted(self.db, case_id, deleted, expected_version=seen[case_id])
                done += 1
                changes.report(case_id, seen[case_id], case.version, changes.DELETED, source=self)
        except StaleError as exc:
            dialogs.show_error(self, self._stale_sentence(exc, deleted))
        except DomainError as exc:
            dialogs.show_error(self, str(exc))
        finally:
            self.cases.refresh()
        message = self.tr("已删除 {n} 件案件") if deleted else self.tr("已恢复 {n} 件案件")
        self.statusBar().showMessage(message.format(n=done), 5000)

    def _stale_sentence(self, exc: StaleError, deleted: bool) -> str:
        """A case changed since the list showed it: say who and when, and that the list now shows it anew."""
        when = exc.at.astimezone().strftime("%Y-%m-%d %H:%M") if exc.at is not None else ""
        text = self.tr("案件在列表显示之后已被{who}{when}修改，未删除；列表已刷新，请核对后再删除。") if deleted else \
            self.tr("案件在列表显示之后已被{who}{when}修改，未恢复；列表已刷新，请核对后再恢复。")
        return text.format(who=exc.actor or self.tr("其他人"), when=self.tr(" 于 {t} ").format(t=when) if when else "")

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

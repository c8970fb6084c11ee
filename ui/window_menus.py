"""The main window's actions, menus, toolbar and status bar (菜单、工具栏、状态栏).

:func:`create_actions` makes the window's actions (``window.act_new`` …) and connects them to what
the window does; the menus and the toolbar then place them. Features add their own entries later
(:mod:`ui.intake.actions`, :mod:`ui.trust_tools`, :mod:`ui.supervisor.station_menu`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QToolBar

from ui import case_deletion, icons, settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _action(window: MainWindow, text: str, icon: str | None = None,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            tip: str = "") -> QAction:
    """An action of the window; ``tip`` shows in the status bar and, with the shortcut, as the tooltip."""
    action = QAction(text, window)
    action.setIconText(re.sub(r"\(&\w\)", "", text))  # toolbar buttons without "(N)"
    if icon:
        action.setIcon(icons.icon(icon, icons.DANGER if icon == "delete" else icons.ACCENT))
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip}（{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）"
                          if shortcut else tip)
    window.addAction(action)
    return action


def create_actions(window: MainWindow) -> None:
    """The window's actions (``window.act_new`` …), connected to what the window does."""
    tr = window.tr
    window.act_new = _action(window, tr("新建案件(&N)"), "new", QKeySequence.StandardKey.New,
                             tr("登记一个新案件"))
    window.act_new.triggered.connect(window.new_case)
    window.act_open = _action(window, tr("打开(&O)"), "open", QKeySequence.StandardKey.Open, tr("打开所选案件"))
    window.act_open.triggered.connect(window.open_selected)
    window.act_delete = _action(window, tr("删除(&D)"), "delete", QKeySequence.StandardKey.Delete,
                                tr("删除所选案件（可在“显示已删除”中恢复）"))
    window.act_delete.triggered.connect(lambda: case_deletion.delete_selected(window))
    # Del acts in the list only: in a text field it deletes a character.
    window.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.removeAction(window.act_delete)
    window.act_restore = _action(window, tr("恢复(&R)"), "restore", None, tr("恢复所选的已删除案件"))
    window.act_restore.triggered.connect(lambda: case_deletion.restore_selected(window))
    # The list's context menu (right click): the same actions.
    view = window.cases.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addActions([window.act_open, window.act_delete, window.act_restore])
    window.act_refresh = _action(window, tr("刷新(&F)"), "refresh", QKeySequence.StandardKey.Refresh,
                                 tr("重新读取案件列表"))
    window.act_refresh.setShortcuts([QKeySequence(Qt.Key.Key_F5)])
    window.act_refresh.triggered.connect(lambda: window.cases.refresh(window.cases.selected_ids()))
    window.act_find = _action(window, tr("查找(&S)"), "search", QKeySequence.StandardKey.Find,
                              tr("按案号、当事人或专利号筛选案件"))
    window.act_find.triggered.connect(window._find)
    window.act_show_deleted = _action(window, tr("显示已删除(&H)"), None, None, tr("只列出已删除的案件"))
    window.act_show_deleted.setCheckable(True)
    window.act_show_deleted.toggled.connect(window.cases.deleted_check.setChecked)
    window.act_batch_print = _action(window, tr("批量打印文书…"), None, "Ctrl+Shift+P",
                                     tr("打印或保存某日出具的全部文书"))
    window.act_batch_print.triggered.connect(window.batch_print)
    window.act_reports = _action(window, tr("统计报表(&R)…"), None, "Ctrl+Shift+R",
                                 tr("按期间和裁决所统计收案、结案、超期等，导出 Excel 和 PDF"))
    window.act_reports.triggered.connect(window.open_reports)
    window.act_quit = _action(window, tr("退出(&X)"), "quit", QKeySequence.StandardKey.Quit, tr("退出程序"))
    window.act_quit.setShortcuts([QKeySequence("Ctrl+Q")])
    window.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
    window.act_quit.triggered.connect(window.close)
    window.act_case_settings = _action(window, tr("办案规则…"), None, None, tr("本所是否允许承办人独任审理等规则"))
    window.act_case_settings.triggered.connect(window.case_settings)
    window.act_document_settings = _action(window, tr("文书设置…"), None, None,
                                           tr("文书署名机关、受理行政诉讼的人民法院、电商平台名录"))
    window.act_document_settings.triggered.connect(window.document_settings)
    window.act_about = _action(window, tr("关于(&A)"), "about", None, tr("关于本程序"))
    window.act_about.triggered.connect(window._about)


def create_menus(window: MainWindow) -> None:
    """文件, 编辑, 查看, 统计, 设置, 帮助: the menu bar features add to."""
    tr = window.tr
    bar = window.menuBar()
    file_menu = bar.addMenu(tr("文件(&F)"))
    file_menu.addAction(window.act_new)
    file_menu.addAction(window.act_open)
    file_menu.addSeparator()
    file_menu.addAction(window.act_batch_print)
    file_menu.addSeparator()
    file_menu.addAction(window.act_quit)
    edit_menu = bar.addMenu(tr("编辑(&E)"))
    edit_menu.addAction(window.act_find)
    edit_menu.addSeparator()
    edit_menu.addAction(window.act_delete)
    edit_menu.addAction(window.act_restore)
    view_menu = bar.addMenu(tr("查看(&V)"))
    view_menu.addAction(window.act_refresh)
    view_menu.addAction(window.act_show_deleted)
    stats_menu = bar.addMenu(tr("统计(&S)"))
    stats_menu.addAction(window.act_reports)
    settings_menu = bar.addMenu(tr("设置(&T)"))
    settings_menu.addAction(window.act_case_settings)
    settings_menu.addAction(window.act_document_settings)
    help_menu = bar.addMenu(tr("帮助(&H)"))
    help_menu.addAction(window.act_about)


def create_toolbar(window: MainWindow) -> None:
    """The toolbar: new, open, delete, restore, refresh."""
    toolbar = QToolBar(window.tr("工具栏"))
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setIconSize(toolbar.iconSize().scaled(20, 20, Qt.AspectRatioMode.KeepAspectRatio))
    for action in (window.act_new, window.act_open, None, window.act_delete, window.act_restore, None,
                   window.act_refresh):
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
    window.addToolBar(toolbar)


def create_status_bar(window: MainWindow) -> None:
    """The status bar's labels: count of cases, station, operator, database."""
    bar = window.statusBar()
    window.count_label = QLabel()
    window.count_label.setObjectName("countLabel")
    window.station_label = QLabel(window._station_text())
    window.user_label = QLabel(window.tr("操作人：{name}").format(name=settings.user_name()))
    window.db_label = QLabel(window._db_text())
    for label in (window.count_label, window.station_label, window.user_label, window.db_label):
        bar.addPermanentWidget(label)

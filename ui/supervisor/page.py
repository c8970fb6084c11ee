"""The supervisor's 市局监督 page: stations and keys, importing packages, the city-wide case list, conflicts.

Everything here reads through :mod:`adjudicator.sync` and never edits a station's rows: the
city-wide list is read-only, a supervisor's own input is a review note or a flag (监督意见), and
a conflict is decided by keeping one of its two versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases.inputs import CASE_KINDS, CASE_STATUSES
from adjudicator.database import Database
from adjudicator.sync.export import ExportResult, export_reference
from adjudicator.sync.importer import ImportRun, import_packages
from adjudicator.sync.keys import register_station
from adjudicator.sync.supervision import (
    add_note,
    city_cases,
    import_history,
    list_conflicts,
    resolve_conflict,
    set_stale_days,
    stale_days,
    station_status,
)
from ui.errors import show_exception
from ui.supervisor.common import (
    KEY_FILTER,
    PACKAGE_FILTER,
    ImportSummaryDialog,
    choose_open,
    choose_save,
    fill_table,
    read_only_table,
)
from ui.supervisor.station_menu import insert_menu
from ui.worker import run_in_background


def _when(value: Any) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else ""


class SupervisorPage(QWidget):
    """The 市局监督 page (see the module docstring)."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.setObjectName("supervisorPage")
        self.last_summary: ImportSummaryDialog | None = None

        self.import_button = QPushButton(self.tr("导入数据包…"))
        self.import_button.setObjectName("importPackagesButton")
        self.import_button.clicked.connect(lambda: self.import_files())
        self.register_button = QPushButton(self.tr("登记裁决所公钥…"))
        self.register_button.setObjectName("registerStationButton")
        self.register_button.clicked.connect(self.register_key)
        self.reference_button = QPushButton(self.tr("导出参考数据包…"))
        self.reference_button.setObjectName("exportReferenceButton")
        self.reference_button.clicked.connect(self.export_reference)
        self.stale_spin = QSpinBox()
        self.stale_spin.setObjectName("staleDays")
        self.stale_spin.setRange(1, 365)
        self.stale_spin.setValue(stale_days(db))
        self.stale_spin.setSuffix(self.tr(" 天"))
        self.stale_spin.valueChanged.connect(self._stale_changed)
        bar = QHBoxLayout()
        for w in (self.import_button, self.register_button, self.reference_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("超过")))
        bar.addWidget(self.stale_spin)
        bar.addWidget(QLabel(self.tr("未收到数据即提醒")))

        self.warning = QLabel()
        self.warning.setObjectName("staleWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.stations = read_only_table("stationTable")
        self.history = read_only_table("importHistory")

        self.tabs = QTabWidget()
        self.tabs.setObjectName("supervisorTabs")
        stations_tab = QWidget()
        layout = QVBoxLayout(stations_tab)
        layout.addWidget(self.warning)
        layout.addWidget(self.stations, 3)
        layout.addWidget(QLabel(self.tr("导入记录")))
        layout.addWidget(self.history, 2)
        self.tabs.addTab(stations_tab, self.tr("裁决所与导入"))
        self.cases_panel = CityCasesPanel(db, self)
        self.tabs.addTab(self.cases_panel, self.tr("全市案件"))
        self.conflicts_panel = ConflictsPanel(db, self)
        self.tabs.addTab(self.conflicts_panel, self.tr("冲突"))

        main = QVBoxLayout(self)
        main.addLayout(bar)
        main.addWidget(self.tabs)
        self.refresh()

    def refresh(self) -> None:
        rows = station_status(self.db)
        fill_table(self.stations, [self.tr("代码"), self.tr("裁决所"), self.tr("公钥指纹"), self.tr("最近导入"),
                                   self.tr("序号"), self.tr("案件数"), self.tr("提醒")],
                   [[r.code, r.name, r.fingerprint or self.tr("未登记"), _when(r.last_import) or self.tr("从未导入"),
                     str(r.last_sequence or ""), f"{r.cases:,}",
                     (self.tr("已 {n} 天未收到数据").format(n=r.days_silent) if r.days_silent is not None
                      else self.tr("从未收到数据")) if r.stale else ""] for r in rows])
        stale = [r for r in rows if r.stale]
        self.warning.setText(self.tr("请联系：{names}").format(names="、".join(
            f"{r.name}（{r.days_silent} 天）" if r.days_silent is not None else f"{r.name}（从未收到）"
            for r in stale)) if stale else "")
        self.warning.setVisible(bool(stale))
        fill_table(self.history, [self.tr("导入时间"), self.tr("裁决所"), self.tr("序号"), self.tr("新增"),
                                  self.tr("更新"), self.tr("冲突"), self.tr("导入人"), self.tr("文件")],
                   [[_when(h["imported_at"]), h["station"], str(h["sequence"]), f"{h['totals'].get('new', 0):,}",
                     f"{h['totals'].get('updated', 0):,}", str(h["totals"].get("conflicts", 0)), h["imported_by"],
                     h["file"]] for h in import_history(self.db)])
        conflicts = self.conflicts_panel.refresh()
        self.tabs.setTabText(2, self.tr("冲突（{n}）").format(n=conflicts) if conflicts else self.tr("冲突"))

    def _stale_changed(self, days: int) -> None:
        set_stale_days(self.db, days)
        self.refresh()

    def import_files(self, paths: list[Path] | None = None) -> None:
        paths = paths or choose_open(self, self.tr("选择裁决所的数据包"), PACKAGE_FILTER, many=True)
        if paths:
            run_in_background(import_packages, self.db, paths, parent=self, on_success=self._imported,
                              progress_title=self.tr("正在导入数据包…"))

    def _imported(self, run: ImportRun) -> None:
        self.refresh()
        self.cases_panel.refresh()
        window = self.window()
        if hasattr(window, "cases"):
            window.cases.refresh()
        self.last_summary = ImportSummaryDialog(run, self)
        self.last_summary.show()

    def register_key(self) -> None:
        paths = choose_open(self, self.tr("选择裁决所的公钥文件"), KEY_FILTER)
        if not paths:
            return
        try:
            info = register_station(self.db, paths[0])
        except Exception as exc:  # noqa: BLE001 - a sentence, not a crash
            show_exception(self, exc)
            return
        self.refresh()
        self.warning.setVisible(True)
        self.warning.setStyleSheet("")
        self.warning.setText(self.tr("已登记 {name} 的公钥，指纹 {fp}：请电话与该所核对。").format(
            name=info.name, fp=info.fingerprint))

    def export_reference(self) -> None:
        target = choose_save(self, self.db, self.tr("导出参考数据包"), "市局参考数据.zip", PACKAGE_FILTER)
        if target is None:
            return

        def done(result: ExportResult) -> None:
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(self.tr("已导出参考数据包：{path}").format(path=result.path), 15000)

        run_in_background(export_reference, self.db, target, parent=self, on_success=done,
                          progress_title=self.tr("正在导出参考数据包…"))


class CityCasesPanel(QWidget):
    """Every station's cases, read-only, with the station column and filter; notes and flags."""

    LIMIT = 2000

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.station_combo = QComboBox()
        self.station_combo.setObjectName("stationFilter")
        self.station_combo.addItem(self.tr("全部裁决所"), "")
        from adjudicator.stations.registry import registry

        for info in registry(db):
            self.station_combo.addItem(f"{info.code} {info.name}", info.code)
        self.station_combo.currentIndexChanged.connect(self.refresh)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("cityFilter")
        self.filter_edit.setPlaceholderText(self.tr("按案号、当事人、专利号筛选"))
        self.filter_edit.returnPressed.connect(self.refresh)
        self.note_button = QPushButton(self.tr("监督意见…"))
        self.note_button.setObjectName("addNoteButton")
        self.note_button.clicked.connect(lambda: self.add_note())
        self.count = QLabel()
        self.table = read_only_table("cityCaseTable")
        top = QHBoxLayout()
        top.addWidget(self.station_combo)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.rows: list[Any] = []
        self.refresh()

    def refresh(self) -> None:
        self.rows, total = city_cases(self.db, station=self.station_combo.currentData() or None,
                                      text=self.filter_edit.text(), limit=self.LIMIT)
        fill_table(self.table, [self.tr("裁决所"), self.tr("案号"), self.tr("类型"), self.tr("当事人"),
                                self.tr("收到日期"), self.tr("状态"), self.tr("承办人"), self.tr("标记")],
                   [[r.station, r.case_no, CASE_KINDS.get(r.kind, r.kind), r.parties, str(r.received_on),
                     CASE_STATUSES.get(r.status, r.status), r.handler, "⚑" if r.flagged else ""] for r in self.rows])
        shown = len(self.rows)
        self.count.setText(self.tr("共 {n} 件").format(n=f"{total:,}") if shown == total else
                           self.tr("共 {n} 件，显示最新的 {m} 件").format(n=f"{total:,}", m=f"{shown:,}"))

    def selected(self) -> Any:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def add_note(self, text: str | None = None, flagged: bool = True) -> None:
        case = self.selected()
        if case is None:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(self, self.tr("监督意见"),
                                                     self.tr("{case_no} 的监督意见（案件同时标记）：").format(
                                                         case_no=case.case_no))
            if not ok:
                return
        try:
            add_note(self.db, case.id, text, flagged=flagged)
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)
            return
        self.refresh()


class ConflictsPanel(QWidget):
    """Rows changed both here and by their station: keep one version of each."""

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.table = read_only_table("conflictTable")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_station = QPushButton(self.tr("保留裁决所的版本"))
        self.keep_station.setObjectName("keepStationButton")
        self.keep_station.clicked.connect(lambda: self.resolve("station"))
        self.keep_here = QPushButton(self.tr("保留市局的版本"))
        self.keep_here.setObjectName("keepSupervisorButton")
        self.keep_here.clicked.connect(lambda: self.resolve("supervisor"))
        hint = QLabel(self.tr("这些记录在市局被改动过，裁决所随后又改动了它们。案件数据归裁决所所有，通常应保留裁决所的版本。"))
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_station)
        buttons.addWidget(self.keep_here)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._show_details)
        self.conflicts: list[Any] = []

    def refresh(self) -> int:
        self.conflicts = list_conflicts(self.db)
        fill_table(self.table, [self.tr("案号"), self.tr("数据"), self.tr("裁决所"), self.tr("发现时间"),
                                self.tr("不同的字段")],
                   [[c.case_no, c.table_name, c.station, _when(c.detected_at),
                     "、".join(f for f, _a, _b in c.differences)] for c in self.conflicts])
        self._show_details()
        return len(self.conflicts)

    def _show_details(self) -> None:
        row = self.table.currentRow()
        has = 0 <= row < len(self.conflicts)
        self.keep_station.setEnabled(has)
        self.keep_here.setEnabled(has)
        if not has:
            self.details.setText("")
            return
        c = self.conflicts[row]
        self.details.setText("\n".join(self.tr("{field}：市局 {here} ／ 裁决所 {station}").format(
            field=f, here=a, station=b) for f, a, b in c.differences))

    def resolve(self, keep: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        try:
            resolve_conflict(self.db, self.conflicts[row].id, keep)
        except Exception as exc:  # noqa: BLE001
            show_exception(self, exc)
        page = self.parent()
        while page is not None and not isinstance(page, SupervisorPage):
            page = page.parent()
        if page is not None:
            page.refresh()
        else:
            self.refresh()


def install_supervisor(window: Any) -> None:
    """The 市局监督 page and the supervisor's 数据交换 menu on a supervisor database's window."""
    page = SupervisorPage(window.db, window)
    window.supervisor_page = page
    window.add_page(page, window.tr("市局监督"))
    window.act_new.setEnabled(False)  # a supervisor registers no cases, and deletes or restores none
    for action in (window.act_new, window.act_delete, window.act_restore):
        action.setVisible(False)
    menu = insert_menu(window, window.tr("数据交换(&S)"))
    menu.setObjectName("supervisorMenu")
    for text, slot in ((window.tr("导入数据包…"), page.import_files),
                       (window.tr("登记裁决所公钥…"), page.register_key),
                       (window.tr("导出参考数据包…"), page.export_reference)):
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())

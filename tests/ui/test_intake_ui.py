"""Clicking through intake: the import dialog (accept, cancel), the 批量办理 menu, the 电商速办 tab."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from adjudicator.cases.service import get_case, list_cases
from adjudicator.demo.referrals import referral_rows, write_referral_xlsx
from adjudicator.documents import service as D
from adjudicator.intake.batch import set_assignment
from adjudicator.intake.track import ecommerce_track
from adjudicator.procedure.service import load_procedure
from adjudicator.store import Database
from tests.core.referral_sheets import LEGAL_AID_HEADER, good_row, write_xlsx
from tests.core.test_intake import dump
from tests.ui.conftest import DialogRecorder
from tests.ui.helpers import open_window
from ui.intake.batch_dialogs import BatchAssignDialog, BatchEventDialog, BatchNoticeDialog, BatchSummaryDialog
from ui.intake.import_dialog import ImportDialog
from ui.intake.track_tab import TrackTab
from ui.main_window import MainWindow


def referral_list(tmp_path: Path, n: int = 6) -> Path:
    rows = [good_row(i) for i in range(n)]
    rows[1][10] = rows[1][10][:-1] + ("0" if rows[1][10][-1] != "0" else "1")  # a wrong check character
    rows[4][1] = rows[2][1]                                                      # a repeated complaint
    return write_xlsx(tmp_path / "移交清单.xlsx", LEGAL_AID_HEADER, rows, title="2026年10月维权援助平台移交清单")


def import_dialog(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    window.intake.act_import.trigger()  # type: ignore[attr-defined]
    dialog = window.intake.last_import  # type: ignore[attr-defined]
    assert isinstance(dialog, ImportDialog) and dialog.isVisible()
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("legal_aid"))
    dialog.load_file(path)
    return dialog


def test_import_dialog_previews_marks_bad_cells_and_imports(qtbot: QtBot, station_db: Database,
                                                            tmp_path: Path) -> None:
    window = open_window(qtbot, station_db)
    dialog = import_dialog(qtbot, window, referral_list(tmp_path))
    preview = dialog.preview
    assert preview is not None and preview.sheet.header_row == 2
    assert "有效 4 行，将登记为 4 件案件；有问题 1 行；重复投诉 1 行" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "导入 4 件案件（4 条投诉），跳过 2 行"
    patent_col = LEGAL_AID_HEADER.index("专利号") + 2
    assert "校验位" in dialog.model.problem_at(1, patent_col)
    assert dialog.model.index(1, patent_col).data(Qt.ItemDataRole.ToolTipRole).startswith("专利号校验位")
    assert dialog.model.index(4, 1).data() == "重复，跳过"
    assert dialog.problem_list.count() >= 2
    dialog.problem_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.problem_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.problem_list.visualItemRect(dialog.problem_list.item(0)).center())
    assert dialog.table.currentIndex().row() == 1 and dialog.table.currentIndex().column() == patent_col

    notes = dialog.mapping_combo(LEGAL_AID_HEADER.index("备注"))
    assert notes.currentData() == "notes"
    notes.setCurrentIndex(notes.findData(""))  # the clerk decides not to import the remarks
    assert dialog.preview is not None and LEGAL_AID_HEADER.index("备注") not in dialog.preview.mapping

    with qtbot.waitSignal(dialog.imported) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    ids = imported.args[0]
    assert len(ids) == 4 and not dialog.isVisible()
    assert len(list_cases(station_db)) == 4
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == 4, timeout=8000)
    assert set(window.cases.selected_ids()) == set(ids)
    dialog.grab().save(str(tmp_path / "intake-dialog.png"))

    # The same body's next list (same headings): it opens as the clerk left the last one, source and all.
    window.intake.act_import.trigger()  # type: ignore[attr-defined]
    again = window.intake.last_import  # type: ignore[attr-defined]
    assert again is not dialog and again.source == "platform"
    again.load_file(write_xlsx(tmp_path / "next.xlsx", LEGAL_AID_HEADER,
                               [good_row(i, complaint_no=f"WQ2026-9{i:04d}") for i in range(6, 9)]))
    assert again.preview is not None and again.source == "legal_aid"
    assert again.mapping_combo(LEGAL_AID_HEADER.index("备注")).currentData() == ""
    assert LEGAL_AID_HEADER.index("备注") not in again.preview.mapping
    qtbot.mouseClick(again.cancel_button, Qt.MouseButton.LeftButton)


def test_cancelling_the_import_dialog_creates_nothing(qtbot: QtBot, station_db: Database, tmp_path: Path) -> None:
    window = open_window(qtbot, station_db)
    before = dump(station_db)
    dialog = import_dialog(qtbot, window, referral_list(tmp_path))
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dump(station_db) == before


def test_a_file_that_is_not_a_spreadsheet_is_a_sentence(qtbot: QtBot, station_db: Database, tmp_path: Path,
                                                        boxes: DialogRecorder) -> None:
    window = open_window(qtbot, station_db)
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    before = dump(station_db)
    dialog = import_dialog(qtbot, window, path)
    assert dialog.preview is None and not dialog.import_button.isEnabled()
    assert "不是电子表格" in dialog.summary.text()
    assert dump(station_db) == before


def imported_window(qtbot: QtBot, db: Database, tmp_path: Path, n: int = 5) -> tuple[MainWindow, list[object]]:
    window = open_window(qtbot, db)
    dialog = import_dialog(qtbot, window, write_xlsx(tmp_path / "l.xlsx", LEGAL_AID_HEADER,
                                                     [good_row(i) for i in range(n)]))
    with qtbot.waitSignal(dialog.imported) as imported:
        dialog.start_import()
    qtbot.waitUntil(lambda: len(window.cases.selected_ids()) == n, timeout=8000)
    return window, imported.args[0]


def click_later(qtbot: QtBot, dialog: QDialog, accept: bool) -> None:
    button = dialog.ok_button if accept else dialog.buttons.button(dialog.buttons.StandardButton.Cancel)  # type: ignore[attr-defined]
    QTimer.singleShot(0, lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton))


def test_batch_menu_records_an_event_and_cancel_changes_nothing(qtbot: QtBot, station_db: Database,
                                                                tmp_path: Path) -> None:
    window, ids = imported_window(qtbot, station_db, tmp_path)
    intake = window.intake  # type: ignore[attr-defined]
    assert intake.menu.title() == "批量办理(&B)" and all(a.isEnabled() for a in intake.batch_actions)
    assert intake.act_event in window.cases.view.actions()

    before = dump(station_db)
    dialog = BatchEventDialog(len(ids), window)
    dialog.set_kind("filed")
    click_later(qtbot, dialog, accept=False)
    intake.batch_event(dialog=dialog)
    assert dump(station_db) == before

    dialog = BatchEventDialog(len(ids), window)
    dialog.set_kind("filed")
    dialog.day.setDate(QDate(2026, 11, 2))
    click_later(qtbot, dialog, accept=True)
    intake.batch_event(dialog=dialog)
    summary = intake.runner.summary
    assert isinstance(summary, BatchSummaryDialog)
    assert summary.heading.text() == "登记“立案”：5 件完成。"
    assert {load_procedure(station_db, i).status for i in ids} == {"filed"}

    window.cases.view.clearSelection()
    assert not any(a.isEnabled() for a in intake.batch_actions)


def test_batch_notices_are_saved_per_case_and_printed_as_one_job(qtbot: QtBot, station_db: Database,
                                                                 tmp_path: Path) -> None:
    window, ids = imported_window(qtbot, station_db, tmp_path, n=4)
    intake = window.intake  # type: ignore[attr-defined]
    dialog = BatchEventDialog(len(ids), window)
    dialog.set_kind("filed")
    dialog.day.setDate(QDate(2026, 11, 2))
    click_later(qtbot, dialog, accept=True)
    intake.batch_event(dialog=dialog)
    set_assignment(station_db, ids, panel=["王建国", "李明", "赵敏"])  # the answer notice names the panel
    window.cases.refresh()  # changed behind the list: the notices carry the versions it shows
    window.cases.view.selectAll()

    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    intake.printer = printer
    dialog = BatchNoticeDialog(len(ids), window)
    assert dialog.document_kind == "answer-notice"
    dialog.day.setDate(QDate(2026, 11, 4))
    dialog.folder.setText(str(tmp_path / "文书"))
    click_later(qtbot, dialog, accept=True)
    intake.batch_notice(dialog=dialog)
    summary = intake.runner.summary
    assert summary.heading.text().startswith("出具答辩通知书：4 件完成。")
    assert "已作为一个打印任务打印" in summary.heading.text()
    files = sorted(p.name for p in (tmp_path / "文书").iterdir())
    assert len(files) == 5 and any(name.startswith("合并打印-答辩通知书-2026-11-04") for name in files)
    numbers = sorted(d.number for i in ids for d in D.list_documents(station_db, i))  # type: ignore[arg-type]
    assert numbers == sorted(f"呼新市监专答字〔2026〕{n}号" for n in range(1, 5))
    pages = sum(D.find_document(station_db, n).pages for n in numbers if n)
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) == pages


def test_batch_assign_sets_handler_and_panel(qtbot: QtBot, station_db: Database, tmp_path: Path,
                                             boxes: DialogRecorder) -> None:
    window, ids = imported_window(qtbot, station_db, tmp_path, n=3)
    intake = window.intake  # type: ignore[attr-defined]
    dialog = BatchAssignDialog(len(ids), window)
    qtbot.keyClicks(dialog.handler, "LiMing")
    dialog.panel_check.setChecked(True)
    dialog.panel.setText("王建国、李明、赵敏")
    click_later(qtbot, dialog, accept=True)
    intake.batch_assign(dialog=dialog)
    assert intake.runner.summary.heading.text() == "设置承办人、合议组：3 件完成。"
    for case_id in ids:
        case = get_case(station_db, case_id)  # type: ignore[arg-type]
        assert (case.handler, case.panel) == ("LiMing", ("王建国", "李明", "赵敏"))
    dialog = BatchAssignDialog(len(ids), window)
    click_later(qtbot, dialog, accept=True)
    intake.batch_assign(dialog=dialog)
    assert boxes.errors[-1] == "请勾选并填写承办人或合议组。"


def test_an_ecommerce_case_opens_on_its_quick_track(qtbot: QtBot, station_db: Database, tmp_path: Path) -> None:
    import ui.documents_tab
    import ui.timeline_tab  # noqa: F401

    window, ids = imported_window(qtbot, station_db, tmp_path, n=1)
    editor = window.open_case(ids[0])  # type: ignore[arg-type]
    assert editor is not None
    tab = editor.tabs.currentWidget()
    assert isinstance(tab, TrackTab) and editor.tabs.tabText(editor.tabs.currentIndex()) == "电商速办"
    assert "WQ2026-00001" in tab.complaints.text() and "https://item.example-mall.cn/" in tab.links.text()
    assert tab.event_button.text() == "登记“立案”…"
    assert tab.document_button.text() == "制作《立案通知书》…"

    tab.forwarded.setDate(QDate(2026, 9, 20))
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert "15 日期限至 2026-10-08" in tab.clock_text.text() and "在期限内" in tab.clock_text.text()
    view = ecommerce_track(station_db, ids[0])  # type: ignore[arg-type]
    assert view.clock is not None and view.clock.forwarded_on == date(2026, 9, 20)

    def accept_event() -> None:
        dialog = tab.last_dialog
        assert dialog.kind.currentData() == "filed"
        dialog.date.setDate(QDate(2026, 10, 9))
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, accept_event)
    qtbot.mouseClick(tab.event_button, Qt.MouseButton.LeftButton)
    assert load_procedure(station_db, ids[0]).status == "filed"  # type: ignore[arg-type]
    assert tab.event_button.text() == "登记“送达请求书副本”…"
    qtbot.mouseClick(tab.document_button, Qt.MouseButton.LeftButton)
    assert type(editor.tabs.currentWidget()).__name__ == "DocumentsTab"
    editor.tabs.setCurrentWidget(tab)
    tab.grab().save(str(tmp_path / "track.png"))
    editor.close()


def test_fifty_complaints_in_twenty_answer_notices_out(qtbot: QtBot, station_db: Database, tmp_path: Path) -> None:
    """Issue #15 done-when, in the widgets: a list of 50 complaints (bad rows, repeats) becomes the right cases,
    and answer notices for 20 of them are issued and printed in one action."""
    rows = referral_rows(50, bad=4, duplicates=3)
    path = write_referral_xlsx(tmp_path / "维权援助平台移交清单.xlsx", rows, title="2026年10月维权援助平台移交清单")
    window = open_window(qtbot, station_db)
    dialog = import_dialog(qtbot, window, path)
    preview = dialog.preview
    assert preview is not None
    assert (preview.count("valid"), preview.count("invalid"), preview.count("duplicate")) == (43, 4, 3)
    planned = len(preview.cases)
    assert planned < 43  # same holder, shop and patent: one case with several listings
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(imported.args[0]) == planned == len(list_cases(station_db))

    qtbot.waitUntil(lambda: window.cases.model.rowCount() == planned, timeout=8000)
    view = window.cases.view
    view.clearSelection()
    model = window.cases.model
    view.selectionModel().select(QItemSelection(model.index(0, 0), model.index(19, model.columnCount() - 1)),
                                 QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    chosen = window.cases.selected_ids()
    assert len(chosen) == 20
    intake = window.intake  # type: ignore[attr-defined]
    event = BatchEventDialog(20, window)
    event.set_kind("filed")
    event.day.setDate(QDate(2026, 11, 30))  # the list's complaints were received from 10-08 to mid-November
    click_later(qtbot, event, accept=True)
    intake.batch_event(dialog=event)
    assert intake.runner.summary.heading.text().startswith("登记“立案”：20 件完成。")
    set_assignment(station_db, chosen, panel=["王建国", "李明", "赵敏"])
    window.cases.refresh(select=chosen)  # changed behind the list: the notices carry the versions it shows

    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    intake.printer = printer
    notices = BatchNoticeDialog(20, window)
    assert notices.document_kind == "answer-notice"
    notices.day.setDate(QDate(2026, 12, 1))
    notices.folder.setText(str(tmp_path / "文书"))
    click_later(qtbot, notices, accept=True)
    intake.batch_notice(dialog=notices)
    assert intake.runner.summary.heading.text().startswith("出具答辩通知书：20 件完成。")
    numbers = sorted(d.number for i in chosen for d in D.list_documents(station_db, i))  # type: ignore[arg-type]
    assert len(numbers) == 20 == len(set(numbers))
    pages = sum(D.find_document(station_db, n).pages for n in numbers if n)
    assert len(PdfReader(io.BytesIO(printed.read_bytes())).pages) == pages
    assert len(list((tmp_path / "文书").iterdir())) == 21  # one PDF per case and the combined print file

"""A clerk's working day through the real widgets, from first run to reading the history.

First run; a new e-commerce case with two parties and a patent (received in September, so that its
hearing has been held by the day the test runs); events from filing to the hearing held; the filing
notice, answer notice and hearing notice issued; the decision refused while the hearing is not yet
recorded, then issued and printed to a PDF printer; a service recorded; evidence added and its list
printed; the case deleted (warned of its decision) and restored; the history read. At each step the
test asserts what the clerk sees, and at the end that no error box opened and no code or identifier
reached the screen.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as S
from adjudicator.store import open_database
from tests.ui.helpers import choose, fill_new_case, type_into
from ui.documents_tab import DocumentsTab, ServiceDialog
from ui.editor import CaseEditor
from ui.event_dialog import EventDialog
from ui.evidence_tab import EvidenceTab
from ui.first_run import FirstRunDialog, ensure_identity
from ui.main_window import MainWindow
from ui.timeline_tab import TimelineTab

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-")
_CODE = re.compile(r"\b(draft|issued|voided|direct|filing-notice|answer-notice|hearing-notice|decision|"
                   r"document_id|ecommerce|requester|respondent)\b")


def _pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _record_event(qtbot: QtBot, tab: TimelineTab, monkeypatch: pytest.MonkeyPatch, kind: str, day: date,
                  received: date | None = None, **details: Any) -> None:
    """添加事件… as the clerk fills it: the kind, the date, the date received, the details; then 保存."""
    def fill(dialog: EventDialog) -> bool:
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        dialog.date.setDate(QDate(day.year, day.month, day.day))
        if received is not None:
            dialog.received.set_value(received)
        for key, value in details.items():
            dialog.set_detail(key, value)
        saved = dialog.save()
        assert saved, dialog.error.text()
        return saved

    monkeypatch.setattr(EventDialog, "exec", fill)
    tab.add_button.click()


def _new_draft(tab: DocumentsTab, kind: str) -> None:
    tab.kind_box.setCurrentIndex(tab.kind_box.findData(kind))
    new = next(b for b in tab.findChildren(QPushButton) if b.text() == "新建草稿")
    new.click()


def _issue(qtbot: QtBot, tab: DocumentsTab, kind: str, **fields: str) -> str:
    """Draft ``kind``, fill what is asked, see nothing missing, 出具; returns the number in the list."""
    _new_draft(tab, kind)
    for key, value in fields.items():
        editor = tab.editors[key]
        if hasattr(editor, "setPlainText"):
            editor.setPlainText(value)  # type: ignore[union-attr]
        else:
            type_into(qtbot, editor, value)  # type: ignore[arg-type]
    tab.refresh_preview()
    assert tab.missing.text() == "", tab.missing.text()
    assert tab.issue_button.isEnabled()
    tab.issue_button.click()
    assert tab.current is not None and tab.current.status == "issued"
    return tab.current.number or ""


def _visible_words(widget: Any) -> str:
    from PySide6.QtWidgets import QLabel, QTreeWidget

    words = [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]
    for tree in widget.findChildren(QTreeWidget):
        stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            words += [item.text(c) for c in range(tree.columnCount())]
            stack += [item.child(i) for i in range(item.childCount())]
    return "\n".join(words)


def test_a_clerks_day(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Any) -> None:
    # -- first run: the station, confirmed by name, and the clerk's name ------------------------------
    from ui import dialogs, settings

    settings.set_user_name("")
    db = open_database(tmp_path / "station.db")

    def first_run(dialog: FirstRunDialog) -> int:
        dialog.select_station("01")
        assert "新城区知识产权行政裁决所" in dialog.chosen.text()
        type_into(qtbot, dialog.name_edit, "王小红")
        dialog.buttons.accepted.emit()
        return int(dialog.result())

    monkeypatch.setattr(FirstRunDialog, "exec", first_run)
    assert ensure_identity(db)
    assert db.actor == "王小红" and "不能更改" in boxes.confirms[-1]

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.cases.load()
    assert window.windowTitle() == "新城区知识产权行政裁决所"

    # -- a new e-commerce case: two parties, the patent, the panel ------------------------------------
    editor = window.new_case()
    assert isinstance(editor, CaseEditor)
    info = editor.case_info
    choose(info.kind, "ecommerce")
    choose(info.source, "platform")
    info.received_on.setDate(QDate(2026, 9, 1))
    type_into(qtbot, info.panel, "王建国、李明、赵敏")
    assert "须填写" in info.panel_field.hint.text()
    fill_new_case(qtbot, editor)
    editor.tabs.setCurrentWidget(editor.patent)
    type_into(qtbot, editor.patent.title, "一种便携式手机支架")
    editor.patent.application_date.edit.setText("2016年3月3日")
    editor.tabs.setCurrentWidget(editor.ecommerce)
    editor.ecommerce.platform.setEditText("淘宝")
    type_into(qtbot, editor.ecommerce.shop, "小明数码专营店")
    editor.ecommerce.links.setPlainText("item.taobao.com/item.htm?id=612345678901")
    editor.save_button.click()
    assert editor.case is not None, editor.problems
    case_id = editor.case.id
    case_no = editor.case.case_no
    assert editor.windowTitle() == f"{case_no}[*]"
    saved = S.get_case(db, case_id)
    assert saved.patent is not None and saved.patent.application_date == date(2016, 3, 3)
    assert saved.ecommerce is not None and saved.ecommerce.listing_links[0].startswith("https://item.taobao.com/")

    # -- events from filing to the hearing ---------------------------------------------------------------
    timeline = editor.findChild(TimelineTab)
    assert timeline is not None
    _record_event(qtbot, timeline, monkeypatch, "filed", date(2026, 9, 3))
    _record_event(qtbot, timeline, monkeypatch, "request_served", date(2026, 9, 7), date(2026, 9, 8),
                  method="direct")
    _record_event(qtbot, timeline, monkeypatch, "hearing_scheduled", date(2026, 9, 10),
                  hearing_on="2026-10-13", time="上午9时30分", place="本局第一审理室")
    assert timeline.events.topLevelItemCount() == 4  # 收到请求 and the three recorded
    deadlines = _visible_words(timeline)
    # 10-12 Monday, 10-10 the National Day make-up Saturday, 10-09 Friday: three working days before.
    assert "须于 2026-10-09 以前送达（口头审理日前 3 个工作日）" in deadlines
    assert "剩 " not in deadlines.replace("还剩 ", "")  # every remaining time is 还剩 …, in its unit

    # -- the documents: three notices and the decision, issued; the decision printed -----------------------
    docs = editor.findChild(DocumentsTab)
    assert docs is not None
    filing_no = _issue(qtbot, docs, "filing-notice")
    answer_no = _issue(qtbot, docs, "answer-notice")
    hearing_no = _issue(qtbot, docs, "hearing-notice")
    # The decision waits for the hearing: the tab says so before offering 出具.
    _new_draft(docs, "decision")
    assert "尚未登记“进行口头审理”" in docs.missing.text() and not docs.issue_button.isEnabled()
    docs.discard_button.click()
    _record_event(qtbot, timeline, monkeypatch, "hearing_held", date(2026, 10, 13), attendance="双方均到庭")
    assert "进行口头审理" in _visible_words(timeline)
    decision_no = _issue(qtbot, docs, "decision", clerk="王小红",
                         requester_claims="请求责令被请求人立即停止销售侵犯涉案专利权的产品，并删除相关商品链接。",
                         facts="请求人是涉案专利的专利权人。\n被请求人在淘宝店铺销售被控侵权产品。",
                         features="1|底座|底座|相同|\n1|支撑臂|支撑臂|相同|",
                         reasoning="被控侵权产品落入涉案专利权利要求1的保护范围。")
    assert decision_no.startswith("呼新市监专裁字")
    assert all(n.startswith("呼新市监专") for n in (filing_no, answer_no, hearing_no))
    assert len(boxes.confirms) == 6  # the station, each 出具 and the discarded draft: never a refusal after a yes
    docs.list.setCurrentRow(docs.list.count() - 1)
    assert docs.current is not None and docs.current.number == decision_no

    docs.print_button.click()
    preview = docs.print_preview
    pages = preview.document.pageCount()
    assert pages >= 2 and preview.summary.text() == f"共 {pages} 页。"
    printed = tmp_path / "裁决书.pdf"
    preview.print_to(_pdf_printer(printed))
    reader = PdfReader(str(printed))
    assert len(reader.pages) == pages and decision_no in reader.pages[0].extract_text().replace("\n", "")

    # -- a service of the answer notice --------------------------------------------------------------------
    docs.list.setCurrentRow(1)
    assert docs.current is not None and docs.current.number == answer_no

    def serve(dialog: ServiceDialog) -> int:
        type_into(qtbot, dialog.recipient, "张小明")
        dialog.sent.edit.setText(date.today().isoformat())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ServiceDialog, "exec", serve)
    docs.serve_button.click()
    assert docs.served.text().startswith(f"已登记送达：直接送达 张小明 {date.today().isoformat()}")

    # -- evidence added, its list printed --------------------------------------------------------------------
    evidence = editor.findChild(EvidenceTab)
    assert evidence is not None
    shot = tmp_path / "淘宝 商品页面截图 1.png"
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff5000"))
    assert image.save(str(shot))
    evidence.add_files([shot])
    assert evidence.model.rowCount() == 1
    evidence._buttons["print"].click()
    listing = tmp_path / "证据清单.pdf"
    evidence.print_preview.print_to(_pdf_printer(listing))
    assert "淘宝 商品页面截图 1" in "".join(p.extract_text() for p in PdfReader(str(listing)).pages)
    editor.close_button.click()

    # -- delete (warned of the decision) and restore ---------------------------------------------------------
    window.cases.refresh(select=[case_id])
    qtbot.waitUntil(lambda: window.cases.selected_ids() == [case_id])
    warned: list[str] = []

    def confirm(parent: Any, title: str, text: str, accept_label: str, informative: str = "") -> bool:
        warned.append(text + informative)
        return True

    monkeypatch.setattr(dialogs, "confirm", confirm)
    window.act_delete.trigger()
    assert S.get_case(db, case_id).deleted_at is not None
    assert f"已出具 行政裁决书 {decision_no}" in warned[0] or decision_no in warned[0], warned
    window.act_show_deleted.setChecked(True)
    qtbot.waitUntil(lambda: window.cases.select_case(case_id))
    window.act_restore.trigger()
    assert not window.act_show_deleted.isChecked()
    qtbot.waitUntil(lambda: window.cases.selected_ids() == [case_id])

    # -- the history, read ---------------------------------------------------------------------------------
    editor = window.open_case(case_id)
    assert isinstance(editor, CaseEditor)
    editor.tabs.setCurrentWidget(editor.history)
    lines = editor.history.lines()
    for expected in (f"出具 立案通知书 {filing_no}", f"出具 答辩通知书 {answer_no}",
                     f"出具 口头审理通知书 {hearing_no}", f"出具 行政裁决书 {decision_no}",
                     f"直接送达 张小明 {date.today().isoformat()}"):
        assert expected in lines, (expected, lines)
    assert not any("草稿" in line for line in lines)
    shown = _visible_words(editor.history)
    assert not _UUID.search(shown) and not _CODE.search(shown) and "{" not in shown
    assert not boxes.errors, boxes.errors
    editor.close_button.click()
    db.close()

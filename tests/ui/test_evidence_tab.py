"""The evidence tab as a clerk uses it: drop files, describe, preview, cross-examination, print, restart."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from adjudicator.cases import service as case_service
from adjudicator.evidence import service as E
from adjudicator.store import Database, open_database
from tests.core.factories import case_input
from tests.ui.conftest import DialogRecorder
from ui import dialogs, features
from ui.evidence_tab import EvidenceTab


def _desktop_files(tmp_path: Path) -> list[Path]:
    """A screenshot (PNG), a notarial certificate (PDF) and a Word document, named as clerks name them."""
    desk = tmp_path / "桌面"
    desk.mkdir(parents=True)
    png = desk / "淘宝 商品页面截图 1.png"
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff5000"))
    assert image.save(str(png))
    pdf = desk / "（2026）内呼证经字第1234号 公证书.pdf"
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(pdf))
    canvas.drawString(72, 720, "Notarial certificate")
    canvas.showPage()
    canvas.save()
    doc = desk / "代理词 第二稿.docx"
    doc.write_bytes(b"PK\x03\x04 not really a docx")
    return [png, pdf, doc]


def _mime(paths: list[Path]) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return data


@pytest.fixture
def case_id(station_db: Database) -> object:
    return case_service.create_case(station_db, case_input()).id


def _tab(qtbot: QtBot, db: Database, case_id: object) -> EvidenceTab:
    tab = EvidenceTab(db, case_id)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    return tab


def test_dropping_three_files_makes_the_requesters_exhibits_1_to_3(
        qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path, boxes: DialogRecorder) -> None:
    tab = _tab(qtbot, station_db, case_id)
    files = _desktop_files(tmp_path)
    mime = _mime(files)
    assert tab.model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert tab.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert boxes.errors == []
    rows = [(tab.model.index(r, 0).data(), tab.model.index(r, 1).data()) for r in range(tab.model.rowCount())]
    assert rows == [("请求人证据1", "淘宝 商品页面截图 1"), ("请求人证据2", "（2026）内呼证经字第1234号 公证书"),
                    ("请求人证据3", "代理词 第二稿")]
    assert tab.count.text() == "共 3 件"
    views = E.list_exhibits(station_db, case_id)  # type: ignore[arg-type]
    assert [v.files[0].name for v in views] == [p.name for p in files]
    assert not tab.model.canDropMimeData(QMimeData(), Qt.DropAction.CopyAction, -1, -1, QModelIndex())


def test_dropping_onto_a_row_attaches_to_that_exhibit(
        qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path) -> None:
    tab = _tab(qtbot, station_db, case_id)
    png, pdf, _ = _desktop_files(tmp_path)
    tab.model.dropMimeData(_mime([pdf]), Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    tab.model.dropMimeData(_mime([png]), Qt.DropAction.CopyAction, -1, -1, tab.model.index(0, 1))
    assert tab.model.rowCount() == 1 and tab.model.index(0, 4).data() == "2"
    assert tab.preview.files.count() == 2


def test_a_folder_dropped_is_refused_with_a_sentence(
        qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path, boxes: DialogRecorder) -> None:
    tab = _tab(qtbot, station_db, case_id)
    folder = tmp_path / "扫描件 文件夹"
    folder.mkdir()
    tab.model.dropMimeData(_mime([folder]), Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert len(boxes.errors) == 1 and "是一个文件夹，不是文件" in boxes.errors[0]
    assert tab.model.rowCount() == 0


def test_preview_images_pdfs_and_others(qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _tab(qtbot, station_db, case_id)
    files = _desktop_files(tmp_path)
    tab.add_files(files)
    preview = tab.preview
    tab.table.selectRow(0)
    assert preview.stack.currentWidget() is preview.image
    pixmap = preview.image.pixmap()
    assert not pixmap.isNull() and pixmap.width() <= preview.stack.width()
    assert preview.hash.text() == "SHA-256 " + E.list_exhibits(station_db, case_id)[0].files[0].sha256  # type: ignore[arg-type]
    tab.table.selectRow(1)
    assert preview.stack.currentWidget() is preview.pdf and preview.pdf_document.pageCount() == 1
    tab.table.selectRow(2)
    assert preview.stack.currentWidget() is preview.message and "不能在此预览" in preview.message.text()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    preview.open_button.click()
    copy = Path(opened[0].toLocalFile())
    sha = E.list_exhibits(station_db, case_id)[2].files[0].sha256  # type: ignore[arg-type]
    assert copy.name == f"{sha[:12]}-代理词 第二稿.docx" and copy.read_bytes() == files[2].read_bytes()


def test_cross_examination_and_finding_survive_a_restart(
        qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path) -> None:
    tab = _tab(qtbot, station_db, case_id)
    tab.add_files(_desktop_files(tmp_path))
    tab.table.selectRow(1)
    form = tab.form
    form.purpose.setPlainText("证明被请求人销售被控侵权产品。")
    form.cross_exam.setPlainText("被请求人对公证书真实性无异议，对关联性有异议。")
    form.finding.setCurrentIndex(form.finding.findData("partly"))
    form.finding_reason.setPlainText("真实性予以确认。")
    form.notarised.click()
    assert form.dirty and form.save_button.isEnabled()
    form.save_button.click()
    assert not form.dirty and tab.model.index(1, 6).data() == "部分采信"
    path = station_db.path
    station_db.close()

    again = open_database(path)
    restarted = _tab(qtbot, again, case_id)
    restarted.table.selectRow(1)
    assert restarted.form.heading.text() == "请求人证据2"
    assert restarted.form.cross_exam.toPlainText() == "被请求人对公证书真实性无异议，对关联性有异议。"
    assert restarted.form.finding.currentData() == "partly" and restarted.form.notarised.isChecked()
    assert restarted.preview.stack.currentWidget() is restarted.preview.pdf
    again.close()


def test_unsaved_edits_are_not_lost_silently(qtbot: QtBot, station_db: Database, case_id: object,
                                             tmp_path: Path, boxes: DialogRecorder) -> None:
    tab = _tab(qtbot, station_db, case_id)
    tab.add_files(_desktop_files(tmp_path)[:2])
    tab.table.selectRow(0)
    tab.form.cross_exam.setPlainText("无异议")
    boxes.save_answer = dialogs.SaveChoice.CANCEL
    tab.table.selectRow(1)
    assert boxes.save_questions == 1 and tab.form.heading.text() == "请求人证据1" and tab.form.dirty
    boxes.save_answer = dialogs.SaveChoice.SAVE
    tab.table.selectRow(1)
    assert tab.form.heading.text() == "请求人证据2"
    assert E.list_exhibits(station_db, case_id)[0].cross_exam == "无异议"  # type: ignore[arg-type]


def test_reorder_renumber_and_filter(qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path,
                                     boxes: DialogRecorder) -> None:
    tab = _tab(qtbot, station_db, case_id)
    tab.add_files(_desktop_files(tmp_path))
    tab.table.selectRow(2)
    tab._buttons["up"].click()
    assert [tab.model.index(r, 0).data() for r in range(3)] == ["请求人证据1", "请求人证据3", "请求人证据2"]
    assert tab.current() is not None and tab.current().label == "请求人证据3"  # type: ignore[union-attr]
    tab._buttons["renumber"].click()
    assert boxes.confirms and [tab.model.index(r, 1).data() for r in range(3)] == [
        "淘宝 商品页面截图 1", "代理词 第二稿", "（2026）内呼证经字第1234号 公证书"]
    assert [tab.model.index(r, 0).data() for r in range(3)] == ["请求人证据1", "请求人证据2", "请求人证据3"]
    tab.filter.setCurrentIndex(tab.filter.findData("respondent"))
    tab.filter.activated.emit(tab.filter.currentIndex())
    assert tab.model.rowCount() == 0
    tab.add_files(_desktop_files(tmp_path / "more"))  # dropped while filtering: the respondent's
    assert [tab.model.index(r, 0).data() for r in range(3)] == ["被请求人证据1", "被请求人证据2", "被请求人证据3"]


def test_print_the_evidence_list(qtbot: QtBot, station_db: Database, case_id: object, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    tab = _tab(qtbot, station_db, case_id)
    tab.add_files(_desktop_files(tmp_path))
    target = tmp_path / "证据清单.pdf"
    tab._buttons["print"].click()  # a print preview, not a save dialog
    preview = tab.print_preview
    assert preview.isVisible() and preview.document.pageCount() >= 1
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    preview.print_to(printer)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages).replace("\n", "")
    case_no = case_service.get_case(station_db, case_id).case_no  # type: ignore[arg-type]
    assert case_no in text and "代理词 第二稿" in text and "请求人提交的证据" in text


def test_the_tab_is_registered_with_the_case_editor() -> None:
    assert [f.load() for f in features.CASE_TABS if f.title == "证据"] == [EvidenceTab]


def test_the_case_editor_shows_the_evidence_tab(qtbot: QtBot, station_db: Database, case_id: object) -> None:
    from ui.editor import CaseEditor

    editor = CaseEditor(station_db, case_id)  # type: ignore[arg-type]
    qtbot.addWidget(editor)
    titles = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert "证据" in titles and titles.index("证据") < titles.index("历史记录")
    assert isinstance(editor.tabs.widget(titles.index("证据")), EvidenceTab)

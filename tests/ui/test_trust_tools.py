"""工具 → 校验审计记录: runs the check in the background and shows the verdict in Chinese."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from adjudicator.store import Database
from tests.ui.helpers import add_case, open_window


def _menu_titles(window: object) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]  # type: ignore[attr-defined]


def test_verify_audit_from_the_tools_menu(qtbot: QtBot, station_db: Database) -> None:
    case = add_case(station_db, "甲公司", "张三")
    window = open_window(qtbot, station_db)
    titles = _menu_titles(window)
    assert titles.index("工具(&O)") == titles.index("设置(&T)") - 1
    tools = window.trust.menu
    assert window.trust.act_verify in tools.actions()

    window.trust.act_verify.trigger()
    dialog = window.trust.result_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.verdict.text().startswith("审计记录完好：")
    assert not dialog.details.isVisible()
    dialog.grab().save("/tmp/trust-audit-ok.png")
    dialog.reject()
    assert window.trust.act_verify.isEnabled()

    engine = create_engine(station_db.engine.url)  # an outside SQL tool
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET handler = '王五'"))
    engine.dispose()
    window.trust.act_verify.trigger()
    dialog = window.trust.result_dialog
    assert dialog.verdict.text().startswith("审计记录校验未通过：")
    assert dialog.details.isVisible()
    assert f"案件“{case.case_no}”：承办人（handler）与审计记录不符" in dialog.details.toPlainText()
    dialog.grab().save("/tmp/trust-audit-broken.png")
    dialog.reject()


def test_backup_now_and_restore_through_the_dialog(qtbot: QtBot, station_db: Database, boxes: object) -> None:
    from PySide6.QtCore import Qt

    from adjudicator.cases import service as case_service
    from adjudicator.trust.backups import list_backups

    kept = add_case(station_db, "甲公司", "张三")
    window = open_window(qtbot, station_db)
    window.trust.act_backup.trigger()
    made = window.trust.last_backup
    assert made is not None and made.path.exists() and "已备份到" in window.statusBar().currentMessage()
    later = add_case(station_db, "乙公司", "李四")
    damaged = made.path.with_name(f"{station_db.path.name}.auto-20200101-080000.bak")  # type: ignore[union-attr]
    damaged.write_bytes(made.path.read_bytes()[:5000])

    window.trust.act_restore.trigger()
    dialog = window.trust.restore_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.count() == 2
    dialog.list.setCurrentRow(1)  # the damaged (older) one
    assert "已损坏" in dialog.details.text() and not dialog.restore_button.isEnabled()
    dialog.list.setCurrentRow(0)
    assert dialog.details.text().startswith(f"备份“{made.path.name}”：裁决所 01，案件 1 件")
    assert dialog.restore_button.isEnabled()
    dialog.grab().save("/tmp/trust-restore.png")

    boxes.confirm_answer = False  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(boxes.confirms) == 1 and dialog.isVisible()  # type: ignore[attr-defined]
    assert {c["id"] for c in case_service.list_cases(station_db)} == {kept.id, later.id}

    boxes.confirm_answer = True  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [c["id"] for c in case_service.list_cases(station_db)] == [kept.id]
    assert window.cases.model.case_ids() == [kept.id]
    assert "已从备份恢复" in window.statusBar().currentMessage()
    assert [b.label for b in list_backups(station_db.path)].count("before-restore") == 1  # type: ignore[arg-type]

    window.trust.act_restore.trigger()  # cancelling the dialog changes nothing
    window.trust.restore_dialog.reject()
    assert [c["id"] for c in case_service.list_cases(station_db)] == [kept.id]


def test_automatic_backup_when_the_program_has_started(qtbot: QtBot, station_db: Database) -> None:
    from adjudicator.trust.backups import list_backups

    window = open_window(qtbot, station_db)
    assert list_backups(station_db.path) == []  # type: ignore[arg-type]  # not while building the window
    window.trust.start_auto_backups()
    assert [b.label for b in list_backups(station_db.path)] == ["auto"]  # type: ignore[arg-type]
    assert window.trust.timer.isActive()
    window.trust.start_auto_backups()  # again the same day: nothing new
    assert len(list_backups(station_db.path)) == 1  # type: ignore[arg-type]


def test_verify_a_document_from_the_tools_menu(qtbot: QtBot, station_db: Database, tmp_path: object,
                                               monkeypatch: object) -> None:
    from datetime import date
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from adjudicator.documents import issuing
    from adjudicator.documents import service as docs
    from adjudicator.procedure.service import EventInput, add_event

    case = add_case(station_db, "甲公司", "张三")
    add_event(station_db, case.id, EventInput("filed", date(2026, 3, 4)))
    with monkeypatch.context() as m:  # type: ignore[attr-defined]  # as issued before signing existed
        m.setattr(issuing, "sign_issued_in", lambda s, db, pdf, row, case_no: pdf)
        draft = docs.create_draft(station_db, case.id, "filing-notice", {})
        old = issuing.issue(station_db, draft.id, issued_on=date(2026, 3, 5))
    old_pdf = Path(str(tmp_path)) / "旧通知书.pdf"
    old_pdf.write_bytes(docs.reprint(station_db, old.number or ""))
    draft = docs.create_draft(station_db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(station_db, draft.id, issued_on=date(2026, 3, 5))
    pdf = Path(str(tmp_path)) / "答辩通知书.pdf"
    pdf.write_bytes(docs.reprint(station_db, doc.number or ""))
    window = open_window(qtbot, station_db)
    window.trust.act_doc_verify.trigger()
    dialog = window.trust.doc_verify_dialog
    assert dialog is not None and dialog.isVisible()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pdf), ""))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict is not None and dialog.verdict.status == "genuine"
    assert dialog.result.text().startswith("真实：该文件的电子签名有效") and "#1b6e3a" in dialog.result.styleSheet()
    dialog.grab().save("/tmp/trust-docverify.png")

    flipped = Path(str(tmp_path)) / "改过的.pdf"  # one bit changed after signing
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(flipped), ""))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict is not None and dialog.verdict.status == "altered"
    assert "文件内容与签名时的不符" in dialog.result.text() and "#b3261e" in dialog.result.styleSheet()
    dialog.grab().save("/tmp/trust-docverify-altered.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)  # the file chooser cancelled: nothing changes
    assert dialog.verdict.status == "altered" and "文件内容与签名时的不符" in dialog.result.text()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(old_pdf), ""))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict is not None and dialog.verdict.status == "unsigned"
    assert dialog.result.text().startswith("签名启用前出具：") and "#8a5a00" in dialog.result.styleSheet()

    dialog.qr_text.setPlainText(f"{doc.number}\nSHA-256:{'0' * 64}")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict.status == "altered" and dialog.result.text().startswith("已被改动：")
    dialog.qr_text.setPlainText("不是二维码")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.verdict is None and "二维码内容应为两行" in dialog.result.text()
    from PySide6.QtWidgets import QDialogButtonBox

    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)  # 关闭
    assert not dialog.isVisible()

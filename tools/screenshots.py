"""Take the README's screenshots at 1366×768 from demo data: python tools/screenshots.py DEMO_DB OUT_DIR.

Run under a real display server (``xvfb-run -a -s "-screen 0 1366x768x24"``) so the windows are
laid out as on a clerk's laptop. Writes screenshot-main.png (the case list), screenshot-case.png
(a case's 文书 tab with an issued decision), screenshot-deadlines.png (期限看板) and
screenshot-calendar.png (月历).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

SIZE = QSize(1366, 768)


def settle(app: QApplication, rounds: int = 30) -> None:
    """Let queued work (background queries, previews) finish and repaint."""
    from PySide6.QtCore import QThreadPool

    for _ in range(rounds):
        QThreadPool.globalInstance().waitForDone(200)
        app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


DECISION = {
    "requester_claims": "请求责令被请求人立即停止销售侵犯涉案专利权的产品，并删除相关商品链接。",
    "facts": "请求人是涉案专利的专利权人，该专利权合法有效。\n被请求人在其网店销售被控侵权产品。",
    "reasoning": "被控侵权产品具备涉案专利权利要求1的全部技术特征，落入其保护范围。",
}


FEATURES = ("1|一种便携式手机支架，包括底座|被诉产品包括底座|相同|\n"
            "1|底座上铰接有支撑臂|被诉产品的支撑臂通过转轴与底座连接|等同|以转轴连接代替铰接，手段、功能、效果基本相同\n"
            "1|支撑臂末端设有夹持部|被诉产品支撑臂末端设有夹持部|相同|")


def _variants(db: object, case_id: object) -> list[dict[str, str]]:
    """Decision fields to try: each respondent's defence (if the record holds answers), or none."""
    from adjudicator.cases import service as S

    case = S.get_case(db, case_id)  # type: ignore[arg-type]
    respondents = [p.name for p in case.parties if p.role == "respondent"]
    base = {**DECISION, "outcome": "infringement", "features": FEATURES, "clerk": "王小红"}
    defences = {f"defence:{name}": "被诉侵权产品有合法来源，不应承担责任。" for name in respondents}
    return [{**base, **defences}, base]


def issue_a_decision(db: object, ids: list[object]) -> object:
    """The first demo case whose record allows a decision, with one issued (the demo has drafts only)."""
    from adjudicator.documents import issuing
    from adjudicator.documents import service as D
    from adjudicator.errors import DomainError

    for case_id in ids:
        for fields in _variants(db, case_id):
            try:
                draft = D.create_draft(db, case_id, "decision")  # type: ignore[arg-type]
                draft = D.update_draft(db, draft.id, {**draft.fields, **fields})  # type: ignore[arg-type]
                if D.missing_fields(db, draft.id):  # type: ignore[arg-type]
                    D.discard_draft(db, draft.id)  # type: ignore[arg-type]
                    continue
                issuing.issue(db, draft.id)  # type: ignore[arg-type]
                return case_id
            except DomainError:
                continue
    raise SystemExit("no demo case can take a decision")


def main(db_path: str, out: str) -> int:
    from ui import settings
    from ui.app import _finish_startup, application
    from ui.documents_tab import DocumentsTab
    from ui.main_window import MainWindow

    settings.use_file(str(Path(tempfile.mkdtemp()) / "settings.ini"))
    settings.set_user_name("王小红")
    app = application(["screenshots"])
    from adjudicator.store import open_database

    db = open_database(db_path)
    db.actor = "王小红"
    window = MainWindow(db)
    _finish_startup(window)  # the feature pages, as after the first paint
    window.move(0, 0)
    window.resize(SIZE)
    window.show()
    window.cases.load()
    settle(app)
    folder = Path(out)
    save(window, folder / "screenshot-main.png")

    for title in ("期限看板", "月历"):
        index = next(i for i in range(window.pages.count()) if window.pages.tabText(i) == title)
        window.pages.setCurrentIndex(index)
        settle(app)
        scroll = getattr(window.pages.widget(index), "scroll_to_today", None)
        if callable(scroll):
            scroll()  # today's and the coming deadlines, as the clerk looks at them
            settle(app)
        save(window, folder / ("screenshot-deadlines.png" if title == "期限看板" else "screenshot-calendar.png"))
    window.pages.setCurrentIndex(0)

    case_id = issue_a_decision(db, window.cases.model.case_ids()[:300])
    editor = window.open_case(case_id)
    assert editor is not None
    editor.move(0, 0)
    editor.resize(SIZE)
    docs = editor.findChild(DocumentsTab)
    assert docs is not None
    editor.tabs.setCurrentWidget(docs)
    row = next((i for i in range(docs.list.count()) if "行政裁决书" in docs.list.item(i).text()), 0)
    docs.list.setCurrentRow(row)
    settle(app)
    save(editor, folder / "screenshot-case.png")
    editor.close()
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

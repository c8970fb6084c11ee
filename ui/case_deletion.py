"""Deleting and restoring the cases selected in the main window's list (删除、恢复案件).

Each case is written with the version its row showed; a case changed since is refused with a
sentence naming who changed it and when, and the list is read anew.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from adjudicator.errors import DomainError, StaleError
from ui import changes, dialogs

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def delete_selected(window: MainWindow) -> None:
    """Delete (tombstone) the selected cases after confirmation."""
    ids = window.cases.selected_ids()
    if not ids or window.cases.showing_deleted:
        return
    if len(ids) == 1:
        row = window.cases.model.case_row(window.cases.model.row_of(ids[0]) or 0) or {}
        text = window.tr("确定删除案件“{case_no}”吗？").format(case_no=row.get("case_no", ""))
    else:
        text = window.tr("确定删除所选的 {n} 件案件吗？").format(n=len(ids))
    informative = window.tr("删除后案件不再出现在列表中，但案号和历史记录都会保留；"
                          "可在“显示已删除”中找到并恢复。")
    issued = _issued_documents(window, ids)
    if issued:  # a case with documents already served on the parties deserves a plainer warning
        informative = window.tr("注意：已出具 %1。这些文书已取得文号并可能已送达当事人，删除案件不会收回它们。")\
            .replace("%1", "、".join(issued)) + informative
    if not dialogs.confirm(window, window.tr("删除案件"), text, window.tr("删除(&D)"), informative):
        return
    _set_deleted(window, ids, True)


def _issued_documents(window: MainWindow, ids: list[uuid.UUID]) -> list[str]:
    """The issued (not voided) documents of these cases, decisions first: 行政裁决书 <文号> …"""
    try:
        from adjudicator.documents.service import list_documents
    except ImportError:  # the documents feature is not installed
        return []
    found = [doc for case_id in ids for doc in list_documents(window.db, case_id) if doc.status == "issued"]
    found.sort(key=lambda doc: doc.kind != "decision")
    names = [f"{doc.title} {doc.number}" for doc in found[:3]]
    if len(found) > 3:
        names.append(window.tr("等共 %1 份文书").replace("%1", str(len(found))))
    return names


def restore_selected(window: MainWindow) -> None:
    """Restore the selected deleted cases, then show them among the current cases, selected."""
    ids = window.cases.selected_ids()
    if ids and window.cases.showing_deleted:
        _set_deleted(window, ids, False)
        window.cases.deleted_check.setChecked(False)  # back to the cases, not an emptied deleted view
        window.cases.refresh(select=ids)


def _seen_versions(window: MainWindow, ids: list[uuid.UUID]) -> dict[uuid.UUID, int | None]:
    """The version of each case as its row in the list showed it: deleting or restoring gives it back."""
    model = window.cases.model
    seen: dict[uuid.UUID, int | None] = {}
    for case_id in ids:
        row = model.row_of(case_id)
        values = model.case_row(row) if row is not None else None
        version = (values or {}).get("version")
        seen[case_id] = int(version) if version is not None else None
    return seen


def _set_deleted(window: MainWindow, ids: list[uuid.UUID], deleted: bool) -> None:
    seen = _seen_versions(window, ids)  # read before the first write: what the clerk chose from
    done = 0
    from adjudicator.cases import service as case_service

    try:
        for case_id in ids:
            case = case_service.set_deleted(window.db, case_id, deleted, expected_version=seen[case_id])
            done += 1
            changes.report(case_id, seen[case_id], case.version, changes.DELETED, source=window)
    except StaleError as exc:
        dialogs.show_error(window, _stale_sentence(window, exc, deleted))
    except DomainError as exc:
        dialogs.show_error(window, str(exc))
    finally:
        window.cases.refresh()
    message = window.tr("已删除 {n} 件案件") if deleted else window.tr("已恢复 {n} 件案件")
    window.statusBar().showMessage(message.format(n=done), 5000)


def _stale_sentence(window: MainWindow, exc: StaleError, deleted: bool) -> str:
    """A case changed since the list showed it: say who and when, and that the list now shows it anew."""
    when = exc.at.astimezone().strftime("%Y-%m-%d %H:%M") if exc.at is not None else ""
    text = window.tr("案件在列表显示之后已被{who}{when}修改，未删除；列表已刷新，请核对后再删除。") if deleted else \
        window.tr("案件在列表显示之后已被{who}{when}修改，未恢复；列表已刷新，请核对后再恢复。")
    return text.format(who=exc.actor or window.tr("其他人"), when=window.tr(" 于 {t} ").format(t=when) if when else "")

"""The check before every write to a case or its children: it exists, this station owns it, nobody changed it.

Every write service (case data, events, service records, documents, exhibits) calls
:func:`writable_case` first, inside its write transaction. The case row is locked
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write transaction already holds the lock)
so that the version compared here is still the version when the transaction commits.
A stale version is refused with a sentence naming who changed the case and when, read
from the audit trail, so the user knows whose work they would have overwritten.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.errors import DomainError, NotFoundError, StaleError
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry, Case


def writable_case(s: Session, db: Database, case_id: uuid.UUID, *, expected_version: int | None = None,
                  doing: str = "修改", allow_deleted: bool = False) -> Case:
    """The case, locked for this transaction, if this station may change it now.

    ``expected_version``: the case version the user saw (None: the caller read nothing the
    user could have acted on, e.g. a command line write). ``doing`` completes the refusal
    sentences (修改, 登记进程事件, 修改其证据 …).
    """
    case = s.scalars(select(Case).where(Case.id == case_id).with_for_update()).first()
    if case is None:
        raise NotFoundError("找不到该案件，可能已被删除。")
    own = db.station_code
    if own and case.owner_station != own:
        raise DomainError(f"案件 {case.case_no} 属于裁决所 {case.owner_station}，只能由该所{doing}。")
    if expected_version is not None and case.version != expected_version:
        raise stale_case(s, case)
    if case.deleted_at is not None and not allow_deleted:
        raise DomainError(f"案件 {case.case_no} 已删除，请先恢复再{doing}。")
    return case


def version_now(s: Session, case_id: uuid.UUID) -> int:
    """The case's version as this write transaction leaves it: what the writer hands back to its views.

    Read from the database after flushing, so an event recorded in a savepoint (or rolled back in
    one) is counted exactly as it will be committed.
    """
    s.flush()
    version = s.scalar(select(Case.version).where(Case.id == case_id))
    if version is None:
        raise NotFoundError("找不到该案件，可能已被删除。")
    return int(version)


def _last_change(s: Session, *where: Any) -> tuple[str, datetime | None, str]:
    """Who made the last audited change matching ``where``, when, and "于 <when> " for a sentence."""
    last = s.execute(select(AuditEntry.actor, AuditEntry.at).where(*where)
                     .order_by(AuditEntry.at.desc()).limit(1)).first()
    if last is None:
        return "其他人", None, ""
    who, at = str(last[0]), last[1]
    return who, at, f"于 {at.astimezone().strftime('%Y-%m-%d %H:%M')} "


def stale_case(s: Session, case: Case) -> StaleError:
    """The refusal of a write against an older version of ``case``, naming the last change."""
    who, at, when = _last_change(s, AuditEntry.case_id == case.id)
    return StaleError(f"案件 {case.case_no} 已被其他人修改（{who} {when}保存了新的内容），您的这次修改未保存；"
                      "您填写的内容仍保留在窗口中，请记下后关闭并重新打开该案件再修改。", who, at)


def stale_part(s: Session, record_id: uuid.UUID, what: str) -> StaleError:
    """The refusal of a write against an older version of one part of a case (an exhibit, a document).

    ``what`` names the part as the user knows it (请求人证据1, 答辩通知书); the sentence names who
    saved it last and when, from the audit trail.
    """
    who, at, when = _last_change(s, AuditEntry.record_id == record_id)
    return StaleError(f"{what}已被其他人修改（{who} {when}保存了新的内容），您的这次修改未保存；"
                      "您填写的内容仍保留在窗口中，请记下后刷新再修改。", who, at)

"""The head's approval (负责人批准) of an act the rules reserve for the head, recorded with the act.

The procedure names the reserved acts (extending the filing decision and the case limit,
registration-preservation of evidence, recusal decisions). With accounts on, such an act needs:

- a head signed in: the approval is theirs (``how = "signed_in"``); or
- the clerk's act co-signed on the spot: a head types their own user name and password
  (:class:`Cosigner`), checked like a sign-in (wrong passwords count against that head).

A clerk alone is refused. :func:`approval_for` decides before the act's write transaction opens
(so a wrong password's count is kept while the act is refused); :func:`check_approval_in` checks
again inside it that the approver is still an enabled head, and the approval is stored in the
event's details under ``approval`` (who, name, when, how), where the timeline and the case's
history show it. Without accounts nothing is asked, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adjudicator.accounts.roles import accounts_enabled
from adjudicator.accounts.service import verify_password
from adjudicator.errors import PermissionRefused
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models_accounts import Account

#: Where an event keeps its approval among its details.
DETAIL_KEY = "approval"
HOW_LABELS = {"signed_in": "负责人登录批准", "cosigned": "负责人当面签认"}


@dataclass(frozen=True)
class Cosigner:
    """A head's user name and password, typed by the head into the approval dialog (or given to the CLI)."""

    username: str
    password: str


@dataclass(frozen=True)
class Approval:
    """Who approved, when, and how (signed in themselves, or co-signing a clerk's act)."""

    username: str
    name: str
    at: datetime
    how: str

    def to_details(self) -> dict[str, str]:
        return {"by": self.username, "name": self.name, "at": self.at.isoformat(timespec="seconds"),
                "how": self.how}


def approval_for(db: Database, what: str, cosigner: Cosigner | None = None, *,
                 now: datetime | None = None) -> Approval | None:
    """The approval ``what`` (e.g. “延长审理期限”) carries, or PermissionRefused; None without accounts.

    A signed-in head approves by doing it; anyone else needs a head's co-signature. A co-signer's
    wrong password is counted against that account (and may hold it) like a wrong sign-in.
    """
    user = db.user
    if user is None and not accounts_enabled(db):
        return None
    if user is None:
        raise PermissionRefused(f"此数据库已启用登录，“{what}”须先登录；未作任何修改。")
    if user.role == "head" and (cosigner is None or cosigner.username.strip() == user.username):
        return Approval(user.username, user.name, now or utcnow(), "signed_in")
    if cosigner is None:
        raise PermissionRefused(f"“{what}”须经负责人批准：请负责人登录后办理，或请负责人当面输入其用户名和密码签认。"
                                "未作任何修改。")
    signer = verify_password(db, cosigner.username, cosigner.password, now=now)
    if signer.role != "head":
        raise PermissionRefused(f"“{signer.name or signer.username}”不是负责人，不能批准“{what}”；"
                                "请由负责人输入其用户名和密码。未作任何修改。")
    return Approval(signer.username, signer.name, now or utcnow(), "cosigned")


def check_approval_in(s: Session, db: Database, what: str, approval: Approval | None) -> Approval | None:
    """Inside the act's write transaction: the approval it needs is there and its head still enabled."""
    if approval is None:
        if db.user is None and s.execute(select(Account.id).limit(1)).first() is None:
            return None
        raise PermissionRefused(f"“{what}”须经负责人批准：请负责人登录后办理，或请负责人当面签认。未作任何修改。")
    row = s.execute(select(Account.role, Account.enabled).where(Account.username == approval.username)).first()
    if row is None or row.role != "head" or not row.enabled:
        raise PermissionRefused(f"批准人“{approval.username}”不是可用的负责人账户，不能批准“{what}”。未作任何修改。")
    return approval


def describe(value: Any) -> str:
    """An approval stored in an event's details, in words: 张所长（zhang），负责人当面签认，2026-12-03 14:30."""
    if not isinstance(value, dict):
        return str(value)
    at = str(value.get("at") or "")
    try:
        at = datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        pass
    who = str(value.get("name") or value.get("by") or "")
    if value.get("by") and value.get("name") and value["by"] != value["name"]:
        who = f"{value['name']}（{value['by']}）"
    how = HOW_LABELS.get(str(value.get("how")), "负责人批准")
    return "，".join(part for part in (who, how, at) if part)

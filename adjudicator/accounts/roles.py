"""The roles and what each may do: the one permission table every service asks.

Without accounts nothing is checked (a database works as before). With accounts, every write
needs someone signed in (:meth:`Database.write` checks that), and the acts below need one of
their roles; a refusal is one sentence and nothing has changed.
"""

from __future__ import annotations

from sqlalchemy import select

from adjudicator.errors import PermissionRefused
from adjudicator.store import Database
from adjudicator.store.models_accounts import Account, SignedIn

ROLE_LABELS = {"clerk": "承办人", "head": "负责人", "supervisor": "监督员"}

#: The roles a database of each kind may hold; the first of each is what its first account must be.
ROLES_BY_DATABASE: dict[str, tuple[str, ...]] = {"station": ("head", "clerk"), "supervisor": ("supervisor",)}

#: Every act the roles decide, in words (for the refusal sentence) and the roles that may do it.
PERMISSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "record": ("登记和修改案件", frozenset({"clerk", "head", "supervisor"})),
    "approve": ("批准延长立案审查期限、延长审理期限、登记保存证据和回避决定", frozenset({"head"})),
    "manage_accounts": ("管理账户（新建、停用、重设密码）和自动锁定时间", frozenset({"head", "supervisor"})),
    "station_rules": ("修改本所办案规则", frozenset({"head", "supervisor"})),
    "restore": ("用备份替换数据库", frozenset({"head", "supervisor"})),
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def accounts_enabled(db: Database) -> bool:
    """Whether this database has any account (and so needs a sign-in for every change)."""
    with db.session() as s:
        return s.execute(select(Account.id).limit(1)).first() is not None


def may(user: SignedIn | None, act: str) -> bool:
    """Whether ``user`` may do ``act`` (the UI greys out what this says no to; the services still check)."""
    return user is not None and user.role in PERMISSIONS[act][1]


def require(db: Database, act: str) -> SignedIn | None:
    """The signed-in user if they may do ``act``; PermissionRefused (one sentence) if not.

    None when the database has no accounts: then nothing is checked, as before accounts existed.
    """
    what, roles = PERMISSIONS[act]
    user = db.user
    if user is None:
        if not accounts_enabled(db):
            return None
        raise PermissionRefused(f"此数据库已启用登录，{what}须先登录；未作任何修改。")
    if user.role not in roles:
        allowed = "或".join(ROLE_LABELS[r] for r in ("head", "clerk", "supervisor") if r in roles)
        raise PermissionRefused(f"{role_label(user.role)}“{user.name or user.username}”无权{what}；"
                                f"请由{allowed}办理。未作任何修改。")
    return user

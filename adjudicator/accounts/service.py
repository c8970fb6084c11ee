"""Making and changing accounts, signing in and out, and the stored delay after wrong passwords.

The first account of a database turns sign-in on; it must be the head (station database) or a
supervisor (supervisors' database), and whoever makes it is signed in as it. Later accounts are
made, disabled and reset by a signed-in head or supervisor (``manage_accounts``); anyone may
change their own password by giving the old one. Each of these acts is written to the audit
trail under the signed-in user.

Wrong passwords: every failure is counted on the account; from the third in a row the account is
held for a while (30 s, doubling, at most 15 minutes) and tried again only after that time, which
is stored, so restarting the program does not reset it. The clock is a parameter (``now``) so
tests never sleep. An unknown user name gets the same sentence as a wrong password.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adjudicator.accounts.passwords import check_password, hash_password, password_problem
from adjudicator.accounts.roles import ROLES_BY_DATABASE, accounts_enabled, require, role_label
from adjudicator.errors import DomainError, NotFoundError, PermissionRefused
from adjudicator.store import Database
from adjudicator.store.audit import link_entries
from adjudicator.store.base import utcnow
from adjudicator.store.models import AuditEntry
from adjudicator.store.models_accounts import Account, SignedIn

#: Failures in a row before the account is held; the first hold, doubling each further failure, and the cap.
FREE_FAILURES = 3
FIRST_HOLD = timedelta(seconds=30)
MAX_HOLD = timedelta(minutes=15)
#: The idle time after which the desktop locks its windows (minutes; a setting of the database).
LOCK_SETTING = "lock_idle_minutes"
DEFAULT_LOCK_MINUTES = 10
MAX_USERNAME = 40
MAX_NAME = 40


@dataclass(frozen=True)
class AccountView:
    """An account as the account list shows it (never its hash)."""

    username: str
    name: str
    role: str
    enabled: bool
    failed_count: int
    locked_until: datetime | None
    created_at: datetime
    last_sign_in_at: datetime | None

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    def to_json(self) -> dict[str, object]:
        return {"username": self.username, "name": self.name, "role": self.role, "role_label": self.role_label,
                "enabled": self.enabled, "failed_count": self.failed_count,
                "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                "created_at": self.created_at.isoformat(),
                "last_sign_in_at": self.last_sign_in_at.isoformat() if self.last_sign_in_at else None}


def _view(row: Account) -> AccountView:
    return AccountView(row.username, row.name, row.role, row.enabled, row.failed_count, row.locked_until,
                       row.created_at, row.last_sign_in_at)


def _signed_in(row: Account) -> SignedIn:
    return SignedIn(row.username, row.name, row.role)


def list_accounts(db: Database) -> list[AccountView]:
    """Every account of this database, heads first, then by user name."""
    with db.session() as s:
        rows = s.scalars(select(Account).order_by(Account.role != "head", Account.username)).all()
        return [_view(r) for r in rows]


# -- checks on input ---------------------------------------------------------------------------------


def _check_username(username: str) -> str:
    name = username.strip()
    if not name:
        raise DomainError("用户名不能为空；请填写登录用的用户名，如 zhangsan。")
    if len(name) > MAX_USERNAME:
        raise DomainError(f"用户名最多 {MAX_USERNAME} 个字符，输入为 {len(name)} 个；请改短。")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in name):
        raise DomainError("用户名不能含有空格、换行或控制字符；请只用字母、数字或汉字。")
    return name


def _check_name(name: str, username: str) -> str:
    shown = " ".join(name.split()) or username
    if len(shown) > MAX_NAME:
        raise DomainError(f"姓名最多 {MAX_NAME} 个字，输入为 {len(shown)} 个；请改短。")
    return shown


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise DomainError(problem)


def _find(s: Session, username: str) -> Account:
    row = s.scalar(select(Account).where(Account.username == username.strip()))
    if row is None:
        raise NotFoundError(f"没有用户名为“{username.strip()[:40]}”的账户；请用 user list 查看已有账户。")
    return row


def _audit(s: Session, db: Database, row: Account, action: str, changes: dict[str, object]) -> None:
    """An audit entry for an act on an account (never the password or its hash)."""
    entry = AuditEntry(entry_id=uuid.uuid4(), at=utcnow(), actor=str(s.info.get("actor") or db.actor),
                       station=str(db.station_code or ""), table_name="accounts", record_id=row.id,
                       record_label=row.username, case_id=None, action=action, changes=changes)
    link_entries(s, [entry])
    s.add(entry)


# -- making and changing accounts ------------------------------------------------------------------


def create_account(db: Database, username: str, name: str, role: str, password: str) -> AccountView:
    """Make an account; the first one turns sign-in on and signs its maker in as it.

    Refused (one sentence, nothing made): a database not yet initialised, a role this kind of
    database does not hold, a first account that is not its head (or supervisor), a user name
    taken, a password too short, and, once accounts exist, anyone but a signed-in head or supervisor.
    """
    username = _check_username(username)
    name = _check_name(name, username)
    _check_password(password)
    kind = db.role
    roles = ROLES_BY_DATABASE.get(kind)
    if roles is None:
        raise DomainError("数据库尚未初始化（未选定裁决所）；请先运行 adjudicator init，再建立账户。")
    if role not in roles:
        allowed = "、".join(f"{r}（{role_label(r)}）" for r in roles)
        where = "裁决所数据库" if kind == "station" else "市局监督数据库"
        raise DomainError(f"{where}的账户角色只能是 {allowed}，输入为“{role}”。")
    first = not accounts_enabled(db)
    if first and role != roles[0]:
        raise DomainError(f"第一个账户必须是{role_label(roles[0])}（{roles[0]}）：由其管理其他账户；"
                          "建立第一个账户后，本数据库即启用登录。")
    if not first:
        require(db, "manage_accounts")
    hashed = hash_password(password)
    with db.write() as s:
        if first and s.execute(select(Account.id).limit(1)).first() is not None:
            raise PermissionRefused("另一处刚刚建立了第一个账户；请登录后再建立账户。未作任何修改。")
        if s.scalar(select(Account.id).where(Account.username == username)) is not None:
            raise DomainError(f"用户名“{username}”已被使用；请换一个。")
        row = Account(id=uuid.uuid4(), username=username, name=name, role=role, password_hash=hashed,
                      enabled=True, failed_count=0, created_at=utcnow(), password_changed_at=utcnow())
        s.add(row)
        s.flush()
        _audit(s, db, row, "create", {"username": username, "name": name, "role": role, "enabled": True})
        view = _view(row)
    if first and db.user is None:
        db.user = SignedIn(username, name, role)
    return view


def set_enabled(db: Database, username: str, enabled: bool) -> AccountView:
    """Disable (or enable again) an account; never the last enabled head or supervisor."""
    require(db, "manage_accounts")
    with db.write() as s:
        row = _find(s, username)
        if row.enabled == enabled:
            return _view(row)
        if not enabled and row.role in ("head", "supervisor"):
            others = s.scalar(select(func.count()).select_from(Account).where(
                Account.role == row.role, Account.enabled.is_(True), Account.id != row.id))
            if not others:
                raise DomainError(f"“{row.username}”是唯一可用的{role_label(row.role)}账户，停用后将无人能管理账户；"
                                  f"请先建立另一个{role_label(row.role)}账户。")
        row.enabled = enabled
        if enabled:
            row.failed_count, row.locked_until = 0, None
        _audit(s, db, row, "update", {"enabled": [not enabled, enabled]})
        return _view(row)


def reset_password(db: Database, username: str, new_password: str) -> AccountView:
    """A head or supervisor sets another account's password (and clears its wrong-password hold)."""
    require(db, "manage_accounts")
    _check_password(new_password)
    hashed = hash_password(new_password)
    with db.write() as s:
        row = _find(s, username)
        row.password_hash, row.password_changed_at = hashed, utcnow()
        row.failed_count, row.locked_until = 0, None
        _audit(s, db, row, "update", {"password": ["（已重设）", "（已重设）"]})
        return _view(row)


def change_own_password(db: Database, old_password: str, new_password: str, *, now: datetime | None = None) -> None:
    """The signed-in user changes their own password, giving the old one (a wrong one counts as a failure)."""
    user = db.user
    if user is None:
        raise PermissionRefused("请先登录，再修改自己的密码。")
    _check_password(new_password)
    verify_password(db, user.username, old_password, now=now, wrong="原密码不正确，密码未修改")
    hashed = hash_password(new_password)
    with db.write() as s:
        row = _find(s, user.username)
        row.password_hash, row.password_changed_at = hashed, utcnow()
        _audit(s, db, row, "update", {"password": ["（已修改）", "（已修改）"]})


# -- signing in ------------------------------------------------------------------------------------


def hold_after(failures: int) -> timedelta | None:
    """How long an account is held after ``failures`` wrong passwords in a row (None: not held)."""
    if failures < FREE_FAILURES:
        return None
    hold: timedelta = FIRST_HOLD * 2 ** (failures - FREE_FAILURES)
    return min(hold, MAX_HOLD)


def _wait_sentence(until: datetime, now: datetime) -> str:
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    wait = f"{seconds} 秒" if seconds < 120 else f"{(seconds + 59) // 60} 分钟"
    return f"密码连续输错次数过多，该账户暂时锁定；请 {wait}后再试（{until.astimezone():%H:%M:%S} 起）。"


def verify_password(db: Database, username: str, password: str, *, now: datetime | None = None,
                    wrong: str = "用户名或密码不正确") -> SignedIn:
    """Check a user's password, counting a failure (and holding the account) when it is wrong.

    PermissionRefused with one sentence when the name is unknown, the password wrong, the account
    held after too many failures or disabled. The count and the hold are stored at once. ``wrong``
    opens the sentence for a wrong password (``原密码不正确`` when a user changes their own).
    """
    now = now or utcnow()
    with db.write(accounts_bookkeeping=True) as s:
        row = s.scalar(select(Account).where(Account.username == username.strip()))
        if row is None:
            raise PermissionRefused(f"{wrong}；请检查后重新输入（注意大小写和输入法）。")
        if row.locked_until is not None and row.locked_until > now:
            raise PermissionRefused(_wait_sentence(row.locked_until, now))
        if not check_password(password, row.password_hash):
            row.failed_count += 1
            hold = hold_after(row.failed_count)
            row.locked_until = now + hold if hold else None
            failures, until = row.failed_count, row.locked_until
        else:
            if not row.enabled:
                raise PermissionRefused(f"账户“{row.username}”已被停用，不能登录；请联系负责人。")
            row.failed_count, row.locked_until, row.last_sign_in_at = 0, None, now
            return _signed_in(row)
    # Outside the transaction: the failure is stored, then refused.
    if until is not None:
        raise PermissionRefused(f"{wrong}（已连续输错 {failures} 次）。" + _wait_sentence(until, now))
    left = FREE_FAILURES - failures
    raise PermissionRefused(f"{wrong}；请检查后重新输入（再输错 {left} 次，账户将暂时锁定）。")


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """Sign ``username`` in on this database handle (see :func:`verify_password` for the refusals)."""
    user = verify_password(db, username, password, now=now)
    db.user = user
    return user


def sign_out(db: Database) -> None:
    """Nobody is signed in on this handle any more (its writes are refused until someone signs in)."""
    db.user = None


def unlock(db: Database, username: str, password: str, *, now: datetime | None = None) -> SignedIn:
    """Unlock a locked session: the signed-in user's own password, or a head's (who lets them back in).

    The session stays the signed-in user's; a wrong password counts as a failure of ``username``.
    """
    current = db.user
    if current is None:
        raise PermissionRefused("没有已登录的用户；请重新登录。")
    who = verify_password(db, username, password, now=now)
    if who.username != current.username and who.role not in ("head", "supervisor"):
        raise PermissionRefused(f"只有“{current.name}”本人或负责人可以解除锁定。")
    return current


def lock_minutes(db: Database) -> int:
    """Minutes of inactivity after which the desktop locks its windows (0: never)."""
    try:
        return max(0, int(db.get_setting(LOCK_SETTING, DEFAULT_LOCK_MINUTES)))
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES


def set_lock_minutes(db: Database, minutes: int) -> None:
    """Set the idle time before locking (a head's or supervisor's setting; 0 turns it off, at most 240)."""
    require(db, "manage_accounts")
    if not 0 <= minutes <= 240:
        raise DomainError(f"自动锁定时间应在 0 到 240 分钟之间（0 为不自动锁定），输入为 {minutes}。")
    db.set_setting(LOCK_SETTING, int(minutes))

"""Users and roles: the first account, sign-in, wrong passwords and their stored hold, role checks, head approvals.

Storage tests run on SQLite and PostgreSQL (``any_db``). The clock is passed in (``now``): nothing sleeps.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from adjudicator.accounts import service as A
from adjudicator.accounts.approval import Cosigner
from adjudicator.accounts.roles import PERMISSIONS, accounts_enabled, may
from adjudicator.cases import service as S
from adjudicator.errors import DomainError, PermissionRefused
from adjudicator.history.trail import case_history
from adjudicator.procedure.kinds import RESERVED_FOR_HEAD
from adjudicator.procedure.service import EventInput, add_event, load_procedure, remove_event, update_event
from adjudicator.stations.registry import init_supervisor
from adjudicator.store import Database, open_database
from adjudicator.store.models import AuditEntry, Case
from adjudicator.store.models_accounts import Account
from adjudicator.store.models_procedure import CaseEvent
from tests.core.factories import case_input

TODAY = date(2026, 6, 1)
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
HEAD_PW = "Zhang-2026-suo"
CLERK_PW = "Li-ming-2026"


def _counts(db: Database) -> tuple[int, int, int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(CaseEvent)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.max(Case.version))) or 0,
                s.scalar(select(func.count()).select_from(Case)) or 0)


def _with_accounts(db: Database) -> None:
    """The head (first account, signed in by making it) adds a clerk, then signs out."""
    A.create_account(db, "zhang", "张所长", "head", HEAD_PW)
    A.create_account(db, "liming", "李明", "clerk", CLERK_PW)
    A.sign_out(db)


def _filed_case(db: Database) -> uuid.UUID:
    case = S.create_case(db, case_input(received_on=date(2026, 3, 2)), today=date(2026, 3, 2))
    add_event(db, case.id, EventInput("filed", date(2026, 3, 6)), today=TODAY)
    return case.id


# -- without accounts: as before -------------------------------------------------------------------


def test_a_database_without_accounts_works_as_before(any_db: Database) -> None:
    assert not accounts_enabled(any_db) and any_db.user is None
    case_id = _filed_case(any_db)
    proc = add_event(any_db, case_id, EventInput("extension_approved", date(2026, 5, 20),
                                                 details={"approver": "张所长", "level": "head", "months": 1}),
                     today=TODAY)
    assert "approval" not in proc.events[-1].details
    assert any_db.actor == "测试员"


# -- the first account -----------------------------------------------------------------------------


def test_the_first_account_must_be_the_head_and_signs_in(any_db: Database) -> None:
    with pytest.raises(DomainError, match="第一个账户必须是负责人"):
        A.create_account(any_db, "liming", "李明", "clerk", CLERK_PW)
    with pytest.raises(DomainError, match="账户角色只能是"):
        A.create_account(any_db, "wang", "王监督", "supervisor", CLERK_PW)
    with pytest.raises(DomainError, match="密码至少 8 个字符"):
        A.create_account(any_db, "zhang", "张所长", "head", "short")
    assert not accounts_enabled(any_db)
    view = A.create_account(any_db, "zhang", "张所长", "head", HEAD_PW)
    assert view.role_label == "负责人" and accounts_enabled(any_db)
    assert any_db.user is not None and any_db.user.username == "zhang"
    with any_db.session() as s:
        stored = s.scalar(select(Account.password_hash))
        entry = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "accounts")).one()
    assert stored.startswith("scrypt$16384$8$1$") and HEAD_PW not in stored
    assert entry.action == "create" and "password" not in str(entry.changes) and entry.actor == "测试员"


def test_the_first_account_of_a_supervisor_database_is_a_supervisor(tmp_path) -> None:
    db = open_database(tmp_path / "supervisor.db")
    try:
        init_supervisor(db)
        with pytest.raises(DomainError, match="账户角色只能是 supervisor（监督员）"):
            A.create_account(db, "zhang", "张所长", "head", HEAD_PW)
        A.create_account(db, "wang", "王监督", "supervisor", HEAD_PW)
        assert db.user is not None and db.user.role == "supervisor"
    finally:
        db.close()


def test_an_uninitialised_database_has_no_accounts(tmp_path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        with pytest.raises(DomainError, match="尚未初始化"):
            A.create_account(db, "zhang", "张所长", "head", HEAD_PW)
    finally:
        db.close()


# -- every change needs someone signed in -----------------------------------------------------------


def test_with_accounts_nobody_signed_in_changes_nothing(any_db: Database) -> None:
    case_id = _filed_case(any_db)
    _with_accounts(any_db)
    before = _counts(any_db)
    with pytest.raises(PermissionRefused, match="请先登录"):
        add_event(any_db, case_id, EventInput("request_served", date(2026, 3, 9)), today=TODAY)
    with pytest.raises(PermissionRefused, match="请先登录"):
        S.create_case(any_db, case_input(), today=date(2026, 3, 2))
    with pytest.raises(PermissionRefused):
        A.create_account(any_db, "zhao", "赵敏", "clerk", CLERK_PW)
    assert _counts(any_db) == before


def test_the_audit_trail_names_the_signed_in_user(any_db: Database) -> None:
    case_id = _filed_case(any_db)
    _with_accounts(any_db)
    A.sign_in(any_db, "liming", CLERK_PW, now=T0)
    add_event(any_db, case_id, EventInput("request_served", date(2026, 3, 9)), today=TODAY, actor="别人")
    with any_db.session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
    assert last.actor == "李明（liming）"


def test_a_clerk_may_not_manage_accounts(any_db: Database) -> None:
    _with_accounts(any_db)
    A.sign_in(any_db, "liming", CLERK_PW, now=T0)
    for act in (lambda: A.create_account(any_db, "zhao", "赵敏", "clerk", CLERK_PW),
                lambda: A.set_enabled(any_db, "zhang", False),
                lambda: A.reset_password(any_db, "zhang", "New-pass-2026"),
                lambda: A.set_lock_minutes(any_db, 5)):
        with pytest.raises(PermissionRefused, match="承办人“李明”无权管理账户"):
            act()
    assert [a.username for a in A.list_accounts(any_db)] == ["zhang", "liming"]
    A.sign_in(any_db, "zhang", HEAD_PW, now=T0)
    A.create_account(any_db, "zhao", "赵敏", "clerk", CLERK_PW)
    with pytest.raises(DomainError, match="已被使用"):
        A.create_account(any_db, "zhao", "赵敏", "clerk", CLERK_PW)
    A.set_lock_minutes(any_db, 5)
    assert A.lock_minutes(any_db) == 5
    assert may(any_db.user, "approve") and not may(None, "record") and set(PERMISSIONS) >= {"approve", "record"}


# -- wrong passwords ---------------------------------------------------------------------------------


def test_wrong_passwords_hold_the_account_and_the_hold_is_stored(db_url: str) -> None:
    db = open_database(db_url)
    from adjudicator.stations.registry import init_station

    init_station(db, "01", user="测试员")
    _with_accounts(db)
    with pytest.raises(PermissionRefused, match="用户名或密码不正确.*再输错 2 次"):
        A.sign_in(db, "liming", "wrong-1", now=T0)
    with pytest.raises(PermissionRefused, match="再输错 1 次"):
        A.sign_in(db, "liming", "wrong-2", now=T0)
    with pytest.raises(PermissionRefused, match="已连续输错 3 次.*暂时锁定.*30 秒"):
        A.sign_in(db, "liming", "wrong-3", now=T0)
    db.close()
    db = open_database(db_url)  # as after a restart: the hold is in the database
    try:
        with pytest.raises(PermissionRefused, match="暂时锁定.*20 秒"):
            A.sign_in(db, "liming", CLERK_PW, now=T0 + timedelta(seconds=10))
        with pytest.raises(PermissionRefused, match="已连续输错 4 次.*60 秒"):
            A.sign_in(db, "liming", "wrong-4", now=T0 + timedelta(seconds=31))
        assert db.user is None
        user = A.sign_in(db, "liming", CLERK_PW, now=T0 + timedelta(seconds=92))
        assert user.role == "clerk" and db.user == user
        row = {a.username: a for a in A.list_accounts(db)}["liming"]
        assert row.failed_count == 0 and row.locked_until is None
        with pytest.raises(PermissionRefused, match="用户名或密码不正确"):
            A.sign_in(db, "nobody", CLERK_PW, now=T0)
    finally:
        db.close()


def test_the_hold_doubles_up_to_fifteen_minutes() -> None:
    assert [A.hold_after(n) for n in (1, 2)] == [None, None]
    assert [A.hold_after(n).total_seconds() for n in (3, 4, 5, 8, 20)] == [30, 60, 120, 900, 900]  # type: ignore[union-attr]


def test_a_disabled_account_cannot_sign_in_or_write(any_db: Database) -> None:
    case_id = _filed_case(any_db)
    _with_accounts(any_db)
    clerk_db = open_database(any_db.engine.url.render_as_string(hide_password=False))
    try:
        A.sign_in(clerk_db, "liming", CLERK_PW, now=T0)
        A.sign_in(any_db, "zhang", HEAD_PW, now=T0)
        A.set_enabled(any_db, "liming", False)
        before = _counts(any_db)
        with pytest.raises(PermissionRefused, match="已被停用"):
            add_event(clerk_db, case_id, EventInput("request_served", date(2026, 3, 9)), today=TODAY)
        with pytest.raises(PermissionRefused, match="已被停用，不能登录"):
            A.sign_in(clerk_db, "liming", CLERK_PW, now=T0)
        assert _counts(any_db) == before
        with pytest.raises(DomainError, match="唯一可用的负责人"):
            A.set_enabled(any_db, "zhang", False)
        A.set_enabled(any_db, "liming", True)
        A.sign_in(clerk_db, "liming", CLERK_PW, now=T0)
    finally:
        clerk_db.close()


def test_passwords_change_and_reset(any_db: Database) -> None:
    _with_accounts(any_db)
    A.sign_in(any_db, "liming", CLERK_PW, now=T0)
    with pytest.raises(PermissionRefused, match="原密码不正确，密码未修改；.*再输错 2 次"):
        A.change_own_password(any_db, "not-the-old-one", "Brand-new-2026", now=T0)
    A.change_own_password(any_db, CLERK_PW, "Brand-new-2026", now=T0)
    for n in range(3):
        with pytest.raises(PermissionRefused):
            A.sign_in(any_db, "liming", f"wrong-{n}", now=T0)
    A.sign_in(any_db, "zhang", HEAD_PW, now=T0)
    A.reset_password(any_db, "liming", "Reset-by-head-1")
    assert A.sign_in(any_db, "liming", "Reset-by-head-1", now=T0).username == "liming"


def test_unlock_by_the_same_user_or_a_head(any_db: Database) -> None:
    _with_accounts(any_db)
    A.sign_in(any_db, "zhang", HEAD_PW, now=T0)
    A.create_account(any_db, "zhao", "赵敏", "clerk", CLERK_PW)
    A.sign_in(any_db, "liming", CLERK_PW, now=T0)
    with pytest.raises(PermissionRefused, match="只有“李明”本人或负责人"):
        A.unlock(any_db, "zhao", CLERK_PW, now=T0)
    assert A.unlock(any_db, "zhang", HEAD_PW, now=T0).username == "liming"
    assert A.unlock(any_db, "liming", CLERK_PW, now=T0).username == "liming"
    assert any_db.user is not None and any_db.user.username == "liming"


# -- the head's approval -------------------------------------------------------------------------------


def _reserved_input(kind: str) -> EventInput:
    return {
        "filing_extended": EventInput("filing_extended", date(2026, 3, 5)),
        "extension_approved": EventInput("extension_approved", date(2026, 5, 20),
                                         details={"level": "head", "months": 1, "reason": "需委托技术鉴定"}),
        "preservation": EventInput("preservation", date(2026, 3, 20), details={"items": "涉案手机支架 2 件"}),
        "recusal_decided": EventInput("recusal_decided", date(2026, 3, 20), details={"outcome": "rejected"}),
    }[kind]


def _case_ready_for(db: Database, kind: str) -> uuid.UUID:
    case = S.create_case(db, case_input(received_on=date(2026, 3, 2)), today=date(2026, 3, 2))
    if kind != "filing_extended":
        add_event(db, case.id, EventInput("filed", date(2026, 3, 6)), today=TODAY)
    if kind == "recusal_decided":
        add_event(db, case.id, EventInput("recusal_applied", date(2026, 3, 18),
                                          details={"applicant": "张小明", "member": "赵敏"}), today=TODAY)
    return case.id


@pytest.mark.parametrize("kind", sorted(RESERVED_FOR_HEAD))
def test_a_clerk_alone_cannot_record_a_reserved_act(station_db: Database, kind: str) -> None:
    case_id = _case_ready_for(station_db, kind)
    _with_accounts(station_db)
    A.sign_in(station_db, "liming", CLERK_PW, now=T0)
    before = _counts(station_db)
    with pytest.raises(PermissionRefused, match="须经负责人批准"):
        add_event(station_db, case_id, _reserved_input(kind), today=TODAY)
    with pytest.raises(PermissionRefused, match="用户名或密码不正确"):
        add_event(station_db, case_id, _reserved_input(kind), today=TODAY, cosigner=Cosigner("zhang", "guess-1234"))
    with pytest.raises(PermissionRefused, match="不是负责人"):
        add_event(station_db, case_id, _reserved_input(kind), today=TODAY, cosigner=Cosigner("liming", CLERK_PW))
    with pytest.raises(DomainError, match="批准记录由系统"):
        add_event(station_db, case_id, EventInput(kind, TODAY, details={"approval": "张所长"}), today=TODAY,
                  cosigner=Cosigner("zhang", HEAD_PW))
    assert _counts(station_db) == before
    proc = add_event(station_db, case_id, _reserved_input(kind), today=TODAY, cosigner=Cosigner("zhang", HEAD_PW))
    approval = proc.events[-1].details["approval"]
    assert approval["by"] == "zhang" and approval["how"] == "cosigned" and approval["name"] == "张所长"
    assert any(line.startswith("负责人批准：张所长（zhang），负责人当面签认") for line in proc.events[-1].detail_lines())


def test_done_when_a_clerk_cannot_approve_an_extension_the_head_can_and_history_shows_it(any_db: Database) -> None:
    case_id = _case_ready_for(any_db, "extension_approved")
    _with_accounts(any_db)
    A.sign_in(any_db, "liming", CLERK_PW, now=T0)
    before = _counts(any_db)
    with pytest.raises(PermissionRefused, match="“延长审理期限”须经负责人批准"):
        add_event(any_db, case_id, _reserved_input("extension_approved"), today=TODAY)
    assert _counts(any_db) == before
    A.sign_in(any_db, "zhang", HEAD_PW, now=T0)
    proc = add_event(any_db, case_id, _reserved_input("extension_approved"), today=TODAY)
    event = proc.events[-1]
    assert event.details["approver"] == "张所长" and event.details["approval"]["how"] == "signed_in"
    assert proc.deadlines  # the extension counts: the limit moved
    lines = [line for line in case_history(any_db, case_id) if "延长审理期限" in line.record]
    assert lines and lines[-1].actor == "张所长（zhang）"
    assert any("负责人批准：张所长（zhang），负责人登录批准" in d for d in lines[-1].details), lines[-1].details


def test_changing_or_removing_a_reserved_act_needs_the_head_again(any_db: Database) -> None:
    case_id = _case_ready_for(any_db, "preservation")
    _with_accounts(any_db)
    A.sign_in(any_db, "zhang", HEAD_PW, now=T0)
    proc = add_event(any_db, case_id, _reserved_input("preservation"), today=TODAY)
    event_id = proc.events[-1].id
    A.sign_in(any_db, "liming", CLERK_PW, now=T0)
    before = _counts(any_db)
    changed = EventInput("preservation", date(2026, 3, 21), details={"approver": "张所长", "items": "3 件"})
    with pytest.raises(PermissionRefused, match="须经负责人批准"):
        update_event(any_db, event_id, changed, today=TODAY)
    with pytest.raises(PermissionRefused, match="须经负责人批准"):
        remove_event(any_db, event_id, today=TODAY)
    assert _counts(any_db) == before
    proc = update_event(any_db, event_id, changed, today=TODAY, cosigner=Cosigner("zhang", HEAD_PW))
    assert proc.events[-1].details["approval"]["how"] == "cosigned"
    remove_event(any_db, event_id, today=TODAY, cosigner=Cosigner("zhang", HEAD_PW))
    assert all(e.kind != "preservation" for e in load_procedure(any_db, case_id, today=TODAY).events)


# -- the head's other acts: the station's rules, restoring a backup ----------------------------------------


def test_station_rules_and_restoring_a_backup_are_the_heads(station_db: Database) -> None:
    from adjudicator.cases.panel import set_sole_handler_allowed, sole_handler_allowed
    from adjudicator.errors import DomainError
    from adjudicator.trust.backups import backup_now, restore_backup

    before_accounts = backup_now(station_db, "manual").path
    _with_accounts(station_db)
    A.sign_in(station_db, "zhang", HEAD_PW, now=T0)
    with_accounts = backup_now(station_db, "manual").path
    A.sign_in(station_db, "liming", CLERK_PW, now=T0)
    with pytest.raises(PermissionRefused, match="无权修改本所办案规则"):
        set_sole_handler_allowed(station_db, True)
    with pytest.raises(PermissionRefused, match="无权用备份替换数据库"):
        restore_backup(station_db, with_accounts)
    assert not sole_handler_allowed(station_db)
    A.sign_in(station_db, "zhang", HEAD_PW, now=T0)
    set_sole_handler_allowed(station_db, True)
    assert sole_handler_allowed(station_db)
    with pytest.raises(DomainError, match="启用登录以前的，其中没有账户"):
        restore_backup(station_db, before_accounts)
    assert accounts_enabled(station_db)
    restore_backup(station_db, with_accounts)
    assert accounts_enabled(station_db) and not sole_handler_allowed(station_db)

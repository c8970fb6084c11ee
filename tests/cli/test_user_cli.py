"""``adjudicator user …`` and signing in on the command line: the first account, ``--user`` with a password,
a clerk refused a reserved act, a head's co-signature with ``--approved-by``; audit verify still passes."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Station

HEAD_PW = "Zhang-2026-suo"
CLERK_PW = "Li-ming-2026"


def _accounts(station: Station, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADJUDICATOR_NEW_PASSWORD", HEAD_PW)
    code, out, err = station.run(capsys, "user", "add", "zhang", "--name", "张所长", "--role", "head")
    assert (code, err) == (0, "") and "已启用登录" in out
    monkeypatch.setenv("ADJUDICATOR_NEW_PASSWORD", CLERK_PW)
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", HEAD_PW)
    code, out, err = station.run(capsys, "--user", "zhang", "user", "add", "liming", "--name", "李明", "--role", "clerk")
    assert (code, err) == (0, "")
    monkeypatch.delenv("ADJUDICATOR_PASSWORD")


def test_first_account_must_be_head_and_then_writes_need_a_sign_in(
        station: Station, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADJUDICATOR_NEW_PASSWORD", CLERK_PW)
    code, _, err = station.run(capsys, "user", "add", "liming", "--role", "clerk")
    assert code == 1 and "第一个账户必须是负责人" in err
    code, out, _ = station.run(capsys, "user", "list")
    assert (code, out.strip()) == (0, "本数据库没有账户（未启用登录）。")
    _accounts(station, capsys, monkeypatch)
    # No password and no terminal: refused with a sentence, nothing changed.
    code, _, err = station.run(capsys, "case", "add-event", station.case_no, "filed", "2026-03-06")
    assert code == 1 and "ADJUDICATOR_PASSWORD" in err
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", "wrong-password")
    code, _, err = station.run(capsys, "--user", "liming", "case", "add-event", station.case_no, "filed", "2026-03-06")
    assert code == 1 and "用户名或密码不正确" in err and "再输错 2 次" in err
    code, out, _ = station.run(capsys, "user", "list", "--json")  # reading needs no sign-in
    assert [(a["username"], a["role"], a["failed_count"]) for a in json.loads(out)] == \
        [("zhang", "head", 0), ("liming", "clerk", 1)]
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", CLERK_PW)
    code, _, err = station.run(capsys, "--user", "liming", "case", "add-event", station.case_no, "filed", "2026-03-06")
    assert (code, err) == (0, "")
    code, out, _ = station.run(capsys, "case", "history", station.case_no)
    assert "李明（liming）" in out
    code, _, err = station.run(capsys, "--user", "liming", "user", "disable", "zhang")
    assert code == 1 and "承办人“李明”无权管理账户" in err


def test_done_when_a_clerk_cannot_approve_an_extension_and_the_head_can(
        station: Station, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _accounts(station, capsys, monkeypatch)
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", CLERK_PW)
    assert station.run(capsys, "--user", "liming", "case", "add-event", station.case_no, "filed", "2026-03-06")[0] == 0
    extend = ("case", "add-event", station.case_no, "extension_approved", "2026-05-20", "--detail", "months=1")
    code, _, err = station.run(capsys, "--user", "liming", *extend)
    assert code == 1 and "须经负责人批准" in err and "未作任何修改" in err
    monkeypatch.setenv("ADJUDICATOR_APPROVER_PASSWORD", HEAD_PW)
    code, out, err = station.run(capsys, "--user", "liming", *extend, "--approved-by", "zhang", "--json")
    assert (code, err) == (0, "")
    approval = json.loads(out)["events"][-1]["details"]["approval"]
    assert (approval["by"], approval["how"]) == ("zhang", "cosigned")
    code, out, _ = station.run(capsys, "case", "history", station.case_no)
    assert "负责人批准：张所长（zhang），负责人当面签认" in out
    code, out, _ = station.run(capsys, "audit", "verify")
    assert code == 0, out


def test_passwd_disable_and_lock_after(station: Station, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _accounts(station, capsys, monkeypatch)
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", HEAD_PW)
    monkeypatch.setenv("ADJUDICATOR_NEW_PASSWORD", "Reset-by-head-1")
    code, out, err = station.run(capsys, "--user", "zhang", "user", "passwd", "liming")
    assert (code, err) == (0, "") and "liming" in out
    code, out, _ = station.run(capsys, "--user", "zhang", "user", "lock-after", "5")
    assert code == 0 and "5 分钟" in out
    code, out, _ = station.run(capsys, "--user", "zhang", "user", "disable", "liming")
    assert code == 0 and "已停用" in out
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", "Reset-by-head-1")
    code, _, err = station.run(capsys, "--user", "liming", "case", "add-event", station.case_no, "filed", "2026-03-06")
    assert code == 1 and "已被停用" in err
    monkeypatch.setenv("ADJUDICATOR_PASSWORD", HEAD_PW)
    code, _, err = station.run(capsys, "--user", "zhang", "user", "disable", "zhang")
    assert code == 1 and "唯一可用的负责人" in err

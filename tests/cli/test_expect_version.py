"""``--expect-version N``: a command-line write against the version a user read is refused once someone saved since."""

from __future__ import annotations

import json

import pytest

from adjudicator.cases import service as S
from adjudicator.cases.listing import case_input_of
from adjudicator.store import open_database
from tests.cli.conftest import Station


def _version(station: Station, capsys: pytest.CaptureFixture[str]) -> int:
    code, out, _ = station.run(capsys, "case", "show", station.case_no, "--json")
    assert code == 0
    return int(json.loads(out)["version"])


def _colleague_saves_notes(station: Station) -> None:
    db = open_database(station.url)
    try:
        case = S.find_case(db, station.case_no)
        inp = case_input_of(case)
        inp.notes = "被请求人来电称已下架全部链接，待核实。"
        S.update_case(db, case.id, inp, expected_version=case.version, actor="李书记员")
    finally:
        db.close()


def test_case_show_prints_the_version_to_give_back(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    version = _version(station, capsys)
    code, out, _ = station.run(capsys, "case", "show", station.case_no)
    assert code == 0 and f"版本：{version}" in out and f"--expect-version {version}" in out


def test_a_write_against_an_older_version_is_refused_naming_who_and_changes_nothing(
        station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    seen = _version(station, capsys)
    _colleague_saves_notes(station)
    now = _version(station, capsys)
    assert now > seen

    refused = [
        ["case", "add-event", station.case_no, "filed", "2026-03-04", "--expect-version", str(seen)],
        ["evidence", "add", station.case_no, "--physical", "--title", "被控侵权产品（扫地机器人）实物一件",
         "--expect-version", str(seen)],
        ["doc", "render", station.case_no, "answer-notice", "-o", str(station.folder / "答辩通知书.pdf"),
         "--expect-version", str(seen)],
    ]
    for argv in refused:
        code, out, err = station.run(capsys, *argv)
        assert code == 1 and out == "", argv
        assert "已被其他人修改" in err and "李书记员" in err and err.count("\n") == 1, argv
    assert not (station.folder / "答辩通知书.pdf").exists()
    assert _version(station, capsys) == now
    code, out, _ = station.run(capsys, "evidence", "list", station.case_no, "--json")
    assert code == 0 and json.loads(out)["evidence"] == []

    code, _, err = station.run(capsys, "case", "add-event", station.case_no, "filed", "2026-03-04",
                               "--expect-version", str(now))
    assert code == 0, err
    after_filing = _version(station, capsys)
    code, _, err = station.run(capsys, "case", "edit-event", station.case_no, "1", "--date", "2026-03-05",
                               "--expect-version", str(now))  # the filing itself moved the version on
    assert code == 1 and "已被其他人修改" in err
    code, _, err = station.run(capsys, "case", "remove-event", station.case_no, "1",
                               "--expect-version", str(after_filing))
    assert code == 0, err


def test_without_the_option_the_write_is_checked_against_the_case_as_it_stands(
        station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    _colleague_saves_notes(station)
    code, _, err = station.run(capsys, "case", "add-event", station.case_no, "filed", "2026-03-04")
    assert code == 0, err


def test_a_version_that_is_not_a_number_is_a_usage_error(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = station.run(capsys, "case", "add-event", station.case_no, "filed", "2026-03-04",
                               "--expect-version", "最新")
    assert code == 2 and "--expect-version" in err


def test_voiding_and_publishing_against_an_older_version_are_refused_and_change_nothing(
        station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    """``doc void`` and ``doc publish`` take the case version as ``case show`` printed it, like the other writes."""
    from tests.core.test_documents import ISSUED_ON, _issue

    db = open_database(station.url)
    try:
        case_id = S.find_case(db, station.case_no).id
        decision = _issue(db, "decision", case_id)
        notice = _issue(db, "answer-notice", case_id)
    finally:
        db.close()
    seen = _version(station, capsys)
    _colleague_saves_notes(station)
    now = _version(station, capsys)
    public_pdf = station.folder / "公开版.pdf"

    refused = [
        ["doc", "void", notice.number or "", "--reason", "送达对象有误", "--expect-version", str(seen)],
        ["doc", "publish", decision.number or "", "--date", ISSUED_ON.isoformat(), "-o", str(public_pdf),
         "--expect-version", str(seen)],
    ]
    for argv in refused:
        code, out, err = station.run(capsys, *argv)
        assert code == 1 and out == "", argv
        assert "已被其他人修改" in err and "李书记员" in err and err.count("\n") == 1, argv
    code, out, _ = station.run(capsys, "doc", "list", station.case_no, "--json")
    listed = json.loads(out)["documents"]
    assert [(d["kind"], d["status"]) for d in listed] == [("decision", "issued"), ("answer-notice", "issued")]
    assert not public_pdf.exists() and _version(station, capsys) == now

    code, _, err = station.run(capsys, "doc", "void", notice.number or "", "--reason", "送达对象有误",
                               "--expect-version", str(now))
    assert code == 0, err
    assert _version(station, capsys) == now  # a voided notice leaves the case's version as it was
    code, _, err = station.run(capsys, "doc", "publish", decision.number or "", "--date", ISSUED_ON.isoformat(),
                               "-o", str(public_pdf), "--expect-version", str(now))
    assert code == 0, err
    assert public_pdf.read_bytes().startswith(b"%PDF") and _version(station, capsys) > now  # 公开裁决书 recorded


def test_correcting_and_discarding_take_the_version_too_and_a_refusal_leaves_no_draft_or_file(
        station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.core.test_documents import _issue

    db = open_database(station.url)
    try:
        notice = _issue(db, "answer-notice", S.find_case(db, station.case_no).id)
    finally:
        db.close()
    code, out, err = station.run(capsys, "doc", "render", station.case_no, "hearing-notice", "-o",
                                 str(station.folder / "口头审理通知书草稿.pdf"), "--json")
    assert code == 0, err
    draft_id = json.loads(out)["id"]
    seen = _version(station, capsys)
    _colleague_saves_notes(station)
    now = _version(station, capsys)
    corrected = station.folder / "答辩通知书（更正）.pdf"

    for argv in (["doc", "correct", notice.number or "", "-o", str(corrected), "--field", "filed_on=2026-03-05",
                  "--issue", "--expect-version", str(seen)],
                 ["doc", "discard", draft_id, "--expect-version", str(seen)]):
        code, out, err = station.run(capsys, *argv)
        assert code == 1 and out == "" and "已被其他人修改" in err and "李书记员" in err, argv
    code, out, _ = station.run(capsys, "doc", "list", station.case_no, "--json")
    assert [(d["kind"], d["status"]) for d in json.loads(out)["documents"]] == [
        ("answer-notice", "issued"), ("hearing-notice", "draft")]
    assert not corrected.exists()

    code, out, err = station.run(capsys, "doc", "correct", notice.number or "", "-o", str(corrected),
                                 "--field", "filed_on=2026-03-05", "--issue", "--expect-version", str(now), "--json")
    assert code == 0, err
    issued = json.loads(out)
    assert issued["status"] == "issued" and issued["corrects"] == str(notice.id) and issued["number"] != notice.number
    assert corrected.read_bytes().startswith(b"%PDF")
    code, _, err = station.run(capsys, "doc", "discard", draft_id, "--expect-version", str(now))
    assert code == 0, err
    code, out, _ = station.run(capsys, "doc", "list", station.case_no)
    assert "已作废" in out and "草稿" not in out and f"id {draft_id}" not in out

"""The calendar table: seeded by the migration, imported years, the cached calendar, and the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from adjudicator.calendar.store import (
    calendar_years,
    counting_rules,
    day_info,
    ensure_seeded,
    export_schedule,
    import_schedule,
    import_schedule_file,
    load_calendar,
)
from adjudicator.cli import main
from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.models_procedure import CalendarDay, CalendarYear, calendar_day_id
from adjudicator.calendar.workdays import default_calendar

D = date
SCHEDULE_2027 = {
    "year": 2027,
    "holidays": [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
        {"name": "春节", "from": "2027-02-06", "to": "2027-02-14"},
    ],
    "workdays": [{"date": "2027-02-20", "name": "春节调休"}],
}


def _rows(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0)


def test_the_migration_seeds_2004_to_2026(any_db: Database) -> None:
    calendar = load_calendar(any_db)
    assert calendar == default_calendar()
    assert min(calendar.announced_years) == 2004 and max(calendar.announced_years) == 2026
    with any_db.session() as s:
        row = s.scalars(select(CalendarDay).where(CalendarDay.day == D(2026, 2, 14))).one()
    assert (row.id, row.kind, row.name, row.owner_station) == (calendar_day_id(D(2026, 2, 14)), "workday",
                                                               "春节调休", "SUP")
    years = calendar_years(any_db)
    assert len(years) == 23 and years[-1].year == 2026 and years[-1].holidays == 33 and years[-1].workdays == 6


def test_a_lost_calendar_is_seeded_again(any_db: Database) -> None:
    with any_db.write() as s:
        s.execute(delete(CalendarDay))
        s.execute(delete(CalendarYear))
    assert ensure_seeded(any_db) is True and ensure_seeded(any_db) is False
    assert load_calendar(any_db) == default_calendar()


def test_import_makes_2027_exact_and_is_cached(any_db: Database) -> None:
    before = load_calendar(any_db)
    assert load_calendar(any_db) is before  # unchanged tables: the same object
    assert day_info(before, D(2027, 2, 8)).to_json() == {"date": "2027-02-08", "workday": True, "provisional": True}
    key = counting_rules(any_db).key
    summary = import_schedule(any_db, json.dumps(SCHEDULE_2027), source="国办发明电〔2026〕7号")
    assert (summary.year, summary.holidays, summary.workdays, summary.replaced) == (2027, 12, 1, False)
    assert summary.sentence() == "已导入 2027 年假日安排：放假 12 天，调休上班 1 天。"
    after = load_calendar(any_db)
    assert after is not before and counting_rules(any_db).key != key
    assert day_info(after, D(2027, 2, 8)).to_json() == {"date": "2027-02-08", "workday": False,
                                                         "provisional": False, "holiday": "春节"}
    assert day_info(after, D(2027, 2, 20)).makeup == "春节调休"
    assert calendar_years(any_db)[-1].source == "国办发明电〔2026〕7号"
    assert json.loads(export_schedule(any_db, 2027))["workdays"] == [{"date": "2027-02-20", "name": "春节调休"}]


def test_reimport_replaces_the_year(any_db: Database) -> None:
    import_schedule(any_db, json.dumps(SCHEDULE_2027))
    corrected = {**SCHEDULE_2027, "holidays": [{"name": "春节", "from": "2027-02-05", "to": "2027-02-13"}],
                 "workdays": []}
    summary = import_schedule(any_db, json.dumps(corrected))
    assert summary.replaced and summary.sentence().startswith("已更新 2027 年")
    calendar = load_calendar(any_db)
    assert calendar.is_workday(D(2027, 2, 20)) is False  # the make-up Saturday is gone (a weekend again)
    assert calendar.holiday_name(D(2027, 1, 1)) is None and calendar.holiday_name(D(2027, 2, 5)) == "春节"
    with any_db.session() as s:
        gone = s.scalar(select(CalendarDay.deleted_at).where(CalendarDay.day == D(2027, 2, 20)))
    assert gone is not None  # a tombstone: reference data that may have travelled is never deleted
    import_schedule(any_db, json.dumps(SCHEDULE_2027))
    assert load_calendar(any_db).is_workday(D(2027, 2, 20)) is True  # the same row, revived


@pytest.mark.parametrize(("text", "message"), [
    ("{", "不是有效的 JSON"),
    (('{"year": 2027, "holidays": [{"name": "a", "from": "2027-01-01", "to": "2027-01-03"},'
      ' {"name": "b", "from": "2027-01-03", "to": "2027-01-05"}], "workdays": []}'), "重叠"),
    ('{"year": 2027, "holidays": [{"name": "a", "from": "2027-13-01", "to": "2027-01-03"}], "workdays": []}',
     "不是有效日期"),
    (('{"year": 2027, "holidays": [{"name": "a", "from": "2027-01-01", "to": "2027-01-03"}],'
      ' "workdays": [{"date": "2027-01-04"}]}'), "本来就是工作日"),
])
def test_a_bad_file_changes_nothing(any_db: Database, text: str, message: str) -> None:
    before = (_rows(any_db, CalendarDay), _rows(any_db, CalendarYear), counting_rules(any_db).key)
    with pytest.raises(DomainError, match=message):
        import_schedule(any_db, text)
    assert (_rows(any_db, CalendarDay), _rows(any_db, CalendarYear), counting_rules(any_db).key) == before


def test_files_that_cannot_be_read(station_db: Database, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="找不到假日安排文件"):
        import_schedule_file(station_db, tmp_path / "none.json")
    latin = tmp_path / "gbk.json"
    latin.write_bytes("春节".encode("gbk"))
    with pytest.raises(DomainError, match="不是 UTF-8 编码"):
        import_schedule_file(station_db, latin)


# -- the command line ------------------------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_due_and_is_workday(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = _run(capsys, "--db", db, "due", "answer", "2026-01-30", "--json")
    assert code == 0 and json.loads(out) == {"rule": "answer", "start": "2026-01-30", "due": "2026-02-14",
                                             "provisional": False}
    assert not Path(db).exists()  # no database is created just to count
    code, out, _ = _run(capsys, "due", "filing-decision", "2026-02-13", "--db", db)
    assert code == 0 and "2026-02-27（星期五）届满" in out
    code, _, err = _run(capsys, "--db", db, "due", "answr", "2026-01-30")
    assert code == 1 and err.startswith("错误：未知的期限规则 answr；可用的规则：filing-decision")
    code, _, err = _run(capsys, "--db", db, "due", "answer", "2026-02-30")
    assert code == 1 and "起算日期 2026-02-30 不是有效日期" in err
    code, out, _ = _run(capsys, "--db", db, "calendar", "is-workday", "2026-02-16", "--json")
    assert json.loads(out) == {"date": "2026-02-16", "workday": False, "provisional": False, "holiday": "春节"}
    code, out, _ = _run(capsys, "--db", db, "calendar", "is-workday", "2026-02-14")
    assert out.strip() == "2026-02-14（星期六）：工作日（春节调休）"


def test_2027_is_provisional_until_imported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert _run(capsys, "--db", db, "init", "--station", "01")[0] == 0
    code, out, _ = _run(capsys, "--db", db, "due", "answer", "2027-01-30", "--json")
    assert json.loads(out) == {"rule": "answer", "start": "2027-01-30", "due": "2027-02-15", "provisional": True}
    code, out, _ = _run(capsys, "--db", db, "calendar", "is-workday", "2027-02-08")
    assert "暂定" in out and "工作日" in out
    schedule = tmp_path / "2027.json"
    schedule.write_text(json.dumps(SCHEDULE_2027, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run(capsys, "--db", db, "calendar", "import", str(schedule))
    assert code == 0 and out.strip() == "已导入 2027 年假日安排：放假 12 天，调休上班 1 天。"
    code, out, _ = _run(capsys, "--db", db, "due", "answer", "2027-01-30", "--json")
    assert json.loads(out) == {"rule": "answer", "start": "2027-01-30", "due": "2027-02-15", "provisional": False}
    code, out, _ = _run(capsys, "--db", db, "due", "answer", "2027-01-25", "--json")
    assert json.loads(out)["due"] == "2027-02-15"  # 02-09 is in the imported Spring Festival
    bad = tmp_path / "bad.json"
    bad.write_text('{"year": 2028, "holidays": [], "workdays": []}', encoding="utf-8")
    code, _, err = _run(capsys, "--db", db, "calendar", "import", str(bad))
    assert code == 1 and "假期列表（holidays）为空" in err
    code, out, _ = _run(capsys, "--db", db, "calendar", "years", "--json")
    assert [y["year"] for y in json.loads(out)["years"]][-1] == 2027


def test_case_event_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    _run(capsys, "--db", db, "demo", "--station", "01", "--cases", "3", "--seed", "2")
    code, out, _ = _run(capsys, "--db", db, "case", "list", "--json")
    case = next(c for c in json.loads(out)["cases"])
    code, out, _ = _run(capsys, "--db", db, "case", "events", case["case_no"], "--json")
    shown = json.loads(out)
    assert code == 0 and shown["case_no"] == case["case_no"] and shown["status"] == case["status"]
    assert all({"rule", "start", "due", "provisional", "state"} <= set(d) for d in shown["deadlines"])
    code, _, err = _run(capsys, "--db", db, "case", "add-event", case["case_no"], "extension_approved",
                        "2099-01-01")
    assert code == 1 and err.startswith("错误：")
    code, out, _ = _run(capsys, "--db", db, "deadlines", "--json")
    board = json.loads(out)
    assert code == 0 and set(board) == {"today", "counts", "deadlines"}
    code, out, _ = _run(capsys, "--db", db, "demo", "--cases", "40", "--seed", "3")
    code, out, _ = _run(capsys, "--db", db, "deadlines", "--json")
    rows = json.loads(out)["deadlines"]
    assert rows and {"case_no", "rule", "due", "urgency", "provisional"} <= set(rows[0])
    handler = rows[0]["handler"]
    code, out, _ = _run(capsys, "--db", db, "deadlines", "--handler", handler, "--json")
    assert {r["handler"] for r in json.loads(out)["deadlines"]} == {handler}


@pytest.mark.parametrize(("rule", "start", "due"), [
    ("filing-decision", "2026-02-13", "2026-02-27"),
    ("answer", "2026-02-01", "2026-02-24"),
    ("answer", "2026-01-30", "2026-02-14"),
    ("hearing-notice", "2026-02-24", "2026-02-12"),
    ("case-limit", "2025-12-15", "2026-03-16"),
])
def test_the_worked_examples_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, rule: str,
                                                 start: str, due: str) -> None:
    code, out, _ = _run(capsys, "--db", str(tmp_path / "none.db"), "due", rule, start, "--json")
    assert code == 0 and json.loads(out) == {"rule": rule, "start": start, "due": due, "provisional": False}

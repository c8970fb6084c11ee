"""Supervisor statistics: figures on hand-built cases with known answers, on SQLite and PostgreSQL.

The stories of the cases are in :mod:`tests.core.reports_data`; every expected number below is
counted by hand from them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text, update

from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.reports import facts
from adjudicator.reports.figures import FIGURES, definitions_table
from adjudicator.reports.matches import case_match_flags, find_matches, normalise_name
from adjudicator.reports.statistics import ReportQuery, Selection, cases_behind, compute_statistics
from adjudicator.reports.summary import summary_sentences
from adjudicator.store import Database, open_database
from adjudicator.store.models import Case
from tests.core.reports_data import PERIOD, TODAY, build_two_stations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_stations(db_url: str) -> tuple[Database, dict[str, object]]:
    db = open_database(db_url)
    try:
        ids = build_two_stations(db)
        yield db, ids
    finally:
        db.close()


def _figures(db: Database) -> tuple[dict[str, int], object]:
    stats = compute_statistics(db, ReportQuery(*PERIOD), today=TODAY)
    return {k: v for k, v in stats.total.counts.items() if v}, stats


def test_figures_on_hand_built_cases(two_stations) -> None:
    db, _ids = two_stations
    totals, stats = _figures(db)
    assert totals == {
        "received": 7, "received_infringement": 2, "received_ecommerce": 5,
        "patent_invention": 2, "patent_utility_model": 3, "patent_design": 2,
        "filed": 5, "refused": 1, "closed": 4, "closed_infringement": 1, "closed_rejected": 1,
        "closed_mediated": 1, "closed_withdrawn": 1, "closed_late": 1, "net_days": 4,
        "pending": 3, "suspended": 1, "extended": 1, "overdue": 1, "near_limit": 1,
        "decided": 2, "published_in_time": 1, "unpublished": 1, "lawsuits": 1, "lawsuit_upheld": 1,
    }
    # Net days: A 52, B 64 less 28 suspended = 36, G 17, H 127.
    assert stats.total.average_days == 58.0 and stats.total.median_days == 44.0
    assert stats.durations == (1, 2, 0, 0, 1)
    assert stats.by_month == {"2026-01": {"infringement": 2}, "2026-02": {"ecommerce": 2},
                              "2026-03": {"ecommerce": 1}, "2026-04": {"ecommerce": 1}, "2026-06": {"ecommerce": 1}}
    assert stats.station("01")["received"] == 5 and stats.station("02")["received"] == 2
    assert stats.station("01")["overdue"] == 1 and stats.station("02")["closed_late"] == 1
    assert [s.code for s in stats.stations][:2] == ["01", "02"] and len(stats.stations) == 9
    assert stats.station("03")["received"] == 0 and stats.station("03").average_days is None


def test_cases_behind_a_figure_are_the_ones_counted(two_stations) -> None:
    db, ids = two_stations
    query = ReportQuery(*PERIOD)

    def behind(selection: Selection) -> set[object]:
        return {line.case_id for line in cases_behind(db, query, selection, today=TODAY)}

    assert behind(Selection("overdue")) == {ids["D"]}
    assert behind(Selection("near_limit")) == {ids["F"]}
    assert behind(Selection("pending", "01")) == {ids["D"], ids["E"], ids["F"]}
    assert behind(Selection("pending", "02")) == set()
    assert behind(Selection("closed")) == {ids["A"], ids["B"], ids["G"], ids["H"]}
    assert behind(Selection("received_ecommerce", month="2026-02")) == {ids["B"], ids["C"]}
    assert behind(Selection("net_days", duration=4)) == {ids["H"]}
    _totals, stats = _figures(db)
    for fig in FIGURES:
        if fig.average_of is None:
            assert len(behind(Selection(fig.key))) == stats.total[fig.key], fig.key


def test_figures_agree_with_a_direct_sql_count(two_stations) -> None:
    db, _ids = two_stations
    _totals, stats = _figures(db)
    params = {"start": PERIOD[0], "end": PERIOD[1]}
    with db.session() as s:
        received = dict(s.execute(text(
            "SELECT owner_station, count(*) FROM cases WHERE deleted_at IS NULL AND received_on BETWEEN :start AND :end "
            "GROUP BY owner_station"), params).all())
        filed = s.scalar(text("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE "
                              "c.deleted_at IS NULL AND e.deleted_at IS NULL AND e.kind = 'filed' AND "
                              "e.date BETWEEN :start AND :end"), params)
        closed = s.scalar(text("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE "
                               "c.deleted_at IS NULL AND e.deleted_at IS NULL AND "
                               "e.kind IN ('decided', 'mediated', 'withdrawn') AND e.date BETWEEN :start AND :end"),
                          params)
    assert received == {"01": stats.station("01")["received"], "02": stats.station("02")["received"]}
    assert filed == stats.total["filed"] and closed == stats.total["closed"]


def test_an_edited_event_moves_the_figures(two_stations) -> None:
    db, ids = two_stations
    add_event(db, ids["F"], EventInput("mediated", date(2026, 6, 1)), actor="测试员", today=TODAY)
    totals, _stats = _figures(db)
    assert totals["closed"] == 5 and totals["closed_mediated"] == 2
    assert totals["pending"] == 2 and "near_limit" not in totals


def test_no_change_is_missed_once_a_report_has_been_made(two_stations) -> None:
    """After the first report the next ones only count what changed; every kind of change still shows.

    On SQLite a trigger marks the facts of a case whose version or deletion changes, whoever
    writes; here an event added through the service, a case deleted and restored by another
    program's plain SQL (no version raised), and a change made while the trigger was gone (a
    batch migration rebuilds ``cases`` without it) and seen by the next process.
    """
    db, ids = two_stations
    first, _stats = _figures(db)
    assert first["received"] == 7 and first["pending"] == 3
    add_event(db, ids["F"], EventInput("mediated", date(2026, 6, 1)), actor="测试员", today=TODAY)
    assert _figures(db)[0]["closed"] == first["closed"] + 1
    with db.write(actor="测试员") as s:
        s.execute(update(Case).where(Case.id == ids["E"]).values(deleted_at=datetime(2026, 7, 1, tzinfo=UTC)))
    assert _figures(db)[0]["received"] == 6
    with db.write(actor="测试员") as s:
        s.execute(update(Case).where(Case.id == ids["E"]).values(deleted_at=None))
    assert _figures(db)[0]["received"] == 7
    if db.is_sqlite:
        with db.write(actor="测试员") as s:
            s.execute(text("DROP TRIGGER report_facts_case_au"))
            s.execute(update(Case).where(Case.id == ids["E"]).values(deleted_at=datetime(2026, 7, 1, tzinfo=UTC)))
        facts._armed.discard(db.engine)  # what a new process starts with
        assert _figures(db)[0]["received"] == 6
        with db.session() as s:
            assert s.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'report_facts_case_au'")) == 1


def test_matches_across_stations_and_repeat_infringers(two_stations) -> None:
    db, ids = two_stations
    _totals, stats = _figures(db)
    found = {(m.kind, frozenset(c.case_id for c in m.cases)) for m in find_matches(db, stats)}
    assert found == {
        ("repeat", frozenset({ids["A"], ids["F"]})),
        ("respondent", frozenset({ids["A"], ids["F"], ids["G"]})),
        ("shop", frozenset({ids["B"], ids["G"]})),
        ("patent", frozenset({ids["A"], ids["H"]})),
    }
    flags = case_match_flags(db, ids["F"])
    assert any("重复侵权" in f and "2026-03-02" in f for f in flags)
    assert any("被请求人" in f and "02" in f for f in flags)
    assert case_match_flags(db, ids["E"]) == []


def test_names_compare_without_width_spaces_or_brackets() -> None:
    assert normalise_name("内蒙古 优品（科技）有限公司") == normalise_name("内蒙古优品(科技)有限公司")
    assert normalise_name("ＡＢＣ数码店") == normalise_name("abc数码店")


def test_bureau_sentence_from_the_figures(two_stations) -> None:
    db, _ids = two_stations
    stats = compute_statistics(db, ReportQuery(date(2026, 1, 1), date(2026, 12, 31)), today=TODAY)
    lines = summary_sentences(stats)
    assert lines[0].startswith("2026年全年办理专利侵权纠纷行政裁决案件2件、电商领域专利侵权纠纷案件5件，")
    assert "结案4件，其中裁决侵权成立1件、裁决驳回请求1件、调解结案1件、撤销案件1件。" in lines[1]
    assert "平均审理天数58日" in lines[2] and "中位数44日" in lines[2] and "超期结案1件" in lines[2]
    assert any("截至2026年7月15日，在办案件3件" in line for line in lines)


def test_a_station_database_reports_its_own_cases(tmp_path: Path) -> None:
    db = open_database(tmp_path / "sup.db")
    build_two_stations(db)
    db.set_setting("station_code", "02")
    db.set_setting("role", "station")
    stats = compute_statistics(db, ReportQuery(*PERIOD), today=TODAY)
    assert stats.scope == "station" and [s.code for s in stats.stations] == ["02"]
    assert stats.total["received"] == 2
    with pytest.raises(DomainError, match="只能统计本所"):
        compute_statistics(db, ReportQuery(*PERIOD, stations=("01",)), today=TODAY)


def test_bad_input_is_refused_with_a_sentence(station_db: Database) -> None:
    with pytest.raises(DomainError, match="结束日期 2026-01-01 早于开始日期 2026-03-01"):
        compute_statistics(station_db, ReportQuery(date(2026, 3, 1), date(2026, 1, 1)))
    station_db.set_setting("station_code", None)
    station_db.set_setting("role", "supervisor")
    with pytest.raises(DomainError, match="未知的裁决所代码 99"):
        compute_statistics(station_db, ReportQuery(date(2026, 1, 1), date(2026, 1, 31), stations=("99",)))


def test_an_empty_period_says_so(station_db: Database) -> None:
    stats = compute_statistics(station_db, ReportQuery(date(2026, 1, 1), date(2026, 1, 31)), today=TODAY)
    assert stats.empty and stats.total.average_days is None and stats.durations == (0, 0, 0, 0, 0)
    assert summary_sentences(stats) == ["新城区知识产权行政裁决所2026年1月没有可统计的案件。"]


def test_docs_table_is_the_code_table() -> None:
    doc = (ROOT / "docs" / "statistics.md").read_text(encoding="utf-8")
    assert definitions_table() in doc
    keys = re.findall(r"`([a-z_]+)`", doc)
    assert {f.key for f in FIGURES} <= set(keys)

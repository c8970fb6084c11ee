"""Cross-station matching over stored keys finds exactly the matches the earlier Python matching found.

Hand-built cases of three stations, period 2026-01-01..2026-06-30, counted on 2026-07-15:

======  ====  ===========================================================================================
case    stn   story
======  ====  ===========================================================================================
P1, P2  01/02 the same company by credit code, its name written differently (a branch suffix).
N1, N2  01/03 a company with no credit code recorded, its name with full-width brackets and a space at
              one station and half-width ones at the other: the same normalised name.
S1, S2  02/03 the same shop, ＡＢＣ数码店 and abc数码店 on 淘宝; S0 (02, received in 2025) has it too
              but is outside the period.
T1, T2  01/02 the same patent.
U1, U2  03    U1 decided 2026-02-20 that a person infringed; U2 against the same person (by ID
              number) received 2026-04-01 at the same station: a repeat infringer. U3, against the
              same person at 03, was received before U1's decision: not a repeat.
V1, V2  01    the same respondent at one station only, V1's request rejected: no match at all.
======  ====  ===========================================================================================

What the earlier matching (Python over every case's normalised names) found is written out below;
the stored keys and the grouped query must find the same, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import pytest

from adjudicator.cases import inputs as C
from adjudicator.cases.listing import case_input_of
from adjudicator.cases.service import create_case, get_case, update_case
from adjudicator.demo import data as D
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.reports.matches import case_match_flags, find_matches
from adjudicator.reports.statistics import ReportQuery, compute_statistics
from adjudicator.stations.registry import _seed_registry, init_supervisor
from adjudicator.store import Database, open_database

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
TODAY = date(2026, 7, 15)
d = date


def _party(name: str, id_number: str = "", person: bool = False) -> C.PartyInput:
    return C.PartyInput("respondent", "person" if person else "organisation", name, id_number=id_number)


def _build(db: Database) -> dict[str, uuid.UUID]:
    rng = random.Random(20260715)
    _seed_registry(db)
    company = D.company(rng)
    person, person_id = D.person_name(rng), D.resident_id(rng)
    shared_patent = D.patent(rng)
    ids: dict[str, uuid.UUID] = {}

    def new(name: str, station: str, received: date, respondent: C.PartyInput, *, shop: str | None = None,
            patent: Any = None, events: tuple[tuple[Any, ...], ...] = ()) -> None:
        db.set_setting("station_code", station)
        p = patent or D.patent(rng)
        requester = C.PartyInput("requester", "organisation", "内蒙古草原星光科技有限公司",
                                 id_number="91150102MA0N8XYE05", legal_rep="王刚", legal_rep_title="执行董事")
        ecommerce = (C.EcommerceInput("淘宝", shop, [f"https://item.taobao.com/item.htm?id={rng.randrange(10**11)}"])
                     if shop else None)
        inp = C.CaseInput(kind="ecommerce" if shop else "infringement", source="direct", received_on=received,
                          parties=[requester, respondent],
                          patent=C.PatentInput(p.number, kind=p.kind, title=p.title, patentee="内蒙古草原星光科技有限公司"),
                          handler="李明", panel=["王建国", "李明", "赵敏"], ecommerce=ecommerce)
        ids[name] = create_case(db, inp, actor="测试员", today=TODAY).id
        for kind, day, *details in events:
            add_event(db, ids[name], EventInput(kind, day, None, details[0] if details else {}), actor="测试员",
                      today=TODAY)

    new("P1", "01", d(2026, 1, 10), _party(company.name, company.credit_code))
    new("P2", "02", d(2026, 2, 3), _party(company.name + "（呼和浩特分公司）", company.credit_code.lower()))
    new("N1", "01", d(2026, 3, 5), _party("呼和浩特 星辰（电子）商行"))
    new("N2", "03", d(2026, 5, 6), _party("呼和浩特星辰(电子)商行"))
    new("S0", "02", d(2025, 11, 2), _party(D.person_name(rng), D.resident_id(rng), True), shop="ＡＢＣ数码店")
    new("S1", "02", d(2026, 2, 14), _party(D.person_name(rng), D.resident_id(rng), True), shop="ＡＢＣ数码店")
    new("S2", "03", d(2026, 6, 1), _party(D.person_name(rng), D.resident_id(rng), True), shop="abc 数码店")
    new("T1", "01", d(2026, 1, 20), _party(D.person_name(rng), D.resident_id(rng), True), patent=shared_patent)
    new("T2", "02", d(2026, 4, 20), _party(D.person_name(rng), D.resident_id(rng), True), patent=shared_patent)
    new("U3", "03", d(2026, 1, 5), _party(person, person_id, True))
    new("U1", "03", d(2026, 1, 6), _party(person, person_id, True),
        events=(("filed", d(2026, 1, 8)), ("decided", d(2026, 2, 20), {"outcome": "infringement"})))
    new("U2", "03", d(2026, 4, 1), _party(person, person_id, True))
    new("V1", "01", d(2026, 1, 12), _party("包头市某某五金店"),
        events=(("filed", d(2026, 1, 14)), ("decided", d(2026, 3, 2), {"outcome": "rejected"})))
    new("V2", "01", d(2026, 4, 12), _party("包头市某某五金店"))
    db.set_setting("station_code", None)
    db.set_setting("role", "unassigned")
    init_supervisor(db)
    return ids


@pytest.fixture
def three_stations(db_url: str) -> tuple[Database, dict[str, uuid.UUID]]:
    db = open_database(db_url)
    try:
        yield db, _build(db)
    finally:
        db.close()


def test_stored_keys_find_what_the_python_matching_found(three_stations) -> None:
    db, ids = three_stations
    stats = compute_statistics(db, ReportQuery(*PERIOD), today=TODAY)
    found = {(m.kind, frozenset(c.case_id for c in m.cases), m.stations) for m in find_matches(db, stats)}

    def of(*names: str) -> frozenset[uuid.UUID]:
        return frozenset(ids[n] for n in names)

    assert found == {
        ("respondent", of("P1", "P2"), ("01", "02")),  # by credit code, whatever the name says
        ("respondent", of("N1", "N2"), ("01", "03")),  # by normalised name
        ("shop", of("S1", "S2"), ("02", "03")),  # S0 was received before the period
        ("patent", of("T1", "T2"), ("01", "02")),
        ("repeat", of("U1", "U2"), ("03",)),  # U3 came before the decision; V2 followed a rejection
    }
    labels = {m.kind: m.label for m in find_matches(db, stats) if m.kind in ("shop", "patent")}
    assert labels["shop"] in ("淘宝·ＡＢＣ数码店", "淘宝·abc 数码店")
    # One station only: nothing to match.
    only_03 = compute_statistics(db, ReportQuery(*PERIOD, stations=("03",)), today=TODAY)
    assert {m.kind for m in find_matches(db, only_03)} == {"repeat"}


def test_keys_follow_an_edited_case(three_stations) -> None:
    """A respondent renamed at one station leaves the match; the stored keys are rebuilt with the facts."""
    db, ids = three_stations
    stats = compute_statistics(db, ReportQuery(*PERIOD), today=TODAY)
    assert any(m.kind == "respondent" and ids["N2"] in {c.case_id for c in m.cases} for m in find_matches(db, stats))
    inp = case_input_of(get_case(db, ids["N2"]))
    inp.parties = [p if p.role != "respondent" else C.PartyInput("respondent", "organisation", "呼和浩特月亮商行")
                   for p in inp.parties]
    update_case(db, ids["N2"], inp, actor="测试员", today=TODAY)
    stats = compute_statistics(db, ReportQuery(*PERIOD), today=TODAY)
    assert not any(ids["N2"] in {c.case_id for c in m.cases} for m in find_matches(db, stats))


def test_case_header_flags_agree_with_the_matches(three_stations) -> None:
    db, ids = three_stations
    flags = case_match_flags(db, ids["U2"])
    assert any("重复侵权" in f and "2026-02-20" in f for f in flags)
    assert any("专利" in f and "01" in f for f in case_match_flags(db, ids["T2"]))
    assert case_match_flags(db, ids["V2"]) == []


def test_case_header_flags_match_by_code_and_normalised_name_like_the_report(three_stations) -> None:
    """Not only the same text: a code in lower case, a name with full-width brackets and a space."""
    db, ids = three_stations
    compute_statistics(db, ReportQuery(*PERIOD), today=TODAY)  # the keys stored with the facts
    assert any(f.startswith("同一被请求人") and "02" in f for f in case_match_flags(db, ids["P1"]))
    assert any(f.startswith("同一被请求人") and "01" in f for f in case_match_flags(db, ids["P2"]))
    assert any(f.startswith("同一被请求人") and "03" in f for f in case_match_flags(db, ids["N1"]))
    assert any(f.startswith("同一被请求人") and "01" in f for f in case_match_flags(db, ids["N2"]))

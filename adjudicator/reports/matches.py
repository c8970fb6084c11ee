"""Matches across stations (跨所关联): the same respondent, shop or patent in cases at several stations, and repeat infringers.

A view no single station has. Cases are compared by the keys of :mod:`adjudicator.reports.keys`
(respondent by credit code or ID number, else by normalised name; shop by platform and
normalised name; patent by number), stored per case in ``report_keys`` beside its facts.

A **cross-station match** is a key shared by cases received in the period at two or more
stations. A **repeat infringer** (重复侵权, Measures Art. 34) is a respondent with a case received
in the period at a station that had already decided, before that case was received, that the
same respondent infringed. Both are found from two reads, the period's keys and the
infringement decisions' respondents, grouped in Python. Each match lists the cases behind it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from sqlalchemy import ColumnElement, String, and_, select, type_coerce

from adjudicator.calendar.store import counting_rules
from adjudicator.procedure.deadline_cache import as_uuid
from adjudicator.procedure.kinds import INFRINGEMENT_FOUND
from adjudicator.reports.facts import compute_rows, refresh_facts
from adjudicator.reports.figures import Period
from adjudicator.reports.keys import case_keys, normalise_name, respondent_key
from adjudicator.reports.statistics import CaseLine, Statistics, case_lines
from adjudicator.store import Database
from adjudicator.store.models import Case, EcommerceDetail, Party
from adjudicator.store.models_reports import ReportFacts as R
from adjudicator.store.models_reports import ReportKey as K

__all__ = ["MATCH_LABELS", "Match", "case_match_flags", "find_matches", "normalise_name", "respondent_key"]

MatchKind = Literal["respondent", "shop", "patent", "repeat"]
MATCH_LABELS: dict[str, str] = {"respondent": "同一被请求人在多个裁决所", "shop": "同一店铺在多个裁决所",
                                "patent": "同一专利在多个裁决所", "repeat": "重复侵权（裁决侵权成立后再次被请求）"}


@dataclass(frozen=True)
class Match:
    """One match: what is shared (``label``: the name, shop or patent number), where, and the cases behind it."""

    kind: MatchKind
    label: str
    stations: tuple[str, ...]
    cases: tuple[CaseLine, ...]

    @property
    def kind_label(self) -> str:
        return MATCH_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "kind_label": self.kind_label, "label": self.label, "stations": list(self.stations),
                "cases": [c.to_json() for c in self.cases]}


class _Fact(NamedTuple):
    station: str
    received: date
    outcome: str | None
    decided: date | None


def _keys(db: Database, ids: list[uuid.UUID]) -> tuple[dict[Any, set[tuple[str, str]]], dict[str, str]]:
    """The keys of the cases ``ids`` as (kind, key) and a readable label per key, worked out afresh from the record."""
    keys: dict[Any, set[tuple[str, str]]] = defaultdict(set)
    labels: dict[str, str] = {}
    with db.session() as s:
        respondents: dict[Any, list[tuple[str, str]]] = defaultdict(list)
        for case_id, id_number, name in s.execute(select(Party.case_id, Party.id_number, Party.name).where(
                Party.case_id.in_(ids), Party.role == "respondent", Party.deleted_at.is_(None))):
            respondents[case_id].append((id_number or "", name or ""))
        shops: dict[Any, list[tuple[str, str]]] = defaultdict(list)
        for case_id, platform, shop in s.execute(select(EcommerceDetail.case_id, EcommerceDetail.platform,
                                                        EcommerceDetail.shop).where(
                EcommerceDetail.case_id.in_(ids), EcommerceDetail.deleted_at.is_(None), EcommerceDetail.shop != "")):
            shops[case_id].append((platform or "", shop))
        numbers = dict(s.execute(select(Case.id, Case.patent_no).where(Case.id.in_(ids))).all())
    for case_id in ids:
        for (kind, key), label in case_keys(respondents.get(case_id, ()), shops.get(case_id, ()),
                                            numbers.get(case_id) or "").items():
            keys[case_id].add((kind, key))
            labels.setdefault(key, label)
    return keys, labels


def _lines(db: Database, raw_ids: set[Any], period: Period, codes: list[str]) -> dict[Any, CaseLine]:
    """The lines of the cases ``raw_ids`` (ids as the driver returns them), by those ids.

    Nearly all are cases of the period: those are read in one query, the few others (earlier
    decisions behind a repeat) by their ids. Thousands of ids in IN lists cost PostgreSQL more to
    parse and plan than the period's lines cost to read.
    """
    raw_id = type_coerce(R.case_id, String)
    found = {line.key: line for line in case_lines(db, _in_period(R, period, codes), with_key=raw_id)}
    rest = [as_uuid(c) for c in raw_ids if c not in found]
    for start in range(0, len(rest), 2000):
        found.update((line.key, line) for line in case_lines(db, R.case_id.in_(rest[start:start + 2000]),
                                                            with_key=raw_id))
    return found


def _in_period(facts: Any, period: Period, codes: list[str]) -> ColumnElement[bool]:
    return and_(facts.station.in_(codes), facts.received_on >= period.start, facts.received_on <= period.end)


def find_matches(db: Database, stats: Statistics) -> list[Match]:
    """The cross-station matches and repeat infringers among the cases received in the period of ``stats``."""
    refresh_facts(db)
    period = stats.period
    codes = [s.code for s in stats.stations]
    # kind, key -> (case ids, stations, labels)
    found: dict[tuple[str, str], tuple[set[Any], set[str], set[str]]] = defaultdict(lambda: (set(), set(), set()))
    raw_id = type_coerce(R.case_id, String)  # as the driver returns it: no UUID object made per row
    # Every key of the period's cases in one read, grouped here: as a GROUP BY … HAVING joined back to
    # the keys, SQLite took twice as long, and the repeats below read the respondents' keys again.
    period_keys = (select(K.kind, K.key, K.label, R.station, raw_id, R.received_on).join(R, R.case_id == K.case_id)
                   .where(_in_period(R, period, codes)))
    # Repeats: the period's respondents and the infringement decisions, joined here by station and key. As
    # one self-join SQLite (no table statistics) paired every decision with every case of its station.
    decisions = (select(K.key, K.label, R.station, raw_id, R.decided_on).join(R, R.case_id == K.case_id)
                 .where(K.kind == "respondent", R.station.in_(codes), R.outcome.in_(INFRINGEMENT_FOUND),
                        R.decided_on <= period.end, R.received_on <= period.end))
    by_key: dict[tuple[str, str], list[tuple[str, str, Any, date]]] = defaultdict(list)
    decided: dict[tuple[str, str], list[tuple[date, Any, str]]] = defaultdict(list)
    with db.session() as s:
        conn = s.connection()  # plain rows: no ORM result per row
        for kind, key, label, station, case_id, received in conn.execute(period_keys):
            by_key[(kind, key)].append((label, station, case_id, received))
        for key, label, station, case_id, day in conn.execute(decisions):
            decided[(station, key)].append((day, case_id, label))
    for (kind, key), rows in by_key.items():
        if len({station for _label, station, _case, _received in rows}) >= 2:  # at two stations or more
            cases, stations, labels = found[(kind, key)]
            for label, station, case_id, _received in rows:
                cases.add(case_id)
                stations.add(station)
                labels.add(label)
        if kind != "respondent" or not decided:
            continue
        for label, station, case_id, received in rows:
            earlier = [(other, other_label) for day, other, other_label in decided.get((station, key), ())
                       if day < received and other != case_id]
            if earlier:
                cases, stations, labels = found[("repeat", f"{station}\0{key}")]  # per station and respondent
                cases.update([case_id, *(other for other, _label in earlier)])
                stations.add(station)
                labels.update([label, *(other_label for _other, other_label in earlier)])
    lines = _lines(db, {c for cases, _s, _l in found.values() for c in cases}, period, codes)
    matches = [Match(kind, min(labels), tuple(sorted(stations)),  # type: ignore[arg-type]
                     tuple(sorted((line for c in cases if (line := lines.get(c)) is not None),
                                  key=lambda c: (c.received, c.case_no))))
               for (kind, _key), (cases, stations, labels) in found.items()]
    order = {"repeat": 0, "respondent": 1, "shop": 2, "patent": 3}
    matches.sort(key=lambda m: (order[m.kind], -len(m.cases), m.label))
    return matches


def _related(db: Database, case_id: uuid.UUID) -> tuple[set[uuid.UUID], str]:
    """Cases that may share a respondent, shop or patent with ``case_id``: the same code, name, shop or number,
    or the same stored key (the caller compares the keys worked out afresh)."""
    with db.session() as s:
        own = s.execute(select(Party.id_number, Party.name).where(
            Party.case_id == case_id, Party.role == "respondent", Party.deleted_at.is_(None))).all()
        shop = s.execute(select(EcommerceDetail.shop).where(EcommerceDetail.case_id == case_id,
                                                            EcommerceDetail.deleted_at.is_(None))).scalar()
        number = s.execute(select(Case.patent_no).where(Case.id == case_id)).scalar() or ""
        related: set[uuid.UUID] = set()
        for id_number, name in own:
            test = Party.id_number == id_number if id_number else Party.name == name
            related.update(s.scalars(select(Party.case_id).where(test, Party.role == "respondent",
                                                                 Party.deleted_at.is_(None))))
        if shop:
            related.update(s.scalars(select(EcommerceDetail.case_id).where(EcommerceDetail.shop == shop,
                                                                           EcommerceDetail.deleted_at.is_(None))))
        if number:
            related.update(s.scalars(select(Case.id).where(Case.patent_no == number, Case.deleted_at.is_(None))))
        # And by the keys stored with the facts: the same code in other letters, the same name written
        # otherwise (full-width brackets, spaces). A case whose keys were not rebuilt since it arrived is
        # found by the exact comparisons above only.
        for kind, key in _keys(db, [case_id])[0].get(case_id, set()):
            related.update(as_uuid(c) for c in s.scalars(select(K.case_id).where(K.kind == kind, K.key == key)))
    return related | {case_id}, number


def case_match_flags(db: Database, case_id: uuid.UUID) -> list[str]:
    """Sentences for one case's header on the supervisor side: where else its respondent, shop or patent appears.

    Empty on a station's own database (a station sees only its own cases) and when nothing matches.
    """
    if db.station_code:
        return []
    related, _number = _related(db, case_id)
    rules = counting_rules(db)
    with db.session() as s:  # a handful of cases: counted afresh, not from (and without refreshing) the table
        rows = compute_rows(s, sorted(related), rules)
    if case_id not in {row["case_id"] for row in rows}:
        return []
    keys, labels = _keys(db, sorted(related))
    facts = {row["case_id"]: _Fact(row["station"], row["received_on"], row["outcome"], row["decided_on"])
             for row in rows}
    this = facts[case_id]
    flags = []
    for kind, key in sorted(keys.get(case_id, set())):
        others = [c for c, ks in keys.items() if c != case_id and c in facts and (kind, key) in ks]
        stations = sorted({facts[c].station for c in others if facts[c].station != this.station})
        if stations:
            flags.append(f"{MATCH_LABELS[kind].replace('在多个裁决所', '')}“{labels.get(key, key)}”"
                         f"也见于裁决所 {'、'.join(stations)}（{len(others)} 件）")
        if kind == "respondent":
            earlier = [d for c in others if facts[c].station == this.station and facts[c].outcome in INFRINGEMENT_FOUND
                       and (d := facts[c].decided) is not None and d < this.received]
            if earlier:
                flags.append(f"重复侵权：本所已于 {min(earlier)} 裁决该被请求人侵权成立")
    return flags

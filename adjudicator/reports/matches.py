"""Matches across stations (跨所关联): the same respondent, shop or patent in cases at several stations, and repeat infringers.

A view no single station has. Cases are compared by keys:

- **respondent** (被请求人): the credit code or ID number when recorded (upper-case, spaces
  removed), else the normalised name (NFKC, so full-width letters and brackets equal half-width
  ones; spaces and punctuation dropped; lower-case);
- **shop** (店铺): the platform and the normalised shop name;
- **patent** (涉案专利): the normalised patent number (``ZL…``).

A **cross-station match** is a key shared by cases received in the period at two or more
stations. A **repeat infringer** (重复侵权, Measures Art. 34) is a respondent with a case received
in the period at a station that had already decided, before that case was received, that the
same respondent infringed. Each match lists the cases behind it.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple

from sqlalchemy import ColumnElement, String, and_, or_, select, type_coerce

from adjudicator.calendar.store import counting_rules
from adjudicator.procedure.deadline_cache import as_uuid
from adjudicator.procedure.kinds import INFRINGEMENT_FOUND
from adjudicator.reports.facts import compute_rows, refresh_facts
from adjudicator.reports.figures import Period
from adjudicator.reports.statistics import CaseLine, Statistics, case_lines
from adjudicator.store import Database
from adjudicator.store.models import Case, EcommerceDetail, Party
from adjudicator.store.models_reports import ReportFacts as R

MatchKind = Literal["respondent", "shop", "patent", "repeat"]
MATCH_LABELS: dict[str, str] = {"respondent": "同一被请求人在多个裁决所", "shop": "同一店铺在多个裁决所",
                                "patent": "同一专利在多个裁决所", "repeat": "重复侵权（裁决侵权成立后再次被请求）"}
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_name(name: str) -> str:
    """A name as compared: NFKC (full-width to half-width), lower-case, without spaces or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", name)).lower()


def respondent_key(id_number: str, name: str) -> str:
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", id_number or "")).upper()
    return f"id:{code}" if code else f"name:{normalise_name(name)}"


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


def _candidates(period: Period, codes: list[str]) -> ColumnElement[bool]:
    """Cases received in the period, and those decided to infringe by its end (for repeat infringers)."""
    return and_(R.station.in_(codes), R.received_on <= period.end,
                or_(R.received_on >= period.start, and_(R.outcome.in_(INFRINGEMENT_FOUND), R.decided_on <= period.end)))


def _keys(db: Database, where: ColumnElement[bool] | None = None, ids: list[uuid.UUID] | None = None
          ) -> tuple[dict[Any, set[tuple[str, str]]], dict[str, str], dict[Any, _Fact]]:
    """Each case's keys as (kind, key), a readable label per key, and the facts matching needs.

    The cases are those whose stored facts meet ``where``, or else the cases ``ids`` (no facts read).
    Case ids are kept as the driver returns them (hex text on SQLite): a year of nine stations is
    tens of thousands of ids, and turning each into a UUID cost more than the matching itself.
    """
    keys: dict[Any, set[tuple[str, str]]] = defaultdict(set)
    labels: dict[str, str] = {}
    names: dict[tuple[str, str], str] = {}  # the same respondent and shop recur: normalise each once

    def raw(column: Any) -> Any:
        return type_coerce(column, String)

    def scoped(statement: Any, case_id: Any) -> Any:
        if where is not None:
            return statement.join(R, R.case_id == case_id).where(where)
        return statement.where(case_id.in_(ids or []))

    def shop_key(case_id: Any, platform: str, shop: str) -> None:
        key = names.get((platform, "\0" + shop))
        if key is None:
            key = names[(platform, "\0" + shop)] = f"shop:{normalise_name(platform)}|{normalise_name(shop)}"
            labels.setdefault(key, f"{platform}·{shop}")
        keys[case_id].add(("shop", key))

    def patent_key(case_id: Any, number: str) -> None:
        key = f"patent:{number}"
        keys[case_id].add(("patent", key))
        labels.setdefault(key, number)

    facts: dict[Any, _Fact] = {}
    with db.session() as s:
        if where is not None:  # facts, shop and patent in one pass over the period's cases
            live_shop = and_(EcommerceDetail.case_id == R.case_id, EcommerceDetail.deleted_at.is_(None),
                             EcommerceDetail.shop != "")
            rows = s.execute(select(raw(R.case_id), R.station, R.received_on, R.outcome, R.decided_on, Case.patent_no,
                                    EcommerceDetail.platform, EcommerceDetail.shop)
                             .join(Case, Case.id == R.case_id).outerjoin(EcommerceDetail, live_shop).where(where))
            for case_id, station, received, outcome, decided, number, platform, shop in rows:
                facts[case_id] = _Fact(station, received, outcome, decided)
                if shop:
                    shop_key(case_id, platform, shop)
                if number:
                    patent_key(case_id, number)
        else:
            shops = s.execute(select(raw(EcommerceDetail.case_id), EcommerceDetail.platform, EcommerceDetail.shop)
                              .where(EcommerceDetail.case_id.in_(ids or []), EcommerceDetail.deleted_at.is_(None),
                                     EcommerceDetail.shop != ""))
            for case_id, platform, shop in shops:
                shop_key(case_id, platform, shop)
            for case_id, number in s.execute(select(raw(Case.id), Case.patent_no)
                                             .where(Case.id.in_(ids or []), Case.patent_no != "")):
                patent_key(case_id, number)
        parties = s.execute(scoped(select(raw(Party.case_id), Party.id_number, Party.name), Party.case_id)
                            .where(Party.role == "respondent", Party.deleted_at.is_(None)))
        for case_id, id_number, name in parties:
            key = names.get((id_number, name))
            if key is None:
                key = names[(id_number, name)] = respondent_key(id_number, name)
                labels.setdefault(key, f"{name}（{id_number}）" if id_number else name)
            keys[case_id].add(("respondent", key))
    return keys, labels, facts


def _lines(db: Database, ids: list[uuid.UUID]) -> dict[uuid.UUID, CaseLine]:
    found: dict[uuid.UUID, CaseLine] = {}
    for start in range(0, len(ids), 2000):
        found.update((line.case_id, line) for line in case_lines(db, R.case_id.in_(ids[start:start + 2000])))
    return found


def find_matches(db: Database, stats: Statistics) -> list[Match]:
    """The cross-station matches and repeat infringers among the cases received in the period of ``stats``."""
    refresh_facts(db)
    period = stats.period
    keys, labels, facts = _keys(db, _candidates(period, [s.code for s in stats.stations]))
    in_period = {cid for cid, f in facts.items() if period.has(f.received)}
    groups: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
    for cid in in_period:
        for kind_key in keys.get(cid, ()):
            groups[kind_key].add(cid)
    found: list[tuple[MatchKind, str, set[uuid.UUID]]] = []
    for (kind, key), cids in groups.items():
        if len({facts[c].station for c in cids}) >= 2:
            found.append((kind, key, cids))  # type: ignore[arg-type]
    found.extend(_repeats(facts, in_period, keys))
    lines = _lines(db, sorted({as_uuid(c) for _k, _key, cids in found for c in cids}))
    matches = [Match(kind, labels.get(key, key), tuple(sorted({facts[c].station for c in cids})),
                     tuple(sorted((line for c in cids if (line := lines.get(as_uuid(c))) is not None),
                                  key=lambda c: (c.received, c.case_no))))
               for kind, key, cids in found]
    order = {"repeat": 0, "respondent": 1, "shop": 2, "patent": 3}
    matches.sort(key=lambda m: (order[m.kind], -len(m.cases), m.label))
    return matches


def _repeats(facts: dict[uuid.UUID, _Fact], in_period: set[uuid.UUID],
             keys: dict[uuid.UUID, set[tuple[str, str]]]) -> list[tuple[MatchKind, str, set[uuid.UUID]]]:
    """Respondents decided to infringe at a station and requested against again there afterwards."""
    decided: dict[tuple[str, str], list[tuple[date, uuid.UUID]]] = defaultdict(list)
    for cid, f in facts.items():
        if f.outcome in INFRINGEMENT_FOUND and f.decided:
            for kind, key in keys.get(cid, ()):
                if kind == "respondent":
                    decided[(f.station, key)].append((f.decided, cid))
    found: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
    for cid in in_period:
        f = facts[cid]
        for kind, key in keys.get(cid, ()):
            if kind != "respondent":
                continue
            earlier = [other for day, other in decided.get((f.station, key), ()) if day < f.received and other != cid]
            if earlier:
                found[(f.station, key)].update([cid, *earlier])
    return [("repeat", key, cids) for (_station, key), cids in found.items()]


def _related(db: Database, case_id: uuid.UUID) -> tuple[set[uuid.UUID], str]:
    """Cases sharing a respondent (same code or name), shop or patent number with ``case_id`` (exact SQL match)."""
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
    raw_keys, labels, _none = _keys(db, ids=sorted(related))
    keys = {as_uuid(c): ks for c, ks in raw_keys.items()}
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

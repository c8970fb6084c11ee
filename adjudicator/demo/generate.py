"""``adjudicator demo``: fill a database with realistic synthetic cases for trials and benchmarks.

Cases get Chinese parties with valid ID numbers and credit codes, valid patent numbers of
every kind, e-commerce platforms and shops, dates over 2023 to today and every status. The
same seed gives the same data (names, numbers, dates) but never the same ids: every run mixes a
fresh random salt into its UUIDs, so two stations' demo databases made with one seed, or two runs
on one database, never share a key (the supervisor merge relies on UUIDs being unique city-wide).
Rows are written with bulk inserts in chunks, one transaction per chunk, so 100,000 cases take
seconds, not minutes; case numbers and list keys are reserved inside that transaction, so a
clerk's save or a second demo running at the same time queues instead of colliding. Each case
gets one audit entry saying it was generated.

Other features enrich the generated cases (events, evidence) through :data:`ENRICHERS`:
functions ``(session, rng, cases)`` called once per chunk with the chunk's :class:`DemoCase` rows.
"""

from __future__ import annotations

import importlib
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from adjudicator.cases import inputs as C
from adjudicator.demo import data as D
from adjudicator.demo.ids import DemoRandom, demo_uuid
from adjudicator.errors import DomainError
from adjudicator.progress import Progress
from adjudicator.stations.registry import StationInfo, station
from adjudicator.store import Database
from adjudicator.store.audit import record_created
from adjudicator.store.models import (
    Case,
    CaseSearch,
    EcommerceDetail,
    Party,
    Patent,
)
from adjudicator.store.numbering import CASE_SERIES, LIST_KEY_SERIES, allocate_block

CHUNK = 2000
#: The most cases one ``demo`` run makes: twice the benchmarks' 100,000; more is a typo, not a wish.
MAX_DEMO_CASES = 200_000
FIRST_DAY = date(2023, 1, 3)

#: Modules whose ``enrich_demo_cases(session, rng, cases)`` adds their own data to demo cases.
ENRICHER_MODULES: tuple[str, ...] = ("adjudicator.demo.procedure", "adjudicator.demo.evidence")

_KIND_WEIGHTS = {"ecommerce": 86, "infringement": 9, "mediation": 5}
_SOURCE_BY_KIND = {
    "ecommerce": (["platform", "direct", "legal_aid"], [60, 30, 10]),
    "infringement": (["direct", "legal_aid", "transfer"], [70, 20, 10]),
    "mediation": (["direct", "legal_aid"], [80, 20]),
}
_HANDLERS = ["李明", "王海燕", "赵志刚", "孙丽娜", "周建华", "吴晓东"]
_PANEL_POOL = ["王建国", "李明", "赵敏", "刘洋", "陈静", "杨帆", "黄磊", "孙丽娜", "周建华"]
_CLAIMS = [
    "请求责令被请求人立即停止销售、许诺销售侵犯涉案专利权的产品，并删除相关商品链接。",
    "请求责令被请求人立即停止制造、销售侵犯涉案专利权的产品，销毁库存侵权产品及专用模具。",
    "请求认定被请求人的行为构成专利侵权，责令其停止侵权行为。",
    "请求就专利侵权赔偿数额进行调解。",
]


@dataclass
class DemoCase:
    """One generated case as enrichers see it."""

    id: uuid.UUID
    case_no: str
    kind: str
    status: str
    received_on: date
    station: str
    handler: str
    patent_kind: str
    respondent_abroad: bool
    party_ids: dict[str, list[uuid.UUID]] = field(default_factory=dict)


def _stamp(day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, time(8, 30)) + timedelta(minutes=rng.randrange(0, 540))
    return local.replace(tzinfo=timezone(timedelta(hours=8))).astimezone(UTC)


def _status_for(received: date, today: date, rng: random.Random) -> str:
    age = (today - received).days
    if age < 6:
        return rng.choice(["received", "received", "filed"])
    if age < 100:
        return rng.choices(["filed", "suspended", "decided", "mediated", "withdrawn", "refused"],
                           [55, 6, 14, 12, 8, 5])[0]
    return rng.choices(["filed", "suspended", "decided", "mediated", "withdrawn", "refused", "archived"],
                       [3, 2, 30, 25, 15, 5, 20])[0]


def _person(rng: random.Random, role: str, order: int) -> dict[str, Any]:
    return {"role": role, "party_type": "person", "name": D.person_name(rng), "id_number": D.resident_id(rng),
            "address": D.address(rng), "phone": D.phone(rng), "legal_rep": "", "legal_rep_title": "",
            "agents": [], "abroad": False, "sort_order": order}


def _organisation(rng: random.Random, role: str, order: int) -> dict[str, Any]:
    co = D.company(rng)
    agents = [{"name": D.person_name(rng), "firm": rng.choice(["内蒙古知联律师事务所", "北京市盈科（呼和浩特）律师事务所",
                                                          "浙江天册律师事务所", "本公司员工"]),
               "phone": D.phone(rng)} for _ in range(rng.choice([0, 1, 1, 2]))]
    return {"role": role, "party_type": "organisation", "name": co.name, "id_number": co.credit_code,
            "address": co.address, "phone": co.phone, "legal_rep": co.legal_representative,
            "legal_rep_title": rng.choice(["执行董事", "总经理", "董事长", "经理"]), "agents": agents,
            "abroad": False, "sort_order": order}


def _case_rows(rng: random.Random, info: StationInfo, received: date, today: date, seq: int,
               actor: str) -> tuple[DemoCase, dict[str, list[dict[str, Any]]]]:
    kind = rng.choices(list(_KIND_WEIGHTS), list(_KIND_WEIGHTS.values()))[0]
    sources, weights = _SOURCE_BY_KIND[kind]
    source = rng.choices(sources, weights)[0]
    status = _status_for(received, today, rng)
    if kind == "mediation" and status == "decided":  # a mediation case ends in agreement, not a decision
        status = "mediated"
    case_id = demo_uuid(rng)
    case_no = C.format_case_no(info.doc_prefix, received.year, seq)
    handler = rng.choice(_HANDLERS)
    panel = [] if status in ("received", "refused") else [handler, *rng.sample(
        [p for p in _PANEL_POOL if p != handler], 2)]
    pat = D.patent(rng, (2012, min(2025, received.year)))
    requester = _organisation(rng, "requester", 0) if rng.random() < 0.8 else _person(rng, "requester", 0)
    respondent = _person(rng, "respondent", 1) if kind == "ecommerce" and rng.random() < 0.6 \
        else _organisation(rng, "respondent", 1)
    respondent["abroad"] = rng.random() < 0.03
    party_dicts = [requester, respondent]
    if rng.random() < 0.1:
        party_dicts.append(_organisation(rng, "respondent", 2))
    created = _stamp(received, rng)
    common = {"owner_station": info.code, "version": 1, "created_at": created, "updated_at": created,
              "deleted_at": None}
    parties = [{**p, **common, "id": demo_uuid(rng), "case_id": case_id} for p in party_dicts]
    patent = {**common, "id": demo_uuid(rng), "case_id": case_id, "number": pat.number, "kind": pat.kind,
              "pct": pat.pct, "title": pat.title, "patentee": requester["name"],
              "application_date": pat.application_date, "grant_date": pat.grant_date,
              "claims": D.claims_relied_on(rng)}
    shop = ""
    ecommerce = []
    if kind == "ecommerce":
        listing = D.ecommerce_platform(rng)
        shop = listing.shop_name
        ecommerce.append({**common, "id": demo_uuid(rng), "case_id": case_id, "platform": listing.platform,
                          "shop": shop, "listing_links": list(listing.listing_urls),
                          "complaint_no": listing.complaint_number})
    inputs = [C.PartyInput(p["role"], p["party_type"], p["name"]) for p in party_dicts]
    case = {**common, "id": case_id, "case_no": case_no, "case_year": received.year, "case_seq": seq,
            "kind": kind, "source": source, "received_on": received, "handler": handler, "panel": panel,
            "status": status, "claims_summary": rng.choice(_CLAIMS[:3] if kind != "mediation" else _CLAIMS[3:]),
            "notes": "", "party_summary": C.party_summary(inputs), "patent_no": pat.number}
    search = {"case_key": 0, "text": C.search_text(case_no, inputs, pat.number, shop)}
    demo = DemoCase(case_id, case_no, kind, status, received, info.code, handler, pat.kind,
                    bool(respondent["abroad"]),
                    {role: [p["id"] for p in parties if p["role"] == role] for role in ("requester", "respondent")})
    return demo, {"cases": [case], "parties": parties, "patents": [patent], "ecommerce": ecommerce,
                  "search": [search]}


def _enrichers() -> list[Callable[[Session, random.Random, list[DemoCase]], None]]:
    found = []
    for name in ENRICHER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append(module.enrich_demo_cases)
    return found


def generate_demo(db: Database, count: int, *, seed: int = 1, today: date | None = None,
                  progress: Progress | None = None) -> dict[str, Any]:
    """Add ``count`` synthetic cases to the station database; returns a summary."""
    if not 1 <= count <= MAX_DEMO_CASES:
        raise DomainError(f"演示案件数应在 1 到 {MAX_DEMO_CASES} 之间，输入为 {count}。")
    info = station(db)
    today = today or date.today()
    rng = DemoRandom(seed)
    span = (today - FIRST_DAY).days
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(span + 1)) for _ in range(count))
    enrichers = _enrichers()
    statuses: dict[str, int] = {}
    for start in range(0, count, CHUNK):
        chunk = days[start:start + CHUNK]
        with db.write(actor="演示数据", importing=True) as s:
            # Reserved here, inside the writing transaction: numbers read before it could be taken meanwhile.
            next_seq = {year: allocate_block(s, info.code, year, CASE_SERIES, n)
                        for year, n in sorted(Counter(d.year for d in chunk).items())}
            list_key = allocate_block(s, LIST_KEY_SERIES[0], 0, LIST_KEY_SERIES[1], len(chunk))
            batch: dict[str, list[dict[str, Any]]] = {"cases": [], "parties": [], "patents": [], "ecommerce": [],
                                                       "search": []}
            demo_cases = []
            for offset, received in enumerate(chunk):
                demo, rows = _case_rows(rng, info, received, today, next_seq[received.year], "演示数据")
                next_seq[received.year] += 1
                rows["cases"][0]["list_key"] = rows["search"][0]["case_key"] = list_key + offset
                demo_cases.append(demo)
                statuses[demo.status] = statuses.get(demo.status, 0) + 1
                for key, value in rows.items():
                    batch[key].extend(value)
            s.execute(insert(Case), batch["cases"])
            s.execute(insert(Party), batch["parties"])
            s.execute(insert(Patent), batch["patents"])
            if batch["ecommerce"]:
                s.execute(insert(EcommerceDetail), batch["ecommerce"])
            s.execute(insert(CaseSearch), batch["search"])
            for enrich in enrichers:
                enrich(s, rng, demo_cases)
            # The audit trail describes every row the demo made, so ``audit verify`` finds them recorded.
            record_created(s, [c.id for c in demo_cases], "演示数据")
        if progress:
            done = min(start + CHUNK, count)
            progress(done / count, f"已生成 {done}/{count} 件")
    return {"cases": count, "seed": seed, "station": info.code, "statuses": statuses}

"""Hand-built cases of two stations whose figures are known (the expected answers are in the tests).

Period 2026-01-01..2026-06-30, counted on 2026-07-15 (so the reference day is 2026-06-30):

=====  ====  ============  ============================================================================
case   stn   kind          story
=====  ====  ============  ============================================================================
A      01    infringement  received 01-05, filed 01-09, decided (infringement) 03-02, served 03-04/03-05,
                           published 03-10, lawsuit 03-12, upheld 05-20. Respondent: company X.
B      01    ecommerce     received 02-02, filed 02-05, suspended 02-20, resumed 03-20, mediated 04-10
                           (net 64 - 28 = 36 days). Shop S.
C      01    ecommerce     received 02-10, refused 02-13.
D      01    ecommerce     received 2025-12-01, filed 2025-12-03, still open: limit 2026-03-03, overdue.
E      01    ecommerce     received 06-25, not yet filed: pending.
F      01    ecommerce     received 04-01, filed 04-03 (limit 07-03: near the limit). Respondent X again,
                           after A's decision against X: a repeat infringer.
G      02    ecommerce     received 03-01, filed 03-03, withdrawn 03-20 (17 days). Respondent X, shop S.
H      02    infringement  received 01-20, filed 01-22, extended 04-10 (+1 month: limit 05-22), decided
                           (rejected) 05-29: late, not published. Same patent as A.
=====  ====  ============  ============================================================================
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

from adjudicator.cases import inputs as C
from adjudicator.cases.service import create_case, set_deleted
from adjudicator.demo import data as D
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.stations.registry import _seed_registry, init_supervisor
from adjudicator.store import Database

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))
TODAY = date(2026, 7, 15)
d = date

_rng = random.Random(20260101)
COMPANY_X = D.company(_rng)
SHOP_S = ("淘宝", "星光数码专营店")


def _patent() -> C.PatentInput:
    p = D.patent(_rng)
    return C.PatentInput(p.number, kind=p.kind, title=p.title, patentee="内蒙古草原星光科技有限公司")


PATENT_A = _patent()


def _case(kind: str, received: date, *, respondent_x: bool = False, shop: tuple[str, str] | None = None,
          patent: C.PatentInput | None = None) -> C.CaseInput:
    requester = C.PartyInput("requester", "organisation", "内蒙古草原星光科技有限公司", id_number="91150102MA0N8XYE05",
                             legal_rep="王刚", legal_rep_title="执行董事")
    if respondent_x:
        respondent = C.PartyInput("respondent", "organisation", COMPANY_X.name, id_number=COMPANY_X.credit_code,
                                  legal_rep=COMPANY_X.legal_representative)
    else:
        respondent = C.PartyInput("respondent", "person", D.person_name(_rng), id_number=D.resident_id(_rng))
    ecommerce = None
    if kind == "ecommerce":
        platform, name = shop or ("京东", f"{D.person_name(_rng)}的小店")
        ecommerce = C.EcommerceInput(platform, name, [f"https://item.jd.com/{_rng.randrange(10**11, 10**12)}.html"])
    return C.CaseInput(kind=kind, source="direct", received_on=received, parties=[requester, respondent],
                       patent=patent or _patent(), handler="李明", panel=["王建国", "李明", "赵敏"],
                       ecommerce=ecommerce)


def _events(db: Database, case_id: uuid.UUID, *events: tuple[Any, ...]) -> None:
    for event in events:
        kind, day, *rest = event
        received = rest[0] if rest and isinstance(rest[0], date) else None
        details = rest[-1] if rest and isinstance(rest[-1], dict) else {}
        add_event(db, case_id, EventInput(kind, day, received, details), actor="测试员", today=TODAY)


def build_two_stations(db: Database) -> dict[str, uuid.UUID]:
    """The cases above in ``db``, made a supervisor's database; returns their ids by letter."""
    global COMPANY_X, PATENT_A
    _rng.seed(20260101)  # the same names, codes and patents in every database built
    COMPANY_X = D.company(_rng)
    PATENT_A = _patent()
    _seed_registry(db)
    ids: dict[str, uuid.UUID] = {}

    def new(letter: str, station: str, inp: C.CaseInput) -> uuid.UUID:
        db.set_setting("station_code", station)
        ids[letter] = create_case(db, inp, actor="测试员", today=TODAY).id
        return ids[letter]

    a = new("A", "01", _case("infringement", d(2026, 1, 5), respondent_x=True, patent=PATENT_A))
    _events(db, a, ("filed", d(2026, 1, 9)), ("decided", d(2026, 3, 2), {"outcome": "infringement"}),
            ("decision_served", d(2026, 3, 4), d(2026, 3, 5)), ("published", d(2026, 3, 10)),
            ("lawsuit_filed", d(2026, 3, 12), {"by": "respondent"}),
            ("lawsuit_decided", d(2026, 5, 20), {"outcome": "upheld"}))
    b = new("B", "01", _case("ecommerce", d(2026, 2, 2), shop=SHOP_S))
    _events(db, b, ("filed", d(2026, 2, 5)), ("suspended", d(2026, 2, 20), {"ground": "invalidation"}),
            ("resumed", d(2026, 3, 20)), ("mediated", d(2026, 4, 10)))
    c = new("C", "01", _case("ecommerce", d(2026, 2, 10)))
    _events(db, c, ("refused", d(2026, 2, 13), {"ground": "不属于本所管辖"}))
    dd = new("D", "01", _case("ecommerce", d(2025, 12, 1)))
    _events(db, dd, ("filed", d(2025, 12, 3)))
    new("E", "01", _case("ecommerce", d(2026, 6, 25)))
    f = new("F", "01", _case("ecommerce", d(2026, 4, 1), respondent_x=True))
    _events(db, f, ("filed", d(2026, 4, 3)))
    g = new("G", "02", _case("ecommerce", d(2026, 3, 1), respondent_x=True, shop=SHOP_S))
    _events(db, g, ("filed", d(2026, 3, 3)), ("withdrawn", d(2026, 3, 20), {"ground": "requester_withdrew"}))
    h = new("H", "02", _case("infringement", d(2026, 1, 20), patent=PATENT_A))
    _events(db, h, ("filed", d(2026, 1, 22)),
            ("extension_approved", d(2026, 4, 10), {"approver": "张所长", "level": "head", "months": 1}),
            ("decided", d(2026, 5, 29), {"outcome": "rejected"}))
    # A deleted case is never counted.
    z = new("Z", "02", _case("ecommerce", d(2026, 2, 3)))
    set_deleted(db, z, True, actor="测试员")
    db.set_setting("station_code", None)
    db.set_setting("role", "unassigned")
    init_supervisor(db)
    return ids

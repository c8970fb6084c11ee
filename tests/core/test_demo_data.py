"""Synthetic demo data: the same seed gives the same data, and every number passes its check."""

from __future__ import annotations

import random
import re
from dataclasses import asdict
from datetime import date

import pytest

from adjudicator.demo import data as demo_data
from adjudicator.cases.identifiers import parse_patent_number, validate_credit_code, validate_resident_id

SEEDS = range(40)
TODAY = date(2026, 6, 1)


def sample(seed: int) -> list[object]:
    """One of everything, drawn in a fixed order from one seeded generator."""
    rng = random.Random(seed)
    return [
        demo_data.person_name(rng),
        demo_data.resident_id(rng),
        asdict(demo_data.company(rng)),
        demo_data.address(rng),
        demo_data.phone(rng),
        asdict(demo_data.patent(rng)),
        asdict(demo_data.ecommerce_platform(rng)),
        demo_data.claims_relied_on(rng),
    ]


def test_same_seed_gives_same_data() -> None:
    assert sample(2024) == sample(2024)


def test_different_seeds_give_different_data() -> None:
    assert len({repr(sample(seed)) for seed in SEEDS}) == len(SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_generated_number_validates(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(25):
        company = demo_data.company(rng)
        assert validate_credit_code(company.credit_code) == company.credit_code
        assert company.name.endswith("公司")
        identity = demo_data.resident_id(rng, (1950, 2005))
        assert validate_resident_id(identity, today=TODAY) == identity
        assert 1950 <= int(identity[6:10]) <= 2005
        patent = demo_data.patent(rng)
        parsed = parse_patent_number(patent.number, today=TODAY)
        assert parsed.normalized == patent.number
        assert (parsed.kind, parsed.pct, parsed.year) == (patent.kind, patent.pct, patent.application_date.year)


def test_patents_are_granted_after_filing_within_the_range() -> None:
    rng = random.Random(7)
    patents = [demo_data.patent(rng, year_range=(2015, 2020)) for _ in range(500)]
    for patent in patents:
        assert date(2015, 1, 1) <= patent.application_date < patent.grant_date <= date(2020, 12, 31)
        assert patent.title
        if patent.kind == "design":
            assert not patent.title.startswith("一种")
    assert {p.kind for p in patents} == {"invention", "utility_model", "design"}
    assert any(p.pct for p in patents) and not all(p.pct for p in patents)


def test_titles_are_varied() -> None:
    rng = random.Random(3)
    assert len({demo_data.patent(rng).title for _ in range(2000)}) >= 55


def test_names_and_phones_look_real() -> None:
    rng = random.Random(11)
    names = [demo_data.person_name(rng) for _ in range(500)]
    assert all(2 <= len(name) <= 5 for name in names)
    assert sum(name[0] in "王李张刘陈" for name in names) > 100  # the commonest surnames dominate
    phones = [demo_data.phone(rng) for _ in range(200)]
    assert all(re.fullmatch(r"1[358]\d{9}|0471-[3-6]\d{6}", p) for p in phones), phones


def test_addresses_are_mostly_in_hohhot() -> None:
    rng = random.Random(5)
    addresses = [demo_data.address(rng) for _ in range(400)]
    in_hohhot = [a for a in addresses if a.startswith("内蒙古自治区呼和浩特市")]
    assert len(in_hohhot) > 120
    assert all(re.search("(新城区|回民区|玉泉区|赛罕区)", a) for a in in_hohhot)
    assert any(a.startswith("浙江省义乌市") for a in addresses)


LISTING_PATTERNS = {
    "淘宝": r"https://item\.taobao\.com/item\.htm\?id=\d{12}",
    "天猫": r"https://detail\.tmall\.com/item\.htm\?id=\d{12}",
    "京东": r"https://item\.jd\.com/\d{11,14}\.html",
    "拼多多": r"https://mobile\.yangkeduo\.com/goods\.html\?goods_id=\d{9,12}",
    "抖音电商": r"https://haohuo\.jinritemai\.com/views/product/detail\?id=\d{19}",
    "快手小店": r"https://app\.kwaixiaodian\.com/merchant/shop/detail\?id=\d{13}",
    "1688": r"https://detail\.1688\.com/offer/\d{12}\.html",
}


def test_listings_use_each_platforms_link_shape() -> None:
    rng = random.Random(13)
    listings = [demo_data.ecommerce_platform(rng) for _ in range(600)]
    assert {listing.platform for listing in listings} == set(LISTING_PATTERNS)
    for listing in listings:
        assert 1 <= len(listing.listing_urls) <= 3
        for url in listing.listing_urls:
            assert re.fullmatch(LISTING_PATTERNS[listing.platform], url), url
        assert listing.shop_name
        assert re.fullmatch(r"[A-Z]+20(2[1-5])\d{10}", listing.complaint_number), listing.complaint_number


def test_claims_relied_on_always_include_claim_one() -> None:
    rng = random.Random(17)
    for _ in range(200):
        text = demo_data.claims_relied_on(rng, claim_count=6)
        numbers = [int(n) for n in text.removeprefix("权利要求").split("、")]
        assert numbers[0] == 1 and numbers == sorted(set(numbers)) and numbers[-1] <= 6
    assert demo_data.claims_relied_on(random.Random(1), claim_count=1) == "权利要求1"

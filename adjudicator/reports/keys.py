"""The keys cases are matched on across stations (跨所关联): respondent, shop and patent, normalised.

- **respondent** (被请求人): the credit code or ID number when recorded (upper-case, spaces
  removed), else the normalised name (NFKC, so full-width letters and brackets equal half-width
  ones; spaces and punctuation dropped; lower-case);
- **shop** (店铺): the platform and the normalised shop name;
- **patent** (涉案专利): the normalised patent number (``ZL…``, as the case stores it).

Each case's keys are stored in ``report_keys`` beside its facts and rebuilt with them
(:mod:`adjudicator.reports.facts`), so matching is a grouped query over stored keys
(:mod:`adjudicator.reports.matches`) rather than names normalised afresh for every report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

KeyKind = Literal["respondent", "shop", "patent"]
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)  # a supervisor's cases name the same shops and companies again and again
def normalise_name(name: str) -> str:
    """A name as compared: NFKC (full-width to half-width), lower-case, without spaces or punctuation."""
    return _DROP.sub("", unicodedata.normalize("NFKC", name)).lower()


def respondent_key(id_number: str, name: str) -> str:
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", id_number or "")).upper()
    return f"id:{code}" if code else f"name:{normalise_name(name)}"


def respondent_label(id_number: str, name: str) -> str:
    return f"{name}（{id_number}）" if id_number else name


def shop_key(platform: str, shop: str) -> str:
    return f"shop:{normalise_name(platform)}|{normalise_name(shop)}"


def case_keys(respondents: Iterable[tuple[str, str]], shops: Iterable[tuple[str, str]], patent_no: str
              ) -> dict[tuple[KeyKind, str], str]:
    """One case's keys, each with a readable label: ``respondents`` as (id number, name), ``shops`` as (platform, shop)."""
    keys: dict[tuple[KeyKind, str], str] = {}
    for id_number, name in respondents:
        keys.setdefault(("respondent", respondent_key(id_number, name)), respondent_label(id_number, name))
    for platform, shop in shops:
        if shop:
            keys.setdefault(("shop", shop_key(platform, shop)), f"{platform}·{shop}")
    if patent_no:
        keys.setdefault(("patent", f"patent:{patent_no}"), patent_no)
    return keys

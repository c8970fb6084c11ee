"""The clause library (条款库): reusable paragraphs for drafting — procedure, defences, standard reasoning.

The library ships in ``resources/clauses.json`` as reference data; a station adds its own
clauses, kept in the database settings (so they travel with the station's database). Clauses
cite no article numbers: a decision's citations are computed from its outcome and printed in full
in its annex, so a clause cannot slip in an article nobody checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from adjudicator.errors import DomainError
from adjudicator.paths import resource
from adjudicator.store import Database

from .punctuation import normalize_punctuation

SETTING = "drafting_clauses"
CATEGORIES = ("程序", "答辩", "说理", "其他")
MAX_TEXT = 5000


@dataclass(frozen=True)
class Clause:
    category: str
    title: str
    text: str
    shipped: bool = True


@lru_cache(maxsize=1)
def shipped_clauses() -> tuple[Clause, ...]:
    data: dict[str, Any] = json.loads(resource("clauses.json").read_text(encoding="utf-8"))
    return tuple(Clause(c["category"], c["title"], c["text"]) for c in data["clauses"])


def clauses(db: Database) -> list[Clause]:
    """The shipped clauses, then this station's own, by category."""
    own = [Clause(c["category"], c["title"], c["text"], shipped=False) for c in db.get_setting(SETTING, []) or []]
    order = {name: k for k, name in enumerate(CATEGORIES)}
    return sorted([*shipped_clauses(), *own], key=lambda c: order.get(c.category, len(order)))


def add_clause(db: Database, category: str, title: str, text: str) -> Clause:
    """Add a station clause; its punctuation is normalised. Refused without a title or text, or twice."""
    title, text = title.strip(), normalize_punctuation(text.strip())
    if category not in CATEGORIES:
        raise DomainError(f"条款类别应为{'、'.join(CATEGORIES)}之一。")
    if not title or not text:
        raise DomainError("请填写条款的标题和内容。")
    if len(text) > MAX_TEXT:
        raise DomainError(f"条款内容最多 {MAX_TEXT} 字，输入了 {len(text)} 字。")
    if any(c.title == title for c in clauses(db)):
        raise DomainError(f"条款库中已有标题为“{title}”的条款，请换一个标题。")
    own = list(db.get_setting(SETTING, []) or [])
    own.append({"category": category, "title": title, "text": text})
    db.set_setting(SETTING, own)
    return Clause(category, title, text, shipped=False)


def remove_clause(db: Database, title: str) -> None:
    """Remove a station clause (the shipped ones stay)."""
    own = list(db.get_setting(SETTING, []) or [])
    kept = [c for c in own if c["title"] != title]
    if len(kept) == len(own):
        raise DomainError(f"“{title}”不是本所添加的条款，不能删除。")
    db.set_setting(SETTING, kept)

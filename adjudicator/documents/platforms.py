"""The e-commerce platform registry (电商平台名录): a platform's common name -> its operator's legal name.

A platform is not a party to the dispute: the office notifies the platform operator, by its legal
name (浙江天猫网络有限公司, not 天猫), to delete, block or disconnect the listings, and names it in the
decision's 抄送 line. The registry ships in ``resources/platforms.json`` as reference data; a station
adds platforms it is missing (kept in the database settings, so the supervisor's copy can later
be distributed the same way).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from adjudicator.errors import DomainError
from adjudicator.paths import resource
from adjudicator.store import Database

SETTING = "platform_operators"


@dataclass(frozen=True)
class Platform:
    platform: str
    operator: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def shipped_platforms() -> tuple[Platform, ...]:
    data: dict[str, Any] = json.loads(resource("platforms.json").read_text(encoding="utf-8"))
    return tuple(Platform(p["platform"], p["operator"], tuple(p.get("aliases", ()))) for p in data["platforms"])


def platforms(db: Database) -> list[Platform]:
    """The shipped registry with this database's additions (an addition of the same name replaces it)."""
    added: dict[str, str] = dict(db.get_setting(SETTING, {}) or {})
    out = [p for p in shipped_platforms() if p.platform not in added]
    return out + [Platform(name, operator) for name, operator in sorted(added.items())]


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "")


def platform_operator(db: Database, platform: str) -> str:
    """The legal name of ``platform``'s operator, or "" when the registry does not know it."""
    key = _key(platform)
    if not key:
        return ""
    for entry in platforms(db):
        if key in {_key(entry.platform), *(_key(a) for a in entry.aliases)}:
            return entry.operator
    return ""


def shipped_operator(platform: str) -> str:
    """The operator the shipped registry names for ``platform`` (by its name), or ""."""
    return next((p.operator for p in shipped_platforms() if p.platform == platform.strip()), "")


def added_platforms(db: Database) -> dict[str, str]:
    """This database's additions and corrections to the shipped registry: platform -> operator."""
    return dict(db.get_setting(SETTING, {}) or {})


def check_platform(platform: str, operator: str) -> None:
    """Refuse a platform without a name or an operator that is not a legal name ("" is allowed: no addition)."""
    name, legal = platform.strip(), operator.strip()
    if not name:
        raise DomainError("请填写电商平台的名称，如：抖音电商。")
    if legal and not legal.endswith(("公司", "合伙）", "中心")):
        raise DomainError(f"“{legal}”不像经营者的法定名称；请按营业执照填写全称，如：浙江天猫网络有限公司。")


def set_platform_operator(db: Database, platform: str, operator: str) -> Platform:
    """Add (or correct) a platform in this database's registry; an empty operator removes the addition."""
    name, legal = platform.strip(), operator.strip()
    check_platform(name, legal)
    added: dict[str, str] = dict(db.get_setting(SETTING, {}) or {})
    if legal:
        added[name] = legal
    else:
        added.pop(name, None)
    db.set_setting(SETTING, added)
    return Platform(name, legal)


def set_platform_additions(db: Database, additions: dict[str, str]) -> None:
    """Replace this database's additions to the registry at once (the settings dialog's 确定); all checked first."""
    clean = {name.strip(): operator.strip() for name, operator in additions.items()}
    for name, operator in clean.items():
        check_platform(name, operator)
        if not operator:
            raise DomainError(f"请填写电商平台“{name}”经营者的法定名称，如：浙江天猫网络有限公司。")
    if clean != added_platforms(db):
        db.set_setting(SETTING, clean)

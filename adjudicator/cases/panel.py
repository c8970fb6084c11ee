"""Who hears a case: a panel (合议组) of three or more, odd in number, or — where the station's rules
allow it for simple cases — the handler alone (独任审理).

The rule is one station setting, read by the case form (its hint) and by the documents (whether a
notice or the decision may be issued without a panel, and whom they name), so the two never
contradict each other.
"""

from __future__ import annotations

from adjudicator.accounts.roles import require
from adjudicator.store import Database

#: Settings key: True when this station's rules let the handler hear a simple case alone.
SOLE_HANDLER_SETTING = "cases.sole_handler_allowed"
#: The documents that name who hears the case.
NAMING_DOCUMENTS = "立案通知书、口头审理通知书和决定书"


def sole_handler_allowed(db: Database) -> bool:
    """Whether this station allows a simple case to be heard by its handler alone (default: no)."""
    return bool(db.get_setting(SOLE_HANDLER_SETTING, False))


def set_sole_handler_allowed(db: Database, allowed: bool) -> None:
    """Set the station's rule (with accounts on, a head's act: ``station_rules``)."""
    require(db, "station_rules")
    db.set_setting(SOLE_HANDLER_SETTING, bool(allowed))


def panel_hint(allowed: bool) -> str:
    """What the case form says under 合议组, matching what the documents will require."""
    if allowed:
        return f"3 名以上单数成员，以顿号或逗号分隔；不填则为承办人独任审理，{NAMING_DOCUMENTS}写承办人"
    return f"3 名以上单数成员，以顿号或逗号分隔；出具{NAMING_DOCUMENTS}前须填写"

"""How windows learn that a case changed: one signal, carrying what an operation changed.

Every write the UI makes returns the case version it was checked against and the version it
produced (the core refuses a write against any other version). The widget that made it reports
both here as a :class:`CaseChange`; every open view of that case listens and decides:

* a view that saw exactly ``before`` may take ``after`` as its own (nothing was missed), and
  re-read what it shows if it holds no unsaved input;
* a view that saw another version keeps its version, so its next write is refused by the core
  with a sentence naming who changed the case: no window ever swaps a freshly read case into
  another window's editor, and no unsaved input is lost.

Like Anki's ``OpChanges``: operations say what they touched, views refresh only from that.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

#: What an operation may have touched (a view re-reads only what concerns it).
CASE_DATA = "case"
EVENTS = "events"
STATUS = "status"
DELETED = "deleted"
EVIDENCE = "evidence"
DOCUMENTS = "documents"


@dataclass(frozen=True)
class CaseChange:
    """One successful write to a case: the version it was checked against, the one it left, what it touched."""

    case_id: uuid.UUID
    before: int | None
    after: int | None
    what: frozenset[str] = field(default_factory=frozenset)
    source: int = 0
    """``id()`` of the widget that made the change, so it can ignore its own report."""


class ChangeHub(QObject):
    """The application's one channel for "this case changed"."""

    #: A write succeeded: ``(CaseChange)``.
    caseChanged = Signal(object)


_hub: ChangeHub | None = None


def hub() -> ChangeHub:
    """The application's change hub (created on first use, lives as long as the program)."""
    global _hub
    if _hub is None:
        _hub = ChangeHub()
    return _hub


def report(case_id: uuid.UUID, before: int | None, after: int | None, *what: str, source: object = None) -> None:
    """Tell every open view that ``case_id`` changed from version ``before`` to ``after``."""
    hub().caseChanged.emit(CaseChange(case_id, before, after, frozenset(what), id(source) if source else 0))

"""Errors the core raises for users: each carries a Chinese sentence fit for a dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class DomainError(Exception):
    """A refusal a user must read: invalid input, an action the procedure forbids.

    ``str(error)`` is a complete sentence in Chinese that says what was wrong and,
    where possible, what to do. The command line prints it and exits with status 1;
    the UI shows it in a message box. Never a traceback.
    """


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: ``field`` is a stable key (``patent.number``), ``label`` its Chinese name."""

    field: str
    label: str
    message: str

    def sentence(self) -> str:
        return f"{self.label}：{self.message}"


class ValidationError(DomainError):
    """Invalid input in one or more fields; nothing was saved."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = list(problems)
        super().__init__("；".join(p.sentence() for p in self.problems) or "输入无效。")


class NotFoundError(DomainError):
    """A record the user named does not exist (or was deleted)."""


class DatabaseRefused(DomainError):
    """A database that is not ours, or of a schema newer than this program knows."""


class DatabaseBusy(DomainError):
    """Another program held the database's write lock for longer than the busy timeout: nothing was saved.

    A second copy of the program, or a command, importing, migrating or restoring a backup on the
    same SQLite file; the user waits and tries again, nothing of theirs is lost.
    """


class StaleError(DomainError):
    """Someone else changed the record since the user read it: nothing was saved.

    ``actor`` and ``at`` name the last change (from the audit trail) when known; the
    sentence tells the user to keep their input and reopen the case.
    """

    def __init__(self, sentence: str, actor: str = "", at: datetime | None = None):
        self.actor = actor
        self.at = at
        super().__init__(sentence)


class PermissionRefused(DomainError):
    """The signed-in user's role may not do this (or nobody is signed in, or a password was wrong): nothing changed."""

"""The table of local accounts (本地账户): who may sign in to this database, and in what role.

Accounts belong to one database and never travel in an export package: a station's clerks and
head sign in at the station, the supervisors at theirs. A database without a single account works
as it always has (no sign-in); the first account turns sign-in on (see :mod:`adjudicator.accounts`).
The password is kept only as a scrypt hash with its own salt and parameters (``password_hash``,
``scrypt$n$r$p$salt$hash`` in base64); failed attempts and the time until which the account is
held after too many are stored, so restarting the program does not reset them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from adjudicator.store.base import Base, utcnow

#: The roles an account may have: 承办人, 负责人 (approves), 监督员 (the supervisors' database).
ACCOUNT_ROLES = ("clerk", "head", "supervisor")


class Account(Base):
    """One person who may sign in: user name, name shown, role, password hash, failures, enabled."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('clerk', 'head', 'supervisor')", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(300))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(default=None)


@dataclass(frozen=True)
class SignedIn:
    """The account signed in on an open database: what the audit trail and the role checks read."""

    username: str
    name: str
    role: str

    @property
    def actor(self) -> str:
        """How the audit trail names this person: 张所长（zhang）, or the user name alone."""
        if self.name and self.name != self.username:
            return f"{self.name}（{self.username}）"[:50]
        return self.username[:50]

"""Tables of the sync feature: station keys, imported packages, conflicts, supervisor notes.

- :class:`StationKey`: the supervisor's registry of stations it trusts, each with its Ed25519
  public key (registered from the key file the station exports). Local to the supervisor.
- :class:`SyncPackage`: every package imported here, by package id, so importing one again is a
  no-op; also the basis of "last heard from" per station. On a station, the reference-data
  packages it received from the supervisors.
- :class:`SyncEdit`: a station-owned row changed on the supervisor side (recorded by
  :mod:`adjudicator.store.local_edits`), so the next import of that row keeps both versions.
- :class:`SyncConflict`: both versions of such a row, until a supervisor decides which stands.
- :class:`SupervisorNote`: a supervisor's review note or flag on a case (监督意见), owned by the
  supervisors (``owner_station`` ``SUP``), never by the station whose case it is.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from adjudicator.store.base import Base, SyncedMixin, utcnow

#: ``owner_station`` of rows the supervisors own (reference data, notes); same as the registry's.
SUPERVISOR_OWNER = "SUP"


class StationKey(Base):
    """A station the supervisor database accepts packages from, with its public key."""

    __tablename__ = "station_keys"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    public_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(60))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    registered_by: Mapped[str] = mapped_column(String(50), default="")


class SyncPackage(Base):
    """One package imported into this database (a station's export, or reference data)."""

    __tablename__ = "sync_packages"
    __table_args__ = (Index("ix_sync_packages_station_sequence", "station", "sequence"),)

    package_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    station: Mapped[str] = mapped_column(String(16))
    sequence: Mapped[int] = mapped_column(Integer)
    schema_revision: Mapped[str] = mapped_column(String(60))
    exported_at: Mapped[str] = mapped_column(String(40), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(50), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncEdit(Base):
    """A station-owned row changed in this (supervisor) database, and the version it was changed from."""

    __tablename__ = "sync_edits"

    table_name: Mapped[str] = mapped_column(String(50), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    base_version: Mapped[int] = mapped_column(Integer)
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(50), default="")


class SyncConflict(Base):
    """Both versions of a station-owned row that was also changed here, until a supervisor resolves it."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_table_name_record_id", "table_name", "record_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[uuid.UUID] = mapped_column()
    case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    station: Mapped[str] = mapped_column(String(16))
    package_id: Mapped[uuid.UUID] = mapped_column()
    local_version: Mapped[int] = mapped_column(Integer)
    incoming_version: Mapped[int] = mapped_column(Integer)
    local_row: Mapped[dict[str, Any]] = mapped_column(JSON)
    incoming_row: Mapped[dict[str, Any]] = mapped_column(JSON)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolution: Mapped[str] = mapped_column(String(20), default="")
    resolved_by: Mapped[str] = mapped_column(String(50), default="")


class SupervisorNote(SyncedMixin, Base):
    """A supervisor's review note on a case, optionally flagging it for attention (监督意见)."""

    __tablename__ = "supervisor_notes"
    audit_label = "监督意见"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(50), default="")

    def audit_case_id(self) -> uuid.UUID | None:
        return self.case_id

    def audit_name(self) -> str:
        return ("已标记 " if self.flagged else "") + (self.text or "")[:40]

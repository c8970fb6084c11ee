"""Exhibits as the list, the documents and the command line read them: inputs, frozen views and queries.

Split from :mod:`adjudicator.evidence.service`, which writes them and re-exports these names.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from adjudicator.errors import DomainError, NotFoundError
from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_evidence import (
    EXHIBIT_FINDINGS,
    EXHIBIT_KINDS,
    EXHIBIT_SIDES,
    Exhibit,
    ExhibitFile,
    exhibit_label,
)

SIDE_ORDER = {side: i for i, side in enumerate(EXHIBIT_SIDES)}


@dataclass
class ExhibitInput:
    """What a clerk records about an exhibit; ``number`` None means "the side's next number"."""

    side: str = "requester"
    title: str = ""
    kind: str = "documentary"
    number: int | None = None
    submitted_by: str = ""
    received_on: date | None = None
    purpose: str = ""
    original: bool = False
    notarised: bool = False
    physical: bool = False
    cross_exam: str = ""
    finding: str = ""
    finding_reason: str = ""


@dataclass(frozen=True)
class FileView:
    id: uuid.UUID
    exhibit_id: uuid.UUID
    name: str
    size: int
    media_type: str
    sha256: str


@dataclass(frozen=True)
class ExhibitView:
    """An exhibit as the list, the documents and the command line see it (detached, read-only)."""

    id: uuid.UUID
    case_id: uuid.UUID
    side: str
    number: int
    sort_order: int
    title: str
    kind: str
    submitted_by: str
    received_on: date | None
    purpose: str
    original: bool
    notarised: bool
    physical: bool
    cross_exam: str
    finding: str
    finding_reason: str
    version: int
    deleted: bool
    files: tuple[FileView, ...] = field(default=())

    @property
    def label(self) -> str:
        return exhibit_label(self.side, self.number)

    @property
    def kind_label(self) -> str:
        return EXHIBIT_KINDS.get(self.kind, self.kind)

    @property
    def finding_label(self) -> str:
        return EXHIBIT_FINDINGS.get(self.finding, self.finding)

    def as_input(self) -> ExhibitInput:
        return ExhibitInput(
            side=self.side, title=self.title, kind=self.kind, number=self.number,
            submitted_by=self.submitted_by, received_on=self.received_on, purpose=self.purpose,
            original=self.original, notarised=self.notarised, physical=self.physical,
            cross_exam=self.cross_exam, finding=self.finding, finding_reason=self.finding_reason)


def _file_view(row: ExhibitFile) -> FileView:
    return FileView(row.id, row.exhibit_id, row.name, row.size, row.media_type, row.sha256)


def _view(row: Exhibit) -> ExhibitView:
    files = tuple(_file_view(f) for f in row.files if f.deleted_at is None)
    return ExhibitView(
        id=row.id, case_id=row.case_id, side=row.side, number=row.number, sort_order=row.sort_order,
        title=row.title, kind=row.kind, submitted_by=row.submitted_by, received_on=row.received_on,
        purpose=row.purpose, original=row.original, notarised=row.notarised, physical=row.physical,
        cross_exam=row.cross_exam, finding=row.finding, finding_reason=row.finding_reason,
        version=row.version, deleted=row.deleted_at is not None, files=files)


def _load(s: Session, exhibit_id: uuid.UUID) -> Exhibit:
    row = s.get(Exhibit, exhibit_id, options=[selectinload(Exhibit.files)])
    if row is None:
        raise NotFoundError("找不到该证据，可能已被删除。")
    return row


def _sort_key(v: ExhibitView) -> tuple[int, int, int]:
    return SIDE_ORDER.get(v.side, 99), v.sort_order, v.number


def list_exhibits(db: Database, case_id: uuid.UUID, *, side: str | None = None,
                  include_deleted: bool = False) -> list[ExhibitView]:
    """A case's exhibits in list order: requester's, respondent's, then the office's."""
    query = select(Exhibit).where(Exhibit.case_id == case_id).options(selectinload(Exhibit.files))
    if side:
        query = query.where(Exhibit.side == side)
    if not include_deleted:
        query = query.where(Exhibit.deleted_at.is_(None))
    with db.session() as s:
        views = [_view(r) for r in s.scalars(query)]
    return sorted(views, key=_sort_key)


def read_exhibits(db: Database, case_id: uuid.UUID, *, side: str | None = None) -> tuple[int, list[ExhibitView]]:
    """The case's version and its live exhibits, read together: the version is what a write of the list gives back.

    Adding exhibits and renumbering a side are checked against this case version; a change to one
    exhibit is checked against that exhibit's own :attr:`ExhibitView.version`.
    """
    query = select(Exhibit).where(Exhibit.case_id == case_id, Exhibit.deleted_at.is_(None)) \
        .options(selectinload(Exhibit.files))
    if side:
        query = query.where(Exhibit.side == side)
    with db.session() as s:
        version = s.scalar(select(Case.version).where(Case.id == case_id))
        if version is None:
            raise NotFoundError("找不到该案件，可能已被删除。")
        views = [_view(r) for r in s.scalars(query)]
    return int(version), sorted(views, key=_sort_key)


def get_exhibit(db: Database, exhibit_id: uuid.UUID) -> ExhibitView:
    with db.session() as s:
        return _view(_load(s, exhibit_id))


def parse_kind(text: str) -> str:
    """An evidence kind from its code or its Chinese name (``书证``, ``documentary``)."""
    raw = text.strip()
    if raw in EXHIBIT_KINDS:
        return raw
    for code, label in EXHIBIT_KINDS.items():
        if raw == label or raw in label.split("/"):
            return code
    raise DomainError(f"证据种类“{text}”无效；应为" + "、".join(EXHIBIT_KINDS.values()) + "之一。")

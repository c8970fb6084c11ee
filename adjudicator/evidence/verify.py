"""The store check behind ``adjudicator evidence verify``: every stored file the database names, re-hashed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from adjudicator.evidence.blobs import Health
from adjudicator.evidence.location import file_store
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_evidence import Exhibit, ExhibitFile, exhibit_label

_STATE_TEXT = {"missing": "缺失", "altered": "已被改动（内容与登记的 SHA-256 不符）"}


@dataclass(frozen=True)
class StoreProblem:
    """A file row whose stored bytes are missing or altered, with the exhibit it belongs to."""

    case_no: str
    exhibit: str
    title: str
    file_name: str
    sha256: str
    state: Health
    deleted: bool

    def sentence(self) -> str:
        gone = "（已删除）" if self.deleted else ""
        return (f"{self.case_no} {self.exhibit}“{self.title}”{gone}的文件“{self.file_name}”"
                f"{_STATE_TEXT[self.state]}，SHA-256 {self.sha256}")


@dataclass(frozen=True)
class StoreCheck:
    root: Path
    files: int
    blobs: int
    problems: list[StoreProblem]


def verify_store(db: Database, case_id: uuid.UUID | None = None,
                 progress: Progress | None = None) -> StoreCheck:
    """Re-hash every stored file the database names (each distinct one once) and report the bad ones."""
    store = file_store(db)
    scope = [ExhibitFile.case_id == case_id] if case_id is not None else []
    with db.session() as s:
        files = int(s.scalar(select(func.count()).select_from(ExhibitFile).where(*scope)) or 0)
        blobs = s.execute(select(ExhibitFile.sha256, ExhibitFile.size).where(*scope).distinct()).all()
    bad: dict[str, Health] = {}
    for i, (sha256, size) in enumerate(blobs):
        if progress is not None:
            progress(i / max(1, len(blobs)), f"正在检查第 {i + 1}/{len(blobs)} 个文件…")
        state = store.check(sha256, size)
        if state != "ok":
            bad[sha256] = state
    problems: list[StoreProblem] = []
    if bad:
        with db.session() as s:
            rows = s.execute(
                select(Case.case_no, Case.deleted_at, Exhibit.side, Exhibit.number, Exhibit.title,
                       Exhibit.deleted_at, ExhibitFile.name, ExhibitFile.sha256, ExhibitFile.deleted_at)
                .join(Exhibit, ExhibitFile.exhibit_id == Exhibit.id).join(Case, Exhibit.case_id == Case.id)
                .where(ExhibitFile.sha256.in_(list(bad)), *scope)
                .order_by(Case.case_year, Case.case_seq, Exhibit.side, Exhibit.number, ExhibitFile.sort_order)).all()
        problems = [StoreProblem(r[0], exhibit_label(r[2], r[3]), r[4], r[6], r[7], bad[r[7]],
                                 deleted=any(x is not None for x in (r[1], r[5], r[8]))) for r in rows]
    if progress is not None:
        progress(1.0, "检查完毕")
    return StoreCheck(store.root, files, len(blobs), problems)



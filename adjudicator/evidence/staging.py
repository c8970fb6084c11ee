"""Getting files into the store and their rows into the database, so that no add can lose another's file.

A file is copied into the store first (streamed, outside any transaction: it may take minutes),
then its row is written in a write transaction. Two rules close the races between adds in this
or other processes:

- **Removing** a blob (after a failed add) happens only under the store lock, inside a write
  transaction, and only if no row references it (:func:`unstage`). If that transaction cannot be
  had (the database is locked or gone), the blob stays: an orphan costs disk, never a record.
- **Linking** a blob (the add's own transaction) takes the same lock and checks every staged
  blob is still there (:func:`confirm_staged`); one removed meanwhile by another add's clean-up
  makes the add stage its files again (:func:`with_staged`), so a reported success always
  names files that exist.

The store lock is the write transaction itself on SQLite (``BEGIN IMMEDIATE`` admits one writer)
and a transaction-scoped advisory lock on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from adjudicator.errors import DomainError
from adjudicator.evidence.blobs import FileStore, FileTooLarge, StoredBlob, _open_source
from adjudicator.evidence.intake import SourceFile, check_source, human_size, media_type
from adjudicator.evidence.location import file_store, max_file_size
from adjudicator.progress import ByteProgress, Progress
from adjudicator.store import Database
from adjudicator.store.models_evidence import ExhibitFile

T = TypeVar("T")
#: The advisory lock key of the evidence store on PostgreSQL ("EVIDENCE" in ASCII, as a bigint).
STORE_LOCK_KEY = 0x45564944454E4345 & 0x7FFFFFFFFFFFFFFF
#: How often an add stages its files again after another add's clean-up removed one of them.
ATTEMPTS = 3


class StagedFileLost(DomainError):
    """A staged blob vanished before its row was written (another add's clean-up removed it)."""


@dataclass(frozen=True)
class StagedFile:
    """A file copied into the store whose database row is not yet written."""

    name: str
    media_type: str
    blob: StoredBlob


def lock_store(s: Session) -> None:
    """Take the store lock for the rest of the write transaction ``s``."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORE_LOCK_KEY})
    else:
        s.connection()  # SQLite begins lazily: this issues BEGIN IMMEDIATE, the one-writer lock, now


def confirm_staged(s: Session, store: FileStore, staged: Sequence[StagedFile]) -> None:
    """Inside the write transaction that links ``staged``: lock the store, and refuse if a blob is gone."""
    if not staged:
        return
    lock_store(s)
    for f in staged:
        path = store.path_for(f.blob.sha256)
        try:
            present = path.stat().st_size == f.blob.size
        except FileNotFoundError:
            present = False
        if not present:
            raise StagedFileLost(f"证据文件“{f.name}”在保存前被另一操作清理，未添加；请重试。")


def _stage_one(store: FileStore, src: SourceFile, limit: int, progress: ByteProgress) -> StoredBlob:
    try:
        source = _open_source(src.path)
    except OSError as exc:
        raise DomainError(f"无法读取文件“{src.path}”：{exc.strerror or exc}；请检查文件后再添加。") from exc
    with source:
        try:
            return store.add_stream(source, max_size=limit, progress=progress)
        except FileTooLarge as exc:
            raise DomainError(f"文件“{src.name}”在复制过程中超过了证据文件的上限 {human_size(limit)}；"
                              "未添加。") from exc
        except OSError as exc:
            raise DomainError(f"复制文件“{src.name}”到证据文件库“{store.root}”时出错：{exc.strerror or exc}；"
                              "未添加，请检查磁盘空间和权限。") from exc


def stage_files(db: Database, paths: Sequence[Path], progress: Progress | None = None,
                ) -> list[StagedFile]:
    """Check every file, then stream each into the store; on any failure nothing stays staged."""
    store = file_store(db)
    limit = max_file_size(db)
    sources = [check_source(Path(p), limit) for p in paths]
    total = max(1, sum(s.size for s in sources))
    staged: list[StagedFile] = []
    done = 0
    try:
        for src in sources:
            def on_bytes(n: int, src: SourceFile = src, before: int = done) -> None:
                if progress is not None:
                    progress((before + n) / total, f"正在复制“{src.name}”…")

            blob = _stage_one(store, src, limit, on_bytes)
            with store.open(blob.sha256) as fh:
                head = fh.read(16)
            staged.append(StagedFile(src.name, media_type(src.name, head), blob))
            done += blob.size
    except BaseException:
        unstage(db, staged)
        raise
    return staged


def discard_unreferenced(db: Database, digests: Sequence[str]) -> list[str]:
    """Remove those of ``digests`` no file row references, under the store lock; returns the removed.

    If the lock cannot be had, nothing is removed (the blobs stay as orphans, harmless).
    """
    wanted = sorted(set(digests))
    if not wanted:
        return []
    store = file_store(db)
    removed: list[str] = []
    try:
        with db.write("系统") as s:
            lock_store(s)
            used = set(s.scalars(select(ExhibitFile.sha256).where(ExhibitFile.sha256.in_(wanted))))
            for sha256 in wanted:
                if sha256 not in used:
                    store.discard(sha256)
                    removed.append(sha256)
    except Exception:  # noqa: BLE001 - clean-up after a failure must not hide that failure
        return removed
    return removed


def unstage(db: Database, staged: Sequence[StagedFile]) -> None:
    """After a failed add: remove the blobs it wrote that no row references (see the module docstring)."""
    discard_unreferenced(db, [f.blob.sha256 for f in staged if f.blob.created])


def with_staged(db: Database, paths: Sequence[Path], link: Callable[[list[StagedFile]], T],
                progress: Progress | None = None) -> T:
    """Stage ``paths`` and run ``link(staged)`` (which calls :func:`confirm_staged` in its transaction).

    On failure the blobs are unstaged; if a blob was removed by another add's clean-up in between,
    the files are staged again (a few times) instead of failing.
    """
    for attempt in range(ATTEMPTS):
        staged = stage_files(db, paths, progress=progress)
        try:
            return link(staged)
        except StagedFileLost:
            unstage(db, staged)
            if attempt == ATTEMPTS - 1:
                raise
        except BaseException:
            unstage(db, staged)
            raise
    raise AssertionError("unreachable")

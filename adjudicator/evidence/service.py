"""Exhibits and their files (证据与证据文件): the service the UI, the command line and the demo share.

An exhibit is numbered per submitting side (请求人证据1, 被请求人证据1, 调查取证材料1); a number
already used by a live exhibit of that side is refused. Files go to the content-addressed
store first (streamed, outside the transaction), then their rows are written in one write
transaction; if anything fails, the blobs that this attach created and no row references are
removed again, so nothing is ever half-attached (:mod:`adjudicator.evidence.staging` says how
that stays safe against other adds running at the same time). Removing an exhibit or a file is a tombstone.

The inputs, frozen views and reading queries live in :mod:`adjudicator.evidence.views` and are
re-exported here, so callers keep one module to import.

A little over 400 lines because every write comes in two forms (``*_in`` inside an open session, the
public one opening the unit of work); if it grows, the seam is numbering and ordering (set_number,
renumber_side, move_exhibit) versus adding, editing and removing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adjudicator.cases.guard import stale_part, writable_case
from adjudicator.errors import DomainError, FieldProblem, NotFoundError, ValidationError
from adjudicator.evidence.filestore import StagedFile, confirm_staged, file_store, max_file_size, with_staged
from adjudicator.evidence.views import (
    ExhibitInput,
    ExhibitView,
    FileView,
    _load,
    _view,
    get_exhibit,
    list_exhibits,
    parse_kind,
    read_exhibits,
)
from adjudicator.progress import Progress
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models import Case, Party, Station
from adjudicator.store.models_evidence import (
    EXHIBIT_FINDINGS,
    EXHIBIT_KINDS,
    EXHIBIT_PREFIXES,
    EXHIBIT_SIDES,
    Exhibit,
    ExhibitFile,
    exhibit_label,
)

__all__ = [
    "EXHIBIT_FINDINGS", "EXHIBIT_KINDS", "EXHIBIT_PREFIXES", "EXHIBIT_SIDES", "ExhibitInput", "ExhibitView",
    "FileView", "add_exhibit", "add_exhibits", "attach_files", "file_store", "get_exhibit", "list_exhibits", "max_file_size",
    "move_exhibit", "parse_kind", "read_exhibits", "remove_exhibit", "remove_file", "renumber_side", "restore_exhibit", "set_number",
    "update_exhibit",
]


def _problems(inp: ExhibitInput) -> list[FieldProblem]:
    out = []
    if inp.side not in EXHIBIT_SIDES:
        out.append(FieldProblem("side", "提交方", f"应为请求人、被请求人或本机关，输入为“{inp.side}”"))
    if not inp.title.strip():
        out.append(FieldProblem("title", "证据名称", "不能为空"))
    elif len(inp.title.strip()) > 300:
        out.append(FieldProblem("title", "证据名称", "不能超过 300 个字"))
    if inp.kind not in EXHIBIT_KINDS:
        out.append(FieldProblem("kind", "证据种类", "应为" + "、".join(EXHIBIT_KINDS.values()) + "之一"))
    if inp.number is not None and not 1 <= inp.number <= 9999:
        out.append(FieldProblem("number", "证据编号", "应为 1 到 9999 之间的整数"))
    if inp.finding not in EXHIBIT_FINDINGS:
        out.append(FieldProblem("finding", "认定意见", "应为采信、不予采信或部分采信"))
    if inp.finding in ("rejected", "partly") and not inp.finding_reason.strip():
        out.append(FieldProblem("finding_reason", "认定理由", "不予采信或部分采信时须写明理由"))
    if inp.received_on is not None and inp.received_on > date.today():
        out.append(FieldProblem("received_on", "收到日期", "不能晚于今天"))
    return out


def _apply(row: Exhibit, inp: ExhibitInput) -> None:
    row.title = inp.title.strip()
    row.kind = inp.kind
    row.submitted_by = inp.submitted_by.strip()
    row.received_on = inp.received_on
    row.purpose = inp.purpose.strip()
    row.original = inp.original
    row.notarised = inp.notarised
    row.physical = inp.physical
    row.cross_exam = inp.cross_exam.strip()
    row.finding = inp.finding
    row.finding_reason = inp.finding_reason.strip()


def _lock_case(s: Session, db: Database, case_id: uuid.UUID, expected_version: int | None = None) -> Case:
    """The case, locked against concurrent numbering (PostgreSQL; SQLite's write lock already is)."""
    return writable_case(s, db, case_id, expected_version=expected_version, doing="修改其证据")


def _live(s: Session, case_id: uuid.UUID) -> list[Exhibit]:
    return list(s.scalars(select(Exhibit).where(Exhibit.case_id == case_id, Exhibit.deleted_at.is_(None))))


def _check_number_free(s: Session, case: Case, side: str, number: int, own: uuid.UUID | None) -> None:
    for other in _live(s, case.id):
        if other.side == side and other.number == number and other.id != own:
            raise DomainError(
                f"案件 {case.case_no} 已有{exhibit_label(side, number)}（“{other.title}”）；"
                "请换一个编号，或先调整原有证据的编号。")


def _next_number(s: Session, case_id: uuid.UUID, side: str) -> int:
    top = s.scalar(select(func.max(Exhibit.number)).where(
        Exhibit.case_id == case_id, Exhibit.side == side, Exhibit.deleted_at.is_(None)))
    return int(top or 0) + 1


def _next_sort_order(s: Session, case_id: uuid.UUID) -> int:
    top = s.scalar(select(func.max(Exhibit.sort_order)).where(Exhibit.case_id == case_id))
    return int(top or 0) + 1


def _default_submitter(s: Session, case: Case, side: str) -> str:
    """The side's first party (or the station for the office's own material)."""
    if side == "office":
        return str(s.scalar(select(Station.name).where(Station.code == case.owner_station)) or "本机关")
    names = s.scalars(select(Party.name).where(Party.case_id == case.id, Party.role == side,
                                               Party.deleted_at.is_(None)).order_by(Party.sort_order))
    return next(iter(names), "")


def _add_file_rows(row: Exhibit, staged: Sequence[StagedFile]) -> None:
    start = max((f.sort_order for f in row.files), default=0) + 1
    for i, item in enumerate(staged):
        row.files.append(ExhibitFile(
            case_id=row.case_id, sort_order=start + i, name=item.name, size=item.blob.size,
            media_type=item.media_type, sha256=item.blob.sha256))


def add_exhibit(db: Database, case_id: uuid.UUID, inp: ExhibitInput, files: Sequence[Path] = (), *,
                expected_version: int | None = None, actor: str | None = None,
                progress: Progress | None = None) -> ExhibitView:
    """Record a new exhibit with its files (none for a physical exhibit); returns it as saved."""
    return add_exhibits(db, case_id, [(inp, files)], expected_version=expected_version, actor=actor,
                        progress=progress)[0]


def add_exhibits_in(s: Session, db: Database, case_id: uuid.UUID,
                    entries: Sequence[tuple[ExhibitInput, Sequence[StagedFile]]], *,
                    expected_version: int | None = None) -> list[ExhibitView]:
    """Record exhibits whose files are already staged, inside the open write session ``s``.

    ``expected_version``: the case version the user saw. The caller unstages the files if
    the transaction fails (see :func:`add_exhibits`); a staged file that has vanished meanwhile
    refuses the transaction (:func:`~adjudicator.evidence.staging.confirm_staged`).
    """
    problems = [p for inp, _ in entries for p in _problems(inp)]
    if problems:
        raise ValidationError(problems)
    confirm_staged(s, file_store(db), [f for _, staged in entries for f in staged])
    case = _lock_case(s, db, case_id, expected_version)
    rows = []
    for inp, staged in entries:
        number = inp.number or _next_number(s, case.id, inp.side)
        _check_number_free(s, case, inp.side, number, None)
        row = Exhibit(case_id=case.id, side=inp.side, number=number, sort_order=_next_sort_order(s, case.id))
        _apply(row, inp)
        row.submitted_by = row.submitted_by or _default_submitter(s, case, inp.side)
        row.received_on = row.received_on or date.today()
        row.physical = inp.physical and not staged
        s.add(row)
        _add_file_rows(row, staged)
        s.flush()  # the next entry's number and order see this one
        rows.append(row)
    return [_view(r) for r in rows]


def add_exhibits(db: Database, case_id: uuid.UUID, entries: Sequence[tuple[ExhibitInput, Sequence[Path]]], *,
                 expected_version: int | None = None, actor: str | None = None,
                 progress: Progress | None = None) -> list[ExhibitView]:
    """Record several exhibits at once (e.g. files dropped on the list): all of them or none."""
    problems = [p for inp, _ in entries for p in _problems(inp)]
    if problems:
        raise ValidationError(problems)
    def link(staged: list[StagedFile]) -> list[ExhibitView]:
        per_entry, taken = [], 0
        for inp, files in entries:
            per_entry.append((inp, staged[taken:taken + len(files)]))
            taken += len(files)
        with db.write(actor) as s:
            return add_exhibits_in(s, db, case_id, per_entry, expected_version=expected_version)

    return with_staged(db, [f for _, files in entries for f in files], link, progress=progress)


def attach_files_in(s: Session, db: Database, exhibit_id: uuid.UUID, staged: Sequence[StagedFile], *,
                    expected_version: int | None = None) -> ExhibitView:
    """Add staged files to an exhibit inside the open write session ``s``; ``expected_version``: the exhibit's."""
    confirm_staged(s, file_store(db), staged)
    row = _load(s, exhibit_id)
    _lock_case(s, db, row.case_id)
    _check_exhibit_version(s, row, expected_version)
    if row.deleted_at is not None:
        raise DomainError(f"{row.label}已删除，不能再添加文件；请先恢复该证据。")
    _add_file_rows(row, staged)
    row.physical = False
    s.flush()
    return _view(row)


def attach_files(db: Database, exhibit_id: uuid.UUID, files: Sequence[Path], *,
                 expected_version: int | None = None, actor: str | None = None,
                 progress: Progress | None = None) -> ExhibitView:
    """Add files to an existing exhibit (streamed into the store; nothing half-attached)."""
    if not files:
        raise DomainError("没有选择要添加的文件。")

    def link(staged: list[StagedFile]) -> ExhibitView:
        with db.write(actor) as s:
            return attach_files_in(s, db, exhibit_id, staged, expected_version=expected_version)

    return with_staged(db, files, link, progress=progress)


def _check_exhibit_version(s: Session, row: Exhibit, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise stale_part(s, row.id, row.label)


def _edit_in(s: Session, db: Database, exhibit_id: uuid.UUID, expected_version: int | None,
             change: Callable[[Session, Case, Exhibit], None]) -> ExhibitView:
    row = _load(s, exhibit_id)
    case = _lock_case(s, db, row.case_id)
    _check_exhibit_version(s, row, expected_version)
    change(s, case, row)
    s.flush()
    return _view(row)


def _edit(db: Database, exhibit_id: uuid.UUID, actor: str | None, expected_version: int | None,
          change: Callable[[Session, Case, Exhibit], None]) -> ExhibitView:
    with db.write(actor) as s:
        return _edit_in(s, db, exhibit_id, expected_version, change)


def update_exhibit_in(s: Session, db: Database, exhibit_id: uuid.UUID, inp: ExhibitInput, *,
                      expected_version: int | None = None) -> ExhibitView:
    """The inner form of :func:`update_exhibit`, in the open write session ``s`` (``expected_version``: the exhibit\'s)."""
    problems = _problems(inp)
    if problems:
        raise ValidationError(problems)

    def change(s: Session, case: Case, row: Exhibit) -> None:
        if row.deleted_at is not None:
            raise DomainError(f"{row.label}已删除，请先恢复再修改。")
        number = inp.number or (row.number if inp.side == row.side else _next_number(s, case.id, inp.side))
        if (inp.side, number) != (row.side, row.number):
            _check_number_free(s, case, inp.side, number, row.id)
            row.side, row.number = inp.side, number
        _apply(row, inp)
        row.physical = inp.physical and not any(f.deleted_at is None for f in row.files)

    return _edit_in(s, db, exhibit_id, expected_version, change)


def update_exhibit(db: Database, exhibit_id: uuid.UUID, inp: ExhibitInput, *, expected_version: int | None = None,
                   actor: str | None = None) -> ExhibitView:
    """Save edits to an exhibit's description, cross-examination opinion and finding.

    A new ``side`` without a ``number`` takes that side's next number.
    """
    with db.write(actor) as s:
        return update_exhibit_in(s, db, exhibit_id, inp, expected_version=expected_version)


def set_number_in(s: Session, db: Database, exhibit_id: uuid.UUID, number: int, *,
                  expected_version: int | None = None) -> ExhibitView:
    """The inner form of :func:`set_number`, in the open write session ``s`` (``expected_version``: the exhibit\'s)."""
    if not 1 <= number <= 9999:
        raise DomainError("证据编号应为 1 到 9999 之间的整数。")

    def change(s: Session, case: Case, row: Exhibit) -> None:
        _check_number_free(s, case, row.side, number, row.id)
        row.number = number

    return _edit_in(s, db, exhibit_id, expected_version, change)


def set_number(db: Database, exhibit_id: uuid.UUID, number: int, *, expected_version: int | None = None,
               actor: str | None = None) -> ExhibitView:
    """Give an exhibit another number within its side; refused if that number is taken."""
    with db.write(actor) as s:
        return set_number_in(s, db, exhibit_id, number, expected_version=expected_version)


def renumber_side_in(s: Session, db: Database, case_id: uuid.UUID, side: str, *,
                     expected_version: int | None = None) -> None:
    """Renumber one side inside the open write session ``s``; ``expected_version``: the case version seen."""
    case = _lock_case(s, db, case_id, expected_version)
    rows = sorted((r for r in _live(s, case.id) if r.side == side), key=lambda r: (r.sort_order, r.number))
    for n, row in enumerate(rows, start=1):
        row.number = n
    s.flush()


def renumber_side(db: Database, case_id: uuid.UUID, side: str, *, expected_version: int | None = None,
                  actor: str | None = None) -> list[ExhibitView]:
    """Number one side's live exhibits 1, 2, 3… in their list order (after reordering or removals)."""
    with db.write(actor) as s:
        renumber_side_in(s, db, case_id, side, expected_version=expected_version)
    return list_exhibits(db, case_id)


def move_exhibit_in(s: Session, db: Database, exhibit_id: uuid.UUID, delta: int, *,
                    expected_version: int | None = None) -> ExhibitView:
    """The inner form of :func:`move_exhibit`, in the open write session ``s`` (``expected_version``: the exhibit\'s)."""

    def change(s: Session, case: Case, row: Exhibit) -> None:
        rows = sorted((r for r in _live(s, case.id) if r.side == row.side), key=lambda r: (r.sort_order, r.number))
        i = next(i for i, r in enumerate(rows) if r.id == row.id)
        j = max(0, min(len(rows) - 1, i + delta))
        if i == j:
            return
        rows.insert(j, rows.pop(i))
        orders = sorted(r.sort_order for r in rows)
        if len(set(orders)) < len(orders):  # repair duplicate orders left by a merge
            orders = list(range(orders[0], orders[0] + len(orders)))
        for r, order in zip(rows, orders):
            if r.sort_order != order:
                r.sort_order = order

    return _edit_in(s, db, exhibit_id, expected_version, change)


def move_exhibit(db: Database, exhibit_id: uuid.UUID, delta: int, *, expected_version: int | None = None,
                 actor: str | None = None) -> ExhibitView:
    """Move an exhibit up (``delta`` < 0) or down among its side's exhibits; the numbers stay."""
    with db.write(actor) as s:
        return move_exhibit_in(s, db, exhibit_id, delta, expected_version=expected_version)


def remove_exhibit_in(s: Session, db: Database, exhibit_id: uuid.UUID, *,
                      expected_version: int | None = None) -> ExhibitView:
    """The inner form of :func:`remove_exhibit`, in the open write session ``s`` (``expected_version``: the exhibit\'s)."""

    def change(s: Session, case: Case, row: Exhibit) -> None:
        if row.deleted_at is None:
            row.deleted_at = utcnow()

    return _edit_in(s, db, exhibit_id, expected_version, change)


def remove_exhibit(db: Database, exhibit_id: uuid.UUID, *, expected_version: int | None = None,
                   actor: str | None = None) -> ExhibitView:
    """Tombstone an exhibit; its files stay in the store and its history stays on the case."""
    with db.write(actor) as s:
        return remove_exhibit_in(s, db, exhibit_id, expected_version=expected_version)


def restore_exhibit_in(s: Session, db: Database, exhibit_id: uuid.UUID, *,
                       expected_version: int | None = None) -> ExhibitView:
    """The inner form of :func:`restore_exhibit`, in the open write session ``s`` (``expected_version``: the exhibit\'s)."""

    def change(s: Session, case: Case, row: Exhibit) -> None:
        if row.deleted_at is None:
            return
        taken = {r.number for r in _live(s, case.id) if r.side == row.side}
        if row.number in taken:  # its number went to another exhibit: it joins the end of the list
            row.number = max(taken) + 1
            row.sort_order = _next_sort_order(s, case.id)
        row.deleted_at = None

    return _edit_in(s, db, exhibit_id, expected_version, change)


def restore_exhibit(db: Database, exhibit_id: uuid.UUID, *, expected_version: int | None = None,
                    actor: str | None = None) -> ExhibitView:
    """Bring back a removed exhibit; if its number was reused meanwhile, it takes the side's next one."""
    with db.write(actor) as s:
        return restore_exhibit_in(s, db, exhibit_id, expected_version=expected_version)


def remove_file_in(s: Session, db: Database, file_id: uuid.UUID, *,
                   expected_version: int | None = None) -> ExhibitView:
    """The inner form of :func:`remove_file`, in the open write session ``s`` (``expected_version``: the exhibit\'s)."""
    exhibit_id = s.scalar(select(ExhibitFile.exhibit_id).where(ExhibitFile.id == file_id))
    if exhibit_id is None:
        raise NotFoundError("找不到该证据文件，可能已被删除。")

    def change(s: Session, case: Case, row: Exhibit) -> None:
        for f in row.files:
            if f.id == file_id and f.deleted_at is None:
                f.deleted_at = utcnow()

    return _edit_in(s, db, exhibit_id, expected_version, change)


def remove_file(db: Database, file_id: uuid.UUID, *, expected_version: int | None = None,
                actor: str | None = None) -> ExhibitView:
    """Tombstone one file of an exhibit (the stored bytes are kept)."""
    with db.write(actor) as s:
        return remove_file_in(s, db, file_id, expected_version=expected_version)


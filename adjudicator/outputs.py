"""Where a program output (a PDF, a JSON schedule, a report) may be written: never onto a record.

Every ``-o FILE`` of the command line and every save dialog of the desktop program goes through
:func:`check_output_path` before anything is written. It refuses, each with one sentence:

- the open database file itself and its ``-wal``, ``-shm`` and ``-journal`` companions;
- any existing SQLite database (another station's file, a backup ``*.bak`` copy);
- anything inside the evidence file store (exhibits are kept by their SHA-256 and must never change);
- a folder, a device or a pipe, a missing folder, a folder that cannot be written.

:func:`write_output` then writes the bytes to a temporary file beside the target and renames it into
place, so a failed write never leaves a torn file; :func:`stage_output` splits that in two for a
caller that must commit something (an issued number) only once the bytes are safely on disk. The
``.part`` a killed write leaves beside its target is removed by the next write of the same file.
"""

from __future__ import annotations

import glob
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from adjudicator.errors import DomainError

if TYPE_CHECKING:
    from adjudicator.store import Database

SQLITE_MAGIC = b"SQLite format 3\x00"
_COMPANIONS = ("", "-wal", "-shm", "-journal")


class UnsafeOutput(DomainError):
    """An output path that would overwrite a record, or cannot be written at all; nothing was written."""


def _resolved(path: str | os.PathLike[str]) -> Path:
    return Path(os.fspath(path)).expanduser().resolve()


def _is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _protected_roots(db: Database | None) -> tuple[list[Path], list[Path]]:
    """(files, folders) that an output must never replace or enter, for this open database."""
    files: list[Path] = []
    folders: list[Path] = []
    if db is None:
        return files, folders
    if db.path is not None and str(db.path) != ":memory:":
        base = _resolved(db.path)
        files += [base.with_name(base.name + suffix) for suffix in _COMPANIONS]
        folders.append(base.with_name(base.name + ".files"))
    try:
        from adjudicator.evidence.filestore import store_root

        folders.append(_resolved(store_root(db)))
    except DomainError:
        pass  # a server database with no store configured: nothing to protect there
    return files, folders


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_path(db: Database | None, path: str | os.PathLike[str]) -> Path:
    """The resolved output path, or :class:`UnsafeOutput` saying why it must not be written.

    ``db`` is the open database (None when no database is involved); its file, companions and
    evidence store are protected, and so is every existing SQLite file anywhere.
    """
    raw = os.fspath(path)
    if not raw.strip():
        raise UnsafeOutput("输出文件名为空；请给出要写入的文件路径。")
    if "\x00" in raw:
        raise UnsafeOutput("输出文件名含有空字符；请换一个文件名。")
    try:
        target = _resolved(raw)
    except (OSError, RuntimeError) as exc:
        raise UnsafeOutput(f"输出路径“{raw}”无法解析（{exc}）；请换一个路径。") from None
    files, folders = _protected_roots(db)
    if target in files:
        raise UnsafeOutput(f"“{target}”是正在使用的数据库文件；输出不能覆盖它，请另选文件名。未写入任何文件。")
    for folder in folders:
        if _inside(target, folder):
            raise UnsafeOutput(f"“{target}”位于证据文件库“{folder}”中；证据文件不能被覆盖，请另选位置。未写入任何文件。")
    if target.name.endswith((".db-wal", ".db-shm", ".db-journal")):
        raise UnsafeOutput(f"“{target.name}”是数据库的日志文件；输出不能覆盖它，请另选文件名。未写入任何文件。")
    if target.exists():
        if target.is_dir():
            raise UnsafeOutput(f"“{target}”是一个文件夹；请给出文件夹中的一个文件名。")
        if not target.is_file():
            raise UnsafeOutput(f"“{target}”不是普通文件（可能是设备或管道）；请另选文件名。")
        if _is_sqlite_file(target):
            raise UnsafeOutput(f"“{target}”是一个数据库文件（或其备份）；输出不能覆盖它，请另选文件名。未写入任何文件。")
    parent = target.parent
    if not parent.is_dir():
        raise UnsafeOutput(f"文件夹“{parent}”不存在；请先建立该文件夹或另选位置。未写入任何文件。")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UnsafeOutput(f"没有写入文件夹“{parent}”的权限；请另选位置。未写入任何文件。")
    if target.exists() and not os.access(target, os.W_OK):
        raise UnsafeOutput(f"文件“{target}”是只读的；请另选文件名。未写入任何文件。")
    return target


def check_output_folder(db: Database | None, folder: str | os.PathLike[str]) -> Path:
    """The resolved folder, or :class:`UnsafeOutput` if outputs must not go into it (the evidence store).

    The folder need not exist yet (a caller makes it on writing); each file written into it still
    goes through :func:`check_output_path`.
    """
    raw = os.fspath(folder)
    if not raw.strip():
        raise UnsafeOutput("输出文件夹为空；请给出要保存到的文件夹。")
    try:
        target = _resolved(raw)
    except (OSError, RuntimeError) as exc:
        raise UnsafeOutput(f"输出文件夹“{raw}”无法解析（{exc}）；请换一个文件夹。") from None
    for protected in _protected_roots(db)[1]:
        if _inside(target, protected):
            raise UnsafeOutput(f"“{target}”位于证据文件库“{protected}”中；证据文件不能被覆盖，请另选文件夹。未写入任何文件。")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"“{target}”不是文件夹；请另选文件夹。未写入任何文件。")
    return target


@dataclass
class StagedOutput:
    """Bytes written to a temporary file beside their target, not yet in place."""

    target: Path
    temp: Path

    def commit(self) -> Path:
        """Move the bytes into place (an atomic rename in the same folder)."""
        os.replace(self.temp, self.target)
        return self.target

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


def stage_output(db: Database | None, path: str | os.PathLike[str], data: bytes) -> StagedOutput:
    """Check ``path`` and write ``data`` beside it; :meth:`StagedOutput.commit` puts it in place."""
    target = check_output_path(db, path)
    _sweep(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise UnsafeOutput(f"无法在“{target.parent}”中写入文件：{exc.strerror or exc}。未写入任何文件。") from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UnsafeOutput(f"写入“{target}”失败：{exc.strerror or exc}（请检查磁盘空间）。未写入任何文件。") from None
    return StagedOutput(target, temp)


def _sweep(target: Path) -> None:
    """Remove what an earlier write of ``target`` that was killed left beside it.

    A process killed after staging an issued document's PDF but before its transaction committed
    leaves a ``.part`` holding a number that was never used and will be issued again to another
    document; the clerk's next attempt at the same file takes it away.
    """
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        try:
            leftover.unlink()
        except OSError:
            pass  # another program's, or already gone: it is never read


def write_output(db: Database | None, path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` after :func:`check_output_path`, all or nothing."""
    staged = stage_output(db, path, data)
    try:
        return staged.commit()
    except OSError as exc:
        staged.discard()
        raise UnsafeOutput(f"写入“{staged.target}”失败：{exc.strerror or exc}。未写入任何文件。") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

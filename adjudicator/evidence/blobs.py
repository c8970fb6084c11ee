"""The content-addressed file store (证据文件库): each file kept once, under its SHA-256.

A file with digest ``abcdef…`` lives at ``<root>/ab/cdef…``. Adding one streams it in chunks
into a temporary file inside the store (``<root>/tmp/incoming-<host>-<pid>-…``) while hashing
it (a 2 GB video never sits in memory), flushes it to disk, then renames it into place
atomically: a crash leaves either nothing or the whole file, never a torn one. The same content
added twice is stored once; a stored copy whose bytes no longer hash to its name is replaced by
the genuine bytes when they are added again. Stored files are read-only and readable by their
owner only (0o400), folders the store makes are the owner's only (0o700).

A temporary file left by a killed add (or a killed import, which names its files the same way)
is swept the next time the store is written: at once if its process (on this computer) is gone,
else once it is a day old (see :mod:`adjudicator.leftovers`).

:class:`FileStore` knows nothing of the database: when a blob may be removed is decided by
:mod:`adjudicator.evidence.staging`, under the store lock, never here.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from adjudicator import leftovers
from adjudicator.progress import ByteProgress

CHUNK_SIZE = 1024 * 1024
_HEX = frozenset("0123456789abcdef")
TEMP_PREFIX = "incoming-"
FILE_MODE = stat.S_IRUSR
DIR_MODE = stat.S_IRWXU

Health = Literal["ok", "missing", "altered"]

_swept: set[Path] = set()


class FileTooLarge(OSError):
    """The source grew past the size limit while being copied."""

    def __init__(self, limit: int):
        super().__init__(f"file larger than {limit} bytes")
        self.limit = limit


@dataclass(frozen=True)
class StoredBlob:
    """The result of adding content: its digest, its size, and whether this call wrote its bytes."""

    sha256: str
    size: int
    created: bool


def _open_source(path: Path) -> BinaryIO:
    return open(path, "rb")


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory; NTFS journals the rename itself
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_digest(sha256: str) -> bool:
    return len(sha256) == 64 and set(sha256) <= _HEX


def _make_dir(path: Path) -> None:
    """Create ``path`` (and parents) owner-only; a folder that already exists keeps its permissions."""
    if path.is_dir():
        return
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


class FileStore:
    """Files by SHA-256 under ``root`` (created on first write)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FileStore({str(self.root)!r})"

    def path_for(self, sha256: str) -> Path:
        """Where the file with this digest is (or would be) kept."""
        if not _is_digest(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:]

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def temp_dir(self) -> Path:
        """The store's folder for files being added (made owner-only; swept once per process)."""
        tmp = self.root / "tmp"
        _make_dir(tmp)
        if tmp not in _swept:
            _swept.add(tmp)
            self.sweep_temp()
        return tmp

    def sweep_temp(self, now: float | None = None) -> list[Path]:
        """Remove temporary files left by adds that were killed; returns what was removed."""
        return leftovers.sweep(self.root / "tmp", TEMP_PREFIX, folders=False, now=now)

    def _new_temp(self) -> tuple[int, Path]:
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{leftovers.owner_tag()}", dir=self.temp_dir())
        return fd, Path(name)

    def add_stream(self, source: BinaryIO, *, max_size: int | None = None,
                   progress: ByteProgress | None = None) -> StoredBlob:
        """Copy a readable binary stream into the store, hashing it as it goes."""
        digest = hashlib.sha256()
        size = 0
        fd, temp = self._new_temp()
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK_SIZE):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise FileTooLarge(max_size)
                    digest.update(chunk)
                    out.write(chunk)
                    if progress is not None:
                        progress(size)
                out.flush()
                os.fsync(out.fileno())
            return self._settle(temp, digest.hexdigest(), size)
        finally:
            temp.unlink(missing_ok=True)

    def _settle(self, temp: Path, sha256: str, size: int) -> StoredBlob:
        """Move a fully written temporary file to its digest's place, unless the genuine file is there."""
        target = self.path_for(sha256)
        if self.check(sha256, size) == "ok":
            return StoredBlob(sha256, size, created=False)
        _make_dir(target.parent)
        os.chmod(temp, FILE_MODE)
        if target.exists():  # an altered copy: the genuine bytes replace it (Windows cannot replace read-only)
            os.chmod(target, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(temp, target)
        _fsync_dir(target.parent)
        return StoredBlob(sha256, size, created=True)

    def add_file(self, path: Path, *, max_size: int | None = None,
                 progress: ByteProgress | None = None) -> StoredBlob:
        """Copy the file at ``path`` into the store (streamed; see :meth:`add_stream`)."""
        with _open_source(path) as source:
            return self.add_stream(source, max_size=max_size, progress=progress)

    def add_bytes(self, data: bytes) -> StoredBlob:
        """Store a small in-memory file (generated documents, demo data)."""
        sha256 = hashlib.sha256(data).hexdigest()
        if self.check(sha256, len(data)) == "ok":
            return StoredBlob(sha256, len(data), created=False)
        fd, temp = self._new_temp()
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            return self._settle(temp, sha256, len(data))
        finally:
            temp.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        """The stored file, opened for reading."""
        return open(self.path_for(sha256), "rb")

    def read_chunks(self, sha256: str) -> Iterator[bytes]:
        with self.open(sha256) as fh:
            while chunk := fh.read(CHUNK_SIZE):
                yield chunk

    def copy_out(self, sha256: str, target: Path) -> Path:
        """Write a copy of a stored file to ``target`` (owner-only, like the store)."""
        _make_dir(target.parent)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                     stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "wb") as out:
            out.writelines(self.read_chunks(sha256))
        return target

    def check(self, sha256: str, size: int | None = None) -> Health:
        """``ok`` if the file is present and still hashes to its name, else ``missing`` or ``altered``."""
        path = self.path_for(sha256)
        try:
            actual_size = path.stat().st_size
        except FileNotFoundError:
            return "missing"
        if size is not None and actual_size != size:
            return "altered"
        digest = hashlib.sha256()
        try:
            for chunk in self.read_chunks(sha256):
                digest.update(chunk)
        except FileNotFoundError:
            return "missing"
        return "ok" if digest.hexdigest() == sha256 else "altered"

    def discard(self, sha256: str) -> None:
        """Remove a blob (only ever called under the store lock, once no row references it)."""
        path = self.path_for(sha256)
        try:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()
        except FileNotFoundError:
            pass


_SAFE = re.compile(r"[^\w\u4e00-\u9fff（）()\-. ]+")


def external_name(sha256: str, name: str) -> str:
    """A file name safe to give another program: the stored name cleaned, never a path.

    Only letters, digits, Chinese, spaces and ``-_.()`` survive; the extension is kept (it picks
    the program), the rest cut to 60 characters and prefixed by the digest's first 12 digits.
    """
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,10}", ext):
        stem, ext = name, ""
    cleaned = re.sub(r"_+", "_", re.sub(r"\.{2,}", "_", _SAFE.sub("_", stem))).strip(" ._")[:60] or "证据"
    return f"{sha256[:12]}-{cleaned}" + (f".{ext.lower()}" if ext else "")


def external_copy(store: FileStore, sha256: str, name: str, folder: Path) -> Path:
    """Copy a stored file into ``folder`` (a temporary folder) under :func:`external_name`."""
    return store.copy_out(sha256, Path(folder) / external_name(sha256, name))

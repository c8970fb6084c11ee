"""The content-addressed file store (证据文件库): each file kept once, under its SHA-256.

A file with digest ``abcdef…`` lives at ``<root>/ab/cdef…``. Adding one streams it in chunks
into a temporary file inside the store while hashing it (a 2 GB video never sits in memory),
flushes it to disk, then renames it into place atomically: a crash leaves either nothing or
the whole file, never a torn one. The same content added twice is stored once. Stored files
are made read-only and never modified; the database rows that name them are tombstoned, not
deleted, so nothing here is ever removed except a blob that no row ever came to reference
(see :meth:`FileStore.discard`).

:class:`FileStore` itself knows nothing of the database. The functions after it are the
evidence feature's intake and check: where a database's store is (:func:`store_root`), which
files may enter it (:func:`check_source`: names, sizes, readability, each refusal a sentence),
staging files before their rows are written (:func:`stage_files`, undone by :func:`unstage`), and
the store check behind ``adjudicator evidence verify`` (:func:`verify_store`).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import stat
import tempfile
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from adjudicator.errors import DomainError
from adjudicator.progress import ByteProgress, Progress
from adjudicator.store import Database
from adjudicator.store.models import Case, Setting
from adjudicator.store.models_evidence import Exhibit, ExhibitFile, exhibit_label

CHUNK_SIZE = 1024 * 1024
_HEX = frozenset("0123456789abcdef")

Health = Literal["ok", "missing", "altered"]


class FileTooLarge(OSError):
    """The source grew past the size limit while being copied."""

    def __init__(self, limit: int):
        super().__init__(f"file larger than {limit} bytes")
        self.limit = limit


@dataclass(frozen=True)
class StoredBlob:
    """The result of adding content: its digest, its size, and whether this call created it."""

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

    def _temp_dir(self) -> Path:
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        return tmp

    def add_stream(self, source: BinaryIO, *, max_size: int | None = None,
                   progress: ByteProgress | None = None) -> StoredBlob:
        """Copy a readable binary stream into the store, hashing it as it goes."""
        digest = hashlib.sha256()
        size = 0
        fd, temp_name = tempfile.mkstemp(prefix="incoming-", dir=self._temp_dir())
        temp = Path(temp_name)
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
        """Move a fully written temporary file to its digest's place, unless it is already there."""
        target = self.path_for(sha256)
        if target.is_file() and target.stat().st_size == size:
            return StoredBlob(sha256, size, created=False)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
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
        if self.exists(sha256):
            return StoredBlob(sha256, len(data), created=False)
        fd, temp_name = tempfile.mkstemp(prefix="incoming-", dir=self._temp_dir())
        temp = Path(temp_name)
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
        """Write a copy of a stored file to ``target`` (to open it with another program)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
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
        """Remove a blob this program just created and no row references (a failed attach)."""
        path = self.path_for(sha256)
        try:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
            path.unlink()
        except FileNotFoundError:
            pass


# -- where a database keeps its files, and how large they may be ----------------------------------

#: Setting (in the database) naming the store directory; needed for a PostgreSQL database.
STORE_DIR_SETTING = "evidence.store_dir"
#: Environment variable that overrides the setting on one computer (a different mount point).
STORE_DIR_ENV = "ADJUDICATOR_EVIDENCE_DIR"
#: Setting: the largest file accepted, in bytes.
MAX_SIZE_SETTING = "evidence.max_file_size"
DEFAULT_MAX_FILE_SIZE = 2 * 1024**3


def _root_from(configured: object, sqlite_file: Path | None) -> Path | None:
    override = os.environ.get(STORE_DIR_ENV) or configured
    if override:
        return Path(str(override)).expanduser()
    if sqlite_file is not None:
        return sqlite_file.with_name(sqlite_file.name + ".files")
    return None


def store_root(db: Database) -> Path:
    """The store directory: ``<station.db>.files`` beside a SQLite file, else the configured one."""
    root = _root_from(db.get_setting(STORE_DIR_SETTING), db.path)
    if root is None:
        raise DomainError(
            "该数据库没有设置证据文件的存放目录；请运行 adjudicator evidence store-dir 目录 "
            f"设置一个各台电脑都能访问的共享目录（或设置环境变量 {STORE_DIR_ENV}）。")
    return root


def file_store(db: Database) -> FileStore:
    return FileStore(store_root(db))


def session_file_store(s: Session) -> FileStore | None:
    """The store of the database a session is bound to, or None if none is configured."""
    bind = s.get_bind()
    url = bind.engine.url
    row = s.get(Setting, STORE_DIR_SETTING)
    sqlite_file = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if sqlite_file is not None and str(sqlite_file) == ":memory:":
        sqlite_file = None
    root = _root_from(row.value if row is not None else None, sqlite_file)
    return FileStore(root) if root is not None else None


def max_file_size(db: Database) -> int:
    return int(db.get_setting(MAX_SIZE_SETTING, DEFAULT_MAX_FILE_SIZE))


# -- what may enter the store ---------------------------------------------------------------------

_EXTRA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".wps": "application/vnd.ms-works",
    ".ofd": "application/ofd", ".heic": "image/heic", ".webp": "image/webp", ".amr": "audio/amr",
    ".m4a": "audio/mp4", ".mp4": "video/mp4", ".mov": "video/quicktime", ".md": "text/markdown",
}
_MAGIC = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
          (b"GIF8", "image/gif"), (b"PK\x03\x04", "application/zip"))
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def human_size(size: int) -> str:
    """``1.5 MB``-style sizes for messages and lists."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def media_type(name: str, head: bytes = b"") -> str:
    """The file's media type from its extension, else from its first bytes."""
    ext = Path(name).suffix.lower()
    guessed = _EXTRA_TYPES.get(ext) or mimetypes.guess_type(name, strict=False)[0]
    if guessed:
        return guessed
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "application/octet-stream")


def _shown(name: str) -> str:
    return "".join(c if unicodedata.category(c) != "Cc" and c not in _BIDI_CONTROLS else f"\\x{ord(c):02x}"
                   for c in name)


def check_name(name: str) -> str:
    """A file name fit to keep and show (no path separators, no control characters), or a refusal."""
    if not name.strip() or name in (".", ".."):
        raise DomainError("文件名为空；请给文件起一个名字后再添加。")
    if "/" in name or "\\" in name:
        raise DomainError(f"文件名“{_shown(name)}”含有路径分隔符（/ 或 \\）；请改名后再添加。")
    if any(unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in name):
        raise DomainError(f"文件名“{_shown(name)}”含有控制字符（如换行符或方向控制符）；请改名后再添加。")
    if len(name) > 255:
        raise DomainError(f"文件名“{name[:40]}…”超过 255 个字；请改一个短些的名字后再添加。")
    return name


@dataclass(frozen=True)
class SourceFile:
    """A file on the user's disk that passed the intake checks."""

    path: Path
    name: str
    size: int


def check_source(path: Path, max_size: int) -> SourceFile:
    """Refuse (with a sentence) a file that is missing, a folder, unreadable, too large or badly named."""
    name = check_name(path.name)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DomainError(f"文件“{path}”不存在；请确认路径后再添加。") from None
    except OSError as exc:
        raise DomainError(f"无法读取文件“{path}”：{exc.strerror}。") from None
    if stat.S_ISDIR(info.st_mode):
        raise DomainError(f"“{path}”是一个文件夹，不是文件；请选择文件夹里的文件添加。")
    if not stat.S_ISREG(info.st_mode):
        raise DomainError(f"“{path}”不是普通文件（可能是设备或管道）；请选择一个文件。")
    if info.st_size > max_size:
        raise DomainError(f"文件“{name}”大小为 {human_size(info.st_size)}，超过了证据文件的上限 "
                          f"{human_size(max_size)}；请压缩或分割后再添加，或请管理员调高上限。")
    if not os.access(path, os.R_OK):
        raise DomainError(f"无法读取文件“{path}”：没有读取权限；请检查文件权限后再添加。")
    return SourceFile(path, name, info.st_size)


@dataclass(frozen=True)
class StagedFile:
    """A file copied into the store whose database row is not yet written."""

    name: str
    media_type: str
    blob: StoredBlob


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


def unstage(db: Database, staged: Sequence[StagedFile]) -> None:
    """Remove blobs this attach created that no row references (after a failed transaction)."""
    created = {f.blob.sha256 for f in staged if f.blob.created}
    if not created:
        return
    store = file_store(db)
    with db.session() as s:
        used = set(s.scalars(select(ExhibitFile.sha256).where(ExhibitFile.sha256.in_(created))))
    for sha256 in created - used:
        store.discard(sha256)


# -- the store check ------------------------------------------------------------------------------

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


# -- choosing the store directory ------------------------------------------------------------------

_SYSTEM_DIRS = ("/", "/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/root", "/run", "/sbin", "/sys",
                "/usr", "/var", "/tmp", "C:\\", "C:\\Windows", "C:\\Program Files", "C:\\Program Files (x86)")


def check_store_dir(raw: str | os.PathLike[str], db: Database | None = None) -> Path:
    """A folder fit to hold the evidence store, resolved; a refusal for an empty path, a file or a system folder."""
    text = os.fspath(raw)
    if not text.strip():
        raise DomainError("证据文件库目录为空；请给出一个文件夹的路径。")
    if any(ord(c) < 32 for c in text):
        raise DomainError("证据文件库目录含有控制字符；请检查后重新输入。")
    target = Path(text).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise DomainError(f"“{target}”不是文件夹；请给出一个文件夹。")
    system = {Path(p).resolve() for p in _SYSTEM_DIRS if Path(p).anchor == target.anchor}
    if target in system or target == Path.home().resolve() or target.parent == target:
        raise DomainError(f"“{target}”是系统文件夹或主文件夹，不能作为证据文件库；请新建一个专用文件夹。")
    if db is not None and db.path is not None and (target == db.path.parent.resolve()):
        raise DomainError(f"“{target}”是数据库所在的文件夹，不能直接作为证据文件库；请在其中新建一个专用文件夹。")
    return target

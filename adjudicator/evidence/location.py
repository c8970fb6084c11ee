"""Where a database keeps its evidence files, how large they may be, and which folders may hold them."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.orm import Session

from adjudicator.errors import DomainError
from adjudicator.evidence.blobs import FileStore
from adjudicator.store import Database
from adjudicator.store.models import Setting

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

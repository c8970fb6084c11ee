"""The evidence file store's public names, gathered from the modules it is split into.

- :mod:`~adjudicator.evidence.blobs`: :class:`FileStore`, files by SHA-256, temporary files, repair;
- :mod:`~adjudicator.evidence.location`: where a database's store is, its size limit, store-dir checks;
- :mod:`~adjudicator.evidence.intake`: which files may enter it (names, sizes, types);
- :mod:`~adjudicator.evidence.staging`: copying files in before their rows are written, without races;
- :mod:`~adjudicator.evidence.verify`: the store check behind ``adjudicator evidence verify``.

Callers (UI, command line, sync, demo) import from here, so the split stays an inside matter.
"""

from __future__ import annotations

from adjudicator.evidence.blobs import (
    CHUNK_SIZE,
    FileStore,
    FileTooLarge,
    Health,
    StoredBlob,
    external_copy,
    external_name,
)
from adjudicator.evidence.intake import SourceFile, check_name, check_source, human_size, media_type
from adjudicator.evidence.location import (
    DEFAULT_MAX_FILE_SIZE,
    MAX_SIZE_SETTING,
    STORE_DIR_ENV,
    STORE_DIR_SETTING,
    check_store_dir,
    file_store,
    max_file_size,
    session_file_store,
    store_root,
)
from adjudicator.evidence.staging import (
    StagedFile,
    StagedFileLost,
    confirm_staged,
    discard_unreferenced,
    lock_store,
    stage_files,
    unstage,
    with_staged,
)
from adjudicator.evidence.verify import StoreCheck, StoreProblem, verify_store

__all__ = [
    "CHUNK_SIZE", "DEFAULT_MAX_FILE_SIZE", "MAX_SIZE_SETTING", "STORE_DIR_ENV", "STORE_DIR_SETTING",
    "FileStore", "FileTooLarge", "Health", "SourceFile", "StagedFile", "StagedFileLost", "StoreCheck", "StoreProblem",
    "StoredBlob", "check_name", "check_source", "check_store_dir", "confirm_staged", "discard_unreferenced",
    "external_copy", "external_name", "file_store", "human_size", "lock_store", "max_file_size", "media_type",
    "session_file_store", "stage_files", "store_root", "unstage", "verify_store", "with_staged",
]

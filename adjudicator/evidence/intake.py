"""Which files may enter the evidence store: names, sizes, types, readability; each refusal a sentence."""

from __future__ import annotations

import mimetypes
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from adjudicator.errors import DomainError

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



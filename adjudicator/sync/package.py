"""The package file: a zip with a SQLite snapshot, attachments by content hash, a signed manifest.

Members, and nothing else::

    manifest.json      what the package is (below), signed
    manifest.sig       base64 Ed25519 signature over the exact bytes of manifest.json
    data.sqlite        the snapshot: synced rows of the signer, its audit entries
    files/<sha256>     evidence files the rows name, each under the SHA-256 of its content

``manifest.json``: ``format``, ``kind`` (``station`` or ``reference``), ``package_id``,
``station`` (the signer's code, ``SUP`` for the supervisors), ``sequence`` (the signer's export
counter), ``schema_revision``, ``exported_at`` (the signer's clock: shown, never used to order
anything), ``tables`` (row counts), ``members`` (SHA-256 and size of every other member).

:func:`check_package` verifies all of this before a database is touched: the zip's structure and
member names (no ``../``, no absolute paths, nothing unlisted), the signature against the key
the reading database trusts for that signer, the schema revision, every member's hash and size,
that the snapshot is a SQLite database whose row counts match the manifest and whose rows are
all the signer's own. Each refusal is a :class:`PackageRefused` saying which check failed and
what to do.

A package is treated as hostile until it has passed: its size limits (below, each with its reason)
are checked from the zip's directory before a byte is unpacked, and its snapshot is judged by
:mod:`adjudicator.sync.snapshot_check` (plain tables only, every value of the right type).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table

from adjudicator import leftovers
from adjudicator.errors import DomainError
from adjudicator.store import migrate

FORMAT = "adjudicator-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SNAPSHOT = "data.sqlite"
FILES_PREFIX = "files/"
SQLITE_MAGIC = b"SQLite format 3\x00"
_FILE_MEMBER = re.compile(r"^files/[0-9a-f]{64}$")
_CHUNK = 1024 * 1024

# -- limits: what a package may hold, checked from the zip's directory before anything is unpacked ------

#: Members in all: the manifest, its signature, the snapshot and one per evidence file. A 10,000-case
#: station sends about 20,000 files; the zip's whole directory is read into memory (about 1 KB a member)
#: before any other check can run, so a count far beyond that is refused from the zip's last record.
MAX_MEMBERS = 200_000
#: The manifest lists every member (about 200 bytes each) and is parsed whole in memory.
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
#: A base64 Ed25519 signature is 88 bytes.
MAX_SIGNATURE_BYTES = 1000
#: The snapshot is unpacked to a temporary folder: a 10,000-case station's package is 17 MB and its snapshot
#: under 100 MB; even a 100,000-case database with its caches and indexes (which never travel) is under 1 GB.
MAX_SNAPSHOT_BYTES = 4 * 1024**3
#: One evidence file enters the evidence store as it is: the store accepts 2 GiB by default
#: (``evidence.max_file_size``); twice that leaves room for a station that raised its own limit.
MAX_ATTACHMENT_BYTES = 4 * 1024**3
#: Our snapshots deflate about 5:1 and evidence is stored as it is; a large member that claims to expand
#: more than this is a zip bomb (deflate alone reaches 1,000:1). Small members may (empty tables are pages
#: of zeros), so the ratio is judged only above :data:`RATIO_FLOOR_BYTES`.
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 16 * 1024 * 1024
#: Our writer stores or deflates; other methods are refused before ``zipfile`` would try them (it raises
#: ``NotImplementedError`` for most, and bzip2/LZMA expand far more than deflate).
ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
#: Room left free on the temporary folder's disk besides the unpacked snapshot.
SPARE_DISK_BYTES = 64 * 1024 * 1024

#: How to verify a signer: its code → the hex public key this database trusts, or None if unknown.
KeyLookup = Callable[[str, str], str | None]


class PackageRefused(DomainError):
    """A package that failed a check; nothing was changed. ``check`` names the check for summaries."""

    def __init__(self, message: str, check: str):
        super().__init__(message)
        self.check = check


@dataclass
class CheckedPackage:
    """A package that passed every check, with its snapshot extracted to a temporary directory."""

    path: Path
    manifest: dict[str, Any]
    snapshot: Path
    workdir: Path
    attachments: list[str] = field(default_factory=list)
    #: What :func:`check_package`'s ``seen`` said of this package id (its earlier import), if anything:
    #: then the members were neither hashed nor unpacked (a repeat changes nothing).
    previous: Any = None

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def station(self) -> str:
        return str(self.manifest["station"])

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @contextmanager
    def open_attachment(self, sha256: str) -> Iterator[IO[bytes]]:
        with zipfile.ZipFile(self.path) as zf, zf.open(FILES_PREFIX + sha256) as fh:
            yield fh

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def refusal(name: str, what: str, todo: str, check: str) -> PackageRefused:
    return PackageRefused(f"数据包“{shown(name, 120)}”{what}，未导入任何数据；{todo}", check)


def shown(text: object, limit: int) -> str:
    """Text from a package, cut short and with control characters replaced, to sit inside one sentence."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", str(text)[:limit])


ASK_AGAIN = "请对方重新导出后再导入。"


def _member_count(path: Path) -> int | None:
    """The number of members the zip's end record declares, read before ``zipfile`` loads its directory."""
    try:
        with open(path, "rb") as fh:
            # zipfile's own reader of the end record (zip64 too); private, but unchanged since Python 2.
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
    except (OSError, AttributeError, struct.error):
        return None
    return int(end[zipfile._ECD_ENTRIES_TOTAL]) if end else None  # type: ignore[attr-defined]


def _size_limit(member: str) -> int:
    return {MANIFEST: MAX_MANIFEST_BYTES, SIGNATURE: MAX_SIGNATURE_BYTES,
            SNAPSHOT: MAX_SNAPSHOT_BYTES}.get(member, MAX_ATTACHMENT_BYTES)


def _check_entry(info: zipfile.ZipInfo, name: str) -> None:
    """One directory entry: a plain file, stored or deflated, within its size limit, no bomb."""
    member = shown(info.filename, 80)
    mode = info.external_attr >> 16
    if info.is_dir() or stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # 0: written without a file type
        raise refusal(name, f"中的“{member}”不是普通文件（是目录或符号链接）", ASK_AGAIN, "unexpected-member")
    if info.flag_bits & 0x1:
        raise refusal(name, f"中的“{member}”被加密，本系统的数据包从不加密", ASK_AGAIN, "unexpected-member")
    if info.compress_type not in ALLOWED_COMPRESSION:
        raise refusal(name, f"中的“{member}”使用了本系统不使用的压缩方法（{info.compress_type}）", ASK_AGAIN,
                      "unexpected-member")
    limit = _size_limit(info.filename)
    if info.file_size > limit:
        raise refusal(name, f"中的“{member}”解压后有 {info.file_size:,} 字节，超过上限 {limit:,} 字节", ASK_AGAIN,
                      "too-large")
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        raise refusal(name, f"中的“{member}”压缩比超过 {MAX_COMPRESSION_RATIO}:1 的上限（疑为“压缩炸弹”）", ASK_AGAIN,
                      "too-large")


def _safe_names(zf: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise refusal(name, f"含有 {len(infos):,} 个文件，超过上限 {MAX_MEMBERS:,} 个", ASK_AGAIN, "too-large")
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        if (member.startswith(("/", "\\")) or "\\" in member or ".." in member.split("/")
                or ":" in member or member in seen):
            raise refusal(name, f"含有不安全的路径“{shown(member, 80)}”（可能被人改动过）", ASK_AGAIN, "unsafe-path")
        if member not in (MANIFEST, SIGNATURE, SNAPSHOT) and not _FILE_MEMBER.match(member):
            raise refusal(name, f"含有本系统数据包中不应有的文件“{shown(member, 80)}”", ASK_AGAIN, "unexpected-member")
        _check_entry(info, name)
        seen.add(member)
    for required in (MANIFEST, SIGNATURE, SNAPSHOT):
        if required not in seen:
            raise refusal(name, f"缺少“{required}”（文件不完整或不是本系统的数据包）", ASK_AGAIN, "incomplete")
    return infos


def _read_small(zf: zipfile.ZipFile, member: str, limit: int) -> bytes:
    with zf.open(member) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{member} too large")
    return data


def _copy_hashing(source: IO[bytes], out: IO[bytes] | None, limit: int) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            break
        digest.update(chunk)
        if out is not None:
            out.write(chunk)
    return digest.hexdigest(), size


def _parse_manifest(raw: bytes, name: str) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError
        for key, kind in (("package_id", str), ("station", str), ("sequence", int), ("schema_revision", str),
                          ("tables", dict), ("members", dict), ("kind", str)):
            if not isinstance(manifest.get(key), kind) or isinstance(manifest.get(key), bool):
                raise ValueError(key)  # noqa: TRY004 - one refusal for every malformed manifest
        if not 0 < manifest["sequence"] < 2**31:  # an Integer column on both databases
            raise ValueError("sequence")
        import uuid

        uuid.UUID(manifest["package_id"])
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: arrays nested 100,000 deep
        raise refusal(name, "的清单（manifest.json）无法识别", ASK_AGAIN, "manifest") from None
    return manifest


def check_package(path: Path, lookup_key: KeyLookup, *, expect_kind: str, synced_tables: Mapping[str, Table],
                  seen: Callable[[str], Any] | None = None, value_types: bool = True) -> CheckedPackage:
    """Verify a package file completely (see the module docstring); the caller must ``cleanup()`` it.

    ``seen`` is asked about the package id once the signature and schema have passed: if it returns
    anything (the record of an earlier import of this very package), checking stops there and the
    result carries it as :attr:`CheckedPackage.previous`. A repeat is then recognised in
    milliseconds instead of after hashing and unpacking tens of megabytes it will not use.
    ``value_types``: see :func:`~adjudicator.sync.snapshot_check.check_snapshot`.
    """
    from adjudicator.sync.keys import verify
    from adjudicator.sync.snapshot_check import check_snapshot

    name = path.name
    if path.exists() and not path.is_file():  # a folder, a device or a pipe (which would never answer)
        raise refusal(name, "不是数据包文件（是文件夹、设备或管道）", ASK_AGAIN, "not-a-package")
    declared = _member_count(path)
    if declared is not None and declared > MAX_MEMBERS:
        raise refusal(name, f"含有 {declared:,} 个文件，超过上限 {MAX_MEMBERS:,} 个", ASK_AGAIN, "too-large")
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackageRefused(f"找不到数据包文件“{path}”。", "missing") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refusal(name, "不是完整的数据包（文件损坏、被截断或根本不是数据包）", ASK_AGAIN, "not-a-package") from None
    workdir = leftovers.work_dir("adjudicator-import-")
    try:
        with zf:
            infos = _safe_names(zf, name)
            try:
                raw_manifest = _read_small(zf, MANIFEST, MAX_MANIFEST_BYTES)
                signature = _read_small(zf, SIGNATURE, MAX_SIGNATURE_BYTES)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error):
                raise refusal(name, "的清单已损坏", ASK_AGAIN, "manifest") from None
            manifest = _parse_manifest(raw_manifest, name)
            if manifest.get("format_version") != FORMAT_VERSION or manifest["kind"] != expect_kind:
                what = "是市局的参考数据包，应在裁决所导入" if manifest["kind"] == "reference" else \
                    "是裁决所的数据包，应在市局监督数据库导入" if manifest["kind"] == "station" else "的格式无法识别"
                raise refusal(name, what, "请在正确的数据库中导入。", "kind")
            signer = manifest["station"]
            key = lookup_key(manifest["kind"], signer)
            if key is None:
                if manifest["kind"] == "reference":
                    raise refusal(name, "由市局签名，但本所尚未登记市局公钥",
                                  "请先用 adjudicator station trust-supervisor 登记市局提供的公钥文件。", "unknown-signer")
                raise refusal(name, f"来自未登记的裁决所（代码 {shown(signer, 16)}）",
                              "请先用 adjudicator station register 登记该所的公钥文件，并电话核对指纹。",
                              "unknown-station")
            if not verify(key, raw_manifest, signature.strip()):
                raise refusal(name, f"的签名与登记的裁决所 {shown(signer, 16)} 公钥不符（文件被改动过，或不是该所导出的）",
                              "请该所重新导出；如该所确已更换密钥，请重新登记其公钥。", "signature")
            if manifest["schema_revision"] not in migrate.known_revisions():
                raise refusal(name, f"的数据结构版本（{shown(manifest['schema_revision'], 40)}）比本程序新",
                              "请先升级本程序，再导入该数据包。", "schema")
            previous = seen(manifest["package_id"]) if seen is not None else None
            if previous is not None:
                return CheckedPackage(path, manifest, workdir / SNAPSHOT, workdir, previous=previous)
            _check_members(zf, infos, manifest, workdir, name)
        snapshot = workdir / SNAPSHOT
        check_snapshot(snapshot, manifest, signer, synced_tables, name, value_types=value_types)
        attachments = [m[len(FILES_PREFIX):] for m in manifest["members"] if m.startswith(FILES_PREFIX)]
        return CheckedPackage(path, manifest, snapshot, workdir, attachments)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _check_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], manifest: dict[str, Any], workdir: Path,
                   name: str) -> None:
    listed: dict[str, Any] = manifest["members"]
    present = {i.filename for i in infos} - {MANIFEST, SIGNATURE}
    if set(listed) != present:
        raise refusal(name, "中的文件与清单不符（多了或少了文件）", ASK_AGAIN, "members")
    headers = {i.filename: i for i in infos}
    for member in sorted(present):
        entry = listed[member]
        try:
            expected, size = str(entry["sha256"]), int(entry["size"])
        except (KeyError, TypeError, ValueError, OverflowError):
            raise refusal(name, "的清单已损坏", ASK_AGAIN, "manifest") from None
        if headers[member].file_size != size:  # the zip's own record disagrees: judged before unpacking
            raise refusal(name, f"中的“{member}”大小与清单记载的不符（文件被改动或损坏）", ASK_AGAIN, "hash")
        if member == SNAPSHOT:
            _check_disk_space(workdir, size, name)
        try:
            with zf.open(member) as source:
                if member == SNAPSHOT:
                    with open(workdir / SNAPSHOT, "wb") as out:
                        actual, actual_size = _copy_hashing(source, out, size)
                else:
                    actual, actual_size = _copy_hashing(source, None, size)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
            raise refusal(name, f"中的“{member}”已损坏（传输中出错或文件被截断）", ASK_AGAIN, "damaged") from None
        if actual != expected or actual_size != size:
            raise refusal(name, f"中的“{member}”与清单记载的校验值不符（文件被改动或损坏）", ASK_AGAIN, "hash")


def _check_disk_space(workdir: Path, size: int, name: str) -> None:
    free = shutil.disk_usage(workdir).free
    if free < size + SPARE_DISK_BYTES:
        raise refusal(name, f"的数据文件解压后需要 {size:,} 字节，临时文件夹所在磁盘只剩 {free:,} 字节",
                      "请清理磁盘后再导入。", "disk-space")


def write_package(target: Path, manifest: dict[str, Any], snapshot: Path, attachments: dict[str, Path],
                  sign: Callable[[bytes], str]) -> int:
    """Write the zip atomically (a ``.part`` file renamed into place); returns its size in bytes."""
    members: dict[str, Any] = {}
    digest, size = _hash_file(snapshot)
    members[SNAPSHOT] = {"sha256": digest, "size": size}
    for sha256, source in sorted(attachments.items()):
        members[FILES_PREFIX + sha256] = {"sha256": sha256, "size": source.stat().st_size}
    manifest = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "members": members}
    raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    part = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr(MANIFEST, raw)
            zf.writestr(SIGNATURE, sign(raw))
            zf.write(snapshot, SNAPSHOT)
            for sha256, source in sorted(attachments.items()):
                # Evidence is mostly JPEG/PDF, already compressed: store it as it is.
                zf.write(source, FILES_PREFIX + sha256, compress_type=zipfile.ZIP_STORED)
        part.replace(target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise DomainError(f"无法写入数据包“{target}”：{exc.strerror or exc}；请换一个位置或检查磁盘空间。") from None
    return target.stat().st_size


def _hash_file(path: Path) -> tuple[str, int]:
    with open(path, "rb") as fh:
        return _copy_hashing(fh, None, 1 << 62)

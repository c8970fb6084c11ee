"""Package bombs: refused from the zip's directory, before anything is unpacked, with the limit named.

Each bomb goes into the same supervisor (SQLite and PostgreSQL); the judge checks that the database,
the evidence store, the temporary folder and the backups are as they were.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from adjudicator.sync import package as P
from adjudicator.sync.keys import sign
from tests.core import package_mutations as M
from tests.core.package_targets import Material, Target, judge
from tests.core.test_sync_fuzz import material, supervisor  # noqa: F401  (fixtures)


def _raw_zip(names: list[str]) -> bytes:
    """A zip of empty members written directly (zipfile takes seconds for 200,000), zip64 end records included."""
    local, central = [], []
    offset = 0
    for name in names:
        raw = name.encode()
        header = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, 0, 0, 0, len(raw), 0) + raw
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 45, 20, 0, 0, 0, 0x21, 0, 0, 0, len(raw), 0, 0, 0,
                                   0, 0o644 << 16, offset) + raw)
        local.append(header)
        offset += len(header)
    directory = b"".join(central)
    end64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, len(names), len(names), len(directory), offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, offset + len(directory), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return b"".join(local) + directory + end64 + locator + end


def _patch_central(package: bytes, member: str, *, file_size: int) -> bytes:
    """The zip's directory made to claim another uncompressed size for ``member`` (its data unchanged)."""
    data = bytearray(package)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == member.encode():
            struct.pack_into("<L", data, at + 24, file_size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(member)


def _first_file(members: M.Members) -> int:
    return next(i for i, (info, _) in enumerate(members) if info.filename.startswith("files/"))


def _ratio_bomb(m: Material) -> bytes:
    members = M.members_of(m.station_package)
    i = _first_file(members)
    info = M.member_info(members[i][0].filename)
    info.compress_type = zipfile.ZIP_DEFLATED
    members[i] = (info, bytes(64 * 1024 * 1024))  # 64 MiB of zeros deflate to 64 KB
    return M.zipped(members)


def _resigned_with(m: Material, change: Callable[[dict[str, Any], M.Members], None]) -> bytes:
    members = M.members_of(m.station_package)
    manifest = json.loads(next(d for i, d in members if i.filename == P.MANIFEST))
    change(manifest, members)
    raw = json.dumps(manifest).encode()
    out = [(i, raw if i.filename == P.MANIFEST else sign(m.station_keys["own"], raw).encode()
            if i.filename == P.SIGNATURE else d) for i, d in members]
    return M.zipped(out)


def _huge_attachment(manifest: dict[str, Any], members: M.Members) -> None:
    big = bytes(range(256)) * (8 * 1024)  # 2 MiB, stored: no ratio to give it away
    digest = hashlib.sha256(big).hexdigest()
    info = M.member_info(P.FILES_PREFIX + digest)
    info.compress_type = zipfile.ZIP_STORED
    members.append((info, big))
    manifest["members"][P.FILES_PREFIX + digest] = {"sha256": digest, "size": len(big)}


def _nested_zip(m: Material) -> Callable[[dict[str, Any], M.Members], None]:
    def change(manifest: dict[str, Any], members: M.Members) -> None:
        i = next(n for n, (info, _) in enumerate(members) if info.filename == P.SNAPSHOT)
        members[i] = (members[i][0], m.station_package)
        manifest["members"][P.SNAPSHOT] = {"sha256": hashlib.sha256(m.station_package).hexdigest(),
                                           "size": len(m.station_package)}
    return change


def _renamed(m: Material, name: str, *, symlink: bool = False) -> bytes:
    members = M.members_of(m.station_package)
    i = _first_file(members)
    info = M.member_info(name or members[i][0].filename, members[i][0])
    if symlink:
        info.external_attr = 0o120777 << 16
    members[i] = (info, b"/etc/passwd" if symlink else members[i][1])
    return M.zipped(members)


def _method(m: Material, method: int) -> bytes:
    data = bytearray(m.station_package)
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 10, method)
    return bytes(data)


def _deep_json(m: Material) -> bytes:
    members = M.members_of(m.station_package)
    return M.zipped([(i, b"[" * 200_000 + b"]" * 200_000 if i.filename == P.MANIFEST else d) for i, d in members])


HUGE_FILE = "极大的证据文件（重新签名）"
BOMBS: list[tuple[str, Callable[[Material], bytes], str, str]] = [
    ("压缩比炸弹（64 MiB 的零压成 64 KB）", _ratio_bomb, "too-large", "100:1"),
    ("目录谎称数据文件有 4 GB", lambda m: _patch_central(m.station_package, P.SNAPSHOT, file_size=0xFFFFFF00),
     "too-large", "压缩比"),
    ("目录中的大小与清单不符", lambda m: _patch_central(m.station_package, P.SNAPSHOT, file_size=81921), "hash", "大小"),
    ("二十万个文件", lambda m: _raw_zip([f"files/{n:064x}" for n in range(200_001)]), "too-large", "200,000"),
    ("极深的路径", lambda m: _renamed(m, "a/" * 3000 + "x"), "unexpected-member", "不应有的文件"),
    ("极长的文件名", lambda m: _renamed(m, "x" * 60_000), "unexpected-member", "不应有的文件"),
    ("符号链接", lambda m: _renamed(m, "", symlink=True), "unexpected-member", "符号链接"),
    ("绝对路径", lambda m: _renamed(m, "/etc/cron.d/evil"), "unsafe-path", "不安全的路径"),
    ("同名文件两份", lambda m: M.zipped(M.members_of(m.station_package) + M.members_of(m.station_package)[2:3]),
     "unsafe-path", "不安全的路径"),
    ("数据文件是另一个 zip（重新签名）", lambda m: _resigned_with(m, _nested_zip(m)), "not-sqlite", "SQLite"),
    (HUGE_FILE, lambda m: _resigned_with(m, _huge_attachment), "too-large", "1,048,576"),
    ("嵌套二十万层的清单", _deep_json, "manifest", "清单"),
    ("加密的成员", lambda m: M.zipped(M.members_mutated(M.members_of(m.station_package),
                                                     [("encrypted", 0, "", b"")])), "unexpected-member", "加密"),
    ("不支持的压缩方法（LZMA）", lambda m: _method(m, 14), "unexpected-member", "压缩方法"),
    ("不支持的压缩方法（编号 99）", lambda m: _method(m, 99), "unexpected-member", "压缩方法"),
    ("极大的导出序号（重新签名）", lambda m: _resigned_with(m, lambda man, _: man.update(sequence=10**30)), "manifest",
     "清单"),
]


def test_package_bombs_are_refused_before_unpacking(supervisor: Target, material: Material,  # noqa: F811
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for title, make, check, words in BOMBS:
        with monkeypatch.context() as mp:
            if title == HUGE_FILE:  # the real limit is 4 GiB: a 1 MiB one shows the same refusal without gigabytes
                mp.setattr(P, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
            verdict = judge(supervisor, make(material), same_as_genuine=True)
        assert verdict.status == "refused" and not verdict.problem, (title, verdict)
        assert verdict.check == check and words in verdict.message, (title, verdict.check, verdict.message)
        assert len(verdict.message) < 200, (title, verdict.message)


def test_limits_are_defined_once_with_room_for_real_stations() -> None:
    """A 10,000-case station (about 20,000 evidence files, a snapshot under 100 MB) is far inside every limit."""
    assert P.MAX_MEMBERS >= 10 * 20_000
    assert P.MAX_SNAPSHOT_BYTES >= 10 * 100 * 1024**2
    assert P.MAX_ATTACHMENT_BYTES >= 2 * 1024**3  # the evidence store's own default limit
    assert P.ALLOWED_COMPRESSION == (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

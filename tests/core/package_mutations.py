"""Hostile packages made from genuine ones.

Shared by ``tests/core/test_sync_fuzz.py`` (a few dozen examples per property) and
``tools/reliability_packages.py`` (hundreds, for ``docs/reliability.md``). Four families of damage:

- bytes: flipped, inserted or deleted bytes anywhere in the file, or the file cut short;
- members: removed, duplicated, renamed (to ``../``, absolute, long, odd names), added, turned into a
  symlink or a folder, marked encrypted; nothing is signed again;
- manifest: a field changed, removed or given a wrong type, a huge number or odd text, then signed
  again by the package's own station, by another registered one, by an unregistered one, or not at all;
- snapshot: the SQLite member edited validly (values of the wrong type, NULLs, rows of another
  station, extra or missing tables, triggers, views, indexes, generated columns), the manifest
  recounted honestly and signed again with the station's own key, so that only the deeper checks
  can refuse it.

:mod:`tests.core.package_targets` imports them and judges what happened.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import stat
import struct
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from adjudicator.sync.keys import sign
from adjudicator.sync.package import MANIFEST, SIGNATURE, SNAPSHOT

Members = list[tuple[zipfile.ZipInfo, bytes]]
#: The comment of a member to be marked encrypted once written (``ZipInfo`` takes no other attributes).
ENCRYPTED = b"encrypted"


# -- the genuine package taken apart and put together again ---------------------------------------------

def members_of(package: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def zipped(members: Members) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as zf:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are the point
        for info, data in members:
            zf.writestr(info, data)
    written = bytearray(out.getvalue())
    for info, _ in members:
        if info.comment == ENCRYPTED:  # zipfile clears the flag on writing: set it in the directory
            _mark_encrypted(written, info.filename)
    return bytes(written)


def _mark_encrypted(data: bytearray, name: str) -> None:
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == name.encode():
            data[at + 8] |= 0x1
            return
        at = data.find(b"PK\x01\x02", at + 4)


def member_info(name: str, like: zipfile.ZipInfo | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 9, 0, 0))
    info.compress_type = like.compress_type if like is not None else zipfile.ZIP_DEFLATED
    info.external_attr = like.external_attr if like is not None else 0o644 << 16
    return info


# -- bytes ------------------------------------------------------------------------------------------------

BYTE_OPS = st.lists(st.tuples(st.sampled_from(["flip", "insert", "delete", "cut"]), st.booleans(),
                              st.integers(0, 1 << 30), st.binary(min_size=1, max_size=16), st.integers(1, 64)),
                    min_size=1, max_size=3)


def bytes_mutated(data: bytes, ops: list[tuple[str, bool, int, bytes, int]]) -> bytes:
    """``from_end`` places the edit counted from the end: the zip's directory is there, the manifest at the start."""
    out = bytearray(data)
    for op, from_end, where, blob, length in ops:
        if not out:
            break
        at = where % len(out)
        at = len(out) - 1 - at if from_end else at
        if op == "flip":
            out[at] ^= 1 << (length % 8)
        elif op == "insert":
            out[at:at] = blob
        elif op == "delete":
            del out[at:at + length]
        else:
            del out[at:]
    return bytes(out)


# -- members ----------------------------------------------------------------------------------------------

ODD_NAMES = ["../outside.txt", "../../etc/passwd", "/etc/passwd", "C:\\evil.txt", "files/../data.sqlite",
             "files/" + "A" * 64, "files/" + "0" * 63, "data.sqlite/", "数据.sqlite", "manifest.json\n",
             "a/" * 600 + "deep.txt", "x" * 5000, "files/" + "0" * 64 + "/x", "nested.zip", "./data.sqlite",
             "files\\" + "0" * 64, "DATA.SQLITE", " manifest.json"]
MEMBER_OPS = st.lists(st.tuples(st.sampled_from(["remove", "duplicate", "rename", "add", "symlink", "folder",
                                                 "encrypted", "stored", "swap"]),
                                st.integers(0, 1 << 20), st.sampled_from(ODD_NAMES), st.binary(max_size=64)),
                      min_size=1, max_size=3)


def members_mutated(members: Members, ops: list[tuple[str, int, str, bytes]]) -> Members:
    out = list(members)
    for op, which, name, blob in ops:
        if not out:
            break
        i = which % len(out)
        info, data = out[i]
        if op == "remove":
            del out[i]
        elif op == "duplicate":
            out.append((member_info(info.filename, info), blob or data))
        elif op == "rename":
            out[i] = (member_info(name, info), data)
        elif op == "add":
            out.insert(which % (len(out) + 1), (member_info(name), blob))
        elif op == "symlink":
            link = member_info(info.filename, info)
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            out[i] = (link, b"/etc/passwd")
        elif op == "folder":
            out.insert(i, (member_info(info.filename.rstrip("/") + "/"), b""))
        elif op == "encrypted":
            locked = member_info(info.filename, info)
            locked.comment = ENCRYPTED
            out[i] = (locked, data)
        elif op == "stored":
            plain = member_info(info.filename, info)
            plain.compress_type = zipfile.ZIP_STORED
            out[i] = (plain, data)
        else:  # swap two members' contents: every hash still listed, each under the wrong name
            j = (which // 7) % len(out)
            out[i], out[j] = (info, out[j][1]), (out[j][0], data)
    return out


# -- manifest, signed again -------------------------------------------------------------------------------

DELETE = object()
FIRST_FILE = "<first evidence file>"
FIELDS: list[tuple[str, ...]] = [
    ("format",), ("format_version",), ("kind",), ("package_id",), ("station",), ("sequence",), ("schema_revision",),
    ("tables",), ("members",), ("exported_at",), ("missing_files",), ("extra-field",), ("tables", "cases"),
    ("tables", "parties"), ("tables", "audit_entries"), ("tables", "stations"), ("members", SNAPSHOT),
    ("members", SNAPSHOT, "size"), ("members", SNAPSHOT, "sha256"), ("members", FIRST_FILE, "size"),
    ("members", FIRST_FILE, "sha256"), ("members", FIRST_FILE)]
ODD_VALUES = st.one_of(
    st.just(DELETE), st.none(), st.booleans(), st.integers(-2, 5),
    st.sampled_from([2**31, 2**63, 10**30, -(2**63), 10**400]), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.sampled_from(["", "01", "02", "05", "SUP", "station", "reference", "..",
                                           "00000000-0000-0000-0000-000000000000", "9999_from_the_future",
                                           "\u202e\u0000\n换行", "adjudicator-package", "😀" * 50]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=8), st.integers(), max_size=3))
SIGNERS = ["own", "other", "stranger", "unsigned"]
MANIFEST_EDITS = st.lists(st.tuples(st.sampled_from(FIELDS), ODD_VALUES), min_size=1, max_size=3)


def _set_field(manifest: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    holder: Any = manifest
    for key in path[:-1]:
        if key == FIRST_FILE and isinstance(holder, dict):
            key = min((m for m in holder if m.startswith("files/")), default=key)
        holder = holder.get(key) if isinstance(holder, dict) else None
    leaf = path[-1]
    if leaf == FIRST_FILE and isinstance(holder, dict):
        leaf = min((m for m in holder if m.startswith("files/")), default=leaf)
    if not isinstance(holder, dict):
        return
    if value is DELETE:
        holder.pop(leaf, None)
    else:
        holder[leaf] = value


def manifest_resigned(members: Members, edits: list[tuple[tuple[str, ...], Any]], signer: str, keys: dict[str, Any]) -> Members:
    raw = next(data for info, data in members if info.filename == MANIFEST)
    manifest = json.loads(raw)
    for path, value in edits:
        _set_field(manifest, path, value)
    new_raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    out: Members = []
    for info, data in members:
        if info.filename == MANIFEST:
            data = new_raw
        elif info.filename == SIGNATURE and signer != "unsigned":
            data = sign(keys[signer], new_raw).encode("ascii")
        out.append((info, data))
    return out


# -- snapshot, edited validly and signed again by its own station -----------------------------------------

ODD_CELLS = [None, "x", "", 2**40, -1, 0.5, b"\x00\x01blob", "2026-02-30", "2026-12-01 25:00:00", "😀" * 3,
             "a" * 300, "02", "SUP", "zz" * 16, "{not json", "[1, 2]", 2]
SNAPSHOT_OPS = st.lists(st.one_of(
    st.tuples(st.just("set"), st.integers(0, 50), st.integers(0, 50), st.integers(1, 10), st.sampled_from(ODD_CELLS)),
    st.tuples(st.sampled_from(["delete-rows", "duplicate-row", "drop-table", "add-column", "trigger", "view",
                               "index", "generated", "extra-table", "virtual-table"]), st.integers(0, 50))),
    min_size=1, max_size=3)


def _edit_snapshot(conn: sqlite3.Connection, op: tuple[Any, ...]) -> None:
    tables = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    if not tables:
        return
    table = tables[op[1] % len(tables)]
    columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    kind = op[0]
    if kind == "set":
        column = columns[op[2] % len(columns)]
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (op[4], op[3]))
    elif kind == "delete-rows":
        conn.execute(f'DELETE FROM "{table}" WHERE rowid % 2 = 0')
    elif kind == "duplicate-row":
        conn.execute(f'INSERT INTO "{table}" SELECT * FROM "{table}" LIMIT 1')
    elif kind == "drop-table":
        conn.execute(f'DROP TABLE "{table}"')
    elif kind == "add-column":
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN surplus TEXT DEFAULT \'多余\'')
    elif kind == "trigger":
        conn.execute(f'CREATE TRIGGER "t_{table}" AFTER INSERT ON "{table}" BEGIN DELETE FROM "{table}"; END')
    elif kind == "view":
        conn.execute(f'CREATE VIEW "v_{table}" AS SELECT * FROM "{table}"')
    elif kind == "index":
        conn.execute(f'CREATE INDEX "i_{table}" ON "{table}" ("{columns[0]}")')
    elif kind == "generated":
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN bomb TEXT GENERATED ALWAYS AS '
                     "(printf('%.*c', 50000000, 'x')) VIRTUAL")
    elif kind == "extra-table":
        conn.execute("CREATE TABLE settings (key TEXT, value TEXT)")
        conn.execute("INSERT INTO settings VALUES ('role', 'station')")
    else:
        conn.execute("CREATE VIRTUAL TABLE search USING fts5(text)")


def snapshot_resigned(members: Members, ops: list[tuple[Any, ...]], key: Any, work: Path) -> Members:
    """The snapshot edited, the manifest's counts, hash and size made to match, signed with ``key``."""
    import hashlib

    raw = next(data for info, data in members if info.filename == MANIFEST)
    manifest = json.loads(raw)
    folder = Path(tempfile.mkdtemp(dir=work))
    try:
        path = folder / SNAPSHOT
        path.write_bytes(next(data for info, data in members if info.filename == SNAPSHOT))
        conn = sqlite3.connect(path)
        try:
            for op in ops:
                try:
                    _edit_snapshot(conn, op)
                except sqlite3.Error:  # an edit this file does not allow (no such row, a name taken): skip it
                    pass
            conn.commit()
            counts = {}
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                try:
                    counts[name] = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
                except sqlite3.Error:
                    counts[name] = 0
        finally:
            conn.close()
        data = path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    manifest["tables"] = counts
    manifest["members"][SNAPSHOT] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    new_raw = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    out: Members = []
    for info, member in members:
        if info.filename == MANIFEST:
            member = new_raw
        elif info.filename == SIGNATURE:
            member = sign(key, new_raw).encode("ascii")
        elif info.filename == SNAPSHOT:
            member = data
        out.append((info, member))
    return out


def forged(family: str, genuine: bytes, keys: dict[str, Any], work: Path, *, byte_ops: Any, member_ops: Any,
           edits: Any, signer: str, snapshot_ops: Any) -> bytes:
    """One package of ``family`` (bytes, members, manifest, snapshot) made from ``genuine``."""
    if family == "bytes":
        return bytes_mutated(genuine, byte_ops)
    members = members_of(genuine)
    if family == "members":
        return zipped(members_mutated(members, member_ops))
    if family == "manifest":
        return zipped(manifest_resigned(members, edits, signer, keys))
    return zipped(snapshot_resigned(members, snapshot_ops, keys["own"], work))

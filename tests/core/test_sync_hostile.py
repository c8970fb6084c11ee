"""Packages that must be refused: each with a sentence naming the check, the database unchanged byte for byte.

"Unchanged" is a full dump of every table before and after (and no backup file, no evidence
file left behind). Tampered packages are re-signed with the station's real key where the
point is to reach a later check (counts, foreign rows, schema), so that check alone refuses.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from adjudicator.cli import main as cli_main
from adjudicator.evidence.filestore import store_root
from adjudicator.store import Database
from adjudicator.sync.export import export_reference
from adjudicator.sync.importer import import_packages
from adjudicator.sync.keys import private_key, sign
from adjudicator.sync.package import MANIFEST, SNAPSHOT, write_package
from tests.core.sync_helpers import key_dir  # noqa: F401  (autouse fixture)
from tests.core.sync_helpers import Station, content, files_of, make_station, make_supervisor


@pytest.fixture
def world(tmp_path: Path, db_url: str) -> Iterator[tuple[Database, Station, Station, Station, Path]]:
    """A supervisor that trusts stations 01 and 02 and already holds 01's cases; 05 is not registered."""
    one = make_station(tmp_path, "01", 3, seed=11)
    two = make_station(tmp_path, "02", 3, seed=12)
    five = make_station(tmp_path, "05", 2, seed=15)
    sup = make_supervisor(db_url, tmp_path, [one, two])
    assert import_packages(sup, [one.export()]).ok
    good = two.export()
    yield sup, one, two, five, good
    for db in (sup, one.db, two.db, five.db):
        db.close()


def repack(source: Path, target: Path, signer: Database, *, manifest: Callable[[dict[str, Any]], None] | None = None,
           snapshot: Callable[[sqlite3.Connection], None] | None = None, raw_snapshot: bytes | None = None) -> Path:
    """The package rebuilt with a change, and signed again with ``signer``'s real key."""
    work = target.parent / (target.name + ".work")
    work.mkdir()
    with zipfile.ZipFile(source) as zf:
        data = json.loads(zf.read(MANIFEST))
        (work / SNAPSHOT).write_bytes(zf.read(SNAPSHOT))
    if snapshot is not None:
        conn = sqlite3.connect(work / SNAPSHOT)
        snapshot(conn)
        conn.commit()
        conn.close()
    if raw_snapshot is not None:
        (work / SNAPSHOT).write_bytes(raw_snapshot)
    for key in ("members", "format", "format_version"):
        data.pop(key)
    if manifest is not None:
        manifest(data)
    key = private_key(signer)
    write_package(target, data, work / SNAPSHOT, {}, lambda raw: sign(key, raw))
    shutil.rmtree(work)
    return target


def _flip(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def _truncate(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size * 2 // 3])
    return target


def _with_parent_path(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("../../outside.txt", "越界写入")
    return target


def _hostile(kind: str, sup: Database, one: Station, two: Station, five: Station, good: Path, out: Path) -> Path:
    target = out / f"{kind}.zip"
    if kind == "flipped-byte":
        return _flip(good, target)
    if kind == "truncated":
        return _truncate(good, target)
    if kind == "parent-path":
        return _with_parent_path(good, target)
    if kind == "not-sqlite":
        return repack(good, target, two.db, raw_snapshot=b"PK\x03\x04 this is not a database" * 100)
    if kind == "wrong-counts":
        return repack(good, target, two.db, manifest=lambda m: m["tables"].update(cases=m["tables"]["cases"] + 1))
    if kind == "claims-another-station":
        return repack(good, target, two.db, snapshot=lambda c: c.execute(
            "UPDATE parties SET owner_station = '01' WHERE rowid = 1"))
    if kind == "takes-another-stations-case":
        with one.db.engine.connect() as conn:
            theirs = conn.exec_driver_sql("SELECT id FROM cases LIMIT 1").scalar()
        return repack(good, target, two.db, snapshot=lambda c: c.execute(
            "UPDATE cases SET id = ? WHERE rowid = 1", (theirs,)))
    if kind == "malformed-uuid":  # SQLite would store it, and every later read of the supervisor would fail
        return repack(good, target, two.db, snapshot=lambda c: c.execute("UPDATE parties SET id = 'zzz' WHERE rowid = 2"))
    if kind == "impossible-date":
        return repack(good, target, two.db, snapshot=lambda c: c.execute(
            "UPDATE cases SET received_on = '2026-02-30' WHERE rowid = 1"))
    if kind == "audit-changes-not-json":  # a column of our own type (CanonicalJSON) over JSON
        return repack(good, target, two.db, snapshot=lambda c: c.execute(
            "UPDATE audit_entries SET changes = 'x' WHERE rowid = 1"))
    if kind == "owner-missing":
        return repack(good, target, two.db, snapshot=lambda c: c.execute(
            "UPDATE parties SET owner_station = NULL WHERE rowid = 1"))
    if kind == "trigger-in-snapshot":
        return repack(good, target, two.db, snapshot=lambda c: c.execute(
            "CREATE TRIGGER wipe AFTER INSERT ON cases BEGIN DELETE FROM parties; END"))
    if kind == "huge-sequence":
        return repack(good, target, two.db, manifest=lambda m: m.update(sequence=10**30))
    if kind == "newer-schema":
        return repack(good, target, two.db, manifest=lambda m: m.update(schema_revision="9999_from_the_future"))
    if kind == "signed-by-another-key":
        return repack(good, target, one.db)  # station 01's key on station 02's package
    if kind == "unregistered-station":
        return five.export()
    if kind == "reference-package":
        return export_reference(sup, target).path
    raise AssertionError(kind)


CASES = {
    "flipped-byte": ("damaged", "hash", "not-a-package"),
    "truncated": ("not-a-package",),
    "parent-path": ("unsafe-path",),
    "not-sqlite": ("not-sqlite",),
    "wrong-counts": ("counts",),
    "claims-another-station": ("foreign-rows",),
    "takes-another-stations-case": ("foreign-rows",),
    "newer-schema": ("schema",),
    "malformed-uuid": ("values", "data"),  # PostgreSQL's staging tables refuse it by its type
    "impossible-date": ("values", "data"),
    "audit-changes-not-json": ("values", "data"),
    "owner-missing": ("foreign-rows",),
    "trigger-in-snapshot": ("tables",),
    "huge-sequence": ("manifest",),
    "signed-by-another-key": ("signature",),
    "unregistered-station": ("unknown-station",),
    "reference-package": ("kind",),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_hostile_package_is_refused_and_changes_nothing(
        kind: str, world: tuple[Database, Station, Station, Station, Path], tmp_path: Path) -> None:
    sup, one, two, five, good = world
    out = tmp_path / "hostile"
    out.mkdir()
    package = _hostile(kind, sup, one, two, five, good, out)
    store = store_root(sup)
    before, files_before = content(sup), files_of(store)
    backups_before = set(tmp_path.rglob("*.bak"))
    run = import_packages(sup, [package])
    outcome = run.outcomes[0]
    assert outcome.status == "refused", outcome
    assert outcome.check in CASES[kind], (outcome.check, outcome.message)
    assert "未导入任何数据" in outcome.message or "找不到" in outcome.message
    assert content(sup) == before
    assert files_of(store) == files_before
    assert set(tmp_path.rglob("*.bak")) == backups_before
    assert not (tmp_path / "outside.txt").exists() and not (out.parent.parent / "outside.txt").exists()
    # The genuine package still imports afterwards.
    assert import_packages(sup, [good]).outcomes[0].status == "imported"


def test_command_line_exit_status_and_json(world: tuple[Database, Station, Station, Station, Path],
                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sup, _one, _two, _five, good = world
    bad = _truncate(good, tmp_path / "bad.zip")
    status = cli_main(["import", str(good), str(bad), "--db", sup.url if not sup.is_sqlite else str(sup.path),
                       "--json"])
    assert status == 1
    report = json.loads(capsys.readouterr().out)
    assert [p["status"] for p in report["packages"]] == ["imported", "refused"]
    assert report["packages"][1]["check"] == "not-a-package"
    status = cli_main(["import", str(good), "--db", sup.url if not sup.is_sqlite else str(sup.path)])
    assert status == 0 and "已导入过" in capsys.readouterr().out

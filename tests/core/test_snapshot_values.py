"""Every odd value in every kind of column of a signed snapshot: refused, or readable by every reader.

The fuzz tests (test_sync_fuzz.py) draw a few snapshots at random; this goes through them all.
Each table's first row gets, in one column of each kind (its type and whether it may be empty),
each of the odd values the fuzzing uses — an impossible hour or day, text in a number column,
a blob, broken JSON, a UUID that is not one. The snapshot check must either refuse the file or
leave a value SQLAlchemy reads back: a value it lets through and cannot read breaks every later
read of the supervisor's database (found by CI: '2026-12-01 25:00:00', whose SQLite datetime()
is NULL, passed a check that took NULL for "not bad").
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Table, create_engine, select

from adjudicator.store.models import AuditEntry
from adjudicator.sync.export import station_tables
from adjudicator.sync.package import PackageRefused
from adjudicator.sync.snapshot_check import check_snapshot
from tests.core.package_mutations import ODD_CELLS
from tests.core.sync_helpers import make_station

OWNER_COLUMNS = ("owner_station", "station")  # another station's name is the foreign-rows check's


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("snapshot-values")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADJUDICATOR_KEY_DIR", str(root / "keys"))
        station = make_station(root, "01", 3, seed=11)
        package = station.export()
        station.db.close()
    with zipfile.ZipFile(package) as zf:
        (root / "data.sqlite").write_bytes(zf.read("data.sqlite"))
        manifest = json.loads(zf.read("manifest.json"))
    return root / "data.sqlite", manifest


def _columns_by_kind(path: Path, tables: dict[str, Table]) -> list[tuple[str, str]]:
    """One column of each kind (type, nullable) in each table that has a row."""
    conn = sqlite3.connect(path)
    try:
        chosen, seen = [], set()
        for name, table in sorted(tables.items()):
            if not conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]:
                continue
            for column in table.columns:
                kind = (name, type(column.type).__name__, column.nullable)
                if column.name not in OWNER_COLUMNS and kind not in seen:
                    seen.add(kind)
                    chosen.append((name, column.name))
        return chosen
    finally:
        conn.close()


def test_an_odd_value_is_refused_or_read_back(snapshot: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    base, manifest = snapshot
    tables: dict[str, Table] = {t.name: t for t in station_tables()}
    tables["audit_entries"] = AuditEntry.__table__  # type: ignore[assignment]
    columns = _columns_by_kind(base, tables)
    assert len(columns) > 40  # every table with rows, several kinds of column each
    unreadable, refused = [], 0
    work = tmp_path / "edited.sqlite"
    for name, column in columns:
        for odd in ODD_CELLS:
            shutil.copy(base, work)
            conn = sqlite3.connect(work)
            conn.execute(f'UPDATE "{name}" SET "{column}" = ? WHERE rowid = 1', (odd,))
            conn.commit()
            conn.close()
            try:
                check_snapshot(work, manifest, manifest["station"], tables, "edited.zip")
            except PackageRefused:
                refused += 1
                continue
            engine = create_engine(f"sqlite:///{work}")
            try:
                with engine.connect() as read:
                    read.execute(select(tables[name])).all()
            except Exception as exc:  # noqa: BLE001 - the finding itself
                unreadable.append((name, column, odd, f"{type(exc).__name__}: {exc}"[:100]))
            finally:
                engine.dispose()
    assert unreadable == []
    assert refused > len(columns)  # the check does refuse: not a test that cannot fail

"""Stations with demo data, a supervisor on each backend, and a full dump to compare databases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from adjudicator.demo.generate import generate_demo
from adjudicator.evidence.filestore import STORE_DIR_SETTING
from adjudicator.stations.registry import init_station, init_supervisor
from adjudicator.store import Database, open_database
from adjudicator.store.base import Base
from adjudicator.sync.export import export_station
from adjudicator.sync.keys import register_station, write_key_file

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keys of server (PostgreSQL) databases in the test's folder, never this user's data directory."""
    monkeypatch.setenv("ADJUDICATOR_KEY_DIR", str(tmp_path / "keys"))
    return tmp_path / "keys"


@dataclass
class Station:
    code: str
    db: Database
    key_file: Path
    folder: Path
    exports: int = 0

    def export(self) -> Path:
        self.exports += 1
        target = self.folder / f"station-{self.code}-{self.exports}.zip"
        export_station(self.db, target)
        return target


def make_station(root: Path, code: str, cases: int, seed: int) -> Station:
    folder = root / f"station{code}"
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "station.db")
    init_station(db, code)
    if cases:
        generate_demo(db, cases, seed=seed, today=TODAY)
    key_file = folder / "key.pubkey.json"
    write_key_file(db, key_file)
    return Station(code, db, key_file, folder)


def make_supervisor(url: str, root: Path, stations: list[Station]) -> Database:
    db = open_database(url)
    init_supervisor(db)
    if not db.is_sqlite:
        db.set_setting(STORE_DIR_SETTING, str(root / "supervisor-files"))
    for station in stations:
        register_station(db, station.key_file)
    return db


#: Seeded in each database with its own timestamps (and, for stations, ids).
SEEDED_TABLES = {"stations", "calendar_days", "calendar_years"}
#: Local to each database: never compared between two databases that merged the same packages.
LOCAL_COLUMNS = {"list_key", "seq"}
LOCAL_TABLES = {"alembic_version", "case_search", "deadline_cache", "number_sequences", "settings",
                "sync_packages", "station_keys"}


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value) if value is not None else None


def content(db: Database, *, tables: set[str] | None = None, local: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (sorted), as text: equal dumps mean equal databases.

    ``local=False`` leaves out what each database keeps for itself (list keys, caches, records of
    imports), to compare two supervisors that merged the same packages in different orders.
    """
    import adjudicator.store.all_models  # noqa: F401

    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if tables is not None and table.name not in tables:
                continue
            if not local and table.name in LOCAL_TABLES | SEEDED_TABLES:
                continue
            columns = [c for c in table.columns if local or c.name not in LOCAL_COLUMNS]
            if not local and table.name == "audit_entries":
                columns = [c for c in columns if c.name != "seq"]
            stmt = select(*columns)
            if not local and table.name == "audit_entries":  # each database's own seeding
                stmt = stmt.where(table.c.station != "SUP")
            rows = conn.execute(stmt).all()
            out[table.name] = sorted(tuple(_plain(v) for v in row) for row in rows)
    return out


def files_of(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()

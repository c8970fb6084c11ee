"""Demo data of several stations in one database: a stand-in for a supervisor's merged database.

Each station's cases are generated as :func:`~adjudicator.demo.generate.generate_demo` generates
them for that station (its own case numbers, ``owner_station`` set), then the database is made a
supervisor's. Used to try and benchmark the supervisors' statistics without building and
importing nine export packages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from adjudicator.demo.generate import generate_demo
from adjudicator.progress import Progress
from adjudicator.stations.registry import _seed_registry, init_supervisor, shipped_registry
from adjudicator.store import Database


def generate_station_demos(db: Database, per_station: int, stations: Sequence[str] = (), *, seed: int = 1,
                           today: date | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Add ``per_station`` demo cases of each station (default: all nine) and make ``db`` a supervisor's."""
    codes = list(stations) or [info.code for info in shipped_registry()]
    _seed_registry(db)
    for index, code in enumerate(codes):
        db.set_setting("station_code", code)
        generate_demo(db, per_station, seed=seed + index, today=today)
        if progress is not None:
            progress((index + 1) / len(codes), f"已生成裁决所 {code} 的 {per_station} 件")
    db.set_setting("station_code", None)
    db.set_setting("role", "unassigned")
    init_supervisor(db)
    return {"stations": codes, "cases": per_station * len(codes)}

"""Benchmark: station export and supervisor import, against DESIGN.md's targets.

    python bench/bench_sync.py [--cases 10000] [--stations 9] [--cache DIR] [--pg URL]

Makes (or reuses, in ``--cache``) nine station databases of ``--cases`` demo cases each (distinct
seeds, so distinct ids), exports each one's package, then on a new SQLite supervisor database
and, with ``--pg`` (default ``ADJUDICATOR_TEST_PG``), on a new PostgreSQL database: imports
the nine packages in one run, then imports them all again (every one a repeat: a no-op).
Prints one JSON document with the times, the package sizes and the targets:
export < 3 s per 10,000-case station, nine imports < 20 s, re-import < 3 s, package < 25 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adjudicator.demo.generate import generate_demo
from adjudicator.evidence.filestore import STORE_DIR_SETTING
from adjudicator.stations.registry import init_station, init_supervisor
from adjudicator.store import open_database
from adjudicator.sync.export import export_station
from adjudicator.sync.importer import import_packages
from adjudicator.sync.keys import register_station, write_key_file

TARGETS = {"export_seconds": 3.0, "import_seconds": 20.0, "reimport_seconds": 3.0, "package_mb": 25.0}


def _station(cache: Path, code: str, cases: int) -> Path:
    path = cache / f"station{code}-{cases}.db"
    if path.exists() and (cache / f"station{code}-{cases}.ok").exists():
        return path
    for stale in cache.glob(f"station{code}-{cases}.db*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    print(f"making station {code} with {cases} demo cases…", file=sys.stderr)
    db = open_database(path)
    init_station(db, code)
    generate_demo(db, cases, seed=1000 + int(code))
    db.close()
    (cache / f"station{code}-{cases}.ok").write_text("ok")
    return path


def _supervisor_run(url: str, work: Path, keys: list[Path], packages: list[Path]) -> dict[str, Any]:
    sup = open_database(url)
    init_supervisor(sup)
    if not sup.is_sqlite:
        sup.set_setting(STORE_DIR_SETTING, str(work / "pg-files"))
    for key in keys:
        register_station(sup, key)
    load_before = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    run = import_packages(sup, packages)
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert run.ok, [o.message for o in run.outcomes if not o.ok]
    load_after = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    again = import_packages(sup, packages)
    second, second_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert all(o.status == "repeat" for o in again.outcomes)
    rows = sum(o.summary["totals"]["new"] for o in run.outcomes)
    sup.close()
    # CPU seconds of this process beside the wall clock: on a shared machine the wall clock says more
    # about the neighbours than about the import.
    # The load average before and after says how much of the wall clock was other people's work.
    return {"import_seconds": round(first, 2), "import_cpu_seconds": round(first_cpu, 2),
            "reimport_seconds": round(second, 2), "reimport_cpu_seconds": round(second_cpu, 2), "rows_merged": rows,
            "rows_per_second": round(rows / first), "load_average": [round(load_before, 1), round(load_after, 1)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--stations", type=int, default=9)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "adjudicator-bench-sync")
    parser.add_argument("--pg", default=os.environ.get("ADJUDICATOR_TEST_PG", ""))
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ADJUDICATOR_KEY_DIR", str(args.cache / "keys"))
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        codes = [f"{n:02d}" for n in range(1, args.stations + 1)]
        keys, packages, export_times, export_cpu, sizes = [], [], [], [], []
        for code in codes:
            db = open_database(_station(args.cache, code, args.cases))
            keys.append(work / f"{code}.pubkey.json")
            write_key_file(db, keys[-1])
            start, cpu = time.perf_counter(), time.process_time()
            result = export_station(db, work / f"station{code}.zip")
            export_times.append(time.perf_counter() - start)
            export_cpu.append(time.process_time() - cpu)
            sizes.append(result.size)
            packages.append(result.path)
            db.close()
        out: dict[str, Any] = {
            "cases_per_station": args.cases, "stations": len(codes),
            "export_seconds": {"max": round(max(export_times), 2), "median": round(statistics.median(export_times), 2),
                               "cpu_max": round(max(export_cpu), 2), "load_average": round(os.getloadavg()[0], 1)},
            "package_mb": {"max": round(max(sizes) / 1e6, 1), "median": round(statistics.median(sizes) / 1e6, 1)},
            "sqlite": _supervisor_run(f"sqlite:///{work / 'supervisor.db'}", work, keys, packages),
            "targets": TARGETS,
        }
        if args.pg:
            from sqlalchemy import create_engine, text
            from sqlalchemy.engine import make_url

            name = f"bench_sync_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
                out["postgresql"] = _supervisor_run(url, work, keys, packages)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
        json.dump(out, sys.stdout, indent=2)
        print()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

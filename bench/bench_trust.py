"""Benchmark: ``audit verify``, an automatic backup and a restore on a demo station database.

    python bench/bench_trust.py [--cases 2000]

Makes a station database of ``--cases`` demo cases (SQLite, in a temporary folder), then times
the full audit check (every chain, every record of a case's tables), one backup with the SQLite
backup API, describing that backup (a whole integrity check) and restoring it. Prints one JSON
document; no targets are set for these yet, the figures are for the record.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adjudicator.demo.generate import generate_demo
from adjudicator.stations.registry import init_station
from adjudicator.store import open_database
from adjudicator.trust.audit_verify import verify_audit
from adjudicator.trust.backups import backup_now, describe_backup, restore_backup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-trust-"))
    try:
        db = open_database(work / "station.db")
        init_station(db, "01")
        generate_demo(db, args.cases, seed=7)
        timings: dict[str, float] = {}
        start = time.perf_counter()
        report = verify_audit(db)
        timings["audit_verify_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        made = backup_now(db)
        timings["backup_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        describe_backup(made.path)
        timings["describe_backup_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        restore_backup(db, made.path)
        timings["restore_seconds"] = time.perf_counter() - start
        db.close()
        print(json.dumps({"cases": args.cases, "audit_entries": report.entries, "records": report.records,
                          "verified_ok": report.ok, "database_mb": round(made.size / 1e6, 1),
                          **{k: round(v, 2) for k, v in timings.items()}}, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

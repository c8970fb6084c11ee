"""Benchmark: the deadline dashboard (期限看板) over a demo database, against DESIGN.md's 300 ms.

    python bench/bench_deadlines.py [--db FILE] [--cases 100000] [--runs 7]

Makes (or reuses) a demo database in which every case has a realistic event sequence, then
times :func:`adjudicator.procedure.dashboard.deadline_board` in this process: the first call (calendar
built, cache checked), the median of ``--runs`` warm calls (cache rows valid), and one cold call
after every cache row was marked stale (every case recomputed from its events — what a
supervisor pays once after importing packages of every station). Prints one JSON document:
``{cases, events, rows, seconds, target_seconds, cold_seconds, ...}``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, update

from adjudicator.procedure.dashboard import deadline_board
from adjudicator.procedure.deadline_cache import FOREVER
from adjudicator.store import open_database
from adjudicator.store.models import Case
from adjudicator.store.models_procedure import CaseEvent, DeadlineCache

TARGET_SECONDS = 0.3


def _ensure_demo(path: Path, cases: int) -> None:
    if path.exists():
        return
    print(f"making a demo database of {cases} cases at {path} (a few minutes)…", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "adjudicator", "--db", str(path), "demo", "--station", "01",
                    "--cases", str(cases)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/adjudicator-bench-deadlines.db")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold run (it rewrites the cache)")
    args = parser.parse_args()
    path = Path(args.db)
    _ensure_demo(path, args.cases)
    db = open_database(path, create=False)
    with db.session() as s:
        cases = int(s.scalar(select(func.count()).select_from(Case)) or 0)
        events = int(s.scalar(select(func.count()).select_from(CaseEvent)) or 0)
    first = time.perf_counter()
    board = deadline_board(db)
    first_seconds = time.perf_counter() - first
    first_recomputed = board.recomputed
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        board = deadline_board(db)
        timings.append(time.perf_counter() - started)
    result: dict[str, object] = {
        "cases": cases, "events": events, "rows": len(board.rows), "counts": board.counts(),
        "seconds": round(statistics.median(timings), 4), "target_seconds": TARGET_SECONDS,
        "min_seconds": round(min(timings), 4), "first_call_seconds": round(first_seconds, 4),
        "recomputed_on_first_call": first_recomputed,
    }
    if not args.no_cold:
        with db.write(actor="bench") as s:
            s.execute(update(DeadlineCache).values(case_version=-1, relevant_until=FOREVER))
        started = time.perf_counter()
        cold = deadline_board(db)
        result["cold_seconds"] = round(time.perf_counter() - started, 2)
        result["cold_recomputed"] = cold.recomputed
        started = time.perf_counter()
        deadline_board(db)
        result["after_cold_seconds"] = round(time.perf_counter() - started, 4)
    result["meets_target"] = result["seconds"] <= TARGET_SECONDS  # type: ignore[operator]
    db.close()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

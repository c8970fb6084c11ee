"""Benchmark: main window with the case list over many cases, against a bare PySide6 window.

    python bench/bench_case_list.py [--db FILE] [--cases 100000]

Makes (or reuses) a demo database, then in fresh processes measures: a bare QMainWindow with
an empty QTableView (the floor), our main window painted with the first screenful of cases (the
target: at most twice the floor) and with the whole list loaded, resident memory, and per filter keystroke (the debounce excluded):
the time until the first screenful of matches is on screen (rows painted) and the time until
every match is in the list (the rest is found in the background and appended). Prints one JSON
document and compares with the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"window_vs_bare": 2.0, "keystroke_ms": 16.0, "rss_mb": 400.0}
KEYSTROKES = ["张", "张伟", "科", "科技", "科技有", "科技有限", "zl2016", "〔2025〕1"]

BARE = r"""
import time, os, json, psutil
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
from PySide6.QtGui import QStandardItemModel
app = QApplication([])
w = QMainWindow(); v = QTableView(); v.setModel(QStandardItemModel(0, 7)); w.setCentralWidget(v)
w.resize(1280, 800); w.show(); app.processEvents()
shown = time.perf_counter() - t0
print(json.dumps({"shown_s": shown, "rss_mb": psutil.Process().memory_info().rss / 2**20}))
"""

APP = r"""
import time, os, sys, json, psutil
t0 = time.perf_counter()
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication
from adjudicator.store import open_database
from ui.main_window import MainWindow
app = QApplication([])
db = open_database(sys.argv[1], create=False)
w = MainWindow(db)
model = w.cases.model
done = []
model.loaded.connect(lambda n: done.append(n))
def wait_loaded(timeout=60000):
    # the in-memory filter answers synchronously, so loaded may already have fired; otherwise
    # run a real event loop (as the application does) until it fires
    if not done:
        loop = QEventLoop(); model.loaded.connect(loop.quit); QTimer.singleShot(timeout, loop.quit)
        loop.exec()
        model.loaded.disconnect(loop.quit)
    done.clear()
first = {}
class FirstPaint(QObject):
    # the first screenful counts once the table has painted rows, as the user sees them
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "t" not in first and model.rowCount() > 0:
            first["t"] = time.perf_counter() - t0
        return False
painted = FirstPaint(); w.cases.view.viewport().installEventFilter(painted)
done.clear(); w.show(); w.cases.load()
while "t" not in first:
    app.processEvents()
wait_loaded()
# make the visible rows fetch their data, as painting does
app.processEvents()
full = time.perf_counter() - t0
rows = model.rowCount()
rss = psutil.Process().memory_info().rss / 2**20
keys = {}
viewport = w.cases.view.viewport()
for text in json.loads(sys.argv[2]):
    w.cases.filter_edit.setText(text)
    w.cases.filter_timer.stop()
    app.processEvents()  # the line edit's own repaint is not the filter's
    done.clear()
    t = time.perf_counter()
    w.cases.apply_filters()
    viewport.repaint()  # the first screenful of matches painted, as the user sees it
    shown = time.perf_counter() - t
    wait_loaded()
    complete = time.perf_counter() - t
    t = time.perf_counter()
    viewport.repaint()  # the same rows again, cached: what painting alone costs
    paint = time.perf_counter() - t
    keys[text] = {"ms": shown * 1000, "complete_ms": complete * 1000, "paint_ms": paint * 1000,
                  "rows": model.rowCount()}
w.cases.filter_edit.setText(""); w.cases.apply_filters(); wait_loaded()
print(json.dumps({"first_screen_s": first.get("t"), "all_loaded_s": full, "rows": rows, "rss_mb": rss,
                  "rss_after_filters_mb": psutil.Process().memory_info().rss / 2**20, "keystrokes": keys}))
"""


def run_py(code: str, *args: str) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ensure_demo(db: Path, cases: int) -> None:
    if db.exists():
        return
    subprocess.run([sys.executable, "-m", "adjudicator", "--db", str(db), "demo", "--station", "01",
                    "--cases", str(cases), "--seed", "1"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="/tmp/adjudicator-bench-100k.db")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t = time.perf_counter()
    ensure_demo(Path(args.db), args.cases)
    demo_s = time.perf_counter() - t
    bare = min((run_py(BARE) for _ in range(args.repeat)), key=lambda r: r["shown_s"])
    app = min((run_py(APP, args.db, json.dumps(KEYSTROKES, ensure_ascii=False)) for _ in range(args.repeat)),
              key=lambda r: r["all_loaded_s"])
    worst_key = max(v["ms"] for v in app["keystrokes"].values())
    result = {
        "cases": app["rows"],
        "demo_generation_s": round(demo_s, 1),
        "bare_window": {"shown_s": round(bare["shown_s"], 3), "rss_mb": round(bare["rss_mb"], 1)},
        "main_window": {"first_screen_s": round(app["first_screen_s"] or 0, 3),
                        "all_loaded_s": round(app["all_loaded_s"], 3),
                        "rss_mb": round(app["rss_mb"], 1), "rss_after_filters_mb": round(app["rss_after_filters_mb"], 1)},
        "ratio_first_screen_to_bare": round((app["first_screen_s"] or 0) / bare["shown_s"], 2),
        "ratio_all_loaded_to_bare": round(app["all_loaded_s"] / bare["shown_s"], 2),
        "keystrokes_ms": {k: round(v["ms"], 1) for k, v in app["keystrokes"].items()},
        "keystrokes_complete_ms": {k: round(v["complete_ms"], 1) for k, v in app["keystrokes"].items()},
        "repaint_same_rows_ms": {k: round(v["paint_ms"], 1) for k, v in app["keystrokes"].items()},
        "keystroke_rows": {k: v["rows"] for k, v in app["keystrokes"].items()},
        "targets": TARGETS,
        "meets": {
            "window_vs_bare": (app["first_screen_s"] or 0) / bare["shown_s"] <= TARGETS["window_vs_bare"],
            "keystroke_ms": worst_key < TARGETS["keystroke_ms"],
            "rss_mb": app["rss_after_filters_mb"] < TARGETS["rss_mb"],
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark: main window with the case list over many cases, against a bare PySide6 window.

    python bench/bench_case_list.py [--db FILE] [--cases 100000]

Makes (or reuses) a demo database, then in fresh processes, the two side by side in each round,
measures: a bare QMainWindow with an empty QTableView (the floor) and our application started as
``main.py`` starts it (theme, first look, the database opened behind it) — the first screenful of
cases painted (the target: at most twice the floor), the window writable and the whole list
loaded — with CPU time beside wall-clock time (the best of ``--repeat`` rounds; the first round
also compiles our modules into a temporary bytecode cache, as an installation has them) (the machine may be shared), resident memory, and
per filter keystroke (the debounce excluded):
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
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"window_vs_bare": 2.0, "keystroke_ms": 16.0, "rss_mb": 400.0}
KEYSTROKES = ["张", "张伟", "科", "科技", "科技有", "科技有限", "zl2016", "〔2025〕1"]

BARE = r"""
import time, os, json, psutil
t0 = time.perf_counter(); c0 = time.process_time()
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
from PySide6.QtGui import QStandardItemModel
app = QApplication([])
w = QMainWindow(); v = QTableView(); v.setModel(QStandardItemModel(0, 7)); w.setCentralWidget(v)
w.resize(1280, 800); w.show(); app.processEvents()
shown = time.perf_counter() - t0
print(json.dumps({"shown_s": shown, "shown_cpu_s": time.process_time() - c0,
                  "rss_mb": psutil.Process().memory_info().rss / 2**20}))
"""

# Our window started as main.py starts it (ui.app.start: theme, first look, the database opened
# behind it), with a user who has run the program before (a temporary settings file).
APP = r"""
import time, os, sys, json, psutil
t0 = time.perf_counter(); c0 = time.process_time()
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication
from ui import app as ui_app, settings
settings.use_file(sys.argv[3]); settings.set_user_name("基准测试员")
ui_app.setup_logging = lambda: None  # no log file in the user's directory
w = ui_app.start(["main.py", "--db", sys.argv[1]])
model = w.cases.model
done = []
model.loaded.connect(lambda n: done.append(n))
def wait_for(signal, ready, timeout=60000):
    # run a real event loop (as the application does) until ready() or the signal fires
    if not ready():
        loop = QEventLoop(); signal.connect(loop.quit); QTimer.singleShot(timeout, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)
def wait_loaded():
    wait_for(model.loaded, lambda: bool(done))
    done.clear()
first = {}
class FirstPaint(QObject):
    # the first screenful counts once the table has painted rows, as the user sees them
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "t" not in first and model.rowCount() > 0:
            first["t"] = time.perf_counter() - t0
            first["cpu"] = time.process_time() - c0
            first["sqlalchemy"] = "sqlalchemy" in sys.modules
            first["modules"] = len(sys.modules)
        return False
painted = FirstPaint(); w.cases.view.viewport().installEventFilter(painted)
while "t" not in first:
    app = QApplication.instance(); app.processEvents()
wait_loaded()
writable = time.perf_counter() - t0
app.processEvents()  # make the visible rows fetch their data, as painting does
full = time.perf_counter() - t0
full_cpu = time.process_time() - c0
# the feature pages load after the list; wait for them, so the keystrokes are measured quietly
deadline = time.perf_counter() + 30
while w.pages.count() < 2 and time.perf_counter() < deadline:
    app.processEvents(); time.sleep(0.01)
for _ in range(50):
    app.processEvents(); time.sleep(0.01)
rows = model.rowCount()
rss = psutil.Process().memory_info().rss / 2**20
keys = {}
viewport = w.cases.view.viewport()
for text in json.loads(sys.argv[2]):
    w.cases.filter_edit.setText(text)
    w.cases.filter_timer.stop()
    app.processEvents()  # the line edit's own repaint is not the filter's
    done.clear()
    t = time.perf_counter(); c = time.process_time()
    w.cases.apply_filters()
    filtered = time.perf_counter() - t
    viewport.repaint()  # the first screenful of matches painted, as the user sees it
    shown = time.perf_counter() - t
    shown_cpu = time.process_time() - c
    wait_loaded()
    complete = time.perf_counter() - t
    t = time.perf_counter()
    viewport.repaint()  # the same rows again, cached: what painting alone costs
    paint = time.perf_counter() - t
    keys[text] = {"ms": shown * 1000, "cpu_ms": shown_cpu * 1000, "filter_ms": filtered * 1000,
                  "complete_ms": complete * 1000, "paint_ms": paint * 1000, "rows": model.rowCount()}
w.cases.filter_edit.setText(""); w.cases.apply_filters(); wait_loaded()
print(json.dumps({"first_screen_s": first.get("t"), "first_screen_cpu_s": first.get("cpu"),
                  "sqlalchemy_before_first_paint": first.get("sqlalchemy"),
                  "modules_at_first_paint": first.get("modules"), "writable_s": writable,
                  "all_loaded_s": full, "all_loaded_cpu_s": full_cpu, "rows": rows, "rss_mb": rss,
                  "rss_after_filters_mb": psutil.Process().memory_info().rss / 2**20, "keystrokes": keys}))
"""


def run_py(code: str, *args: str, pycache: str | None = None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    if pycache is not None:
        # As installed, with our modules compiled once (pip does so): without this, a
        # PYTHONDONTWRITEBYTECODE environment compiles every module of ours at each start,
        # which the bare window, having none, never pays. The cache stays outside the tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
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
    bares, apps = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):  # side by side, so both see the same load on a shared machine
            bares.append(run_py(BARE, pycache=tmp))
            apps.append(run_py(APP, args.db, json.dumps(KEYSTROKES, ensure_ascii=False),
                               str(Path(tmp) / f"settings-{i}.ini"), pycache=tmp))
    bare = min(bares, key=lambda r: r["shown_s"])
    app = min(apps, key=lambda r: r["first_screen_s"] or 1e9)
    worst_key = max(v["ms"] for v in app["keystrokes"].values())
    ratio = (app["first_screen_s"] or 0) / bare["shown_s"]
    result = {
        "cases": app["rows"],
        "demo_generation_s": round(demo_s, 1),
        "bare_window": {"shown_s": round(bare["shown_s"], 3), "shown_cpu_s": round(bare["shown_cpu_s"], 3),
                        "rss_mb": round(bare["rss_mb"], 1),
                        "all_runs_s": [round(r["shown_s"], 3) for r in bares]},
        "main_window": {"first_screen_s": round(app["first_screen_s"] or 0, 3),
                        "first_screen_cpu_s": round(app["first_screen_cpu_s"] or 0, 3),
                        "sqlalchemy_before_first_paint": app["sqlalchemy_before_first_paint"],
                        "modules_at_first_paint": app["modules_at_first_paint"],
                        "writable_s": round(app["writable_s"], 3),
                        "all_loaded_s": round(app["all_loaded_s"], 3),
                        "all_loaded_cpu_s": round(app["all_loaded_cpu_s"], 3),
                        "rss_mb": round(app["rss_mb"], 1), "rss_after_filters_mb": round(app["rss_after_filters_mb"], 1),
                        "all_runs_first_screen_s": [round(r["first_screen_s"] or 0, 3) for r in apps]},
        "ratio_first_screen_to_bare": round(ratio, 2),
        "ratio_first_screen_cpu_to_bare": round((app["first_screen_cpu_s"] or 0) / bare["shown_cpu_s"], 2),
        "ratio_all_loaded_to_bare": round(app["all_loaded_s"] / bare["shown_s"], 2),
        "keystrokes_ms": {k: round(v["ms"], 1) for k, v in app["keystrokes"].items()},
        "keystrokes_cpu_ms": {k: round(v["cpu_ms"], 1) for k, v in app["keystrokes"].items()},
        "keystrokes_filter_only_ms": {k: round(v["filter_ms"], 1) for k, v in app["keystrokes"].items()},
        "keystrokes_complete_ms": {k: round(v["complete_ms"], 1) for k, v in app["keystrokes"].items()},
        "repaint_same_rows_ms": {k: round(v["paint_ms"], 1) for k, v in app["keystrokes"].items()},
        "keystroke_rows": {k: v["rows"] for k, v in app["keystrokes"].items()},
        "targets": TARGETS,
        "meets": {
            "window_vs_bare": ratio <= TARGETS["window_vs_bare"],
            "keystroke_ms": worst_key < TARGETS["keystroke_ms"],
            "rss_mb": app["rss_after_filters_mb"] < TARGETS["rss_mb"],
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

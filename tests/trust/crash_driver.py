"""A process that keeps doing one write until it is killed: the subject of the crash tests.

    python -m tests.trust.crash_driver save DB CASE_NO | create DB | issue DB OUT CASE_NO | export DB OUT
    python -m tests.trust.crash_driver import DB PACKAGE... | hold DB_FILE SECONDS

It prints one line, flushed, *after* each operation has returned (so every number printed was
committed), and ``start N …`` before each attempt. ``save`` changes one case and two of its
records together (the case's notes, the first party's address, the patent's title) with the
version it read; ``create`` logs new cases; ``issue`` issues a filing notice through the command
line's own path (``doc render --issue -o``); ``export`` writes the station's package through
``export -o``. The test kills it with SIGKILL at some moment and then looks at what is left.

``ADJUDICATOR_DIE_AT`` makes the process kill itself (SIGKILL) at one exact point instead, to hit
the windows between the database and a file that a kill from outside rarely lands in: ``staged``
(an issued PDF written beside its target, the transaction not yet committed), ``committed`` (the
number committed, the PDF not yet renamed into place), ``zipping`` (a package half written) and
``packed`` (a package in place, its export number not yet recorded). Only this process is patched.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ADJUDICATOR_FONTS", "bundled")

MARK = "第{n}次保存"


def _say(line: str) -> None:
    print(line, flush=True)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _die_at(point: str) -> None:
    """Patch this process so that it kills itself at ``point`` (see the module docstring)."""
    if not point:
        return
    import zipfile

    from adjudicator import outputs
    from adjudicator.cli import cmd_doc
    from adjudicator.sync import export as export_module

    def then_die(fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            fn(*args, **kwargs)
            if isinstance(args[0], zipfile.ZipFile):
                args[0].fp.flush()  # type: ignore[union-attr]  # the member written so far reaches the file
            _die()

        return call

    if point == "staged":
        setattr(cmd_doc, "stage_output", then_die(outputs.stage_output))  # noqa: B010 - patched in this process only
    elif point == "committed":
        setattr(outputs.StagedOutput, "commit", lambda self: _die())  # noqa: B010
    elif point == "zipping":
        setattr(zipfile.ZipFile, "write", then_die(zipfile.ZipFile.write))  # noqa: B010
    elif point == "packed":
        setattr(export_module, "write_package", then_die(getattr(export_module, "write_package")))  # noqa: B009,B010
    else:
        raise SystemExit(f"unknown ADJUDICATOR_DIE_AT {point!r}")


def save(url: str, case_no: str) -> None:
    from adjudicator.cases import service as S
    from adjudicator.cases.listing import case_input_of
    from adjudicator.store import open_database

    db = open_database(url, create=False)
    case_id = S.find_case(db, case_no).id
    n = 0
    while True:
        n += 1
        case = S.get_case(db, case_id)
        inp = case_input_of(case)
        inp.notes = MARK.format(n=n)
        inp.parties[0].address = f"呼和浩特市新城区新华大街{n}号"
        assert inp.patent is not None
        inp.patent.title = f"一种便携式手机支架（{MARK.format(n=n)}）"
        _say(f"start {n}")
        S.update_case(db, case_id, inp, expected_version=case.version)
        _say(f"saved {n}")


def create(url: str) -> None:
    from adjudicator.cases import service as S
    from adjudicator.store import open_database
    from tests.core.factories import case_input

    db = open_database(url, create=False)
    n = 0
    while True:
        n += 1
        _say(f"start {n}")
        case = S.create_case(db, case_input(notes=MARK.format(n=n)))
        _say(f"created {n} {case.case_no}")


def issue(url: str, out: str, case_no: str) -> None:
    from adjudicator.cli import main

    n = 0
    while True:
        n += 1
        target = Path(out) / f"立案通知书-{n}.pdf"
        _say(f"start {n} {target}")
        code = main(["--db", url, "doc", "render", case_no, "filing-notice", "--issue", "--date", "2026-03-04",
                     "--field", "filed_on=2026-03-04", "-o", str(target)])
        if code:
            raise SystemExit(code)
        _say(f"issued {n} {target}")


def export(url: str, out: str) -> None:
    from adjudicator.cli import main

    n = 0
    while True:
        n += 1
        target = Path(out) / f"station-01-{n}.zip"
        _say(f"start {n} {target}")
        if main(["--db", url, "export", "-o", str(target)]):
            raise SystemExit(1)
        _say(f"exported {n} {target}")


def import_(url: str, *packages: str) -> None:
    import time

    from adjudicator.store import open_database
    from adjudicator.sync.importer import import_packages

    db = open_database(url, create=False)
    begun = time.perf_counter()

    def progress(fraction: float, message: str) -> None:
        _say(f"progress {time.perf_counter() - begun:.3f} {fraction:.3f} {message}")

    _say("start 1")
    run = import_packages(db, [Path(p) for p in packages], progress)
    _say(f"imported {sum(o.status == 'imported' for o in run.outcomes)} {run.ok}")


def hold(path: str, seconds: str) -> None:
    """Take the write lock of a SQLite file and keep it, as a long import, migration or restore does."""
    import sqlite3
    import time

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE settings SET value = value WHERE key = 'station_code'")
    _say("start 1")
    time.sleep(float(seconds))
    conn.execute("COMMIT")
    _say("released 1")


if __name__ == "__main__":
    _die_at(os.environ.get("ADJUDICATOR_DIE_AT", ""))
    what, url, *rest = sys.argv[1:]
    operations: dict[str, Callable[..., None]] = {"save": save, "create": create, "issue": issue, "export": export,
                                                  "import": import_, "hold": hold}
    operations[what](url, *rest)

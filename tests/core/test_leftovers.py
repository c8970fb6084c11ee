"""What a killed export or import left in the temporary folder is swept by the next one.

A station exporting every evening whose PC was switched off once mid-export must not carry a
copy of its database in the temporary folder for ever (the folder holds the whole snapshot).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import pytest

from adjudicator import leftovers
from adjudicator.leftovers import host
from adjudicator.sync.importer import import_packages
from tests.core.sync_helpers import make_station, make_supervisor


def _dead_pid() -> int:
    proc = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(0,))
    proc.start()
    proc.join()
    return int(proc.pid or 0)


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, and every kind of work folder not yet swept in this process."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(leftovers, "_swept", set())
    return folder


def _leftover(temp: Path, name: str, *, age_days: float = 0) -> Path:
    folder = temp / name
    folder.mkdir()
    (folder / "data.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    if age_days:
        then = time.time() - age_days * 24 * 3600
        os.utime(folder, (then, then))
    return folder


def test_only_folders_nobody_can_still_be_using_are_swept(temp: Path) -> None:
    killed = _leftover(temp, f"adjudicator-export-{host()}-{_dead_pid()}-a1")
    old = _leftover(temp, "adjudicator-export-otherpc-4242-b2", age_days=2)
    running = _leftover(temp, "adjudicator-export-otherpc-4243-c3")  # another PC's, being written now
    alive = _leftover(temp, f"adjudicator-export-{host()}-{os.getppid()}-d4")  # a live process here
    other_kind = _leftover(temp, f"adjudicator-import-{host()}-{_dead_pid()}-e5")
    not_a_folder = temp / f"adjudicator-export-{host()}-{_dead_pid()}-f6"
    not_a_folder.write_text("someone else's file")

    removed = leftovers.sweep_work_dirs("adjudicator-export-")

    assert sorted(removed) == sorted([killed, old])
    assert all(p.exists() for p in (running, alive, other_kind, not_a_folder))


def test_the_next_export_and_import_sweep_what_killed_ones_left(temp: Path, tmp_path: Path) -> None:
    station = make_station(tmp_path, "01", 2, seed=5)
    killed_export = _leftover(temp, f"adjudicator-export-{host()}-{_dead_pid()}-x1")
    killed_import = _leftover(temp, f"adjudicator-import-{host()}-{_dead_pid()}-x2")

    package = station.export()
    assert not killed_export.exists() and killed_import.exists()

    supervisor = make_supervisor(f"sqlite:///{tmp_path / 'sup.db'}", tmp_path, [station])
    try:
        assert import_packages(supervisor, [package]).ok
    finally:
        supervisor.close()
        station.db.close()
    assert not killed_import.exists()
    assert list(temp.iterdir()) == []  # and neither left a folder of its own

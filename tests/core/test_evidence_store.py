"""The evidence store under races and damage: no add loses another's file, damage is repaired, nothing leaks."""

from __future__ import annotations

import multiprocessing
import os
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adjudicator.cases import service as S
from adjudicator.errors import StaleError
from adjudicator.evidence import filestore as F
from adjudicator.evidence import service as E
from adjudicator.evidence import staging
from adjudicator.evidence.blobs import TEMP_PREFIX
from adjudicator.leftovers import host as _host
from adjudicator.store import Database, open_database
from tests.core.factories import case_input

REGISTER = "专利登记簿副本 ZL201620161392.4.pdf"
DATA = b"%PDF-1.4\n" + "国家知识产权局 专利登记簿副本 ZL201620161392.4 纳费情况".encode() * 400


@pytest.fixture
def ev_db(any_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    if any_db.path is None:  # the spawned clerk finds a PostgreSQL database's store through the environment
        monkeypatch.setenv(F.STORE_DIR_ENV, str(tmp_path / "evidence-store"))
    yield any_db


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "desktop" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def clerk_b(url: str, case_id: str, path: str, mode: str, ready: Any, go: Any, out: Any) -> None:
    """The second clerk, in its own process: adds the same file, pausing where ``mode`` says."""
    from adjudicator.evidence import service as E
    from adjudicator.evidence import staging

    db = open_database(url, create=False)
    if mode == "after-staging":
        real_stage = staging.stage_files
        calls = []

        def stage_then_wait(*args: Any, **kwargs: Any) -> Any:
            staged = real_stage(*args, **kwargs)
            if not calls:
                calls.append(1)
                ready.set()
                go.wait(60)
            return staged

        staging.stage_files = stage_then_wait  # type: ignore[assignment]
    else:  # "in-transaction": holding the store lock, rows not yet committed
        real_confirm = E.confirm_staged

        def confirm_then_wait(*args: Any, **kwargs: Any) -> None:
            real_confirm(*args, **kwargs)
            ready.set()
            go.wait(60)

        E.confirm_staged = confirm_then_wait  # type: ignore[assignment]
    try:
        view = E.add_exhibit(db, uuid.UUID(case_id), E.ExhibitInput(title="乙书记员登记的专利登记簿副本"),
                             [Path(path)])
        out.put(("ok", view.files[0].sha256))
    except Exception as exc:  # noqa: BLE001 - reported to the test
        out.put(("error", repr(exc)))
    finally:
        db.close()


@pytest.mark.parametrize("mode", ["after-staging", "in-transaction"])
def test_a_failed_add_never_removes_the_file_another_add_linked(ev_db: Database, tmp_path: Path, mode: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Clerk A's add of a new file fails (stale version) while clerk B, in another process, adds the same file."""
    case = S.create_case(ev_db, case_input())
    mine = _file(tmp_path, REGISTER, DATA)
    theirs = _file(tmp_path / "b", REGISTER, DATA)
    ctx = multiprocessing.get_context("spawn")
    ready, go, out = ctx.Event(), ctx.Event(), ctx.Queue()
    other = ctx.Process(target=clerk_b, args=(_url(ev_db), str(case.id), str(theirs), mode, ready, go, out))
    real_stage, real_unstage = staging.stage_files, staging.unstage

    def stage_then_let_b_in(*args: Any, **kwargs: Any) -> Any:
        staged = real_stage(*args, **kwargs)
        assert staged[0].blob.created  # A wrote the bytes: its clean-up is the one that could remove them
        other.start()
        assert ready.wait(60)
        if mode == "in-transaction":
            threading.Timer(1.5, go.set).start()  # A's write waits for B's lock; B commits a moment later
        return staged

    def unstage_then_let_b_on(db: Database, staged: Any) -> None:
        real_unstage(db, staged)
        go.set()  # "after-staging": B links its (already staged) file only after A's clean-up

    monkeypatch.setattr(staging, "stage_files", stage_then_let_b_in)
    monkeypatch.setattr(staging, "unstage", unstage_then_let_b_on)
    with pytest.raises(StaleError):
        E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="甲书记员登记的专利登记簿副本"), [mine],
                      expected_version=case.version + 7)
    result = out.get(timeout=90)
    other.join(30)
    assert result[0] == "ok", result
    exhibits = E.list_exhibits(ev_db, case.id)
    assert [x.title for x in exhibits] == ["乙书记员登记的专利登记簿副本"]
    store = F.file_store(ev_db)
    assert store.check(result[1], len(DATA)) == "ok"
    assert F.verify_store(ev_db).problems == []


def test_readding_the_genuine_file_repairs_an_altered_copy(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    view = E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="专利登记簿副本"), [_file(tmp_path, REGISTER, DATA)])
    sha = view.files[0].sha256
    stored = F.file_store(ev_db).path_for(sha)
    os.chmod(stored, 0o600)
    stored.write_bytes(DATA.replace("纳费".encode(), "欠费".encode(), 1))  # same size, other bytes
    assert F.verify_store(ev_db).problems[0].state == "altered"
    E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="专利登记簿副本（再次提交）"),
                  [_file(tmp_path / "again", REGISTER, DATA)])
    assert stored.read_bytes() == DATA
    assert F.verify_store(ev_db).problems == []
    assert stat.S_IMODE(stored.stat().st_mode) == 0o400


def test_stored_files_and_folders_are_the_owners_only(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    view = E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="专利登记簿副本"), [_file(tmp_path, REGISTER, DATA)])
    stored = F.file_store(ev_db).path_for(view.files[0].sha256)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o400
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((F.store_root(ev_db) / "tmp").stat().st_mode) == 0o700


def _dead_pid() -> int:
    proc = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(0,))
    proc.start()
    proc.join()
    return int(proc.pid or 0)


def test_partial_files_of_a_killed_add_are_swept(tmp_path: Path) -> None:
    store = F.FileStore(tmp_path / "store")
    tmp = store.temp_dir()
    killed = tmp / f"{TEMP_PREFIX}{_host()}-{_dead_pid()}-abc123"
    abandoned = tmp / f"{TEMP_PREFIX}otherpc-4242-def456"  # another computer's, two days old
    running = tmp / f"{TEMP_PREFIX}otherpc-4243-ghi789"  # another computer's, being written now
    importing = tmp / f"{TEMP_PREFIX}q1w2e3"  # the sync importer's, fresh
    alive = tmp / f"{TEMP_PREFIX}{_host()}-{os.getppid()}-jkl012"  # a live process here
    for p in (killed, abandoned, running, importing, alive):
        p.write_bytes(b"half a video")
    two_days = time.time() - 2 * 24 * 3600
    os.utime(abandoned, (two_days, two_days))
    removed = store.sweep_temp()
    assert sorted(removed) == sorted([killed, abandoned])
    assert running.exists() and importing.exists() and alive.exists()


def test_a_new_process_sweeps_on_its_first_write(tmp_path: Path) -> None:
    root = tmp_path / "store"
    (root / "tmp").mkdir(parents=True)
    killed = root / "tmp" / f"{TEMP_PREFIX}{_host()}-{_dead_pid()}-abc123"
    killed.write_bytes(b"half")
    F.FileStore(root).add_bytes(DATA)
    assert not killed.exists()
    assert list((root / "tmp").iterdir()) == []


@pytest.mark.parametrize(("name", "expected"), [
    ("专利登记簿副本.pdf", "专利登记簿副本.pdf"),
    ("../../etc/passwd", "etc_passwd"),
    ("报告\n$(rm -rf ~).PDF", "报告_(rm -rf _).pdf"),
    ("C:\\Windows\\system32\\cmd.exe", "C_Windows_system32_cmd.exe"),
    ("invoice\u202efdp.exe", "invoice_fdp.exe"),
    ("...", "证据"),
])
def test_an_exhibit_opened_externally_gets_a_cleaned_name(tmp_path: Path, name: str, expected: str) -> None:
    store = F.FileStore(tmp_path / "store")
    sha = store.add_bytes(DATA).sha256
    folder = tmp_path / "open"
    copy = F.external_copy(store, sha, name, folder)
    assert copy.parent == folder
    assert copy.name == f"{sha[:12]}-{expected}"
    assert copy.read_bytes() == DATA
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

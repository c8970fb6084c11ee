"""Where hostile packages go, and the judge of what an import did with each.

A :class:`Target` is a database (a supervisor on SQLite or PostgreSQL, or a station) that is put
back to its first state after anything was imported. :func:`judge` imports one package and returns
what went wrong, or ``""``: a refusal must be one Chinese sentence and leave the database (a full
dump), the evidence store, the temporary folder and the backups exactly as they were; an import must
leave a database every reader can still read, and if the package was not signed again, holding
exactly what the genuine package brings.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adjudicator.evidence.filestore import store_root
from adjudicator.stations.registry import init_station, init_supervisor
from adjudicator.store import Database, open_database
from adjudicator.sync.export import export_reference
from adjudicator.sync.importer import import_packages
from adjudicator.sync.keys import private_key, trust_supervisor, write_key_file
from tests.core.sync_helpers import content, files_of, make_station, make_supervisor


@dataclass
class Material:
    """Genuine packages and the keys to forge them with (own, another registered signer, a stranger)."""

    station_package: bytes
    station_keys: dict[str, Any] = field(repr=False)
    station_key_files: list[Path]
    reference_package: bytes = field(repr=False)
    reference_keys: dict[str, Any] = field(repr=False)
    supervisor_key_file: Path


def build_material(root: Path) -> Material:
    """Station 01 with three demo cases (and their evidence files), 02 registered too, 05 a stranger; a supervisor."""
    one = make_station(root, "01", 3, seed=11)
    two = make_station(root, "02", 0, seed=1)
    five = make_station(root, "05", 0, seed=1)
    sup = open_database(root / "refsup.db")
    init_supervisor(sup)
    impostor = open_database(root / "impostor.db")
    init_supervisor(impostor, name="冒名的市局")
    write_key_file(sup, root / "sup.pubkey.json")
    made = Material(
        one.export().read_bytes(),
        {"own": private_key(one.db), "other": private_key(two.db), "stranger": private_key(five.db)},
        [one.key_file, two.key_file],
        export_reference(sup, root / "reference.zip").path.read_bytes(),
        {"own": private_key(sup), "other": private_key(impostor), "stranger": private_key(one.db)},
        root / "sup.pubkey.json")
    for db in (one.db, two.db, five.db, sup, impostor):
        db.close()
    return made


# -- the judge --------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Verdict:
    """What one import did: ``status``, the refusal's ``check``, and ``problem`` ("" when all is well)."""

    status: str
    check: str = ""
    problem: str = ""
    message: str = ""


@dataclass
class Target:
    """The database packages go into, reset to its first state after anything was imported.

    ``scratch`` is the temporary folder (``tempfile.tempdir``) while packages are judged, so that
    anything an import leaves behind is seen; ``cleanup`` removes what the target made.
    """

    db: Database = field(repr=False)
    scratch: Path
    reset: Callable[[], Database] = field(repr=False)
    #: The comparable content after importing the genuine package (``content(db, local=False)``).
    genuine: dict[str, Any] = field(default_factory=dict, repr=False)
    cleanup: Callable[[], None] = field(default=lambda: None, repr=False)

    def take_genuine(self, package: bytes) -> None:
        path = self.scratch.parent / "genuine.zip"
        path.write_bytes(package)
        assert import_packages(self.db, [path]).outcomes[0].status == "imported"
        self.genuine = content(self.db, local=False)
        self.db.close()
        self.db = self.reset()

    def close(self) -> None:
        self.db.close()
        self.cleanup()


def _sqlite_resetter(template: Path, work: Path) -> Callable[[], Database]:
    def reset() -> Database:
        for leftover in work.parent.glob(work.name + "*"):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
        shutil.copy(template, work)
        return open_database(work)
    return reset


def _scratch(folder: Path) -> Path:
    scratch = folder / "scratch"
    scratch.mkdir()
    tempfile.tempdir = str(scratch)  # the caller restores it (a fixture's monkeypatch, or the report script)
    return scratch


def supervisor_target(folder: Path, material: Material, pg_admin_url: str = "") -> Target:
    """A supervisor that trusts stations 01 and 02, on SQLite or (given a server URL) on PostgreSQL."""
    stations: list[Any] = [SimpleNamespace(key_file=key_file) for key_file in material.station_key_files]
    cleanup: Callable[[], None] = lambda: None
    if not pg_admin_url:
        template = folder / "template.db"
        make_supervisor(f"sqlite:///{template}", folder, stations).close()
        reset = _sqlite_resetter(template, folder / "supervisor.db")
    else:
        admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
        stem = f"fuzz_{uuid.uuid4().hex[:10]}"
        names = [f"{stem}_template", f"{stem}_work"]
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{names[0]}"'))
        url = make_url(pg_admin_url)
        make_supervisor(url.set(database=names[0]).render_as_string(hide_password=False), folder, stations).close()

        def reset() -> Database:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{names[1]}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{names[1]}" TEMPLATE "{names[0]}"'))
            shutil.rmtree(folder / "supervisor-files", ignore_errors=True)
            return open_database(url.set(database=names[1]).render_as_string(hide_password=False))

        def cleanup() -> None:
            with admin.connect() as conn:
                for name in reversed(names):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    target = Target(reset(), _scratch(folder), reset, cleanup=cleanup)
    target.take_genuine(material.station_package)
    return target


def station_target(folder: Path, material: Material) -> Target:
    """A station (SQLite, as stations are) that trusts the supervisors' key."""
    template = folder / "template.db"
    db = open_database(template)
    init_station(db, "03")
    trust_supervisor(db, material.supervisor_key_file)
    db.close()
    reset = _sqlite_resetter(template, folder / "station.db")
    target = Target(reset(), _scratch(folder), reset)
    target.take_genuine(material.reference_package)
    return target


def _leftovers(scratch: Path) -> set[str]:
    return {p.name for p in scratch.iterdir()} if scratch.exists() else set()


def _backups(db: Database) -> set[str]:
    return {p.name for p in db.path.parent.glob("*.bak")} if db.path is not None else set()


def _sentence_problem(message: str) -> str:
    if not message or "\n" in message or "\r" in message or not _CJK.search(message):
        return f"拒绝理由不是一句中文：{message[:120]!r}"
    if "Traceback" in message or not message.endswith(("。", "？")):
        return f"拒绝理由不完整：{message[:120]!r}"
    return ""


def _sound(target: Target) -> str:
    """An imported database every reader can read, rows only of their own stations."""
    db = target.db
    try:
        content(db)  # every value through its SQLAlchemy type: a malformed UUID or date raises here
    except Exception as exc:  # noqa: BLE001 - the finding itself
        return f"导入后数据库无法读取：{type(exc).__name__}: {str(exc)[:120]}"
    if db.is_sqlite:
        with db.engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA integrity_check").scalar() != "ok":
                return "导入后 integrity_check 失败"
            if conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                return "导入后有外键不符的行"
    return ""


def judge(target: Target, package: bytes, *, same_as_genuine: bool, name: str = "hostile.zip") -> Verdict:
    """Import ``package`` into the target and say what, if anything, went wrong (see the module docstring).

    ``same_as_genuine``: the package was not signed again, so if it imports at all it must bring
    exactly what the genuine package brings.
    """
    db = target.db
    path = target.scratch.parent / name
    path.write_bytes(package)
    store = store_root(db)
    before, files_before = content(db), files_of(store)
    temp_before, backups_before = _leftovers(target.scratch), _backups(db)
    try:
        try:
            run = import_packages(db, [path])
        except Exception as exc:  # noqa: BLE001 - the finding itself
            return Verdict("crashed", problem=f"{type(exc).__name__}: {exc!s:.120}\n{traceback.format_exc()[-600:]}")
        outcome = run.outcomes[0]
        left = _leftovers(target.scratch) - temp_before
        if left:
            return Verdict(outcome.status, outcome.check, f"临时文件夹中留下了 {sorted(left)[:3]}")
        if outcome.status == "refused":
            problem = _sentence_problem(outcome.message)
            if not problem and content(db) != before:
                problem = f"拒绝（{outcome.check}）后数据库被改动"
            if not problem and files_of(store) != files_before:
                problem = f"拒绝（{outcome.check}）后证据文件库被改动"
            if not problem and _backups(db) != backups_before:
                problem = f"拒绝（{outcome.check}）后留下了备份"
            return Verdict("refused", outcome.check, problem, outcome.message)
        if outcome.status != "imported":
            return Verdict(outcome.status, problem=f"意外的结果：{outcome.status} {outcome.message[:80]}")
        problem = _sound(target)
        if not problem and same_as_genuine and content(db, local=False) != target.genuine:
            problem = "导入的内容与原数据包的不同"
        db.close()
        target.db = target.reset()
        return Verdict("imported", problem=problem)
    finally:
        path.unlink(missing_ok=True)

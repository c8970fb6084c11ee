"""Killing a writing process with SIGKILL at a chosen moment, and judging what it left behind.

:func:`kill_during` starts :mod:`tests.trust.crash_driver` (a real process on a real database),
waits until it has begun its work, lets it run for ``delay`` seconds more and kills it with
SIGKILL: no ``finally``, no ``atexit``, no rollback of its own. Each ``after_*`` function then
opens the database as the program would and returns what is wrong (an empty list when the
database passes ``PRAGMA integrity_check``, its audit trail matches every record, and the
operation cut short is there whole or not at all). The crash tests assert the list is empty;
``tools/reliability.py`` runs the same kills many more times and counts.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
MARK = "第{n}次保存"
#: The filing notices numbered in 2026 (issued, or issued and since voided: each used a number).
NOTICES = "kind = 'filing-notice' AND year = 2026 AND seq IS NOT NULL"


@dataclass
class Killed:
    """What a killed driver printed before it died: ``start N``, ``saved N``… one line each."""

    lines: list[str] = field(default_factory=list)
    stderr: str = ""

    def last(self, word: str) -> int:
        """The N of the last ``word N`` line (0 if none)."""
        numbers = [int(line.split()[1]) for line in self.lines if line.startswith(word + " ")]
        return numbers[-1] if numbers else 0

    def line(self, word: str, n: int) -> list[str]:
        """The fields of the ``word n …`` line."""
        for line in self.lines:
            parts = line.split()
            if parts[:2] == [word, str(n)]:
                return parts
        return []


def start_driver(args: list[str], *, ready: str = "start", timeout: float = 60) -> subprocess.Popen[str]:
    """Start the driver and return once it has printed its ``ready`` line (it then runs on)."""
    env = {**os.environ, "ADJUDICATOR_FONTS": "bundled", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.trust.crash_driver", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(ready):
            return proc
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"the driver did not start: {proc.communicate()[1][-2000:]}")


def kill_during(args: list[str], delay: float, *, ready: str = "start", timeout: float = 120,
                die_at: str = "", may_finish: bool = False) -> Killed:
    """Run the driver with ``args``; ``delay`` seconds after its first ``ready`` line, SIGKILL it.

    ``die_at``: the driver kills itself at that point of its first operation instead.
    ``may_finish``: a driver that does one thing (an import) may have finished it before the kill.
    """
    env = {**os.environ, "ADJUDICATOR_FONTS": "bundled", "PYTHONUNBUFFERED": "1", "ADJUDICATOR_DIE_AT": die_at}
    proc = subprocess.Popen([sys.executable, "-m", "tests.trust.crash_driver", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    killed = Killed()
    begun = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            killed.lines.append(raw.rstrip("\n"))
            if raw.startswith(ready):
                begun.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not begun.wait(0.05):
        if proc.poll() is not None or time.monotonic() > deadline:
            break
    if die_at:
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
    elif begun.is_set():
        time.sleep(delay)
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    assert proc.stderr is not None
    killed.stderr = proc.stderr.read()
    proc.stderr.close()
    if die_at:  # it must have killed itself, at its point
        alive = not alive and proc.returncode == -signal.SIGKILL
    elif may_finish and proc.returncode == 0:
        alive = True
    if not alive or not begun.is_set():
        raise AssertionError(f"the driver ended by itself (status {proc.returncode}) before it was killed: "
                             f"{killed.lines[-3:]} {killed.stderr[-2000:]}")
    return killed


def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    return Path(str(parsed.database)) if parsed.get_backend_name() == "sqlite" else None


def integrity(url: str) -> list[str]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` of a SQLite file, through a plain connection."""
    path = sqlite_file(url)
    if path is None:
        return []
    conn = sqlite3.connect(path)
    try:
        checked = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    problems = [] if checked == ["ok"] else [f"integrity_check: {checked[:3]}"]
    return problems + ([f"foreign_key_check: {orphans[:3]}"] if orphans else [])


def opened(url: str) -> Any:
    from adjudicator.store import open_database

    return open_database(url, create=False)


def audit_problems(db: Any) -> list[str]:
    from adjudicator.trust.audit_verify import verify_audit

    report = verify_audit(db)
    return [] if report.ok else [f"audit verify: {report.lines()[:3]}"]


def after_save(url: str, case_no: str, killed: Killed) -> list[str]:
    """The case holds the last save whole (notes, a party's address and the patent's title agree) or the one before."""
    from adjudicator.cases import service as S

    problems = integrity(url)
    db = opened(url)
    try:
        problems += audit_problems(db)
        case = S.get_case(db, S.find_case(db, case_no).id)
        saved, started = killed.last("saved"), killed.last("start")
        marks = {n for n in range(max(0, saved - 1), started + 1)
                 if case.notes == MARK.format(n=n) and case.parties[0].address.endswith(f"大街{n}号")
                 and case.patent is not None and MARK.format(n=n) in case.patent.title}
        if saved and not marks & {saved, started}:
            problems.append(f"case holds neither save {saved} nor {started} whole: {case.notes!r}, "
                            f"{case.parties[0].address!r}, {case.patent.title if case.patent else None!r}")
    finally:
        db.close()
    return problems


def after_create(url: str, killed: Killed, base: int = 0) -> list[str]:
    """Every case number used belongs to a case, numbers run 1…k without a gap, and every case printed is there."""
    problems = integrity(url)
    db = opened(url)
    try:
        problems += audit_problems(db)
        with db.session() as s:
            seqs = sorted(s.execute(text("SELECT case_seq FROM cases WHERE case_year = 2026")).scalars())
            last = s.execute(text("SELECT last FROM number_sequences WHERE series = 'case' AND year = 2026")).scalar()
            made = s.execute(text("SELECT count(*) FROM cases WHERE notes LIKE '第%次保存'")).scalar_one()
        if seqs != list(range(1, len(seqs) + 1)) or last != len(seqs):
            problems.append(f"case numbers {seqs[-3:]} against the sequence's last {last}")
        if made - base not in (killed.last("created"), killed.last("start")):
            problems.append(f"{made - base} cases made, the driver reported {killed.last('created')} committed")
    finally:
        db.close()
    return problems


def _leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".part"))


def after_issue(url: str, out: Path, killed: Killed, base: int = 0) -> list[str]:
    """No number used without its document; every file written is a genuine issued document."""
    from adjudicator.trust.docproof import verify_pdf

    problems = integrity(url)
    db = opened(url)
    try:
        problems += audit_problems(db)
        with db.session() as s:
            seqs = sorted(s.execute(text(f"SELECT seq FROM documents WHERE {NOTICES}")).scalars())
            last = s.execute(text("SELECT last FROM number_sequences WHERE series = 'filing-notice' "
                                  "AND year = 2026")).scalar()
        if seqs != list(range(1, len(seqs) + 1)) or (last or 0) != len(seqs):
            problems.append(f"filing-notice numbers {seqs[-3:]} against the sequence's last {last}")
        issued, started = killed.last("issued"), killed.last("start")
        if len(seqs) - base not in (issued, started):
            problems.append(f"{len(seqs) - base} issued, the driver reported {issued} committed")
        for pdf in sorted(out.rglob("*.pdf")):
            verdict = verify_pdf(db, pdf)
            if not verdict.genuine:
                problems.append(f"{pdf.name}: {verdict.sentence}")
    finally:
        db.close()
    return problems


def package_problems(path: Path) -> str:
    """'' if ``path`` is a whole package (its members all present and readable), else why not."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        return f"{path.name}: {exc}"
    if bad or not {"manifest.json", "data.sqlite"} <= names:
        return f"{path.name}: damaged member {bad} or missing members {names}"
    return ""


def after_export(url: str, out: Path, killed: Killed, base: int = 0) -> list[str]:
    """Every package at the destination is whole; export numbers used are those of packages written."""
    import json

    problems = integrity(url)
    db = opened(url)
    try:
        problems += audit_problems(db)
        with db.session() as s:
            last = s.execute(text("SELECT last FROM number_sequences WHERE series = 'sync_export'")).scalar() or 0
    finally:
        db.close()
    exported, started = killed.last("exported"), killed.last("start")
    if last - base not in (exported, started):
        problems.append(f"export sequence at {last - base} past {base}, the driver reported {exported} committed")
    for zipped in sorted(out.glob("*.zip")):
        problem = package_problems(zipped)
        if problem:
            problems.append(problem)
            continue
        with zipfile.ZipFile(zipped) as zf:
            sequence = json.loads(zf.read("manifest.json"))["sequence"]
        n = int(zipped.stem.rsplit("-", 1)[1])
        if sequence != base + n and n != started:
            problems.append(f"{zipped.name} carries sequence {sequence}")
    return problems


# -- import: the supervisor's database before and after ---------------------------------------------

def dump(url: str) -> str:
    """Every table's rows, sorted (through a separate connection)."""
    from tests.cli.dump import dump as full_dump

    return full_dump(url)


def station_rows(url: str, owner: str) -> dict[str, set[tuple[str, int]]]:
    """(id, version) of every row ``owner`` owns, per synced table, in a database or a package snapshot."""
    from adjudicator.sync.export import station_tables

    engine = create_engine(url)
    try:
        rows: dict[str, set[tuple[str, int]]] = {}
        with engine.connect() as conn:
            for table in station_tables():
                result = conn.execute(text(f'SELECT id, version FROM "{table.name}" WHERE owner_station = :o'),
                                      {"o": owner})
                rows[table.name] = {(str(i).replace("-", ""), int(v)) for i, v in result}
        return rows
    finally:
        engine.dispose()


def package_rows(package: Path, work: Path, owner: str) -> dict[str, set[tuple[str, int]]]:
    with zipfile.ZipFile(package) as zf:
        zf.extract("data.sqlite", work)
    return station_rows(f"sqlite:///{work / 'data.sqlite'}", owner)


def imported(url: str, package_id: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT package_id FROM sync_packages")).scalars().all()
        return any(str(r).replace("-", "") == package_id.replace("-", "") for r in rows)
    finally:
        engine.dispose()


def after_import(url: str, before: str, package: Path, package_id: str, expected: dict[str, set[tuple[str, int]]],
                 owner: str) -> tuple[list[str], bool]:
    """The supervisor's database exactly as before, or holding the whole package; and which of the two."""
    problems = integrity(url)
    db = opened(url)
    try:
        problems += audit_problems(db)
    finally:
        db.close()
    if not imported(url, package_id):
        after = dump(url)
        if after != before:
            changed = [a for a, b in zip(after.splitlines(), before.splitlines(), strict=False) if a != b][:2]
            problems.append(f"not recorded as imported, yet the database changed: {changed}")
        return problems, False
    have = station_rows(url, owner)
    for table, rows in expected.items():
        if not rows <= have[table]:
            problems.append(f"{table}: {len(rows - have[table])} of the package's rows missing")
    return problems, True


def issued_count(url: str) -> int:
    return count(url, f"SELECT count(*) FROM documents WHERE {NOTICES}")


def created_count(url: str) -> int:
    return count(url, "SELECT count(*) FROM cases WHERE notes LIKE '第%次保存'")


def export_count(url: str) -> int:
    return count(url, "SELECT last FROM number_sequences WHERE series = 'sync_export'")


def rows(url: str, sql: str) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)).scalars())
    finally:
        engine.dispose()


def count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar() or 0)
    finally:
        engine.dispose()


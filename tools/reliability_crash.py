"""The kills and the second program of ``tools/reliability.py``: SIGKILL mid-write, two programs on one file.

Each attack takes a fresh station (a :class:`World`), starts a real process on it
(:mod:`tests.trust.crash_driver`), and returns "" when what it left is right, else what was wrong:

- a save, a new case, an issue or an export killed at a random moment (0–1.5 s into a loop of them),
  then the checks of :mod:`tests.trust.crash` (integrity, audit trail, all of a change or none, no
  number used without its record, no file at its destination that is not whole or not genuine);
- the same killed at the exact points between the database and a file (the driver kills itself);
- an import into a new supervisor killed at a random moment of it (SQLite and PostgreSQL): the
  supervisor is as before or holds the whole package, and the import then runs again;
- a save while another program holds the write lock briefly (it waits and saves), or longer than
  the busy timeout (one sentence, nothing changed), and two programs saving one case at once.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from adjudicator.cli import main
from adjudicator.store.database import BUSY_SENTENCE
from tests.trust import crash

#: The case a world's driver works on: the one that holds the issued document.
CASE_OF_DOCUMENT = "SELECT c.case_no FROM cases c JOIN documents d ON d.case_id = c.id WHERE d.number = :n"


def _case_no(world: Any) -> str:
    engine = create_engine(world.url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text(CASE_OF_DOCUMENT), {"n": world.doc_number}).scalar_one())
    finally:
        engine.dispose()


def _folder(world: Any, name: str) -> Path:
    folder = Path(world.folder) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _quietly(argv: list[str]) -> int:
    """Run a command line as the clerk retrying would, its output kept off the report's stream."""
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(argv)


def kill_a_save(world: Any, rng: random.Random) -> str:
    case_no = _case_no(world)
    killed = crash.kill_during(["save", world.url, case_no], rng.uniform(0, 1.5))
    return "；".join(crash.after_save(world.url, case_no, killed))


def kill_a_new_case(world: Any, rng: random.Random) -> str:
    base = crash.created_count(world.url)
    killed = crash.kill_during(["create", world.url], rng.uniform(0, 1.5))
    return "；".join(crash.after_create(world.url, killed, base))


def _retry_issue(world: Any, killed: crash.Killed, case_no: str, out: Path) -> list[str]:
    target = killed.line("start", killed.last("start"))[2]
    code = _quietly(["--db", world.url, "doc", "render", case_no, "filing-notice", "--issue", "--date", "2026-03-04",
                     "--field", "filed_on=2026-03-04", "-o", target])
    left = [p.name for p in out.iterdir() if not p.name.endswith(".pdf")]
    return ([f"重新出具失败（{code}）"] if code else []) + ([f"遗留文件 {left}"] if left else [])


def kill_an_issue(world: Any, rng: random.Random, die_at: str = "") -> str:
    case_no, out = _case_no(world), _folder(world, "out")
    base = crash.issued_count(world.url)
    killed = crash.kill_during(["issue", world.url, str(out), case_no], rng.uniform(0, 1.5), die_at=die_at)
    problems = crash.after_issue(world.url, out, killed, base)
    problems += _retry_issue(world, killed, case_no, out)
    problems += crash.after_issue(world.url, out, crash.Killed(["start 0"]), crash.issued_count(world.url))
    return "；".join(problems)


def kill_an_export(world: Any, rng: random.Random, die_at: str = "") -> str:
    out = _folder(world, "out")
    base = crash.export_count(world.url)
    killed = crash.kill_during(["export", world.url, str(out)], rng.uniform(0, 1.5), die_at=die_at)
    problems = crash.after_export(world.url, out, killed, base)
    target = killed.line("start", killed.last("start"))[2]
    if _quietly(["--db", world.url, "export", "-o", target]):
        problems.append("重新导出失败")
    left = [p.name for p in out.iterdir() if not p.name.endswith(".zip")]
    return "；".join(problems + ([f"遗留文件 {left}"] if left else []))


def at(point: str, kill: Callable[..., str]) -> Callable[[Any, random.Random], str]:
    """The attack ``kill`` with the driver killing itself at ``point``."""
    return lambda world, rng: kill(world, rng, die_at=point)


# -- import into a supervisor killed mid-way -------------------------------------------------------------

def _supervisor(world: Any, name: str = "supervisor") -> tuple[str, Callable[[], None]]:
    """A new supervisor beside the world (a file, or a database on the same server) that knows its station."""
    from adjudicator.stations.registry import init_supervisor
    from adjudicator.store import open_database
    from adjudicator.sync.keys import register_station, write_key_file

    key = world.folder / "station.pubkey.json"
    write_key_file(world.db, key)
    if world.url.startswith("sqlite"):
        url, drop = f"sqlite:///{world.folder / f'{name}.db'}", (lambda: None)
    else:
        name = f"reliability_{name}_{uuid.uuid4().hex[:10]}"
        admin_url = make_url(world.url).set(database="postgres").render_as_string(hide_password=False)
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(world.url).set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    db = open_database(url)
    try:
        init_supervisor(db)
        register_station(db, key)
    finally:
        db.close()
    return url, drop


#: How the killed imports ended, per backend: the supervisor as before, or holding the whole package.
IMPORT_OUTCOMES: dict[str, Counter[str]] = {}
#: Seconds a whole import of a world's package took, measured once per backend (the kills spread over it).
_IMPORT_SECONDS: dict[str, float] = {}


def _import_seconds(world: Any, package: Path) -> float:
    """How long an uncut import of ``package`` runs after the driver's start, on the world's backend."""
    backend = make_url(world.url).get_backend_name()
    if backend not in _IMPORT_SECONDS:
        url, drop = _supervisor(world, "calibration")
        try:
            proc = crash.start_driver(["import", url, str(package)])
            begun = time.monotonic()
            proc.communicate(timeout=300)
            _IMPORT_SECONDS[backend] = time.monotonic() - begun
        finally:
            drop()
    return _IMPORT_SECONDS[backend]


def _backend(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def import_outcome_lines() -> list[str]:
    """One line per backend: how the killed imports ended (for the report)."""
    return [f"- 导入被终止后（{backend}）：" + "，".join(f"{what} {n} 次" for what, n in sorted(counts.items()))
            + "。" for backend, counts in IMPORT_OUTCOMES.items()]


def kill_an_import(world: Any, rng: random.Random) -> str:
    from adjudicator.sync.export import export_station

    package = world.folder / "station-01.zip"
    export_station(world.db, package)
    with zipfile.ZipFile(package) as zf:
        package_id = json.loads(zf.read("manifest.json"))["package_id"]
    expected = crash.package_rows(package, world.folder / "unpacked", "01")
    seconds = _import_seconds(world, package)
    url, drop = _supervisor(world)
    try:
        before = crash.dump(url)
        killed = crash.kill_during(["import", url, str(package)], rng.uniform(0, 0.85 * seconds), may_finish=True)
        problems, whole = crash.after_import(url, before, package, package_id, expected, "01")
        finished = any(line.startswith("imported") for line in killed.lines)
        outcome = "导入已完成，未及终止" if finished else "已含整个数据包" if whole else "与导入前逐行相同"
        IMPORT_OUTCOMES.setdefault(_backend(url), Counter())[outcome] += 1
        if _quietly(["--db", url, "import", str(package)]) or not crash.imported(url, package_id):
            problems.append("再次导入失败")
        return "；".join(problems)
    finally:
        drop()


# -- a second program on the same file ----------------------------------------------------------------

def _cli(url: str, *argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ADJUDICATOR_FONTS": "bundled"}
    return subprocess.Popen([sys.executable, "-m", "adjudicator", "--db", url, *argv], cwd=crash.ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _exhibit(url: str, case_no: str, title: str, *extra: str) -> subprocess.Popen[str]:
    return _cli(url, "evidence", "add", case_no, "--physical", "--title", title, *extra)


def save_beside_a_short_write(world: Any, rng: random.Random) -> str:
    case_no, path = _case_no(world), str(world.db.path)
    holder = crash.start_driver(["hold", path, f"{rng.uniform(0.5, 6):.2f}"])
    try:
        _, err = _exhibit(world.url, case_no, "被控侵权产品实物一件").communicate(timeout=120)
    finally:
        holder.wait(60)
    saved = crash.rows(world.url, "SELECT title FROM exhibits WHERE title = '被控侵权产品实物一件'")
    problems = crash.integrity(world.url) + ([f"未保存：{err.strip()}"] if err or len(saved) != 1 else [])
    return "；".join(problems)


def save_beside_a_long_write(world: Any, rng: random.Random) -> str:
    case_no, path = _case_no(world), str(world.db.path)
    world.db.engine.dispose()
    before = crash.dump(world.url)
    holder = crash.start_driver(["hold", path, "600"])
    try:
        writer = _exhibit(world.url, case_no, "被控侵权产品实物一件")
        _, err = writer.communicate(timeout=120)
    finally:
        holder.kill()
        holder.wait()
    problems = crash.integrity(world.url)
    if writer.returncode != 1 or err != f"错误：{BUSY_SENTENCE}\n":
        problems.append(f"退出码 {writer.returncode}：{err.strip()[:80]}")
    if crash.dump(world.url) != before:
        problems.append("数据库被改动")
    return "；".join(problems)


def two_programs_save_one_case(world: Any, rng: random.Random) -> str:
    case_no = _case_no(world)
    version = str(crash.rows(world.url, f"SELECT version FROM cases WHERE case_no = '{case_no}'")[0])
    notes = {"李书记员": f"被请求人来电申请和解（{rng.randrange(10**6)}）。", "王审查员": "请求人书面申请和解。"}
    runs = {who: _cli(world.url, "case", "add-event", case_no, "settlement_started", "2026-04-02", "--note", note,
                      "--expect-version", version, "--user", who) for who, note in notes.items()}
    said = {who: (*proc.communicate(timeout=120), proc.returncode) for who, proc in runs.items()}
    winners = [who for who, (_, _, code) in said.items() if code == 0]
    if len(winners) != 1:
        return f"{len(winners)} 个程序保存成功：{[s[1].strip()[:60] for s in said.values()]}"
    (loser,) = set(notes) - set(winners)
    _, err, _ = said[loser]
    problems = crash.integrity(world.url)
    if "已被其他人修改" not in err or winners[0] not in err:
        problems.append(f"后保存者未被告知：{err.strip()[:80]}")
    kept = [n for n in crash.rows(world.url, "SELECT note FROM case_events") if n in notes.values()]
    if kept != [notes[winners[0]]]:
        problems.append(f"事件备注为 {kept}")
    return "；".join(problems)


def _as_miss(attack: Callable[[Any, random.Random], str]) -> Callable[[Any, random.Random], str]:
    """The attack, with a driver that failed on its own counted as a failed run, not ending the report."""
    def run(world: Any, rng: random.Random) -> str:
        try:
            return attack(world, rng)
        except AssertionError as exc:
            return " ".join(str(exc).split())[:300]

    return run


#: (title, attack, also on PostgreSQL, share of the runs): appended to the report's table.
CRASH_ATTACKS: list[tuple[str, Callable[[Any, random.Random], str], bool, float]] = [
    ("保存案件（案件、当事人、专利一并修改）的中途强行终止进程（SIGKILL，随机时刻）", _as_miss(kill_a_save), False, 1.0),
    ("新建案件（取案号）的中途强行终止进程", _as_miss(kill_a_new_case), False, 1.0),
    ("出具文书（取文号、生成并写出 PDF）的中途强行终止进程，再按原命令重试", _as_miss(kill_an_issue), False, 1.0),
    ("出具文书：PDF 已写在目标旁、事务未提交时终止", _as_miss(at("staged", kill_an_issue)), False, 0.2),
    ("出具文书：事务已提交、PDF 未改名到位时终止", _as_miss(at("committed", kill_an_issue)), False, 0.2),
    ("导出数据包的中途强行终止进程，再按原命令重试", _as_miss(kill_an_export), False, 1.0),
    ("导出数据包：压缩包写到一半时终止", _as_miss(at("zipping", kill_an_export)), False, 0.2),
    ("导出数据包：数据包已到位、导出序号未记录时终止", _as_miss(at("packed", kill_an_export)), False, 0.2),
    ("市局导入数据包的中途强行终止进程，再导入一次", _as_miss(kill_an_import), True, 1.0),
    ("另一程序短暂持有写锁（0.5–6 秒）时保存", _as_miss(save_beside_a_short_write), False, 0.5),
    ("另一程序（导入、升级或恢复）持有写锁超过等待时限时保存", _as_miss(save_beside_a_long_write), False, 0.15),
    ("两个程序以同一版本同时保存同一案件", _as_miss(two_programs_save_one_case), False, 1.0),
]

"""Try each fault and attack issue #14 guards against, many times, and write ``docs/reliability.md``.

    python tools/reliability.py [--runs 20] [--package-runs 100] [--pg URL] [-o docs/reliability.md]

Every run starts from a fresh copy of a small station database (demo cases plus one case with an
issued document), does one thing to it behind the program's back — or to a backup, or to an
issued PDF — at a randomly chosen place, and checks that the program notices: ``audit verify``
names the row or the first broken entry, ``doc verify`` refuses to call a changed file genuine,
``doc reprint`` refuses a replaced file, a damaged backup is refused with the database unchanged,
and two writers at once leave one unbroken chain. Then the kills and the second program
(:mod:`tools.reliability_crash`): a save, an issue, an export or an import killed with SIGKILL at a
random moment leaves a sound database holding all of the change or none of it, and a second program
on the same file waits, is told the database is in use, or is told who saved first. With ``--pg``
(default ``ADJUDICATOR_TEST_PG``) the storage attacks also run on PostgreSQL. The report lists each
attack, how many runs, how many passed, and the first failure if any. The random seed is fixed, so
a rerun repeats the places (the moments of the kills vary with the machine's load).
Hostile packages (``tools/reliability_packages.py``) get a section of their own.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ADJUDICATOR_FONTS", "bundled")

from sqlalchemy import create_engine, text

from adjudicator.cases import service as S
from adjudicator.demo.generate import generate_demo
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.errors import DomainError
from adjudicator.procedure.service import EventInput, add_event
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database
from adjudicator.trust.audit_verify import verify_audit
from adjudicator.trust.backups import BackupRefused, backup_now, restore_backup
from adjudicator.trust.docproof import verify_pdf
from tools.reliability_crash import CRASH_ATTACKS, import_outcome_lines

CASE_TABLES = ("cases", "parties", "patents", "case_events", "documents", "exhibits")
EDITABLE = {"cases": ["handler", "notes", "claims_summary", "status"], "parties": ["name", "address", "phone"],
            "patents": ["title", "patentee", "number"], "case_events": ["note", "kind"],
            "documents": ["status", "void_reason", "issued_by"], "exhibits": ["title"]}
ENTRY_FIELDS = ["actor", "record_label", "action", "table_name"]


@dataclass
class Tally:
    """One attack on one backend: runs, how many were caught, the first miss."""

    attack: str
    backend: str
    runs: int = 0
    caught: int = 0
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class World:
    """A fresh database for one run, and what is in it."""

    db: Database
    url: str
    folder: Path
    doc_number: str
    pdf: bytes


def _uuid_param(db: Database, value: Any) -> Any:
    return value.hex if db.is_sqlite and isinstance(value, uuid.UUID) else str(value) if isinstance(value, uuid.UUID) else value


def _outside(world: World, sql: str, **params: Any) -> None:
    engine = create_engine(world.url)
    with engine.begin() as conn:
        conn.execute(text(sql), {k: _uuid_param(world.db, v) for k, v in params.items()})
    engine.dispose()


def _populate(db: Database) -> tuple[str, bytes]:
    init_station(db, "01", user="李明")
    generate_demo(db, 4, seed=3, today=date(2026, 11, 30))
    from tests.core.factories import case_input

    case = S.create_case(db, case_input())
    add_event(db, case.id, EventInput("filed", date(2026, 3, 4)))
    draft = D.create_draft(db, case.id, "answer-notice", {"filed_on": "2026-03-04"})
    doc = issuing.issue(db, draft.id, issued_on=date(2026, 3, 5))
    return doc.number or "", D.reprint(db, doc.number or "")


class Worlds:
    """Fresh databases: copies of one prepared SQLite file, or new PostgreSQL databases."""

    def __init__(self, work: Path, pg: str):
        self.work, self.pg = work, pg
        base = work / "base" / "station.db"
        base.parent.mkdir(parents=True)
        db = open_database(base)
        self.number, self.pdf = _populate(db)
        db.close()
        self.base = base

    def sqlite(self) -> World:
        folder = Path(tempfile.mkdtemp(dir=self.work))
        shutil.copy(self.base, folder / "station.db")
        key = self.base.with_name(self.base.name + ".key")  # the station's signing key lives beside its file
        if key.exists():
            shutil.copy(key, folder / "station.db.key")
        db = open_database(folder / "station.db")
        return World(db, f"sqlite:///{folder / 'station.db'}", folder, self.number, self.pdf)

    def postgresql(self) -> World:
        from sqlalchemy.engine import make_url

        name = f"reliability_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(self.pg).set(database=name).render_as_string(hide_password=False)
        db = open_database(url)
        number, pdf = _populate(db)
        return World(db, url, Path(tempfile.mkdtemp(dir=self.work)), number, pdf)

    def dispose(self, world: World) -> None:
        world.db.close()
        if not world.url.startswith("sqlite"):
            from sqlalchemy.engine import make_url

            admin = create_engine(self.pg, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(world.url).database}" WITH (FORCE)'))
            admin.dispose()


# -- the attacks: each returns "" when the program noticed, else what went unnoticed -------------------

def edit_a_row(world: World, rng: random.Random) -> str:
    table = rng.choice(CASE_TABLES)
    column = rng.choice(EDITABLE[table])
    with world.db.session() as s:
        ids = list(s.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars())
    target = rng.choice(ids)
    _outside(world, f"UPDATE {table} SET {column} = :v WHERE id = :id", v=f"改{rng.randrange(10**6)}", id=target)
    found = [p for p in verify_audit(world.db).problems if p.table == table]
    return "" if found else f"{table}.{column} 的改动未被发现"


def _station_entries(world: World) -> list[Any]:
    with world.db.session() as s:
        return list(s.execute(text("SELECT seq, chain_seq FROM audit_entries WHERE chain = '01' ORDER BY chain_seq")))


def edit_an_entry(world: World, rng: random.Random) -> str:
    seq, chain_seq = rng.choice(_station_entries(world))
    column = rng.choice(ENTRY_FIELDS)
    _outside(world, f"UPDATE audit_entries SET {column} = {column} || 'x' WHERE seq = :s", s=seq)
    breaks = verify_audit(world.db).breaks
    return "" if [(b.chain, b.chain_seq) for b in breaks] == [("01", chain_seq)] else f"第 {chain_seq} 条的 {column} 改动：{breaks}"


def delete_an_entry(world: World, rng: random.Random) -> str:
    seq, chain_seq = rng.choice(_station_entries(world))
    _outside(world, "DELETE FROM audit_entries WHERE seq = :s", s=seq)
    report = verify_audit(world.db)
    return "" if not report.ok else f"删除第 {chain_seq} 条未被发现"


def forge_an_entry(world: World, rng: random.Random) -> str:
    seq, chain_seq = rng.choice(_station_entries(world))
    _outside(world, "UPDATE audit_entries SET chain_seq = chain_seq + 1 WHERE chain = '01' AND chain_seq >= :n", n=chain_seq)
    _outside(world, "INSERT INTO audit_entries (entry_id, at, actor, station, table_name, record_id, record_label, action, "
                    "changes, chain, chain_seq, prev_hash, hash) SELECT :e, at, '王五', station, table_name, record_id, "
                    "record_label, 'update', '{}', chain, :n, prev_hash, hash FROM audit_entries WHERE seq = :s",
             e=uuid.uuid4(), n=chain_seq, s=seq)
    breaks = verify_audit(world.db).breaks
    return "" if breaks and breaks[0].chain_seq == chain_seq else f"插入第 {chain_seq} 条未被发现"


def replace_a_stored_pdf(world: World, rng: random.Random) -> str:
    forged = world.pdf.replace(b"Adjudicator", b"Adjudicat" + bytes([rng.randrange(97, 123)]) * 2, 1)
    _outside(world, "UPDATE documents SET pdf = :p, sha256 = :h WHERE number = :n", p=forged,
             h=hashlib.sha256(forged).hexdigest(), n=world.doc_number)
    return _forgery_misses(world, forged)


def _forgery_misses(world: World, forged: bytes) -> str:
    """What let a forged stored PDF through: ``doc verify``, ``reprint`` or ``audit verify`` (empty: none)."""
    path = world.folder / "forged.pdf"
    path.write_bytes(forged)
    misses = []
    if verify_pdf(world.db, path).genuine:
        misses.append("doc verify 称伪造件为真实")
    try:
        D.reprint(world.db, world.doc_number)
        misses.append("reprint 交出了伪造件")
    except DomainError:
        pass
    if not [p for p in verify_audit(world.db).problems if p.table == "documents"]:
        misses.append("audit verify 未发现")
    return "；".join(misses)


def rewrite_a_pdf_and_its_chain(world: World, rng: random.Random) -> str:
    """The stored PDF and its hash replaced, its audit entries rewritten and the whole chain recomputed."""
    from tests.core.forgery import forge_stored_document

    forged = world.pdf.replace(b"Adjudicator", b"Adjudicat" + bytes([rng.randrange(97, 123)]) * 2, 1)
    forge_stored_document(world.url, world.doc_number, forged)
    return _forgery_misses(world, forged)


def sign_with_another_key(world: World, rng: random.Random) -> str:
    """A changed document signed, in the station's name, with a key that is not the station's."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from adjudicator.documents.signing import read_signature, sign_pdf

    sig = read_signature(world.pdf)
    if sig is None:
        return "出具的文书没有签名"
    st = sig.statement
    key = Ed25519PrivateKey.generate()
    # A flip in the trailer or cross-reference table leaves a file the forger's own signing cannot
    # parse; such a forgery never reaches a verifier, so draw another place.
    for _ in range(100):
        prefix = bytearray(world.pdf[:st["signed_length"]])
        at = rng.randrange(len(prefix))
        prefix[at] ^= 1 << rng.randrange(8)
        try:
            forged, _ = sign_pdf(bytes(prefix), key, station=st["station"], number=st["number"], kind=st["kind"],
                                 case_no=st["case_no"], issued_on=st["issued_on"],
                                 content_sha256=st["content_sha256"])
            break
        except ValueError:
            continue
    else:
        return "一百处改动都无法另签，未能试成"
    path = world.folder / "resigned.pdf"
    path.write_bytes(forged)
    return "" if not verify_pdf(world.db, path).genuine else f"第 {at} 字节改动并另签后仍称真实"


def flip_a_pdf_byte(world: World, rng: random.Random) -> str:
    data = bytearray(world.pdf)
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(8)
    path = world.folder / "flipped.pdf"
    path.write_bytes(bytes(data))
    verdict = verify_pdf(world.db, path)
    return "" if not verdict.genuine else f"第 {at} 字节改动后仍称真实"


def damage_a_backup(world: World, rng: random.Random) -> str:
    made = backup_now(world.db)
    data = bytearray(made.path.read_bytes())
    if rng.random() < 0.5:
        data = data[: rng.randrange(100, len(data) - 1)]
    else:
        for _ in range(rng.randrange(1, 20)):
            start = rng.randrange(100, len(data) - 64)
            data[start:start + 64] = bytes(rng.randrange(256) for _ in range(64))
    made.path.write_bytes(bytes(data))
    assert world.db.path is not None
    world.db.engine.dispose()
    before = hashlib.sha256(world.db.path.read_bytes()).hexdigest()
    try:
        restore_backup(world.db, made.path)
    except BackupRefused:
        world.db.engine.dispose()
        same = hashlib.sha256(world.db.path.read_bytes()).hexdigest() == before
        return "" if same else "拒绝了，但数据库被改动"
    report = verify_audit(world.db)  # a garbling that missed every used page restores a sound copy
    return "" if report.ok else "损坏的备份被恢复"


def two_writers(world: World, rng: random.Random) -> str:
    from tests.core.factories import case_input

    other = open_database(world.url)
    errors: list[BaseException] = []
    gate = threading.Barrier(2)

    def work(db: Database) -> None:
        try:
            gate.wait()
            for _ in range(rng.randrange(2, 5)):
                S.create_case(db, case_input())
        except BaseException as exc:  # noqa: BLE001 - counted below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db,)) for db in (world.db, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    report = verify_audit(world.db)
    return "" if not errors and report.ok else f"{errors[:1]} {report.lines()[:2]}"


#: (title, attack, also on PostgreSQL, share of ``--runs``).
ATTACKS: list[tuple[str, Callable[[World, random.Random], str], bool, float]] = [
    ("用外部 SQL 工具改动案件、当事人、专利、进程、文书或证据的一个字段", edit_a_row, True, 1.0),
    ("改动一条审计记录的一个字段", edit_an_entry, True, 1.0),
    ("删除一条审计记录", delete_an_entry, True, 1.0),
    ("伪造并插入一条审计记录（沿用前一条的哈希）", forge_an_entry, True, 1.0),
    ("在数据库中同时替换已出具文书的 PDF 及其 SHA-256", replace_a_stored_pdf, True, 1.0),
    ("替换已出具文书的 PDF 及其 SHA-256，并改写其审计记录、重算整条哈希链", rewrite_a_pdf_and_its_chain, True, 1.0),
    ("改动已出具 PDF 后用另一把密钥以该所名义重新签名", sign_with_another_key, False, 1.0),
    ("改动已出具 PDF 的一个比特后送去核验", flip_a_pdf_byte, False, 1.0),
    ("截断或乱写一份备份后用它恢复", damage_a_backup, False, 1.0),
    ("两个数据库连接（两个线程）同时写入同一数据库", two_writers, True, 1.0),
    *CRASH_ATTACKS,
]


def run(runs: int, pg: str, seed: int) -> list[Tally]:
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    os.environ["ADJUDICATOR_KEY_DIR"] = str(work / "keys")
    os.environ["ADJUDICATOR_EVIDENCE_DIR"] = str(work / "evidence")
    rng = random.Random(seed)
    tallies = []
    try:
        worlds = Worlds(work, pg)
        for title, attack, on_pg, share in ATTACKS:
            backends = [("SQLite", worlds.sqlite, max(2, round(runs * share)))]
            if pg and on_pg:
                backends.append(("PostgreSQL", worlds.postgresql, max(2, round(runs * share) // 5)))
            for backend, make, count in backends:
                tally = Tally(title, backend)
                start = time.perf_counter()
                for _ in range(count):
                    world = make()
                    try:
                        miss = attack(world, rng)
                    finally:
                        worlds.dispose(world)
                    tally.runs += 1
                    if miss:
                        tally.misses.append(miss)
                    else:
                        tally.caught += 1
                tally.seconds = time.perf_counter() - start
                tallies.append(tally)
                print(f"{title}（{backend}）：{tally.caught}/{tally.runs}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tallies


def markdown(tallies: list[Tally], runs: int, seed: int, packages: list[str] | None = None) -> str:
    lines = [
        "# 可靠性：试过的故障与攻击",
        "",
        ("由 `python tools/reliability.py` 生成，请勿手工编辑。每次试验都从一个新的裁决所数据库（演示案件，"
        "外加一件已出具文书的案件）开始，在随机选定的位置做一件“程序背后”的事，再看程序是否发现；"
        "或在随机时刻强行终止一个正在写入的进程、让第二个程序同时使用同一数据库，再看留下的是否完好。"),
        (f"随机种子 {seed}；SQLite 每项 {runs} 次（耗时长的几项为其一部分，至少 2 次），"
         "PostgreSQL 每项为其五分之一（至少 2 次）。“通过”：程序发现了改动，或留下的数据库完好且变更全有或全无。"),
        "",
        "| 故障或攻击 | 数据库 | 次数 | 通过 | 结果 |",
        "|---|---|---:|---:|---|",
    ]
    for t in tallies:
        result = "全部通过" if not t.misses else f"未通过：{t.misses[0][:80]}"
        lines.append(f"| {t.attack} | {t.backend} | {t.runs} | {t.caught} | {result} |")
    lines += [
        "",
        "## 如何发现",
        "",
        ("- 审计记录按裁决所连成哈希链：每条记录带其规范内容的 SHA-256 和前一条的哈希；"
        "`adjudicator audit verify` 指出每条链上第一条断开的记录，并按审计记录重演每个案件、当事人、专利、进程、"
        "文书和证据的内容，与数据库现状比对。"),
        ("- 已出具文书页脚印有二维码（编号与内容 SHA-256），出具时记录 PDF 的 SHA-256，并用本所的 Ed25519 密钥"
        "签名（签名随 PDF 保存）；`adjudicator doc verify` 先核验签名，再判定真实、已被改动、签名启用前出具或无法识别，"
        "并核对文书记录与审计记录一致；`doc reprint` 和 `audit verify` 也核验存档 PDF 的签名。"),
        ("- 备份用 SQLite 备份接口制作；恢复前完整检查（`PRAGMA integrity_check`、本系统的表、已知结构版本、同一裁决所），"
        "不合格的备份被拒绝，数据库不作任何修改。"),
        "",
        "## 强行终止之后检查什么",
        "",
        ("- 每次终止后：数据库能打开，`PRAGMA integrity_check` 为 ok、外键无悬空，`audit verify` 通过（每条记录与其审计记录一致）。"
        "保存：案件、当事人、专利三处同为最后一次保存或其前一次；新建案件、出具文书、导出：已用的案号、文号、导出序号"
        "都有对应的记录，没有空号，已报告成功的一件不少。"),
        ("- 出具文书：目标位置上的每个 PDF 都经 `doc verify` 为真实；事务提交前写在目标旁的临时文件（带着一个未用掉、"
        "之后会给别的文书的文号）由同一命令的下一次执行清除。导出：目标位置上的数据包都是完整的，写了一半的 `.part` "
        "由同一命令的下一次执行覆盖；数据包已到位而序号未记录时，重试以同一序号覆盖它。"),
        ("- 市局导入（SQLite 与 PostgreSQL）：终止后数据库与导入前逐行相同，或已记录该数据包并含其全部行；再导入一次即完成。"
        "SQLite 导入前的备份和证据文件库中新增而未被引用的文件会留下（前者正是用户需要的，后者只占磁盘）。"),
        ("- 第二个程序：写锁被占用时等待（15 秒）后保存；超过时限则告知“数据库正被另一个程序……写入……请稍后再试”，"
        "不作任何修改；两个程序以同一版本保存同一案件，先保存者成功，后保存者被告知何人何时修改。"),
        *import_outcome_lines(),
        "",
        *(packages or []),
        *([""] if packages else []),
        "## 尚未试验",
        "",
        ("- 断电（操作系统来不及写盘）：这里只终止进程，页缓存仍在；SQLite 以 WAL、synchronous=NORMAL 运行，"
        "断电可能丢失最后一次已提交的保存，但不会损坏数据库。"),
        "- 用户与角色（登录、审批）尚未实现，相关的越权尝试也就无从试验。",
        ("- 改写整条审计链（从被改之处起重算后面所有哈希）在单机上无法发现，已出具文书除外（其签名需要本所密钥）；"
        "市局保存的已导入副本可以对照，但这项比对尚未自动进行。能读取本所密钥文件的人可以重新签名，"
        "这一点只能靠操作系统账户保护密钥文件。"),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--package-runs", type=int, default=100, help="hostile packages per family (0: none)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--pg", default=os.environ.get("ADJUDICATOR_TEST_PG", ""))
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "reliability.md")
    args = parser.parse_args()
    tallies = run(args.runs, args.pg, args.seed)
    import reliability_packages  # beside this script

    packages = reliability_packages.run(args.package_runs, args.pg, args.seed) if args.package_runs else []
    section = reliability_packages.markdown(packages, args.package_runs, args.seed) if packages else None
    args.output.write_text(markdown(tallies, args.runs, args.seed, section), encoding="utf-8")
    print(f"写入 {args.output}", file=sys.stderr)
    sys.exit(0 if all(not t.misses for t in tallies) and all(not t.problems for t in packages) else 1)


if __name__ == "__main__":
    main()

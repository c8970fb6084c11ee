"""Hostile packages for ``tools/reliability.py``: the test suite's generators, run hundreds of times.

The same four families as ``tests/core/test_sync_fuzz.py`` (damaged bytes; members removed, added,
renamed; the manifest edited and signed again; the snapshot edited and signed again) go into a
supervisor on SQLite and on PostgreSQL, and the supervisors' reference package into a station.
Each example is judged as in the tests (:func:`tests.core.package_targets.judge`): refused with one
sentence and nothing changed or left behind, or imported into a database every reader can read.
Hypothesis generates the examples from a fixed seed, without shrinking, so a rerun repeats them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.core import package_mutations as M
from tests.core.package_targets import Target, build_material, judge, station_target, supervisor_target

FAMILIES = {
    "bytes": "翻转、插入或删除任意位置的字节，或截断文件",
    "members": "删除、重复、改名（../、绝对路径、超长名）、添加成员，改为符号链接、目录或加密",
    "manifest": "改动清单字段（缺失、类型不对、极大的数、任意文字）后由本所、另一登记所、未登记所重新签名或不签名",
    "snapshot": "用 SQLite 合法地改动数据文件（类型不对的值、空值、他所的行、多余的表、触发器、视图、计算列）后重新签名",
}


@dataclass
class PackageTally:
    """One family into one database: examples run, how each ended, the first problem if any."""

    family: str
    target: str
    runs: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    imported: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0


def _run_family(family: str, target: Target, genuine: bytes, keys: dict[str, Any], runs: int, rng_seed: int,
                tally: PackageTally) -> None:
    @seed(rng_seed)
    @settings(max_examples=runs, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(byte_ops=M.BYTE_OPS, member_ops=M.MEMBER_OPS, edits=M.MANIFEST_EDITS, signer=st.sampled_from(M.SIGNERS),
           snapshot_ops=M.SNAPSHOT_OPS)
    def one(byte_ops: Any, member_ops: Any, edits: Any, signer: str, snapshot_ops: Any) -> None:
        package = M.forged(family, genuine, keys, target.scratch.parent, byte_ops=byte_ops, member_ops=member_ops,
                           edits=edits, signer=signer, snapshot_ops=snapshot_ops)
        verdict = judge(target, package, same_as_genuine=family != "snapshot")
        tally.runs += 1
        if verdict.status == "refused":
            tally.refused[verdict.check] += 1
        elif verdict.status == "imported":
            tally.imported += 1
        if verdict.problem:
            tally.problems.append(verdict.problem.splitlines()[0])

    one()


def run(runs: int, pg: str, rng_seed: int) -> list[PackageTally]:
    """Every family into each target; PostgreSQL gets a fifth of the runs (at least 10)."""
    work = Path(tempfile.mkdtemp(prefix="reliability-packages-"))
    saved_tempdir, saved_key_dir = tempfile.tempdir, os.environ.get("ADJUDICATOR_KEY_DIR")
    os.environ["ADJUDICATOR_KEY_DIR"] = str(work / "keys")
    tallies: list[PackageTally] = []
    try:
        material = build_material(work / "material")
        plans: list[tuple[str, Any, int, bool]] = [("市局 SQLite", lambda f: supervisor_target(f, material), runs, False)]
        if pg:
            plans.append(("市局 PostgreSQL", lambda f: supervisor_target(f, material, pg), max(10, runs // 5), False))
        plans.append(("裁决所（参考数据包）", lambda f: station_target(f, material), runs, True))
        for n, (label, make, count, reference) in enumerate(plans):
            folder = work / f"target{n}"
            folder.mkdir()
            target = make(folder)
            genuine = material.reference_package if reference else material.station_package
            keys = material.reference_keys if reference else material.station_keys
            try:
                for family in FAMILIES:
                    tally = PackageTally(family, label)
                    start, cpu = time.perf_counter(), time.process_time()
                    _run_family(family, target, genuine, keys, count, rng_seed, tally)
                    tally.seconds, tally.cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
                    tallies.append(tally)
                    print(f"数据包 {family} → {label}：{tally.runs} 次，拒绝 {sum(tally.refused.values())}，"
                          f"导入 {tally.imported}，问题 {len(tally.problems)}", flush=True)
            finally:
                tempfile.tempdir = saved_tempdir
                target.close()
    finally:
        tempfile.tempdir = saved_tempdir
        if saved_key_dir is None:
            os.environ.pop("ADJUDICATOR_KEY_DIR", None)
        else:
            os.environ["ADJUDICATOR_KEY_DIR"] = saved_key_dir
        shutil.rmtree(work, ignore_errors=True)
    return tallies


def markdown(tallies: list[PackageTally], runs: int, rng_seed: int) -> list[str]:
    """The report's section on hostile packages."""
    lines = [
        "## 敌意数据包",
        "",
        ("用真实签名的数据包（演示裁决所 3 件案件连同证据文件；市局的参考数据包）生成改动过的数据包（hypothesis，"
         f"种子 {rng_seed}），逐个导入。每个都必须要么被拒绝——一句中文说明，数据库完整转储前后相同，证据文件库、"
         "临时文件夹和备份都没有留下任何东西——要么被导入，且导入后数据库每个值都能读出；未重新签名的改动若被导入，"
         f"内容必须与原数据包导入的完全相同。SQLite 每项 {runs} 个，PostgreSQL 为其五分之一（至少 10 个）。"),
        "",
        "| 改动 | 导入到 | 个数 | 拒绝 | 导入 | 问题 | 拒绝时指出的检查 | 用时（秒，CPU 秒） |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for t in tallies:
        checks = "、".join(f"{check} {n}" for check, n in t.refused.most_common(6))
        result = str(len(t.problems)) if not t.problems else f"{len(t.problems)}：{t.problems[0][:80]}"
        lines.append(f"| {FAMILIES[t.family]} | {t.target} | {t.runs} | {sum(t.refused.values())} | {t.imported} "
                     f"| {result} | {checks} | {t.seconds:.0f}（{t.cpu_seconds:.0f}） |")
    lines += [
        "",
        ("另有逐项试验的“数据包炸弹”（`tests/core/test_sync_bombs.py`）：压缩比炸弹、谎报大小、二十万个成员、极深和极长的路径、"
         "符号链接、绝对路径、同名成员、嵌套 zip、超大证据文件、嵌套二十万层的清单、加密成员、不支持的压缩方法、极大的序号，"
         "都在解压之前按 `adjudicator/sync/package.py` 中定义的上限拒绝。"),
    ]
    return lines

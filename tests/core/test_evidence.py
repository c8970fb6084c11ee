"""Evidence: exhibits, the content-addressed store, tombstones, the store check, the evidence list."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from adjudicator.cases import service as S
from adjudicator.cli import main
from adjudicator.errors import DomainError, ValidationError
from adjudicator.evidence import filestore as F
from adjudicator.evidence import staging
from adjudicator.evidence import service as E
from adjudicator.history.trail import case_history
from adjudicator.store import Database
from adjudicator.store.models import AuditEntry
from adjudicator.store.models_evidence import Exhibit, ExhibitFile
from tests.core.factories import case_input


@pytest.fixture
def ev_db(any_db: Database, tmp_path: Path) -> Iterator[Database]:
    """A station database whose evidence store is set (beside the file, or a directory for PostgreSQL)."""
    if any_db.path is None:
        any_db.set_setting(F.STORE_DIR_SETTING, str(tmp_path / "evidence-store"))
    yield any_db


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / "desktop" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _blobs(db: Database) -> list[Path]:
    root = F.store_root(db)
    return [p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"] if root.exists() else []


def _rows(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_add_exhibit_keeps_name_size_type_and_hash(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    data = b"%PDF-1.4\n" + os.urandom(5000)
    path = _file(tmp_path, "专利登记簿 副本 (2026).pdf", data)
    view = E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="专利登记簿副本", purpose="证明专利权有效"), [path])
    assert view.label == "请求人证据1" and view.submitted_by == "内蒙古草原星光科技有限公司"
    [f] = view.files
    assert (f.name, f.size, f.media_type) == ("专利登记簿 副本 (2026).pdf", len(data), "application/pdf")
    assert f.sha256 == hashlib.sha256(data).hexdigest()
    stored = F.file_store(ev_db).path_for(f.sha256)
    assert stored.read_bytes() == data
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # never modified
    again = E.list_exhibits(ev_db, case.id)
    assert [(v.label, v.title, [x.name for x in v.files]) for v in again] == [
        ("请求人证据1", "专利登记簿副本", ["专利登记簿 副本 (2026).pdf"])]
    history = case_history(ev_db, case.id)
    assert any(h.action == "create" and "请求人证据1 专利登记簿副本" in h.record for h in history)
    assert any(h.action == "create" and "专利登记簿 副本 (2026).pdf" in h.record for h in history)


def test_numbers_run_per_side(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    for side, title in [("requester", "专利证书"), ("respondent", "进货单据"), ("requester", "公证书"),
                        ("office", "现场检查笔录"), ("respondent", "对比文件")]:
        E.add_exhibit(ev_db, case.id, E.ExhibitInput(side=side, title=title))
    labels = [(v.label, v.title) for v in E.list_exhibits(ev_db, case.id)]
    assert labels == [("请求人证据1", "专利证书"), ("请求人证据2", "公证书"), ("被请求人证据1", "进货单据"),
                      ("被请求人证据2", "对比文件"), ("调查取证材料1", "现场检查笔录")]
    assert [v.title for v in E.list_exhibits(ev_db, case.id, side="respondent")] == ["进货单据", "对比文件"]


def test_same_content_twice_is_stored_once(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    data = b"the same photograph" * 1000
    a = _file(tmp_path, "照片 1.jpg", data)
    b = _file(tmp_path, "照片（副本）.jpg", data)
    first = E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="现场照片"), [a, b])
    second = E.add_exhibit(ev_db, case.id, E.ExhibitInput(side="respondent", title="同一照片"), [a])
    assert len(first.files) == 2 and first.files[0].sha256 == second.files[0].sha256
    assert len(_blobs(ev_db)) == 1
    assert _rows(ev_db, ExhibitFile) == 3


def test_used_number_is_refused_and_nothing_half_attached(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="购买公证书"), [_file(tmp_path, "a.pdf", b"a")])
    blobs, rows, audit = len(_blobs(ev_db)), _rows(ev_db, Exhibit), _rows(ev_db, AuditEntry)
    fresh = _file(tmp_path, "new.pdf", b"content never seen before")
    with pytest.raises(DomainError, match="已有请求人证据1（“购买公证书”）；请换一个编号"):
        E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="另一份", number=1), [fresh])
    assert (len(_blobs(ev_db)), _rows(ev_db, Exhibit), _rows(ev_db, AuditEntry)) == (blobs, rows, audit)
    assert not list((F.store_root(ev_db) / "tmp").iterdir())


def test_bad_files_are_refused_with_a_sentence(station_db: Database, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    case = S.create_case(station_db, case_input())
    good = _file(tmp_path, "good.pdf", b"good")
    folder = tmp_path / "扫描件"
    folder.mkdir()

    def refused(paths: list[Path], match: str) -> None:
        with pytest.raises(DomainError, match=match):
            E.add_exhibit(station_db, case.id, E.ExhibitInput(title="证据"), paths)
        assert _rows(station_db, Exhibit) == 0 and _blobs(station_db) == []

    refused([good, tmp_path / "不存在.pdf"], "不存在；请确认路径")
    refused([folder], "是一个文件夹，不是文件")
    refused([_file(tmp_path, "a\\b.pdf", b"x")], r"含有路径分隔符")
    refused([_file(tmp_path, "报告\n.pdf", b"x")], r"“报告\\x0a.pdf”含有控制字符")
    refused([_file(tmp_path, "invoice\u202efdp.exe", b"x")], "含有控制字符")
    station_db.set_setting(F.MAX_SIZE_SETTING, 1000)
    refused([good, _file(tmp_path, "video.mp4", b"v" * 1001)], r"大小为 1001 B，超过了证据文件的上限 1000 B")
    station_db.set_setting(F.MAX_SIZE_SETTING, F.DEFAULT_MAX_FILE_SIZE)

    def denied(path: Path) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(staging, "_open_source", denied)
    refused([good], "无法读取文件.*Permission denied")


def test_invalid_description_is_refused(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    with pytest.raises(ValidationError) as err:
        E.add_exhibit(station_db, case.id, E.ExhibitInput(title=" ", kind="hearsay", finding="rejected"))
    message = str(err.value)
    assert "证据名称：不能为空" in message and "证据种类：应为书证" in message
    assert "认定理由：不予采信或部分采信时须写明理由" in message
    assert E.parse_kind("勘验笔录") == "inspection" and E.parse_kind("书证") == "documentary"


def test_removing_is_a_tombstone_with_history(ev_db: Database, tmp_path: Path) -> None:
    case = S.create_case(ev_db, case_input())
    view = E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="截图"),
                         [_file(tmp_path, "一.png", b"1"), _file(tmp_path, "二.png", b"2")])
    after = E.remove_file(ev_db, view.files[0].id)
    assert [f.name for f in after.files] == ["二.png"]
    assert len(_blobs(ev_db)) == 2  # the bytes stay
    removed = E.remove_exhibit(ev_db, view.id)
    assert removed.deleted and E.list_exhibits(ev_db, case.id) == []
    assert [v.deleted for v in E.list_exhibits(ev_db, case.id, include_deleted=True)] == [True]
    with ev_db.session() as s:
        assert all(r.deleted_at is not None for r in s.scalars(select(ExhibitFile).where(ExhibitFile.name == "一.png")))
    deletes = [h.record for h in case_history(ev_db, case.id) if h.action == "delete"]
    assert any("一.png" in r for r in deletes) and any("请求人证据1 截图" in r for r in deletes)
    with pytest.raises(RuntimeError, match="never hard-deleted"), ev_db.write() as s:
        s.delete(s.get(Exhibit, view.id))
    E.restore_exhibit(ev_db, view.id)
    assert [v.label for v in E.list_exhibits(ev_db, case.id)] == ["请求人证据1"]


def test_reorder_renumber_and_restore(ev_db: Database) -> None:
    case = S.create_case(ev_db, case_input())
    ids = [E.add_exhibit(ev_db, case.id, E.ExhibitInput(title=t)).id for t in ("甲", "乙", "丙")]
    E.move_exhibit(ev_db, ids[2], -1)
    assert [(v.title, v.number) for v in E.list_exhibits(ev_db, case.id)] == [("甲", 1), ("丙", 3), ("乙", 2)]
    with pytest.raises(DomainError, match="已有请求人证据1（“甲”）"):
        E.set_number(ev_db, ids[2], 1)
    E.renumber_side(ev_db, case.id, "requester")
    assert [(v.title, v.number) for v in E.list_exhibits(ev_db, case.id)] == [("甲", 1), ("丙", 2), ("乙", 3)]
    E.remove_exhibit(ev_db, ids[0])
    E.renumber_side(ev_db, case.id, "requester")
    E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="丁"))
    restored = E.restore_exhibit(ev_db, ids[0])  # its number 1 went to 丙 meanwhile
    assert restored.number == 4
    assert [(v.title, v.label) for v in E.list_exhibits(ev_db, case.id)] == [
        ("丙", "请求人证据1"), ("乙", "请求人证据2"), ("丁", "请求人证据3"), ("甲", "请求人证据4")]


def test_cross_examination_and_finding(ev_db: Database) -> None:
    case = S.create_case(ev_db, case_input())
    view = E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="进货单据", side="respondent"))
    edit = view.as_input()
    edit.cross_exam = "请求人认为单据无法与被控侵权产品对应。"
    edit.finding, edit.finding_reason = "rejected", "单据未载明产品型号。"
    saved = E.update_exhibit(ev_db, view.id, edit, expected_version=view.version)
    assert (saved.finding_label, saved.version) == ("不予采信", view.version + 1)
    with pytest.raises(DomainError, match="已被其他人修改"):
        E.update_exhibit(ev_db, view.id, edit, expected_version=view.version)
    edit.side, edit.number = "office", None  # moving it to another side takes that side's next number
    assert E.update_exhibit(ev_db, view.id, edit).label == "调查取证材料1"
    history = [d for h in case_history(ev_db, case.id) if h.action == "update" for d in h.details]
    assert any("请求人认为单据无法与被控侵权产品对应。" in d for d in history)


def test_another_stations_case_is_read_only(station_db: Database) -> None:
    case = S.create_case(station_db, case_input())
    station_db.set_setting("station_code", "02")
    with pytest.raises(DomainError, match="属于裁决所 01"):
        E.add_exhibit(station_db, case.id, E.ExhibitInput(title="证据"))


def test_server_database_needs_a_store_directory(any_db: Database, tmp_path: Path) -> None:
    if any_db.path is not None:
        assert F.store_root(any_db) == any_db.path.with_name("station.db.files")
        return
    with pytest.raises(DomainError, match="没有设置证据文件的存放目录"):
        F.store_root(any_db)
    assert main(["evidence", "store-dir", str(tmp_path / "共享"), "--db", _url(any_db)]) == 0
    assert F.store_root(any_db) == (tmp_path / "共享").resolve()


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def _zeros_sha256(size: int) -> str:
    digest, chunk = hashlib.sha256(), bytes(1 << 20)
    for _ in range(size // len(chunk)):
        digest.update(chunk)
    return digest.hexdigest()


def test_a_200_mb_file_is_streamed(station_db: Database, tmp_path: Path) -> None:
    size = 200 * 1024 * 1024
    big = _sparse(tmp_path / "现场录像 2026-03-01.mp4", size)
    case = S.create_case(station_db, case_input())
    seen: list[float] = []
    tracemalloc.start()
    started = time.perf_counter()
    try:
        view = E.add_exhibit(station_db, case.id, E.ExhibitInput(title="现场录像", kind="audiovisual"), [big],
                             progress=lambda fraction, message: seen.append(fraction))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert peak < 16 * 1024 * 1024, f"peak {peak} bytes: the file was read whole"
    assert view.files[0].size == size and view.files[0].media_type == "video/mp4"
    assert view.files[0].sha256 == _zeros_sha256(size)
    assert seen[-1] == pytest.approx(1.0) and len(seen) >= 200
    assert elapsed < 60


def test_the_store_check_names_missing_and_altered_files(station_db: Database, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    case = S.create_case(station_db, case_input())
    db_arg = ["--db", str(station_db.path)]
    assert main(["evidence", "add", case.case_no, str(_file(tmp_path, "公证书.pdf", b"%PDF notarial")),
                 "--title", "购买公证书", *db_arg]) == 0
    assert main(["evidence", "add", case.case_no, str(_file(tmp_path, "商品 截图.png", b"\x89PNG shot")),
                 "--kind", "电子数据", "--by", "respondent", *db_arg]) == 0
    capsys.readouterr()
    assert main(["evidence", "verify", *db_arg]) == 0
    assert "证据文件检查通过：2 个文件记录" in capsys.readouterr().out
    store = F.file_store(station_db)
    [pdf, png] = [f for v in E.list_exhibits(station_db, case.id) for f in v.files]
    store.path_for(pdf.sha256).unlink()  # behind the program's back
    altered = store.path_for(png.sha256)
    altered.chmod(0o644)
    altered.write_bytes(b"\x89PNG edited")
    assert main(["evidence", "verify", *db_arg]) == 1
    out, err = capsys.readouterr()
    assert f"{case.case_no} 请求人证据1“购买公证书”的文件“公证书.pdf”缺失" in out
    assert f"{case.case_no} 被请求人证据1“商品 截图”的文件“商品 截图.png”已被改动" in out
    assert "2 个文件缺失或被改动" in err
    assert main(["evidence", "verify", "--json", *db_arg]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert not payload["ok"] and {p["state"] for p in payload["problems"]} == {"missing", "altered"}


def test_cli_add_and_list(ev_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = S.create_case(ev_db, case_input())
    files = [_file(tmp_path, n, n.encode()) for n in ("请求书 正本.pdf", "照片 1.jpg", "照片 2.jpg")]
    db_arg = ["--db", _url(ev_db)]
    assert main(["evidence", "add", case.case_no, *map(str, files[1:]), "--separate", "--kind", "物证",
                 *db_arg]) == 0
    assert main(["evidence", "add", case.case_no, str(files[0]), "--title", "请求书", "--by", "office",
                 "--json", *db_arg]) == 0
    capsys.readouterr()
    assert main(["evidence", "list", case.case_no, "--json", *db_arg]) == 0
    listed = json.loads(capsys.readouterr().out)["evidence"]
    assert [(e["no"], e["title"], e["kind"], e["by"]) for e in listed] == [
        (1, "照片 1", "physical", "requester"), (2, "照片 2", "physical", "requester"),
        (1, "请求书", "documentary", "office")]
    assert listed[2]["files"] == [{"name": "请求书 正本.pdf", "size": len("请求书 正本.pdf".encode()),
                                   "sha256": hashlib.sha256("请求书 正本.pdf".encode()).hexdigest(),
                                   "media_type": "application/pdf"}]
    assert main(["evidence", "list", case.case_no, *db_arg]) == 0
    assert "调查取证材料1　请求书" in capsys.readouterr().out
    assert main(["evidence", "add", case.case_no, str(tmp_path / "missing.pdf"), *db_arg]) == 1
    assert "不存在" in capsys.readouterr().err
    assert main(["evidence", "add", case.case_no, str(files[0]), "--kind", "传闻", *db_arg]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_the_evidence_list_pdf(ev_db: Database, tmp_path: Path) -> None:
    from adjudicator.documents.evidence_list import render_evidence_list

    case = S.create_case(ev_db, case_input())
    E.add_exhibit(ev_db, case.id, E.ExhibitInput(
        title="专利登记簿副本", purpose="证明专利权有效", original=True, cross_exam="无异议",
        finding="accepted"), [_file(tmp_path, "登记簿 副本.pdf", b"%PDF register")])
    E.add_exhibit(ev_db, case.id, E.ExhibitInput(side="respondent", title="进货单据", finding="rejected",
                                                 finding_reason="不能与被控侵权产品对应"))
    E.add_exhibit(ev_db, case.id, E.ExhibitInput(title="被控侵权产品", kind="physical", physical=True))
    pdf = render_evidence_list(ev_db, case.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    for expected in ("证据清单", case.case_no, "内蒙古草原星光科技有限公司", "张小明", "请求人提交的证据",
                     "被请求人提交的证据", "专利登记簿副本", "证明专利权有效", "采信", "不予采信",
                     "被控侵权产品", "实物", "登记簿 副本.pdf", hashlib.sha256(b"%PDF register").hexdigest()[:24]):
        assert expected in text, expected
    out = tmp_path / "清单.pdf"
    assert main(["evidence", "print", case.case_no, "-o", str(out), "--db", _url(ev_db)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_demo_cases_get_evidence_and_few_files(station_db: Database) -> None:
    from adjudicator.demo import evidence as evidence_demo
    from adjudicator.demo.generate import generate_demo

    generate_demo(station_db, 40, seed=3)
    with station_db.session() as s:
        cases_with = s.scalar(select(func.count(func.distinct(Exhibit.case_id))))
        distinct = s.scalar(select(func.count(func.distinct(ExhibitFile.sha256))))
        files = s.scalar(select(func.count()).select_from(ExhibitFile))
    assert cases_with == 40 and files is not None and files >= 40
    assert distinct is not None and distinct <= 2 * (evidence_demo.POOL_SIZE + evidence_demo.PERSONAL_CAP)
    assert F.verify_store(station_db).problems == []
    assert len(_blobs(station_db)) == distinct


def test_store_put_is_atomic_and_idempotent(tmp_path: Path) -> None:
    store = F.FileStore(tmp_path / "store")
    first = store.add_bytes(b"abc")
    again = store.add_stream(io.BytesIO(b"abc"))
    assert first.created and not again.created and first.sha256 == again.sha256
    with pytest.raises(F.FileTooLarge):
        store.add_stream(io.BytesIO(b"x" * 10), max_size=5)
    assert list((tmp_path / "store" / "tmp").iterdir()) == []
    assert store.check(first.sha256) == "ok" and store.check("0" * 64) == "missing"
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")

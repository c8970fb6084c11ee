"""Storage on SQLite and PostgreSQL: saving, numbering, tombstones, audit trail, schema checks."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from adjudicator.cases import service as S
from adjudicator.errors import DatabaseRefused, DomainError, ValidationError
from adjudicator.history.trail import case_history
from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database
from adjudicator.store.models import AuditEntry, Case, Party
from tests.core.factories import case_input


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return len(s.scalars(select(model)).all())


def test_new_case_gets_number_uuid_version_owner(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    assert case.case_no == "呼新市监专裁字〔2026〕1号"
    assert case.version == 1 and case.owner_station == "01"
    assert case.created_at.tzinfo is not None and case.deleted_at is None
    assert case.patent is not None and case.patent.number == "ZL201620161392.4"
    assert case.patent.kind == "utility_model"
    assert [p.owner_station for p in case.parties] == ["01", "01"]
    second = S.create_case(any_db, case_input())
    assert second.case_no == "呼新市监专裁字〔2026〕2号"
    other_year = S.create_case(any_db, case_input(received_on=date(2025, 12, 30)))
    assert other_year.case_no == "呼新市监专裁字〔2025〕1号"


def test_case_survives_reopening(db_url: str) -> None:
    db = open_database(db_url)
    init_station(db, "01")
    case = S.create_case(db, case_input())
    db.close()
    again = open_database(db_url, create=False)
    found = S.find_case(again, "呼新市监专裁字〔2026〕1号")
    assert found.id == case.id and found.parties[1].name == "张小明"
    again.close()


def test_invalid_case_saves_nothing(any_db: Database) -> None:
    bad = case_input()
    bad.patent.number = "ZL201620161392.5"  # type: ignore[union-attr]
    bad.received_on = date(2099, 1, 1)
    bad.parties = [p for p in bad.parties if p.role == "requester"]
    audit_before = _count(any_db, AuditEntry)
    with pytest.raises(ValidationError) as err:
        S.create_case(any_db, bad)
    message = str(err.value)
    assert "专利号校验位不正确：应为 4，输入为 5" in message
    assert "收到请求日期" in message and "晚于今天" in message
    assert "被请求人" in message
    assert _count(any_db, Case) == 0 and _count(any_db, AuditEntry) == audit_before
    with any_db.session() as s:  # no number was consumed either
        assert s.execute(text("SELECT count(*) FROM number_sequences")).scalar() == 0


def test_patent_kind_must_match_number(any_db: Database) -> None:
    bad = case_input()
    bad.patent.kind = "invention"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="是实用新型专利，与所选类型“发明”不符"):
        S.create_case(any_db, bad)


def test_edit_bumps_version_and_is_audited(any_db: Database) -> None:
    case = S.create_case(any_db, case_input(), actor="李书记")
    edit = case_input(handler="赵敏")
    for p, row in zip(edit.parties, case.parties):
        p.id = row.id
    edit.parties[1].address = "浙江省义乌市北苑街道春晗路2号"
    updated = S.update_case(any_db, case.id, edit, expected_version=case.version, actor="王审查")
    assert updated.version == case.version + 1
    with pytest.raises(DomainError, match="已被其他人修改"):
        S.update_case(any_db, case.id, edit, expected_version=case.version)
    lines = case_history(any_db, case.id)
    summaries = [(h.actor, h.summary) for h in lines]
    assert ("李书记", "新建案件“呼新市监专裁字〔2026〕1号”") in summaries
    assert ("李书记", "新建当事人“张小明”") in summaries
    edits = [h for h in lines if h.action == "update"]
    assert {h.actor for h in edits} == {"王审查"}
    details = [d for h in edits for d in h.details]
    assert "承办人：由“李明”改为“赵敏”" in details
    assert "地址：由“浙江省义乌市稠城街道工人北路8号”改为“浙江省义乌市北苑街道春晗路2号”" in details


def test_removed_party_is_tombstoned(any_db: Database) -> None:
    inp = case_input()
    inp.parties.append(type(inp.parties[1])("respondent", "person", "刘芳"))
    case = S.create_case(any_db, inp)
    assert len(case.parties) == 3
    edit = case_input()
    for p, row in zip(edit.parties, case.parties):
        p.id = row.id
    after = S.update_case(any_db, case.id, edit)
    assert [p.name for p in after.parties] == ["内蒙古草原星光科技有限公司", "张小明"]
    with any_db.session() as s:
        gone = s.scalars(select(Party).where(Party.name == "刘芳")).one()
        assert gone.deleted_at is not None
    assert any(h.action == "delete" and "刘芳" in h.record for h in case_history(any_db, case.id))


def test_delete_is_a_tombstone_and_restores(any_db: Database) -> None:
    case = S.create_case(any_db, case_input())
    S.set_deleted(any_db, case.id, True)
    assert S.count_cases(any_db) == 0
    assert S.count_cases(any_db, S.CaseQuery(deleted=True)) == 1
    S.set_deleted(any_db, case.id, False)
    assert S.count_cases(any_db) == 1
    actions = [h.action for h in case_history(any_db, case.id) if h.record.startswith("案件")]
    assert actions == ["create", "delete", "restore"]
    with pytest.raises(RuntimeError, match="never hard-deleted"), any_db.write() as s:
        s.delete(s.get(Case, case.id))
    assert S.count_cases(any_db) == 1


def test_filter_finds_party_patent_and_case_no(any_db: Database) -> None:
    S.create_case(any_db, case_input())
    other = case_input()
    other.parties[1].name = "义乌市星辰日用品有限公司"
    other.parties[1].party_type = "organisation"
    other.parties[1].id_number = ""
    other.ecommerce.shop = "星辰家居旗舰店"  # type: ignore[union-attr]
    S.create_case(any_db, other)
    assert S.count_cases(any_db, S.CaseQuery(text="小明")) == 1
    assert S.count_cases(any_db, S.CaseQuery(text="星辰")) == 1
    assert S.count_cases(any_db, S.CaseQuery(text="201620161392")) == 2
    assert S.count_cases(any_db, S.CaseQuery(text="〔2026〕2号")) == 1
    assert S.count_cases(any_db, S.CaseQuery(text="100%")) == 0
    rows = S.list_cases(any_db, S.CaseQuery(sort="case_no", descending=False))
    assert [r["case_no"] for r in rows] == ["呼新市监专裁字〔2026〕1号", "呼新市监专裁字〔2026〕2号"]


def test_numbers_unique_under_two_concurrent_connections(db_url: str) -> None:
    setup = open_database(db_url)
    init_station(setup, "01")
    setup.close()
    a, b = open_database(db_url), open_database(db_url)
    errors: list[BaseException] = []
    numbers: list[str] = []
    lock = threading.Lock()

    def work(db: Database) -> None:
        try:
            for _ in range(15):
                case = S.create_case(db, case_input())
                with lock:
                    numbers.append(case.case_no)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d,)) for d in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.close()
    b.close()
    assert not errors
    assert sorted(numbers) == sorted(f"呼新市监专裁字〔2026〕{i}号" for i in range(1, 31))


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    f = tmp_path / "notes.db"
    f.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(DatabaseRefused, match="不是本系统的数据库"):
        open_database(f)
    assert f.read_text(encoding="utf-8") == "这不是数据库"


def test_refuses_a_foreign_sqlite_database(tmp_path: Path) -> None:
    f = tmp_path / "other.db"
    con = sqlite3.connect(f)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseRefused, match="不是本系统的数据库"):
        open_database(f)


def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    f = tmp_path / "newer.db"
    open_database(f).close()
    con = sqlite3.connect(f)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseRefused, match="比本程序更新"):
        open_database(f)


def test_older_schema_is_migrated_after_a_backup(tmp_path: Path) -> None:
    from adjudicator.store import migrate
    from adjudicator.store.database import create_db_engine

    f = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{f}")
    migrate.upgrade(engine, "0001_foundation")
    engine.dispose()
    db = open_database(f)
    with db.session() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == migrate.head_revision()
    db.close()
    backups = list(tmp_path.glob("old.db.before-*.bak"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001_foundation"
    con.close()


def test_sqlite_pragmas(station_db: Database) -> None:
    with station_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_migrations_match_the_models(db_url: str) -> None:
    """Every model change has its migration: autogenerate finds nothing to do at head."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import adjudicator.store.all_models  # noqa: F401
    from adjudicator.store.base import Base

    db = open_database(db_url)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.close()
    meaningful = [d for d in diff if not (isinstance(d, tuple) and d[0] == "remove_table"
                                         and getattr(d[1], "name", "").startswith("case_search_fts"))]
    assert meaningful == []


def test_revision_graph_read_from_scripts_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from adjudicator.store import migrate

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_two_backups_in_one_second_never_overwrite_each_other(station_db: Database) -> None:
    """An import that changes nothing deletes its own backup: it must never be the earlier one."""
    from adjudicator.store.database import backup_sqlite

    assert station_db.path is not None
    first = backup_sqlite(station_db.engine, station_db.path, "before-import")
    second = backup_sqlite(station_db.engine, station_db.path, "before-import")
    assert first != second and first.exists() and second.exists()
    second.unlink()
    assert first.exists() and sqlite3.connect(first).execute("PRAGMA integrity_check").fetchone() == ("ok",)

"""Shared fixtures: a fresh station database on SQLite and, when configured, on PostgreSQL.

PostgreSQL tests need ``ADJUDICATOR_TEST_PG`` set to a server URL such as
``postgresql+psycopg://postgres@127.0.0.1:54329/postgres`` (``.ci/run`` starts one and sets it);
without it they are skipped with that reason. Qt runs offscreen.
"""

from __future__ import annotations

import itertools
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ADJUDICATOR_FONTS", "bundled")
os.environ["ADJUDICATOR_USER"] = "测试员"

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from adjudicator.stations.registry import init_station
from adjudicator.store import Database, open_database

PG_URL = os.environ.get("ADJUDICATOR_TEST_PG", "")
_counter = itertools.count()


def _pg_admin_url() -> str:
    return PG_URL


def new_pg_database() -> str:
    """Create an empty PostgreSQL database for one test and return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"t_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(_pg_admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = create_engine(_pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(autouse=True, scope="session")
def _server_database_keys(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Key pairs of PostgreSQL test databases in a temporary folder: issuing a document signs with one,
    and it must not land in this user's data directory (an SQLite database keeps its key beside it)."""
    os.environ.setdefault("ADJUDICATOR_KEY_DIR", str(tmp_path_factory.mktemp("keys")))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'station.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set ADJUDICATOR_TEST_PG (.ci/run does)")
    url = new_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture
def any_db(db_url: str) -> Iterator[Database]:
    """A station 01 database on each backend."""
    db = open_database(db_url)
    init_station(db, "01", user="测试员")
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def station_db(tmp_path: Path) -> Iterator[Database]:
    """A station 01 database on SQLite only (for tests that are not about storage)."""
    db = open_database(tmp_path / "station.db")
    init_station(db, "01", user="测试员")
    try:
        yield db
    finally:
        db.close()

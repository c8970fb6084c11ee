"""procedure: case events, calendar

Revision ID: 0002_procedure
Revises: 0001_foundation

Creates the case events, the working-day calendar and the deadline cache, then seeds the
calendar from the ``chinesecalendar`` package (2004-2026) in the same transaction, with ids
derived from the day (so every database holds the same calendar rows). A database that lost
its calendar is seeded again on first use (``adjudicator.calendar.store.ensure_seeded``).

Every existing case gets a placeholder row in the deadline cache, and triggers on ``cases``
keep it that way: a new case gets a placeholder, a changed version marks the row stale (see ``adjudicator.procedure.deadline_cache``, which also recreates the triggers should a
later SQLite batch migration of ``cases`` drop them).
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002_procedure"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

# Frozen copies of the values in adjudicator.store.models_procedure (a migration must not change later).
CALENDAR_NAMESPACE = uuid.UUID("6f1d3c52-3f0b-4b8e-9a55-2a8a0c6b7e21")
SUPERVISOR = "SUP"


def _synced_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_station", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_days")),
        sa.UniqueConstraint("day", name=op.f("uq_calendar_days_day")),
    )
    with op.batch_alter_table("calendar_days", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_days_owner_station"), ["owner_station"], unique=False)

    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("announced", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        *_synced_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_years")),
        sa.UniqueConstraint("year", name=op.f("uq_calendar_years_year")),
    )
    with op.batch_alter_table("calendar_years", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_years_owner_station"), ["owner_station"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index("ix_case_events_case_id_sequence", ["case_id", "sequence"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_events_owner_station"), ["owner_station"], unique=False)

    op.create_table(
        "deadline_cache",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("rules_key", sa.BigInteger(), nullable=False),
        sa.Column("relevant_until", sa.Date(), nullable=True),
        sa.Column("case_no", sa.String(length=60), nullable=False),
        sa.Column("case_kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("handler", sa.String(length=50), nullable=False),
        sa.Column("pending", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_deadline_cache_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_deadline_cache")),
    )
    with op.batch_alter_table("deadline_cache", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadline_cache_relevant_until"), ["relevant_until"], unique=False)

    _seed_calendar()
    _cache_triggers()


FOREVER = "9999-12-31"
_COLUMNS = "case_id, case_version, rules_key, relevant_until, case_no, case_kind, status, handler, pending"
SQLITE_TRIGGERS = (
    ("CREATE TRIGGER deadline_cache_case_ai AFTER INSERT ON cases BEGIN "
     f"INSERT OR IGNORE INTO deadline_cache ({_COLUMNS}) "
     f"VALUES (new.id, -1, 0, '{FOREVER}', new.case_no, new.kind, new.status, new.handler, '[]'); END"),
    ("CREATE TRIGGER deadline_cache_case_au AFTER UPDATE OF version ON cases WHEN new.version != old.version BEGIN "
     f"UPDATE deadline_cache SET case_version = -1, relevant_until = '{FOREVER}' WHERE case_id = new.id "
     "AND case_version != new.version; END"),
)
POSTGRESQL_TRIGGERS = (
    ("CREATE FUNCTION deadline_cache_case_changed() RETURNS trigger AS $$ BEGIN "
     "IF TG_OP = 'INSERT' THEN "
     f"INSERT INTO deadline_cache ({_COLUMNS}) "
     f"VALUES (NEW.id, -1, 0, '{FOREVER}', NEW.case_no, NEW.kind, NEW.status, NEW.handler, '[]') "
     "ON CONFLICT (case_id) DO NOTHING; "
     "ELSIF NEW.version IS DISTINCT FROM OLD.version THEN "
     f"UPDATE deadline_cache SET case_version = -1, relevant_until = '{FOREVER}' WHERE case_id = NEW.id "
     "AND case_version <> NEW.version; "
     "END IF; RETURN NULL; END $$ LANGUAGE plpgsql"),
    ("CREATE TRIGGER deadline_cache_case_changed AFTER INSERT OR UPDATE ON cases FOR EACH ROW "
     "EXECUTE FUNCTION deadline_cache_case_changed()"),
)


def _cache_triggers() -> None:
    """Every case has a cache row, marked for recomputation whenever the case's version changes."""
    op.execute(f"INSERT INTO deadline_cache ({_COLUMNS}) "
               f"SELECT id, -1, 0, '{FOREVER}', case_no, kind, status, handler, '[]' FROM cases")
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRESQL_TRIGGERS if dialect == "postgresql" else ():
        op.execute(statement)


def _seed_calendar() -> None:
    """The calendar of 2004-2026 from chinesecalendar, as the workdays module reads it."""
    from adjudicator.calendar.workdays import seed_entries_from_chinesecalendar

    entries, years = seed_entries_from_chinesecalendar(2004, 2026)
    now = datetime.now(UTC)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # SQLite stores UTC timestamps naive (see store.base.UTCDateTime)
        now = now.replace(tzinfo=None)
    common = {"owner_station": SUPERVISOR, "version": 1, "created_at": now, "updated_at": now, "deleted_at": None}

    def common_columns() -> list[sa.ColumnClause]:  # type: ignore[type-arg]
        return [sa.column("owner_station", sa.String()), sa.column("version", sa.Integer()),
                *(sa.column(c, sa.DateTime()) for c in ("created_at", "updated_at", "deleted_at"))]

    days = sa.table(
        "calendar_days", sa.column("id", sa.Uuid()), sa.column("day", sa.Date()), sa.column("kind", sa.String()),
        sa.column("name", sa.String()), *common_columns(),
    )
    year_table = sa.table(
        "calendar_years", sa.column("id", sa.Uuid()), sa.column("year", sa.Integer()),
        sa.column("announced", sa.Boolean()), sa.column("source", sa.String()), *common_columns(),
    )
    op.bulk_insert(days, [
        {**common, "id": uuid.uuid5(CALENDAR_NAMESPACE, f"day:{e.day.isoformat()}"), "day": e.day, "kind": e.kind,
         "name": e.name} for e in entries
    ])
    op.bulk_insert(year_table, [
        {**common, "id": uuid.uuid5(CALENDAR_NAMESPACE, f"year:{year}"), "year": year, "announced": True,
         "source": "chinesecalendar"} for year in sorted(years)
    ])


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS deadline_cache_case_ai")
        op.execute("DROP TRIGGER IF EXISTS deadline_cache_case_au")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS deadline_cache_case_changed ON cases")
        op.execute("DROP FUNCTION IF EXISTS deadline_cache_case_changed()")
    with op.batch_alter_table("deadline_cache", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_cache_relevant_until"))
    op.drop_table("deadline_cache")
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_owner_station"))
        batch_op.drop_index("ix_case_events_case_id_sequence")
    op.drop_table("case_events")
    with op.batch_alter_table("calendar_years", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_years_owner_station"))
    op.drop_table("calendar_years")
    with op.batch_alter_table("calendar_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_days_owner_station"))
    op.drop_table("calendar_days")

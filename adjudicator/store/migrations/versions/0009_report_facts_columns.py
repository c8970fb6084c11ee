"""reports: the facts of each case as typed columns, counted by SQL

Revision ID: 0009_report_facts_columns
Revises: 0008_sync

``report_facts`` is derived data (recomputed from the events on the next report), so the table
is dropped and made again with one column per fact instead of a JSON document: the figures
become SQL conditions and a year of nine stations is counted in one grouped query.
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_report_facts_columns"
down_revision = "0008_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_report_facts_station_last_on")
    op.drop_table("report_facts")
    op.create_table(
        "report_facts",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("rules_key", sa.BigInteger(), nullable=False),
        sa.Column("station", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("patent_kind", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("refused_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("limit_due", sa.Date(), nullable=True),
        sa.Column("net_days", sa.Integer(), nullable=True),
        sa.Column("suspended_from", sa.Date(), nullable=True),
        sa.Column("suspended_until", sa.Date(), nullable=True),
        sa.Column("extended_on", sa.Date(), nullable=True),
        sa.Column("extension_months", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("publish_due", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("lawsuit_on", sa.Date(), nullable=True),
        sa.Column("lawsuit_result", sa.String(length=20), nullable=True),
        sa.Column("enforcement_on", sa.Date(), nullable=True),
        sa.Column("enforcement_by", sa.String(length=20), nullable=True),
        sa.Column("last_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_report_facts_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_report_facts")),
    )
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.create_index("ix_report_facts_station_last_on", ["station", "last_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_report_facts_station_last_on")
    op.drop_table("report_facts")
    op.create_table(
        "report_facts",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("rules_key", sa.BigInteger(), nullable=False),
        sa.Column("station", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("last_on", sa.Date(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_report_facts_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_report_facts")),
    )
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.create_index("ix_report_facts_station_last_on", ["station", "last_on"], unique=False)

"""reports: the statistical facts of each case

Revision ID: 0005_reports
Revises: 0004_evidence

A derived, local table (never synced): it starts empty and is filled on the first report
(``adjudicator.reports.facts.refresh_facts``).
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_reports"
down_revision = "0004_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
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


def downgrade() -> None:
    with op.batch_alter_table("report_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_report_facts_station_last_on")
    op.drop_table("report_facts")

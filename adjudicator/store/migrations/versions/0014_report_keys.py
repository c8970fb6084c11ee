"""reports: each case's matching keys (respondent, shop, patent) stored beside its facts

Revision ID: 0014_report_keys
Revises: 0013_document_signature

Cross-station matching becomes a grouped query over stored, normalised keys. The keys are derived
data rebuilt with the facts, so the facts are emptied here: the next report rebuilds both.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_report_keys"
down_revision = "0013_document_signature"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_keys",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_report_keys_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", "kind", "key", name=op.f("pk_report_keys")),
    )
    with op.batch_alter_table("report_keys", schema=None) as batch_op:
        batch_op.create_index("ix_report_keys_key", ["key"], unique=False)
    op.execute("DELETE FROM report_facts")


def downgrade() -> None:
    with op.batch_alter_table("report_keys", schema=None) as batch_op:
        batch_op.drop_index("ix_report_keys_key")
    op.drop_table("report_keys")

"""evidence: exhibits and stored files

Revision ID: 0004_evidence
Revises: 0003_documents
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_evidence"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


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
        "exhibits",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("original", sa.Boolean(), nullable=False),
        sa.Column("notarised", sa.Boolean(), nullable=False),
        sa.Column("physical", sa.Boolean(), nullable=False),
        sa.Column("cross_exam", sa.Text(), nullable=False),
        sa.Column("finding", sa.String(length=20), nullable=False),
        sa.Column("finding_reason", sa.Text(), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_exhibits_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibits")),
    )
    with op.batch_alter_table("exhibits", schema=None) as batch_op:
        batch_op.create_index("ix_exhibits_case_side_number", ["case_id", "side", "number"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibits_owner_station"), ["owner_station"], unique=False)

    op.create_table(
        "exhibit_files",
        sa.Column("exhibit_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_exhibit_files_case_id_cases")),
        sa.ForeignKeyConstraint(["exhibit_id"], ["exhibits.id"],
                                name=op.f("fk_exhibit_files_exhibit_id_exhibits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibit_files")),
    )
    with op.batch_alter_table("exhibit_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibit_files_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibit_files_exhibit_id"), ["exhibit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibit_files_owner_station"), ["owner_station"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibit_files_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exhibit_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibit_files_sha256"))
        batch_op.drop_index(batch_op.f("ix_exhibit_files_owner_station"))
        batch_op.drop_index(batch_op.f("ix_exhibit_files_exhibit_id"))
        batch_op.drop_index(batch_op.f("ix_exhibit_files_case_id"))
    op.drop_table("exhibit_files")
    with op.batch_alter_table("exhibits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibits_owner_station"))
        batch_op.drop_index("ix_exhibits_case_side_number")
    op.drop_table("exhibits")

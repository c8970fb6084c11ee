"""documents: issued documents and service records

Revision ID: 0003_documents
Revises: 0002_procedure
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_documents"
down_revision = "0002_procedure"
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
        "documents",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("template_version", sa.String(length=20), nullable=False),
        sa.Column("issued_by", sa.String(length=50), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("corrects_id", sa.Uuid(), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_documents_case_id_cases")),
        sa.ForeignKeyConstraint(["corrects_id"], ["documents.id"], name=op.f("fk_documents_corrects_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("owner_station", "kind", "year", "seq", name="uq_documents_station_kind_year_seq"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_case_id_kind", ["case_id", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_owner_station"), ["owner_station"], unique=False)

    op.create_table(
        "service_records",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_service_records_case_id_cases")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_service_records_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_records")),
    )
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_records_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_records_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_records_owner_station"), ["owner_station"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_records_owner_station"))
        batch_op.drop_index(batch_op.f("ix_service_records_document_id"))
        batch_op.drop_index(batch_op.f("ix_service_records_case_id"))
    op.drop_table("service_records")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_owner_station"))
        batch_op.drop_index(batch_op.f("ix_documents_number"))
        batch_op.drop_index("ix_documents_case_id_kind")
    op.drop_table("documents")

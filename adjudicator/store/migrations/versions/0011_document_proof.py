"""documents: the content hash an issued document prints in its QR code

Revision ID: 0011_document_proof
Revises: 0010_audit_chain

Documents issued before have none (their PDFs carry no QR code); ``doc verify`` still knows
them by the SHA-256 of their file.
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_document_proof"
down_revision = "0010_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_sha256", sa.String(length=64), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_documents_content_sha256"), ["content_sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_content_sha256"))
        batch_op.drop_column("content_sha256")

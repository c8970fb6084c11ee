"""documents: the station's signature record an issued PDF carries

Revision ID: 0013_document_signature
Revises: 0012_accounts

Documents issued before carry none (empty); ``doc verify`` says so (issued before signing).
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_document_signature"
down_revision = "0012_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("signature")

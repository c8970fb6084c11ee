"""evidence: exhibits and stored files

Revision ID: 0004_evidence
Revises: 0003_documents
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004_evidence"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

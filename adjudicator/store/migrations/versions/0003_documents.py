"""documents: issued documents and service records

Revision ID: 0003_documents
Revises: 0002_procedure
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0003_documents"
down_revision = "0002_procedure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""intake: several platform complaint numbers per case; the Art. 43 forwarded-statement date

Revision ID: 0006_intake
Revises: 0005_reports
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_intake"
down_revision = "0005_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ecommerce_details") as batch:
        batch.alter_column("complaint_no", existing_type=sa.String(length=100), type_=sa.Text(),
                           existing_nullable=False)
        batch.add_column(sa.Column("statement_forwarded_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ecommerce_details") as batch:
        batch.drop_column("statement_forwarded_on")
        batch.alter_column("complaint_no", existing_type=sa.Text(), type_=sa.String(length=100),
                           existing_nullable=False)

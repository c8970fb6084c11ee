"""sync: station keys, imported packages, supervisor-side edits, conflicts, supervisor notes

Revision ID: 0008_sync
Revises: 0007_intermediate_court
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_sync"
down_revision = "0007_intermediate_court"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "station_keys",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=60), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("registered_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_station_keys")),
    )
    op.create_table(
        "sync_packages",
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("station", sa.String(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("schema_revision", sa.String(length=60), nullable=False),
        sa.Column("exported_at", sa.String(length=40), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=50), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_sync_packages")),
    )
    with op.batch_alter_table("sync_packages", schema=None) as batch_op:
        batch_op.create_index("ix_sync_packages_station_sequence", ["station", "sequence"], unique=False)
    op.create_table(
        "sync_edits",
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_id", name=op.f("pk_sync_edits")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("station", sa.String(length=16), nullable=False),
        sa.Column("package_id", sa.Uuid(), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("incoming_version", sa.Integer(), nullable=False),
        sa.Column("local_row", sa.JSON(), nullable=False),
        sa.Column("incoming_row", sa.JSON(), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.String(length=20), nullable=False),
        sa.Column("resolved_by", sa.String(length=50), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index("ix_sync_conflicts_table_name_record_id", ["table_name", "record_id"], unique=False)
    op.create_table(
        "supervisor_notes",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=50), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_station", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_supervisor_notes_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisor_notes")),
    )
    with op.batch_alter_table("supervisor_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supervisor_notes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supervisor_notes_owner_station"), ["owner_station"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supervisor_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervisor_notes_owner_station"))
        batch_op.drop_index(batch_op.f("ix_supervisor_notes_case_id"))
    op.drop_table("supervisor_notes")
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflicts_table_name_record_id")
    op.drop_table("sync_conflicts")
    op.drop_table("sync_edits")
    with op.batch_alter_table("sync_packages", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_packages_station_sequence")
    op.drop_table("sync_packages")
    op.drop_table("station_keys")

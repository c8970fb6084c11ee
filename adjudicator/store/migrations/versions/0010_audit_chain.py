"""audit: a hash chain per station over the audit trail (tamper evidence)

Revision ID: 0010_audit_chain
Revises: 0009_report_facts_columns

Adds the chain columns and links the entries already written, per station in the order they
were written (``seq``), with the hash defined in :mod:`adjudicator.store.chain` (a file format,
so importing it here keeps the two from ever disagreeing). Entries without a station join the
supervisor's own chain.
"""
from typing import Any

import sqlalchemy as sa
from alembic import op

from adjudicator.store.base import UTCDateTime
from adjudicator.store.chain import SUPERVISOR_CHAIN, link

revision = "0010_audit_chain"
down_revision = "0009_report_facts_columns"
branch_labels = None
depends_on = None

_audit = sa.table(
    "audit_entries",
    sa.column("seq", sa.Integer()), sa.column("entry_id", sa.Uuid()), sa.column("at", UTCDateTime()),
    sa.column("actor", sa.String()), sa.column("station", sa.String()), sa.column("table_name", sa.String()),
    sa.column("record_id", sa.Uuid()), sa.column("record_label", sa.String()), sa.column("case_id", sa.Uuid()),
    sa.column("action", sa.String()), sa.column("changes", sa.JSON()), sa.column("chain", sa.String()),
    sa.column("chain_seq", sa.Integer()), sa.column("prev_hash", sa.String()), sa.column("hash", sa.String()),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain", sa.String(length=16), server_default="", nullable=False))
        batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), server_default="", nullable=False))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), server_default="", nullable=False))
        batch_op.create_index("ix_audit_entries_chain_seq", ["chain", "chain_seq"], unique=False)
    conn = op.get_bind()
    heads: dict[str, tuple[int, str]] = {}
    columns = [c for c in _audit.c if c.name not in ("chain", "chain_seq", "prev_hash", "hash")]
    last = -1
    while True:  # pages by seq, each read whole before its rows are updated
        rows: list[dict[str, Any]] = [dict(r) for r in conn.execute(
            sa.select(*columns).where(_audit.c.seq > last).order_by(_audit.c.seq).limit(2000)).mappings()]
        if not rows:
            break
        last = rows[-1]["seq"]
        for row in rows:
            chain = str(row["station"] or SUPERVISOR_CHAIN)
            heads[chain] = link([row], chain, heads.get(chain, (0, "")))
        conn.execute(
            _audit.update().where(_audit.c.seq == sa.bindparam("b_seq")).values(
                chain=sa.bindparam("b_chain"), chain_seq=sa.bindparam("b_chain_seq"),
                prev_hash=sa.bindparam("b_prev_hash"), hash=sa.bindparam("b_hash")),
            [{"b_seq": r["seq"], "b_chain": r["chain"], "b_chain_seq": r["chain_seq"],
              "b_prev_hash": r["prev_hash"], "b_hash": r["hash"]} for r in rows])


def downgrade() -> None:
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_chain_seq")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("chain_seq")
        batch_op.drop_column("chain")

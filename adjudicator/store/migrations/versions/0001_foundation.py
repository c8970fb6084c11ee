"""foundation: stations, cases, parties, patents, audit

Revision ID: 0001_foundation
Revises: (none)
Create Date: 2026-11-26 07:37:26.087582
"""
import sqlalchemy as sa
from alembic import op

revision = '0001_foundation'
down_revision = None
branch_labels = None
depends_on = None


SQLITE_FTS = (
    "CREATE VIRTUAL TABLE case_search_fts USING fts5(text, content='case_search', content_rowid='case_key', "
    "tokenize='trigram')",
    "CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN "
    "INSERT INTO case_search_fts(rowid, text) VALUES (new.case_key, new.text); END",
    "CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN "
    "INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.case_key, old.text); END",
    "CREATE TRIGGER case_search_au AFTER UPDATE ON case_search BEGIN "
    "INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.case_key, old.text); "
    "INSERT INTO case_search_fts(rowid, text) VALUES (new.case_key, new.text); END",
)


def upgrade() -> None:
    
    op.create_table('audit_entries',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('entry_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=50), nullable=False),
    sa.Column('station', sa.String(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=50), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('record_label', sa.String(length=200), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_entries')),
    sa.UniqueConstraint('entry_id', name=op.f('uq_audit_entries_entry_id'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entries_case_id', ['case_id'], unique=False)

    op.create_table('cases',
    sa.Column('case_no', sa.String(length=60), nullable=False),
    sa.Column('list_key', sa.Integer(), nullable=False),
    sa.Column('case_year', sa.Integer(), nullable=False),
    sa.Column('case_seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('handler', sa.String(length=50), nullable=False),
    sa.Column('panel', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claims_summary', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('party_summary', sa.String(length=300), nullable=False),
    sa.Column('patent_no', sa.String(length=30), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_station', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('case_no', name=op.f('uq_cases_case_no')),
    sa.UniqueConstraint('list_key', name=op.f('uq_cases_list_key')),
    sa.UniqueConstraint('owner_station', 'case_year', 'case_seq', name='uq_cases_station_year_seq')
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_owner_station'), ['owner_station'], unique=False)
        batch_op.create_index('ix_cases_received_on', ['received_on'], unique=False)
        batch_op.create_index('ix_cases_status', ['status'], unique=False)
        batch_op.create_index('ix_cases_list_order', ['received_on', 'case_year', 'case_seq'], unique=False)

    op.create_table('case_search',
    sa.Column('case_key', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['case_key'], ['cases.list_key'], name=op.f('fk_case_search_case_key_cases')),
    sa.PrimaryKeyConstraint('case_key', name=op.f('pk_case_search'))
    )
    if op.get_bind().dialect.name == "sqlite":
        # Trigram full-text index over case_search (rowid-aligned, kept by triggers): 3+ character
        # filters without a scan. Shorter ones scan the narrow case_search table instead.
        for statement in SQLITE_FTS:
            op.execute(statement)
    op.create_table('number_sequences',
    sa.Column('station', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('series', sa.String(length=40), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('station', 'year', 'series', name=op.f('pk_number_sequences'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('stations',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('office_name', sa.String(length=100), nullable=False),
    sa.Column('doc_prefix', sa.String(length=40), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('court', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_station', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stations')),
    sa.UniqueConstraint('code', name=op.f('uq_stations_code'))
    )
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stations_owner_station'), ['owner_station'], unique=False)

    op.create_table('ecommerce_details',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('platform', sa.String(length=50), nullable=False),
    sa.Column('shop', sa.String(length=200), nullable=False),
    sa.Column('listing_links', sa.JSON(), nullable=False),
    sa.Column('complaint_no', sa.String(length=100), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_station', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_ecommerce_details_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ecommerce_details')),
    sa.UniqueConstraint('case_id', name=op.f('uq_ecommerce_details_case_id'))
    )
    with op.batch_alter_table('ecommerce_details', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ecommerce_details_owner_station'), ['owner_station'], unique=False)

    op.create_table('parties',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('party_type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('legal_rep', sa.String(length=50), nullable=False),
    sa.Column('legal_rep_title', sa.String(length=50), nullable=False),
    sa.Column('agents', sa.JSON(), nullable=False),
    sa.Column('abroad', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_station', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_parties_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parties'))
    )
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parties_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parties_owner_station'), ['owner_station'], unique=False)

    op.create_table('patents',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('pct', sa.Boolean(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('patentee', sa.String(length=200), nullable=False),
    sa.Column('application_date', sa.Date(), nullable=True),
    sa.Column('grant_date', sa.Date(), nullable=True),
    sa.Column('claims', sa.String(length=300), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_station', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_patents_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patents')),
    sa.UniqueConstraint('case_id', name=op.f('uq_patents_case_id'))
    )
    with op.batch_alter_table('patents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patents_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_patents_owner_station'), ['owner_station'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('patents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patents_owner_station'))
        batch_op.drop_index(batch_op.f('ix_patents_number'))

    op.drop_table('patents')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parties_owner_station'))
        batch_op.drop_index(batch_op.f('ix_parties_case_id'))

    op.drop_table('parties')
    with op.batch_alter_table('ecommerce_details', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ecommerce_details_owner_station'))

    op.drop_table('ecommerce_details')
    with op.batch_alter_table('stations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stations_owner_station'))

    op.drop_table('stations')
    op.drop_table('settings')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS case_search_fts")
    op.drop_table('case_search')
    op.drop_table('number_sequences')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_list_order')
        batch_op.drop_index('ix_cases_status')
        batch_op.drop_index('ix_cases_received_on')
        batch_op.drop_index(batch_op.f('ix_cases_owner_station'))

    op.drop_table('cases')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_case_id')

    op.drop_table('audit_entries')


"""Imports every model module so the metadata knows all tables (for Alembic and tests)."""

from adjudicator.store import (  # noqa: F401
    models,
    models_accounts,
    models_documents,
    models_evidence,
    models_procedure,
    models_reports,
    models_sync,
)

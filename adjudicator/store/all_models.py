"""Imports every model module so the metadata knows all tables (for Alembic and tests)."""

from adjudicator.store import models  # noqa: F401

"""Imports every model module so the metadata knows all tables (for Alembic and tests)."""

import adjudicator.store.models_evidence  # noqa: F401
from adjudicator.store import models  # noqa: F401

"""Alembic environment: the engine comes from ``config.attributes['engine']`` (see migrate.py)."""

from alembic import context
from sqlalchemy import create_engine

import adjudicator.store.all_models  # noqa: F401  (registers every table on the metadata)
from adjudicator.store.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()

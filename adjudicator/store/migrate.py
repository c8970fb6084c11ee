"""Alembic, driven from code: the migration scripts ship inside the package.

Opening a database only needs to know which revisions exist and which is the newest; that
is read from the scripts' own ``revision``/``down_revision`` lines, so the program does not
import Alembic (and Mako with it: ~0.2 s of start-up) unless a migration actually runs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:None|['\"]([^'\"]*)['\"])", re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


@lru_cache(maxsize=1)
def _graph() -> dict[str, str | None]:
    """Each revision and the one it revises, read from the version scripts."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        rev, down = _REVISION.search(text), _DOWN.search(text)
        if rev is None or down is None:
            raise RuntimeError(f"migration script without revision lines: {script.name}")
        graph[rev.group(1)] = down.group(1) or None
    return graph


def known_revisions() -> set[str]:
    return set(_graph())


def head_revision() -> str:
    graph = _graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must form one line; heads: {sorted(heads)}")
    return heads.pop()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``, one transaction per step."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)

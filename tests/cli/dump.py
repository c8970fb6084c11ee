"""A database's whole content as text, to assert that a refused command changed nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, create_engine, select


def dump(url: str) -> str:
    """Every table's rows, sorted, on SQLite or PostgreSQL (read through a separate connection)."""
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        lines: list[str] = []
        with engine.connect() as conn:
            for name in sorted(meta.tables):
                table = meta.tables[name]
                rows = sorted(repr(tuple(r)) for r in conn.execute(select(table)))
                lines.append(f"{name}: {len(rows)}")
                lines += rows
        return "\n".join(lines)
    finally:
        engine.dispose()


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the database's companions and evidence store) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(("-wal", "-shm"))}

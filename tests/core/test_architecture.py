"""The layers hold: the core never imports Qt, the UI never touches storage, storage imports nothing above it."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import adjudicator

ROOT = Path(__file__).resolve().parents[2]


def test_core_does_not_import_qt() -> None:
    modules = [m.name for m in pkgutil.walk_packages(adjudicator.__path__, "adjudicator.")
               if ".migrations" not in m.name and m.name != "adjudicator.__main__"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"the core imported Qt: {result.stdout}"
    assert len(modules) > 10


def test_core_source_never_names_qt() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "adjudicator").rglob("*.py")
                 if any(w in p.read_text(encoding="utf-8") for w in ("import PySide6", "from PySide6"))]
    assert offenders == []


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function (absolute names)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_ui_never_imports_sqlalchemy_or_storage() -> None:
    """The UI receives frozen views from the services; SQL and storage models stay in the core."""
    offenders = [f"{p.relative_to(ROOT)}: {name}" for p in sorted((ROOT / "ui").rglob("*.py"))
                 for name in _imports(p)
                 if name == "sqlalchemy" or name.startswith(("sqlalchemy.", "adjudicator.store"))]
    assert offenders == []


def test_storage_never_imports_anything_above_it() -> None:
    """``adjudicator.store`` is the bottom layer: it may use itself and the error types, nothing else of ours.

    Landed migrations are history and are not edited; one seeds the calendar from its package.
    """
    allowed = ("adjudicator.store", "adjudicator.errors")
    offenders = [f"{p.relative_to(ROOT)}: {name}" for p in sorted((ROOT / "adjudicator" / "store").rglob("*.py"))
                 if "versions" not in p.parts
                 for name in _imports(p)
                 if name.startswith("adjudicator") and not name.startswith(allowed)]
    assert offenders == []


def test_the_checks_see_the_imports_they_forbid(tmp_path: Path) -> None:
    """The scanner finds imports inside functions too (as the lazy ones it replaced were)."""
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlalchemy.orm\n\ndef f():\n    from adjudicator.procedure import kinds\n",
                      encoding="utf-8")
    assert _imports(sample) == ["sqlalchemy.orm", "adjudicator.procedure"]

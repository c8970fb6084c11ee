"""The layers hold: the core never imports Qt, the UI never touches storage, core packages import only downwards."""

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


#: The core's packages (and top-level modules) from the bottom up. A package may import the packages of
#: lower layers only: never one of its own layer, never one above. A new package takes its place here.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "progress", "paths"),                       # leaves
    ("store",),                                            # models, engine, migrations, audit
    ("database", "stations", "calendar", "accounts"),      # the database handle, stations, working days, users
    ("cases",),                                            # case records, the owner/version guard, views
    ("procedure", "evidence"),                             # events and deadlines; exhibits and their files
    ("documents", "outputs"),                              # templates, issuing, service; the output-path guard
    ("history", "intake", "reports", "demo", "sync"),      # read and compose the services below
    ("trust",),                                            # audit verify, backups, document proof
    ("cli",),
    ("__main__",),
)


def _core_imports(core: Path) -> dict[tuple[str, str], list[str]]:
    """(importing package, imported package) -> the files where it happens, for every import in ``core``."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(core.rglob("*.py")):
        parts = path.relative_to(core).parts
        if "versions" in parts or parts == ("__init__.py",):
            continue
        source = parts[0].removesuffix(".py")
        for name in _imports(path):
            names = name.split(".")
            if names[0] == "adjudicator" and len(names) > 1 and names[1] != source:
                found.setdefault((source, names[1]), []).append(str(path.relative_to(core)))
    return found


def _layer_problems(core: Path) -> list[str]:
    """Imports of a package of the same or a higher layer, and packages :data:`LAYERS` does not place."""
    layer = {name: i for i, names in enumerate(LAYERS) for name in names}
    imports = _core_imports(core)
    unplaced = sorted({name for pair in imports for name in pair if name not in layer})
    if unplaced:
        return [f"core packages without a place in LAYERS: {unplaced}"]
    return [f"{source} -> {target} ({', '.join(sorted(set(files)))})"
            for (source, target), files in sorted(imports.items()) if layer[target] >= layer[source]]


def test_core_packages_import_only_downwards() -> None:
    """``cases`` never reaches up into ``procedure``, ``procedure`` never into ``documents`` …; see :data:`LAYERS`."""
    assert _layer_problems(ROOT / "adjudicator") == []
    assert ("cli", "cases") in _core_imports(ROOT / "adjudicator")  # the scan sees the real imports


def test_the_layer_check_refuses_an_upward_or_sideways_import(tmp_path: Path) -> None:
    """The import this rule was written for (cases reading procedure's event kinds) would be caught."""
    core = tmp_path / "adjudicator"
    (core / "cases").mkdir(parents=True)
    (core / "cases" / "history.py").write_text(
        "from adjudicator.store import Database\n\ndef f():\n    from adjudicator.procedure.kinds import EVENT_KINDS\n",
        encoding="utf-8")
    assert _layer_problems(core) == ["cases -> procedure (cases/history.py)"]
    (core / "cases" / "history.py").write_text("import adjudicator.evidence.service\n", encoding="utf-8")
    assert _layer_problems(core) == ["cases -> evidence (cases/history.py)"]
    (core / "procedure").mkdir()
    (core / "procedure" / "x.py").write_text("from adjudicator.evidence import service\n", encoding="utf-8")
    (core / "cases" / "history.py").write_text("from adjudicator.store import Database\n", encoding="utf-8")
    assert _layer_problems(core) == ["procedure -> evidence (procedure/x.py)"]  # same layer: neither above
    (core / "procedure" / "x.py").write_text("from adjudicator.newthing import y\n", encoding="utf-8")
    assert _layer_problems(core) == ["core packages without a place in LAYERS: ['newthing']"]


def test_the_checks_see_the_imports_they_forbid(tmp_path: Path) -> None:
    """The scanner finds imports inside functions too (as the lazy ones it replaced were)."""
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlalchemy.orm\n\ndef f():\n    from adjudicator.procedure import kinds\n",
                      encoding="utf-8")
    assert _imports(sample) == ["sqlalchemy.orm", "adjudicator.procedure"]

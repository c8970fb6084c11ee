"""The core never imports Qt: the command line and a supervisor's scripts run without it."""

from __future__ import annotations

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

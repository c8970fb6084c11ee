"""Commands of the documents feature (filled in by that feature)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this feature's commands to the adjudicator parser."""

"""Ids of demo rows: drawn from the run's seeded generator, salted per run so they are never shared.

The same seed must give the same names, numbers and dates (benchmarks and trials compare like
with like), but two stations' demo databases made with one seed, or a second run on the same
database, must never share a UUID: the supervisor merge keys every row by it city-wide.
"""

from __future__ import annotations

import random
import secrets
import uuid


class DemoRandom(random.Random):
    """The seeded generator of one demo run, carrying that run's random salt for ids."""

    def __init__(self, seed: int, salt: int | None = None):
        super().__init__(seed)
        self.salt = secrets.randbits(128) if salt is None else salt


def demo_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 UUID: the seeded stream's next 128 bits XOR the run's salt (same draws, new ids)."""
    return uuid.UUID(int=rng.getrandbits(128) ^ getattr(rng, "salt", 0), version=4)

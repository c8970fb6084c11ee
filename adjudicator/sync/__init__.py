"""Sync between stations and supervisors: station keys, signed packages, import and merge.

- :mod:`~adjudicator.sync.keys`: each station's (and the supervisors') Ed25519 key pair, the key
  files they exchange, the supervisor's registry of trusted stations.
- :mod:`~adjudicator.sync.package`: the package file: a zip with a SQLite snapshot, attachments by
  content hash, ``manifest.json`` and its signature; writing one, and checking one before use.
- :mod:`~adjudicator.sync.export`: a station's export, and the supervisors' reference-data package.
- :mod:`~adjudicator.sync.merge`: merging one checked package into a database in one transaction
  (higher version wins, tombstones travel, the audit trail grows, conflicts are kept).
- :mod:`~adjudicator.sync.importer`: importing package files: checks, backup, merge, summary.
- :mod:`~adjudicator.sync.supervision`: what the supervisor sees: stations heard from, conflicts
  and their resolution, review notes and flags.

No Qt here; the command line (:mod:`adjudicator.cli.cmd_sync`) and the supervisor's window call these.
"""

from adjudicator.progress import Progress

__all__ = ["Progress"]

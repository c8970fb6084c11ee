"""What someone with an outside database tool, but without the station's key file, can do to an issued document.

Used by the document-signature tests and ``tools/reliability.py``.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from sqlalchemy import create_engine, select, update

import adjudicator.store.all_models  # noqa: F401  (every table on the metadata)
from adjudicator.store.chain import entry_hash
from adjudicator.store.models import AuditEntry
from adjudicator.store.models_documents import Document


def forge_stored_document(url: str, number: str, forged: bytes, signature: str | None = None) -> None:
    """Replace an issued document's stored PDF and SHA-256, and make the audit trail agree.

    The document's audit entries are rewritten to name the forged hash and the station's hash
    chain is recomputed from there on (its canonical form is no secret), so the chain is whole
    and every row agrees with its entries: only the station's signature is beyond reach.
    ``signature``: also put this in the row's signature column (``""``: as if never signed).
    """
    audit: Any = AuditEntry.__table__
    documents: Any = Document.__table__
    digest = hashlib.sha256(forged).hexdigest()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            doc_id, station = conn.execute(select(documents.c.id, documents.c.owner_station)
                                                .where(documents.c.number == number)).one()
            values = {"pdf": forged, "sha256": digest} | ({} if signature is None else {"signature": signature})
            conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))
            entries = conn.execute(select(audit).where(audit.c.chain == station).order_by(audit.c.chain_seq)).mappings()
            previous, rewriting = "", False
            for row in list(entries):
                entry = dict(row)
                changes = copy.deepcopy(entry["changes"] or {})
                if entry["record_id"] == doc_id and "sha256" in changes:
                    value = changes["sha256"]
                    changes["sha256"] = [value[0], digest] if isinstance(value, list) else digest
                    if signature is not None and "signature" in changes:
                        old = changes["signature"]
                        changes["signature"] = [old[0], signature] if isinstance(old, list) else signature
                    rewriting = True
                if rewriting:
                    entry.update(changes=changes, prev_hash=previous)
                    entry["hash"] = entry_hash(entry)
                    conn.execute(update(audit).where(audit.c.seq == row["seq"])
                                 .values(changes=changes, prev_hash=previous, hash=entry["hash"]))
                previous = entry["hash"]
            assert rewriting, f"no audit entry of {number} names its hash"
    finally:
        engine.dispose()

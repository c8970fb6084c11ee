"""Issued documents for a few demo cases, so ``doc reprint`` and ``doc batch`` have something to show.

Issued through the real service (:func:`adjudicator.documents.issuing.issue_new`): each takes the
next number of its series and is stored with its PDF, dated the day the case was filed. Only a
handful of cases get them (rendering a PDF takes a moment; a 100,000-case benchmark demo must not
wait on thousands).
"""

from __future__ import annotations

from sqlalchemy import select

from adjudicator.documents.issuing import issue_new
from adjudicator.store import Database
from adjudicator.store.models import Case
from adjudicator.store.models_documents import Document
from adjudicator.store.models_procedure import CaseEvent

#: The documents each chosen case gets on the day it was filed.
KINDS = ("filing-notice", "answer-notice")
DEFAULT_CASES = 5
MAX_CASES = 50


def issue_demo_documents(db: Database, cases: int = DEFAULT_CASES, actor: str = "演示数据") -> list[str]:
    """Issue :data:`KINDS` for the first ``cases`` filed cases that have no documents yet; returns the numbers."""
    if cases <= 0:
        return []
    with db.session() as s:
        has_documents = select(Document.id).where(Document.case_id == Case.id).exists()
        chosen = s.execute(
            select(Case.id, CaseEvent.date).join(CaseEvent, CaseEvent.case_id == Case.id)
            .where(CaseEvent.kind == "filed", CaseEvent.deleted_at.is_(None), Case.deleted_at.is_(None),
                   Case.owner_station == db.station_code, ~has_documents)
            .order_by(Case.case_year, Case.case_seq).limit(min(cases, MAX_CASES))).all()
    numbers: list[str] = []
    for case_id, filed_on in chosen:
        for kind in KINDS:
            view = issue_new(db, case_id, kind, issued_on=filed_on, actor=actor)
            numbers.append(str(view.number))
    return numbers

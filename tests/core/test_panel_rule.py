"""合议组 or 独任审理: one station setting that the case form's hint and the documents both follow."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from adjudicator.cases import service as S
from adjudicator.cases.panel import panel_hint, set_sole_handler_allowed, sole_handler_allowed
from adjudicator.documents import issuing
from adjudicator.documents import service as D
from adjudicator.store import Database
from tests.core.factories import case_input
from tests.core.test_documents import FIELDS


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def test_without_the_setting_a_panel_is_required_and_the_hint_says_so(any_db: Database) -> None:
    assert not sole_handler_allowed(any_db)
    assert "须填写" in panel_hint(False) and "独任" not in panel_hint(False)
    case = S.create_case(any_db, case_input(panel=[]))
    for kind in ("filing-notice", "hearing-notice", "decision"):
        draft = D.create_draft(any_db, case.id, kind, FIELDS[kind])
        assert "合议组成员（在案件信息中填写）" in D.missing_fields(any_db, draft.id), kind


def test_with_the_setting_the_documents_name_the_sole_handler(any_db: Database) -> None:
    set_sole_handler_allowed(any_db, True)
    assert sole_handler_allowed(any_db) and "独任审理" in panel_hint(True)
    case = S.create_case(any_db, case_input(panel=[]))
    filing = D.create_draft(any_db, case.id, "filing-notice", FIELDS["filing-notice"])
    assert D.missing_fields(any_db, filing.id) == []
    issued = issuing.issue(any_db, filing.id)
    text = _text(D.reprint(any_db, str(issued.id)))
    assert "本案由承办人李明独任审理" in text and "合议组" not in text
    decision = D.create_draft(any_db, case.id, "decision", FIELDS["decision"])
    text = _text(D.render_preview(any_db, decision.id))
    assert "由承办人李明独任审理" in text and "审理人员：李明" in text and "合议组" not in text
    # A case that has a panel keeps it even where a sole handler is allowed.
    with_panel = S.create_case(any_db, case_input())
    hearing = D.create_draft(any_db, with_panel.id, "hearing-notice", FIELDS["hearing-notice"])
    assert "合议组由王建国、李明、赵敏组成" in _text(D.render_preview(any_db, hearing.id))

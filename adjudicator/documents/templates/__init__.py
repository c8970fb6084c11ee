"""Document templates (文书模板): one builder per kind, from a :class:`DocumentContext` to layout blocks.

Each :class:`Template` declares the fields a clerk fills in (pre-filled from the case and its
events where they are known) and :meth:`Template.missing_fields` lists, in Chinese, what must
still be filled in; a document with missing data is refused before anything is numbered.
"""

from __future__ import annotations

from adjudicator.errors import DomainError

from .context import (
    DocumentContext,
    EcommerceView,
    EventView,
    FieldSpec,
    PartyView,
    PatentView,
    Template,
)
from .decision import DECISION_TEMPLATE
from .forms import FORM_TEMPLATES
from .notices import NOTICE_TEMPLATES

__all__ = [
    "DOCUMENT_KINDS", "TEMPLATES", "DocumentContext", "EcommerceView", "EventView", "FieldSpec", "PartyView",
    "PatentView", "Template", "kind_title", "template",
]

_ORDER = ("filing-notice", "refusal-notice", "correction-notice", "answer-notice", "evidence-notice",
          "hearing-notice", "suspension-notice", "resumption-notice", "extension-approval", "decision",
          "mediation-agreement", "withdrawal-decision", "service-receipt")
_ALL = {t.kind: t for t in (*NOTICE_TEMPLATES, DECISION_TEMPLATE, *FORM_TEMPLATES)}
TEMPLATES: dict[str, Template] = {kind: _ALL[kind] for kind in _ORDER}
#: Command-line kind -> Chinese document name.
DOCUMENT_KINDS: dict[str, str] = {kind: t.title for kind, t in TEMPLATES.items()}


def template(kind: str) -> Template:
    """The template of ``kind``; DomainError listing the kinds otherwise."""
    found = TEMPLATES.get(kind)
    if found is None:
        known = "、".join(f"{k}（{v}）" for k, v in DOCUMENT_KINDS.items())
        raise DomainError(f"未知的文书种类 {kind}；可用的种类：{known}。")
    return found


def kind_title(kind: str) -> str:
    return DOCUMENT_KINDS.get(kind, kind)

"""Document templates (文书模板): one builder per kind, from a :class:`DocumentContext` to layout blocks.

Each :class:`Template` declares the fields a clerk fills in (pre-filled from the case and its
events where they are known) and :meth:`Template.missing_fields` lists, in Chinese, what must
still be filled in; a document with missing data is refused before anything is numbered.
"""

from __future__ import annotations

from adjudicator.errors import DomainError
from adjudicator.store.labels import register_labels

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
from .platform import PLATFORM_TEMPLATE

__all__ = [
    "DERIVED_KINDS", "DOCUMENT_KINDS", "NUMBER_WORDS", "PUBLICATION_KIND", "TEMPLATES", "DocumentContext",
    "EcommerceView", "EventView", "FieldSpec", "PartyView", "PatentView", "Template", "document_prefix", "format_document_number", "kind_of_number",
    "kind_title", "template",
]

_ORDER = ("filing-notice", "refusal-notice", "correction-notice", "answer-notice", "evidence-notice",
          "hearing-notice", "suspension-notice", "resumption-notice", "extension-approval", "decision",
          "platform-notice", "mediation-agreement", "withdrawal-decision", "service-receipt")
_ALL = {t.kind: t for t in (*NOTICE_TEMPLATES, DECISION_TEMPLATE, PLATFORM_TEMPLATE, *FORM_TEMPLATES)}
TEMPLATES: dict[str, Template] = {kind: _ALL[kind] for kind in _ORDER}
#: Command-line kind -> Chinese document name.
DOCUMENT_KINDS: dict[str, str] = {kind: t.title for kind, t in TEMPLATES.items()}
register_labels("document", DOCUMENT_KINDS)


#: The public version of a decision: produced from the issued decision (never drafted), it carries its number.
PUBLICATION_KIND = "decision-publication"
#: Kinds derived from an issued document rather than drafted: kind -> Chinese name.
DERIVED_KINDS: dict[str, str] = {PUBLICATION_KIND: "行政裁决书（公开版）"}


#: The word before 字 in each kind's document number (文号). The decision (行政裁决书) keeps the
#: station's prefix (呼新市监专裁字); every other kind replaces its trailing 裁字 with ``word``字
#: (呼新市监专立字〔2026〕1号), so a number names its kind and no two kinds share a number.
NUMBER_WORDS: dict[str, str | None] = {
    "filing-notice": "立", "refusal-notice": "不受", "correction-notice": "补", "answer-notice": "答",
    "evidence-notice": "举", "hearing-notice": "审", "suspension-notice": "中", "resumption-notice": "恢",
    "extension-approval": "延", "decision": None, "platform-notice": "平", "mediation-agreement": "调",
    "withdrawal-decision": "撤",
    "service-receipt": "送",
}


def document_prefix(station_prefix: str, kind: str) -> str:
    """The prefix of ``kind``'s numbers: 呼新市监专裁字 -> 呼新市监专立字 (filing-notice), unchanged for a decision.

    A station prefix not ending in 裁字 gets the word inserted before its final 字 (or appended with 字).
    """
    word = NUMBER_WORDS.get(template(kind).kind)
    if word is None:
        return station_prefix
    if station_prefix.endswith("裁字"):
        return f"{station_prefix[:-2]}{word}字"
    if station_prefix.endswith("字"):
        return f"{station_prefix[:-1]}{word}字"
    return f"{station_prefix}{word}字"


def format_document_number(station_prefix: str, year: int, seq: int, kind: str = "decision") -> str:
    """呼新市监专立字〔2026〕7号: the kind's prefix, full year in 六角括号, no leading zeros, no 第."""
    return f"{document_prefix(station_prefix, kind)}〔{year}〕{seq}号"


def kind_of_number(number: str) -> str | None:
    """The kind a document number names by its 字 (立字 -> filing-notice), or None for the station's own
    裁字 (a decision, or a number issued before numbers were distinct per kind)."""
    head = number.split("〔", 1)[0].strip()
    for kind, word in sorted(NUMBER_WORDS.items(), key=lambda kv: -len(kv[1] or "")):
        if word and head.endswith(f"{word}字"):
            return kind
    return None


def template(kind: str) -> Template:
    """The template of ``kind``; DomainError listing the kinds otherwise."""
    found = TEMPLATES.get(kind)
    if found is None:
        known = "、".join(f"{k}（{v}）" for k, v in DOCUMENT_KINDS.items())
        raise DomainError(f"未知的文书种类 {kind}；可用的种类：{known}。")
    return found


def kind_title(kind: str) -> str:
    return DOCUMENT_KINDS.get(kind) or DERIVED_KINDS.get(kind, kind)

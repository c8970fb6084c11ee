"""Chinese names of coded values (event kinds, document kinds) for the audit trail's record names.

Storage sits below every other package and imports none of them, yet an audit entry names its
record in words (立案 2026-03-04, 答辩通知书 呼新市监专答字〔2026〕3号). The packages that own
those words register them here when they are imported (:mod:`adjudicator.procedure.kinds`,
:mod:`adjudicator.documents.templates`); every service that writes such a row imports its
package first, so the words are there when the row is written. An unregistered code names itself.
"""

from __future__ import annotations

from collections.abc import Mapping

_LABELS: dict[str, dict[str, str]] = {}


def register_labels(vocabulary: str, labels: Mapping[str, str]) -> None:
    """Make ``labels`` (code -> Chinese name) the words of ``vocabulary`` (``event``, ``document``)."""
    _LABELS.setdefault(vocabulary, {}).update(labels)


def label(vocabulary: str, code: str) -> str:
    """The Chinese name of ``code`` in ``vocabulary``, or the code itself if none is registered."""
    return _LABELS.get(vocabulary, {}).get(code, code)

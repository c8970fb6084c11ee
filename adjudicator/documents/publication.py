"""The public version of a decision (行政裁决书公开版), published within 20 working days (Measures Art. 83).

The public version is the issued decision with the personal data of natural persons masked:
identity numbers (only the six-digit area code kept), personal addresses (kept down to the city
or county) and phone numbers, both in the party blocks and wherever they appear in the texts.
It is rendered, stored beside the original (same number, its own kind, its own SHA-256) and
publishing it records the 公开裁决书 event in the same transaction, which closes the publication
deadline.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import replace
from datetime import date

from sqlalchemy import select, update

from adjudicator.errors import DomainError
from adjudicator.store import Database
from adjudicator.store.base import utcnow
from adjudicator.store.models_documents import Document

from . import issuing
from . import service as D
from .layout import Para, render_pdf
from .signing import sign_issued_in
from .templates import PUBLICATION_KIND, DocumentContext, kind_title
from .templates.decision import decision

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)")
_ADDRESS_CUT = re.compile(r"^(.*?(?:自治州|地区|盟|市|县|旗|区))")
NOTE = "（本公开版已对自然人的身份证件号码、住址和联系电话作隐名处理。）"


def mask_text(text: str) -> str:
    """Identity numbers and phone numbers in free text, masked."""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 12, text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "-********", text)


def mask_address(address: str) -> str:
    """A personal address down to its city or county: 浙江省义乌市稠城街道工人北路8号 -> 浙江省义乌市（详址略）."""
    match = _ADDRESS_CUT.match(address)
    return f"{match.group(1)}（详址略）" if match and match.group(1) != address else ("（详址略）" if address else "")


def redact(ctx: DocumentContext) -> DocumentContext:
    """``ctx`` with natural persons' identity numbers, addresses and phone numbers masked everywhere."""
    parties = tuple(
        replace(p, id_number=(p.id_number[:6] + "*" * 12) if p.id_number else "", address=mask_address(p.address),
                phone="") if p.party_type == "person" else p
        for p in ctx.parties)
    return replace(ctx, parties=parties, fields={k: mask_text(v) for k, v in ctx.fields.items()},
                   claims_summary=mask_text(ctx.claims_summary))


def publish_decision(db: Database, doc_id: uuid.UUID, *, published_on: date | None = None,
                     expected_version: int | None = None, case_version: int | None = None,
                     actor: str | None = None) -> D.DocumentView:
    """Render, store and publish the public version of an issued decision; records 公开裁决书 in the same transaction.

    ``expected_version``: the decision's version as the user saw it; ``case_version``: the case's
    (the event moves the case on). A stale one is refused. Returns the public version, carrying the
    case's version after the write.
    """
    from adjudicator.procedure.service import EventInput, add_event_in
    from adjudicator.procedure.transitions import EventRefused

    day = published_on or date.today()
    with db.write(actor) as s:
        row = D._row_for_update(s, db, doc_id, expected_version, case_version)
        if row.kind != "decision" or row.status != "issued":
            raise DomainError("只有已出具（未作废）的行政裁决书才能制作公开版。")
        if row.issued_on and day < row.issued_on:
            raise DomainError(f"公开日期 {day} 早于裁决书的出具日期 {row.issued_on}，请核对。")
        done = s.scalar(select(Document).where(Document.case_id == row.case_id, Document.kind == PUBLICATION_KIND,
                                               Document.status == "issued", Document.deleted_at.is_(None)))
        if done is not None:
            raise DomainError(f"该裁决书已于 {done.issued_on} 制作公开版，可直接重印。")
        _tpl, ctx, _ = D._blocks(s=s, db=db, row=row, number=row.number, issue_date=row.issued_on)
        blocks = [*decision(redact(ctx)), Para(NOTE, indent=False)]
        try:
            add_event_in(s, db, row.case_id, EventInput("published", day, note="由制作行政裁决书公开版登记"))
        except EventRefused as refused:
            raise DomainError(f"未能公开：{refused}") from None
        issued_at = utcnow().replace(microsecond=0)
        pdf = render_pdf(blocks, title=f"{kind_title(PUBLICATION_KIND)} {row.number}", subject=ctx.case_no,
                         author=ctx.station.office_name, created=issued_at)
        pub = Document(id=uuid.uuid4(), case_id=row.case_id, kind=PUBLICATION_KIND, status="issued",
                       fields={"source": str(row.id)}, number=row.number, issued_on=day,
                       sha256=hashlib.sha256(pdf).hexdigest(), pages=issuing._page_count(pdf),
                       template_version=row.template_version, issued_by=str(s.info.get("actor") or ""),
                       issued_at=issued_at, owner_station=row.owner_station)
        pdf = sign_issued_in(s, db, pdf, pub, ctx.case_no)  # signed by the station like every issued document
        pub.sha256 = hashlib.sha256(pdf).hexdigest()
        s.add(pub)
        s.flush()
        s.execute(update(Document).where(Document.id == pub.id).values(pdf=pdf)
                  .execution_options(synchronize_session=False))
        return D._with_case_version(s, pub)

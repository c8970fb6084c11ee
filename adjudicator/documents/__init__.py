"""Official documents (文书): templates, GB/T 9704 layout and fonts, drafting, issuing with a number, service.

- :mod:`.templates`: each kind's fields and text; :mod:`.layout`, :mod:`.blocks`, :mod:`.linebreak`,
  :mod:`.fonts`: the page and the embedded fonts.
- :mod:`.service`: drafts, previews, lookups and reprints; :mod:`.issuing`: issuing with a number, voiding,
  corrections (inner forms take an open session).
- :mod:`.service_records`: service (送达) and the procedure event it records, in one transaction.
- :mod:`.batch`, :mod:`.evidence_list`: printing several documents; the evidence list.
"""

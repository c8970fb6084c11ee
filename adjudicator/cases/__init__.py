"""Cases, parties and patents (案件): the records a station owns and the services that change them.

- :mod:`.inputs`: what a clerk enters, its validation and the code lists (kinds, statuses, roles).
- :mod:`.identifiers`: patent numbers and other identifiers with their check digits.
- :mod:`.service`: creating, editing, deleting, finding cases (inner forms take an open session).
- :mod:`.guard`: the one check before any write to a case or its children (owner, version, deleted).
- :mod:`.views`: the frozen views readers receive instead of storage rows.
- :mod:`.listing`: the case list's fast queries (the audit trail in words is :mod:`adjudicator.history`).
"""

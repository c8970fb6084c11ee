"""Proof and recovery: checking the audit trail's hash chain against the records, backups, documents that prove themselves."""

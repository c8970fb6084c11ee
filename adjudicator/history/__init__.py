"""A case's history in words (历史记录): the audit trail read with every concept's vocabulary.

- :mod:`.trail`: the audit entries of one case and its parts (parties, events, exhibits,
  documents, service records) as lines a clerk reads: 出具 答辩通知书 …, 修改 证据“请求人证据1” ….

It sits above the packages whose words it uses (case kinds and statuses, the procedure's event
kinds and their details, document titles), so none of them has to reach up to name its codes.
"""

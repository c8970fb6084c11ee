"""Users and roles (用户与角色): local accounts, signing in, what each role may do, the head's approvals.

This package owns who is acting. A database has no accounts until its first one is made, and
until then it works as it always has (no sign-in). The first account must be the station's head
(负责人) on a station database, a supervisor (监督员) on the supervisors' database; from then on
every write needs someone signed in (checked by :meth:`adjudicator.store.database.Database.write`),
the audit trail names that person, and the services ask :func:`adjudicator.accounts.roles.require`
before an act the permission table (:data:`~adjudicator.accounts.roles.PERMISSIONS`) reserves.

- :mod:`~adjudicator.accounts.passwords`: scrypt hashes with their own salt and parameters;
- :mod:`~adjudicator.accounts.roles`: the roles, the permission table, the checks;
- :mod:`~adjudicator.accounts.service`: making and changing accounts, signing in and out, the
  stored delay after wrong passwords;
- :mod:`~adjudicator.accounts.approval`: the head's approval of a reserved act, recorded with it;
- :mod:`~adjudicator.accounts.peek`: does a SQLite file need a sign-in (standard library only, for
  the desktop's start-up before SQLAlchemy is loaded).

Importing this package imports nothing (the start-up path imports :mod:`peek` alone).
"""

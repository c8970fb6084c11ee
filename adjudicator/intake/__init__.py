"""E-commerce intake at scale (电商案件批量办理): referral lists in, batch actions out.

* :mod:`.sheet` reads a referral spreadsheet (xlsx or CSV) into header and rows, within limits;
* :mod:`.mapping` maps its columns to case fields (presets for the legal-aid platform's and the
  e-commerce platforms' usual headings; remembered per sheet layout, i.e. per referring body, and per source);
* :mod:`.referrals` turns rows into case inputs, validates each with the case form's rules,
  groups complaints into cases, finds repeated complaint numbers; :mod:`.service` previews and
  imports them in one transaction;
* :mod:`.batch` runs one action (an event, a notice, the handler or panel) on many cases;
* :mod:`.track` is the E-commerce Law Art. 43 clock and the next step of an e-commerce case.

Nothing here imports Qt.
"""

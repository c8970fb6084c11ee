"""Adjudicator (专利纠纷行政裁决办案系统): the core, independent of any user interface.

Nothing in this package imports Qt; the desktop UI (``ui/``) and the command line
(``adjudicator.cli``) are two clients of the same service functions.
"""

__version__ = "0.1.0"

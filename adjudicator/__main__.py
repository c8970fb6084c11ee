"""``python -m adjudicator``: the command line."""

import sys

from adjudicator.cli import main

sys.exit(main())

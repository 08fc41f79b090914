"""``python -m geo.store``: see :mod:`geo.store.cli`."""

import sys

from geo.store.cli import main

sys.exit(main())

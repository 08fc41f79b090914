"""``python -m layers.export``: write the one-file offline map (see :mod:`layers.export`)."""

import sys

from layers.export import main

sys.exit(main())

"""The article store: articles, their excerpts and the place mentions linking found, in SQLite.

(Being written: constants first, so the hosts can share them.)
"""

from __future__ import annotations

#: Excerpts (or articles) shown per page of a panel, in the app and in the export; "More" adds as many again.
PAGE_SIZE = 10

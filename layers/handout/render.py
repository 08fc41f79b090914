"""Saving drawn pages as PNG (300 dpi) or vector PDF (text as text, the font embedded as TrueType).

Matplotlib reads a few settings from its global ``rcParams`` when it saves (how fonts are embedded, whether dashes
scale with the line width). They are set for the save only, under a lock, so two handouts saved at once (two app
sessions) neither race nor leave the settings changed for other code.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

__all__ = ["FORMATS", "PNG_DPI", "pdf_bytes", "png_bytes", "saving"]

FORMATS = ("pdf", "png")
PNG_DPI = 300
#: What a save needs of Matplotlib's settings: TrueType (Type 42) fonts, so text stays text and is embedded whole
#: (``FontFile2``); dashes in points, as the styles give them; no mathtext.
RC = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "lines.scale_dashes": False,
    "pdf.compression": 6,
    "text.parse_math": False,
}
_LOCK = threading.RLock()


@contextmanager
def saving() -> Iterator[None]:
    """Hold the save lock with the handouts' Matplotlib settings in force (draw under it too: dashes are scaled
    when a line is made)."""
    with _LOCK, matplotlib.rc_context(RC):
        yield


def metadata(title: str, subject: str = "", made: dt.date | None = None) -> dict[str, object]:
    """Return the PDF's document information: title, subject, creator and the day it was made."""
    made = made or dt.date.today()
    return {
        "Title": title,
        "Subject": subject,
        "Creator": "Kuril Islands map (python -m layers.handout)",
        "CreationDate": dt.datetime(made.year, made.month, made.day, tzinfo=dt.timezone.utc),
    }


def png_bytes(figure: Figure, dpi: int = PNG_DPI) -> bytes:
    """Return the page as a PNG at ``dpi`` (A4 portrait at 300 dpi: 2480 x 3508 pixels)."""
    buffer = io.BytesIO()
    with saving():
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": "Kuril Islands map (layers.handout)"})
    return buffer.getvalue()


def pdf_bytes(figures: Iterable[Figure], info: dict[str, object]) -> bytes:
    """Return the pages as one vector PDF, one page per figure (drawn as they come, under :func:`saving`), with
    document information ``info``."""
    buffer = io.BytesIO()
    with saving():
        with PdfPages(buffer, metadata=info) as document:
            for figure in figures:
                document.savefig(figure)
    return buffer.getvalue()

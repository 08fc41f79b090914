"""The handouts' one typeface: Noto Sans CJK JP (Debian's ``fonts-noto-cjk``), for Latin, Cyrillic and Japanese alike.

Matplotlib embeds a font in a PDF as TrueType (``pdf.fonttype`` 42, ``FontFile2``) by subsetting the file it draws
with. Noto Sans CJK is an OpenType collection with CFF outlines, about 20 MB a weight: subsetting it on every save
costs seconds, and CFF outlines in a ``FontFile2`` are not what a PDF reader expects there. So the handouts draw with
a small TrueType font made from it once: the glyphs of every character the catalogue and the data files use (and of
the Latin, Cyrillic, punctuation and kana blocks), their outlines converted to TrueType quadratics with fontTools,
under a family name of their own (the Noto fonts reserve no name). It is cached on disk (``KURIL_FONT_CACHE``, else
``.cache/fonts`` in the repository, else the temporary folder), so a page saves in well under a second.

A text with a character the cached font lacks (a data file edited since) gets a font made with it too; a character
Noto lacks falls back to Matplotlib's DejaVu Sans.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties

from geo import paths

__all__ = ["FontError", "HandoutFonts", "SOURCE_FAMILY", "fonts_for", "source_face"]

#: The typeface the handouts are set in, as fontconfig and Matplotlib name it.
SOURCE_FAMILY = "Noto Sans CJK JP"
#: Matplotlib's own font, for the rare character Noto Sans CJK lacks.
FALLBACK_FAMILY = "DejaVu Sans"
#: Bumped when the way the font is made changes, so an old cached file is not reused.
FORMAT_VERSION = 1
#: Code point ranges always in the font, beside every character of the catalogue and the data files.
BASE_RANGES = (
    (0x0020, 0x007F),  # ASCII
    (0x00A0, 0x0180),  # Latin-1, Latin Extended-A (what Noto CJK holds of them)
    (0x0400, 0x0460),  # Cyrillic
    (0x2000, 0x2070),  # general punctuation: dashes, quotes, the narrow no-break space Babel writes
    (0x2100, 0x2200),  # letterlike symbols, arrows
    (0x25A0, 0x2600),  # geometric shapes (▶ ◀)
    (0x3000, 0x3100),  # CJK punctuation, hiragana, katakana
    (0xFF00, 0xFFF0),  # full-width forms
)
WEIGHTS = {"regular": 400, "bold": 700}

_LOCK = threading.Lock()


class FontError(RuntimeError):
    """Noto Sans CJK JP is not installed; the message says how to install it."""


@dataclass(frozen=True)
class HandoutFonts:
    """The two faces a handout is set in (one family), the characters they hold and their advance widths."""

    family: str
    regular: Path
    bold: Path
    chars: frozenset[str]
    advances: dict[str, dict[str, float]] = field(repr=False, hash=False, compare=False)  # weight -> char -> em

    def props(self, size: float, bold: bool = False) -> FontProperties:
        """Return the font properties of a text in points, with DejaVu Sans as fallback."""
        return FontProperties(family=[self.family, FALLBACK_FAMILY], weight="bold" if bold else "normal", size=size)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Return the width in points of one line of ``text`` at ``size`` points (advances summed, as Matplotlib lays
        out a line without shaping)."""
        widths = self.advances["bold" if bold else "regular"]
        return size * sum(widths.get(char, 0.6) for char in text)


def source_face(weight: str = "regular") -> tuple[Path, int]:
    """Return the file and face index of Noto Sans CJK JP in ``weight`` as Matplotlib finds it; raise
    :class:`FontError` saying how to install it when it is missing."""
    wanted = WEIGHTS[weight]

    def matching() -> list:
        return [entry for entry in font_manager.fontManager.ttflist
                if entry.name == SOURCE_FAMILY and entry.style == "normal" and _weight(entry.weight) == wanted]

    found = matching()
    if not found:
        # Matplotlib lists the fonts it found when its cache was made: a font installed since is looked for again.
        for path in font_manager.findSystemFonts():
            if "NotoSansCJK" in Path(path).name:
                font_manager.fontManager.addfont(path)
        found = matching()
    if not found:
        raise FontError(
            f"the handouts need the font {SOURCE_FAMILY!r} ({weight}), which Matplotlib cannot find; "
            "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) and remove Matplotlib's font cache "
            "(~/.cache/matplotlib) so it looks again"
        )
    entry = sorted(found, key=lambda entry: (entry.fname, entry.index))[0]
    return Path(entry.fname), int(entry.index)


def _weight(value: str | int) -> int:
    return value if isinstance(value, int) else font_manager.weight_dict.get(str(value), 400)


def cache_dir() -> Path:
    """Return the folder the made fonts are kept in (created), the first writable of ``$KURIL_FONT_CACHE``,
    ``.cache/fonts`` in the repository and the temporary folder."""
    repo = Path(__file__).resolve().parents[2]
    candidates = [Path(os.environ["KURIL_FONT_CACHE"])] if os.environ.get("KURIL_FONT_CACHE") else []
    candidates += [repo / ".cache" / "fonts", Path(tempfile.gettempdir()) / "kuril-fonts"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise FontError(f"no writable folder for the handouts' font among {', '.join(map(str, candidates))}; set KURIL_FONT_CACHE")


@lru_cache(maxsize=1)
def base_chars() -> frozenset[str]:
    """Return the characters always in the font: :data:`BASE_RANGES` and every character of the catalogue's and
    the data folder's text files."""
    chars = {chr(code) for low, high in BASE_RANGES for code in range(low, high)}
    catalogue = Path(__file__).resolve().parents[1] / "i18n" / "catalogue"
    files = sorted(catalogue.glob("*.json"))
    folder = paths.data_dir()
    for pattern in ("*.json", "*.geojson", "*.csv", "*.md"):
        files += sorted(folder.glob(pattern))
    for path in files:
        try:
            chars |= set(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return frozenset(char for char in chars if char.isprintable() or char == "\u00a0")


@lru_cache(maxsize=2)
def _source_cmap(weight: str) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    path, index = source_face(weight)
    font = TTFont(path, fontNumber=index, lazy=True)
    return frozenset(chr(code) for code in font.getBestCmap())


def _stamp() -> str:
    """Return a short hash of the source faces (file, face, size, time) and of the way fonts are made."""
    parts = [f"v{FORMAT_VERSION}"]
    for weight in WEIGHTS:
        path, index = source_face(weight)
        stat = path.stat()
        parts.append(f"{path}:{index}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:10]


def _digest(chars: frozenset[str]) -> str:
    return hashlib.sha256("".join(sorted(chars)).encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _to_truetype(font) -> None:
    """Replace a font's CFF outlines by TrueType (quadratic) ones, in place (fontTools' otf2ttf, for a subset)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=0.5, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font.recalcBBoxes = True
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for key in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxTwilightPoints",
                "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, key, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(order)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font, family: str, weight: str) -> None:
    style = "Bold" if weight == "bold" else "Regular"
    postscript = family.replace(" ", "") + "-" + style
    names = font["name"]
    names.names = []
    for name_id, value in ((1, family), (2, style), (3, f"{postscript};made from {SOURCE_FAMILY}"), (4, f"{family} {style}"),
                           (6, postscript), (16, family), (17, style)):
        names.setName(value, name_id, 3, 1, 0x409)
    os2 = font["OS/2"]
    os2.usWeightClass = WEIGHTS[weight]
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (0b100000 if weight == "bold" else 0b1000000)
    font["head"].macStyle = 1 if weight == "bold" else 0


def _make(weight: str, chars: frozenset[str], family: str, target: Path) -> None:
    from fontTools import subset

    path, index = source_face(weight)
    options = subset.Options()
    options.font_number = index
    options.layout_features = []  # Matplotlib does not shape text: no GSUB/GPOS needed
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True
    options.hinting = False
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(char) for char in chars))
    subsetter.subset(font)
    _to_truetype(font)
    _rename(font, family, weight)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    try:
        font.save(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _advances(path: Path) -> tuple[frozenset[str], dict[str, float]]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    cmap = font.getBestCmap()
    return frozenset(chr(code) for code in cmap), {chr(code): hmtx[name][0] / units for code, name in cmap.items()}


_MADE: list[HandoutFonts] = []


def _open(regular: Path) -> HandoutFonts:
    bold = regular.with_name(regular.name.replace("-regular.ttf", "-bold.ttf"))
    advances, held = {}, frozenset()
    for weight, path in (("regular", regular), ("bold", bold)):
        held, advances[weight] = _advances(path)
        font_manager.fontManager.addfont(str(path))
    family = f"Kuril Handout Sans {regular.name.split('-')[3][:8]}"
    return HandoutFonts(family, regular, bold, held, advances)


def _cached(folder: Path, stamp: str, needed: frozenset[str]) -> HandoutFonts | None:
    """Return a made font of the cache holding ``needed`` (the newest), or None."""
    files = sorted(folder.glob(f"kuril-handout-{stamp}-*-regular.ttf"), key=lambda path: path.stat().st_mtime, reverse=True)
    for regular in files:
        if not regular.with_name(regular.name.replace("-regular.ttf", "-bold.ttf")).exists():
            continue
        try:
            held, _ = _advances(regular)
        except Exception:  # a damaged cache file: made again below
            continue
        if needed <= held:
            return _open(regular)
    return None


def _make_fonts(folder: Path, stamp: str, chars: frozenset[str]) -> HandoutFonts:
    digest = _digest(chars)
    family = f"Kuril Handout Sans {digest[:8]}"
    files = {weight: folder / f"kuril-handout-{stamp}-{digest}-{weight}.ttf" for weight in WEIGHTS}
    for weight, target in files.items():
        if not target.exists():
            _make(weight, chars, family, target)
    return _open(files["regular"])


def fonts_for(text: str = "") -> HandoutFonts:
    """Return fonts holding every character of ``text`` that Noto Sans CJK JP has (made and cached when needed).

    The cache holds fonts by source face; one holding the characters is used as it is. Only when none does is the
    source's character map read (a character it lacks is DejaVu Sans's and no reason to make a font), and a font
    made with the base characters and the new ones.
    """
    needed = frozenset(char for char in text if char.isprintable())
    with _LOCK:
        for made in reversed(_MADE):
            if needed <= made.chars:
                return made
        folder, stamp = cache_dir(), _stamp()
        found = _cached(folder, stamp, needed)
        if found is None:
            available = _source_cmap("regular") & _source_cmap("bold")
            needed &= available
            found = next((made for made in reversed(_MADE) if needed <= made.chars), None) or _cached(folder, stamp, needed)
            if found is None:
                found = _make_fonts(folder, stamp, (base_chars() | needed) & available)
        if found not in _MADE:
            _MADE.append(found)
        return found

"""News articles from ``seeds/``: bytes in, paragraphs (excerpts) out.

An article is a ``.txt`` or ``.md`` file: an optional header of ``key: value``
lines (title, source, date, url, language), optionally fenced by ``---``
lines, then a blank line, then paragraphs separated by blank lines. The seed's
legacy wire form (first line `` date 2025-07-15 Moscow, July 15 (IANS) ...``)
is also understood. ``seeds/README.md`` documents the format for writers.

Article text is data, never markup: ``<script>`` or ``onerror=`` stays in the
excerpt text exactly as written and the layers escape it when they show it.
Any file that cannot be read as an article gives an :class:`ArticleProblem`
naming the file and the reason; the other files still load.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo import paths

#: Largest article file accepted, in bytes. A long news article is ~30 kB;
#: anything over this is almost surely not a single article.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024

#: Most paragraphs (excerpts) one article may have. A long news article has about fifty; a file with
#: more is almost surely not one article (a book, a log, a dump), and each excerpt is a row the panel,
#: the linker and the store each carry.
MAX_EXCERPTS = 500
#: Longest paragraph, in characters. A long news paragraph has about a thousand; one of 20,000 is a text with its
#: blank lines lost, and every reader of a panel naming its islands would receive all of it.
MAX_PARAGRAPH_CHARS = 20_000

#: Longest article id, in characters (a longer file name is cut).
MAX_ID_CHARS = 100

#: File endings read as articles (compared case-insensitively).
ARTICLE_SUFFIXES = (".txt", ".md")

#: Names in an article folder that are never articles and are skipped silently (compared case-insensitively).
README_NAMES = ("readme.md", "readme.txt")

#: Header keys, in the order the README lists them.
HEADER_KEYS = ("title", "source", "date", "url", "language")

#: Languages the linker knows; the header may give one, otherwise it is guessed.
from geo.languages import LANGUAGES  # noqa: E402 - the map's languages, defined once

#: Legacy single-byte and multi-byte encodings tried, in this order, when a
#: file is not UTF-8. Each candidate must also read as plausible Russian or
#: Japanese text (see ``_plausibility``), since cp1251 and KOI8-R decode any
#: byte sequence without error.
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "cp932", "euc_jp")

#: Share of control bytes (other than tab, newline, carriage return, form
#: feed) above which a file is taken for binary data.
BINARY_CONTROL_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(byte for byte in [*range(0x20), 0x7F] if byte not in b"\t\n\r\f")
# Every repeat that can run long is possessive (a trailing "+": never given back to be tried again), so
# no line of a hostile file (a megabyte of spaces or hyphens) makes a pattern backtrack over it.
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z_]++)\s*+:\s*+(?P<value>.*+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The seed's legacy first line: " date 2025-07-15 Moscow, July 15 (IANS) Japan is ..."
_LEGACY_DATE = re.compile(r"^\s*+date\s++(?P<date>\d{4}-\d{2}-\d{2})\s++(?P<rest>.*+)$", re.DOTALL)
# A wire dateline: "Moscow, July 15 (IANS) "; the agency is the source.
_DATELINE = re.compile(
    r"^[A-Z][\w .'-]{0,40},\s++[A-Z][a-z]{2,9}\.?\s++\d{1,2}\s++\((?P<source>[A-Za-z][\w&.-]{0,20})\)\s",
)
# Wire trailers: the sign-off "--IANS" and the desk slug "int/scor/rs" after it.
_SIGN_OFF = re.compile(r"^-{2,}+\s*+(?P<source>[A-Za-z][\w&.-]{0,20})$")
_DESK_SLUG = re.compile(r"^[a-z]{1,6}(?:/[a-z]{1,6})++$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s|(?<=[。！？])")
# What an article id turns into one "-": anything but letters and digits.
_SLUG_BREAK = re.compile(r"[\W_]++")
# A header url: a web address, nothing the panel's link could run ("javascript:", "data:").
_WEB_URL = re.compile(r"^https?://[^\s<>\"']++$", re.IGNORECASE)
# Runs of the characters the encoding and language guesses count (see _count): counting them with the
# regex engine is several times faster than a Python loop over each character of a 2 MB text.
_LATIN_LETTERS = re.compile("[A-Za-z]++")
_CYRILLIC = re.compile("[\u0400-\u04ff]++")
_CYRILLIC_LOWERCASE = re.compile(
    "[" + "".join(char for char in map(chr, range(0x400, 0x500)) if char.islower()) + "]++",
)
_KANA = re.compile("[\u3040-\u30ff]++")
_KANA_AND_KANJI = re.compile("[\u3040-\u30ff\u4e00-\u9fff]++")
_NON_ASCII_VISIBLE = re.compile(r"[^\x00-\x7f\s]++")  # \s is str.isspace
_RUSSIAN_TYPOGRAPHY = re.compile("[«»„“”‘’—–…№]++")
# CJK punctuation, kana, kanji and full-width forms; U+3000, a space, is left out.
_JAPANESE_TEXT = re.compile("[\u3001-\u30ff\u4e00-\u9fff\uff01-\uff5e]++")
_TITLE_MAX_CHARS = 160

#: Why a file is not an article, one stable code per reason: :class:`ArticleError` and :class:`ArticleProblem`
#: carry one, with its ``params``, beside the English message, so the interface can say it in the reader's
#: language (``layers.i18n.problems``: catalogue key ``article.<code>``). A problem made from a store's refusal
#: (a seed file whose id or text is taken) carries that refusal's code instead (``geo.store.write.CODES``).
CODES = (
    "wrong_ending", "no_ending", "hidden", "name_not_utf8", "unreadable", "duplicate_id",
    "too_large", "empty", "only_whitespace", "binary_nul", "binary_nul_decoded", "binary_control", "bad_bom",
    "truncated_utf8", "damaged_utf8", "mixed_encodings", "unknown_encoding",
    "header_unclosed", "header_bad_line", "header_unknown_key", "header_duplicate_key",
    "bad_date", "bad_url", "unknown_language", "no_paragraphs", "too_many_paragraphs", "paragraph_too_long",
)
#: The legacy encodings as messages name them (``LEGACY_ENCODINGS``, in the same order).
_ENCODING_NAMES = "cp1251, KOI8-R, Shift_JIS (cp932), EUC-JP"


@dataclass(frozen=True)
class Excerpt:
    """One paragraph of an article; ``id`` is ``"<article id>#p<number>"``."""

    id: str
    article_id: str
    number: int
    text: str

    @classmethod
    def of(cls, article_id: str, number: int, text: str) -> Excerpt:
        """Return paragraph ``number`` (from 1) of the article ``article_id``, with its id made the one way."""
        return cls(id=f"{article_id}#p{number}", article_id=article_id, number=number, text=text)

    @staticmethod
    def split_id(excerpt_id: str) -> tuple[str, int] | None:
        """Return (article id, paragraph number) of an excerpt id, or None if it is not one."""
        article_id, _, number = str(excerpt_id).rpartition("#p")
        return (article_id, int(number)) if article_id and number.isdigit() else None


@dataclass(frozen=True)
class Article:
    """A parsed article: its header fields and its paragraphs in order.

    ``date`` is None and ``source``/``url`` are empty when the file does not
    give them; ``language`` is from the header or guessed from the script;
    ``encoding`` is the one the file was decoded with.
    """

    id: str
    file_name: str
    title: str
    source: str
    date: dt.date | None
    url: str
    language: str
    encoding: str
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True)
class ArticleProblem:
    """A file that could not be read as an article, and why.

    ``reason`` is the English sentence (for the command line, logs and ``str``); ``code`` (one of :data:`CODES`,
    or of ``geo.store.write.CODES`` for a clash in the store; "" when unknown) and ``params`` (plain JSON values:
    counts, limits, line numbers, the other article's id and title, never a path) say the same for a
    translation. ``params`` never holds the file's own name: that is ``file_name``. Problems compare by file
    name and reason alone (the code says the same as the reason).

    Every text in it encodes to UTF-8: a file name that is not (bytes a zip gave in cp1251) is kept with
    U+FFFD for the bad bytes.
    """

    file_name: str
    reason: str
    code: str = field(default="", compare=False)
    params: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "file_name", printable_name(self.file_name))
        object.__setattr__(self, "reason", printable_name(self.reason))
        object.__setattr__(self, "params", printable_params(self.params))

    @property
    def message(self) -> str:
        """Return ``"<file>: <reason>"``, ready to show to the reader."""
        return f"{self.file_name}: {self.reason}"

    def __str__(self) -> str:
        return self.message


class ArticleError(ValueError):
    """Raised by :func:`parse_article` for a file that is not a readable article.

    ``ArticleError(name, reason, code="empty")``, or with params: ``code="too_large", count=size, limit=...``.
    ``str(err)`` is ``"<file>: <reason>"`` in English; ``code`` (one of :data:`CODES`) and ``params`` say the
    same for a translation (see :class:`ArticleProblem`).
    """

    def __init__(self, file_name: str, reason: str, code: str = "", **params: Any) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason
        self.code = code
        self.params = params

    def problem(self) -> ArticleProblem:
        """Return this error as a problem record for a list of problems."""
        return ArticleProblem(self.file_name, self.reason, self.code, self.params)


def printable_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Return a copy of a problem's ``params`` whose texts (nested ones too) encode to UTF-8 (see :func:`printable_name`)."""
    def printable(value: Any) -> Any:
        if isinstance(value, str):
            return printable_name(value)
        if isinstance(value, Mapping):
            return {str(key): printable(item) for key, item in value.items()}
        return value

    return {str(key): printable(value) for key, value in (params or {}).items()}


def printable_name(name: str) -> str:
    """Return ``name`` as text that can be shown and encoded to UTF-8.

    On Linux a file name that is not valid UTF-8 comes from ``os.listdir``
    with its bad bytes as lone surrogates ("\\udccf"), which no page or log
    can encode; they become U+FFFD. Other names are returned unchanged.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that does not stand for a byte
        raw = name.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def article_id(file_name: str) -> str:
    """Return the article id for a file name: a lowercase slug of its stem.

    ``"2025-07-15 IANS Japan.txt"`` gives ``"2025-07-15-ians-japan"``;
    letters of any script are kept, so a Japanese file name still gives an id.
    At most :data:`MAX_ID_CHARS` characters: an id is part of every excerpt's id and link.
    """
    stem = Path(file_name).stem
    slug = _SLUG_BREAK.sub("-", unicodedata.normalize("NFKC", stem).casefold()).strip("-")
    return slug[:MAX_ID_CHARS].rstrip("-") or "article"


def parse_article(raw: bytes, name: str) -> Article:
    """Return the article in ``raw``, the bytes of a file called ``name``.

    Raises :class:`ArticleError` naming the file and the reason when the file
    is too large, empty, binary, in an unknown encoding, has a bad header,
    has no paragraphs or more than :data:`MAX_EXCERPTS`.
    """
    suffix = Path(name).suffix.lower()
    if (wrong_ending := _suffix_problem(name)) is not None:
        raise ArticleError(name, wrong_ending.reason, wrong_ending.code, **wrong_ending.params)
    text, encoding = decode_article(raw, name)
    lines = text.split("\n")
    header, body_start = _read_header(lines, name)
    body = lines[body_start:]
    legacy = _LEGACY_DATE.match(body[0]) if body and not header else None
    if legacy:
        header, body = _read_legacy(legacy, body)
    paragraphs = split_paragraphs(body)
    if suffix == ".md" and paragraphs and paragraphs[0].startswith("# "):
        header.setdefault("title", paragraphs.pop(0)[2:].strip())
    if legacy:
        paragraphs = _drop_wire_trailer(paragraphs, header)
    if not paragraphs:
        raise ArticleError(
            name, "has a header but no paragraphs; add the article text after a blank line", code="no_paragraphs",
        )
    if len(paragraphs) > MAX_EXCERPTS:
        raise ArticleError(
            name, f"has {len(paragraphs):,} paragraphs, over the limit of {MAX_EXCERPTS:,} per article; keep only "
            "the article's text, or split it into several files (one article each)",
            code="too_many_paragraphs", count=len(paragraphs), limit=MAX_EXCERPTS,
        )
    longest = max(range(len(paragraphs)), key=lambda index: len(paragraphs[index]))
    if len(paragraphs[longest]) > MAX_PARAGRAPH_CHARS:
        raise ArticleError(
            name, f"paragraph {longest + 1} is {len(paragraphs[longest]):,} characters long, over the limit of "
            f"{MAX_PARAGRAPH_CHARS:,}; separate the paragraphs with blank lines",
            code="paragraph_too_long", paragraph=longest + 1, count=len(paragraphs[longest]), limit=MAX_PARAGRAPH_CHARS,
        )

    identifier = article_id(name)
    excerpts = tuple(
        Excerpt.of(identifier, number, paragraph)
        for number, paragraph in enumerate(paragraphs, start=1)
    )
    return Article(
        id=identifier,
        file_name=name,
        title=header.get("title") or _first_sentence(paragraphs[0]),
        source=header.get("source", ""),
        date=_parse_date(header.get("date", ""), name),
        url=_check_url(header.get("url", ""), name),
        language=_check_language(header.get("language", ""), name) or guess_language(text),
        encoding=encoding,
        excerpts=excerpts,
    )


def load_articles(folder: Path | str | None = None) -> tuple[list[Article], list[ArticleProblem]]:
    """Return the articles in ``folder`` (sorted by file name) and the files that failed (in file-name order).

    ``folder`` defaults to :func:`geo.paths.seeds_dir` (``seeds/``, or ``$KURIL_SEEDS_DIR``), looked up now.

    Reads the files :func:`article_files` lists, and reports the ones it
    skips with a reason. One bad file never stops the others from loading.
    Two files whose names give the same article id: the second is reported.
    """
    folder = Path(folder) if folder is not None else paths.seeds_dir()
    if not folder.is_dir():
        raise NotADirectoryError(f"article folder {folder} does not exist or is not a folder; expected e.g. seeds/")
    files, problems = article_files(folder)
    articles: list[Article] = []
    file_of_id: dict[str, str] = {}
    for path in files:
        try:
            article = parse_article(_read_bytes(path), path.name)
        except ArticleError as err:
            problems.append(err.problem())
            continue
        except OSError as err:
            problems.append(unreadable(path.name, err, "check the file's permissions"))
            continue
        if article.id in file_of_id:
            problems.append(ArticleProblem(
                path.name, f"gives the article id {article.id!r}, already used by {file_of_id[article.id]}; rename one of them",
                code="duplicate_id", params={"id": article.id, "other": file_of_id[article.id]},
            ))
            continue
        file_of_id[article.id] = path.name
        articles.append(article)
    return articles, sorted(problems, key=lambda problem: problem.file_name)


def article_files(folder: Path) -> tuple[list[Path], list[ArticleProblem]]:
    """Return the files of ``folder`` to read as articles, sorted by name, and a problem for each skipped file to report.

    One rule for every host (the app, the export, a store):

    - sub-folders, and ``README.md`` / ``README.txt`` in any case, are skipped silently;
    - hidden files (the name starts with ".") are skipped silently, except a
      ``.txt`` or ``.md`` one (".notes.txt"), perhaps meant as an article,
      which is reported: rename it without the dot;
    - a name that is not valid UTF-8 (a zip extracted with cp1251 names) is
      reported, shown with U+FFFD for its bad bytes: rename it;
    - a name not ending in .txt or .md (.pdf, .docx) is reported, as by :func:`parse_article`.

    Nothing is read: whether a listed file is an article is for :func:`parse_article` to say.
    """
    files: list[Path] = []
    problems: list[ArticleProblem] = []
    for path in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if path.is_dir():
            continue
        skipped = _skip_problem(path.name)
        if skipped is None:
            files.append(path)
        elif skipped is not _SILENT:
            problems.append(skipped)
    return files, problems


#: What :func:`_skip_problem` returns for a file skipped without a word (a README, ".gitkeep").
_SILENT: Any = object()


def _skip_problem(name: str) -> ArticleProblem | None:
    """Return why a file called ``name`` is not read as an article (:data:`_SILENT` to skip it silently), or None to read it."""
    if name.startswith("."):
        if name.casefold().endswith(ARTICLE_SUFFIXES):
            return ArticleProblem(
                name, "hidden file (its name starts with '.'), not read; rename it without the leading dot", code="hidden",
            )
        return _SILENT
    if name.casefold() in README_NAMES:
        return _SILENT
    if printable_name(name) != name:
        raw_name = repr(os.fsencode(name))
        return ArticleProblem(
            name, f"file name is not valid UTF-8 (bytes {raw_name}); rename it", code="name_not_utf8",
            params={"raw_name": raw_name},
        )
    return _suffix_problem(name)


def _suffix_problem(name: str) -> ArticleProblem | None:
    """Return why a file called ``name`` is not an article file by its ending, or None if it ends in .txt or .md."""
    suffix = Path(name).suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return None
    reason = (
        f"not an article file: expected a name ending in {' or '.join(ARTICLE_SUFFIXES)}, got "
        f"{suffix or 'no ending'}; save the article as plain text (.txt) or Markdown (.md)"
    )
    if not suffix:
        return ArticleProblem(name, reason, code="no_ending")
    return ArticleProblem(name, reason, code="wrong_ending", params={"suffix": suffix})


def unreadable(name: str, err: OSError, advice: str = "check the file") -> ArticleProblem:
    """Return the problem of a file the system would not let us read (``err``), naming the system's reason, never a path."""
    detail = err.strerror or type(err).__name__
    return ArticleProblem(name, f"could not be read ({detail}); {advice}", code="unreadable", params={"detail": detail})


def too_large(name: str, size: int, reason: str | None = None) -> ArticleError:
    """Return the error for a file of ``size`` bytes, over :data:`MAX_ARTICLE_BYTES` (``reason`` overrides the English)."""
    limit_mb = MAX_ARTICLE_BYTES // (1024 * 1024)
    return ArticleError(
        name, reason or _too_large(size), code="too_large", count=size, limit=MAX_ARTICLE_BYTES, limit_mb=limit_mb,
    )


def _read_bytes(path: Path) -> bytes:
    """Return the file's bytes, refusing before reading when it is over the size limit."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise too_large(path.name, size)
    return path.read_bytes()


def _too_large(size: int) -> str:
    return (
        f"file is {size:,} bytes, over the limit of {MAX_ARTICLE_BYTES:,} bytes "
        f"({MAX_ARTICLE_BYTES // (1024 * 1024)} MB); keep only the article's text, or split it into several files"
    )


def decode_article(raw: bytes, name: str) -> tuple[str, str]:
    """Return the text of an article file and the encoding it was read with.

    Tries a byte-order mark, then UTF-8, then the legacy Russian and Japanese
    encodings in :data:`LEGACY_ENCODINGS`. The text has ``\\n`` line ends and
    is NFC-normalised (so "ё" is one character however it was typed).
    """
    if len(raw) > MAX_ARTICLE_BYTES:
        raise too_large(name, len(raw))
    if not raw:
        raise ArticleError(name, "file is empty (0 bytes); put the article text in it, or delete it", code="empty")
    text, encoding = _decode(raw, name)
    # A byte-order mark decodes anything after it; NUL characters in the text still mean binary data.
    if (nul := text.find("\x00")) >= 0:
        raise ArticleError(
            name, f"looks like a binary file, not text (NUL character at position {nul:,} after decoding as "
            f"{encoding.upper()}); save the article as plain text in UTF-8",
            code="binary_nul_decoded", position=nul, encoding=encoding.upper(),
        )
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ArticleError(
            name, f"file contains only whitespace ({len(raw):,} bytes); put the article text in it, or delete it",
            code="only_whitespace", count=len(raw),
        )
    return text, encoding


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise ArticleError(
                    name, f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} "
                    f"at byte {err.start:,}; save the file again as UTF-8",
                    code="bad_bom", encoding=encoding.upper(), byte=err.start,
                ) from err
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ArticleError(
            name, f"looks like a binary file, not text (NUL byte at offset {nul:,}); save the article as plain "
            "text in UTF-8 (a UTF-16 file needs its byte-order mark)",
            code="binary_nul", offset=nul,
        )
    control_share = (len(raw) - len(raw.translate(None, _CONTROL_BYTES))) / len(raw)
    if control_share > BINARY_CONTROL_SHARE:
        raise ArticleError(
            name, f"looks like a binary file, not text ({control_share:.0%} control bytes); save the article as "
            "plain text in UTF-8",
            code="binary_control", percent=round(control_share * 100),
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    if utf8_error.reason == "unexpected end of data":
        raise ArticleError(
            name, f"UTF-8 text ends in the middle of a character (byte {utf8_error.start:,} of {len(raw):,}); "
            "the file looks truncated: copy the article again and save it as UTF-8",
            code="truncated_utf8", byte=utf8_error.start, size=len(raw),
        )
    if not raw[: utf8_error.start].isascii():
        # Multi-byte UTF-8 before the bad byte: a damaged UTF-8 file, not a legacy
        # encoding (cp1251 would "decode" it into mojibake).
        raise ArticleError(
            name, f"not valid UTF-8 at byte {utf8_error.start:,} although the text before it is UTF-8; "
            "the file is damaged or mixes encodings: save it again as UTF-8",
            code="damaged_utf8", byte=utf8_error.start,
        )
    utf8_line = _utf8_line(raw)
    if utf8_line is not None:
        raise ArticleError(
            name, f"mixes encodings: line {utf8_line:,} is UTF-8 but byte {utf8_error.start:,} "
            f"(0x{raw[utf8_error.start]:02X}) is not; save the whole file again as UTF-8",
            code="mixed_encodings", line=utf8_line, byte=utf8_error.start, value=f"0x{raw[utf8_error.start]:02X}",
        )
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text, encoding)
        if score > 0 and (best is None or score > best[0]):
            best = (score, text, encoding)
    if best is None:
        raise ArticleError(
            name, f"is not UTF-8 (invalid byte 0x{raw[utf8_error.start]:02X} at offset {utf8_error.start:,}) and does "
            "not read as Russian or Japanese text in cp1251, KOI8-R, Shift_JIS (cp932) or EUC-JP; save it as UTF-8",
            code="unknown_encoding", value=f"0x{raw[utf8_error.start]:02X}", offset=utf8_error.start,
            encodings=_ENCODING_NAMES,
        )
    return best[1], best[2]


def _utf8_line(raw: bytes) -> int | None:
    """Return the number of the first line that is UTF-8 with at least 3 non-ASCII characters, or None.

    A line of real cp1251, KOI8-R, Shift_JIS or EUC-JP text with that many
    non-ASCII characters is never also valid UTF-8, so such a line in a file
    that is not UTF-8 means the file mixes encodings: read as cp1251, its
    Russian would come out as mojibake ("Кунашир" as "РљСѓРЅР°С€РёСЂ").
    """
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if sum(not char.isascii() for char in text) >= 3:
            return number
    return None


def _plausibility(text: str, encoding: str) -> float:
    """Return how much ``text`` looks like real Russian (cp1251, koi8_r) or Japanese text; 0 if not at all.

    Mis-decoded text betrays itself: Russian read with the wrong Cyrillic code
    page comes out mostly in capitals, and Japanese read as anything else gives
    half-width katakana, box drawing or Latin-1 symbols.
    """
    non_ascii = _count(_NON_ASCII_VISIBLE, text)  # not ASCII, not whitespace
    latin = _count(_LATIN_LETTERS, text)
    if not non_ascii:
        return 0.0
    if encoding in ("cp1251", "koi8_r"):
        cyrillic = _count(_CYRILLIC, text)
        fit = (cyrillic + _count(_RUSSIAN_TYPOGRAPHY, text)) / non_ascii
        lower = _count(_CYRILLIC_LOWERCASE, text) / max(cyrillic, 1)
        # Mostly Latin letters with a few "Cyrillic" ones is Latin-1 (café → cafй), not Russian.
        mostly_cyrillic = cyrillic >= latin
        return fit * lower if fit >= 0.9 and lower >= 0.5 and mostly_cyrillic else 0.0
    japanese = _count(_JAPANESE_TEXT, text)
    fit = japanese / non_ascii
    return fit if fit >= 0.95 and _KANA.search(text) and japanese * 3 >= latin else 0.0


def _count(characters: re.Pattern[str], text: str) -> int:
    """Return how many characters of ``text`` are in the runs ``characters`` (one of the patterns above) finds."""
    return sum(map(len, characters.findall(text)))


def guess_language(text: str) -> str:
    """Return "ja", "ru" or "en" by which script most letters of ``text`` are in."""
    japanese = _count(_KANA_AND_KANJI, text)
    cyrillic = _count(_CYRILLIC, text)
    latin = _count(_LATIN_LETTERS, text)
    # A kanji carries about as much as a short word, hence the weight.
    scores = {"ja": japanese * 3, "ru": cyrillic, "en": latin}
    return max(scores, key=lambda language: scores[language])


def _read_header(lines: list[str], name: str) -> tuple[dict[str, str], int]:
    """Return the header fields and the index of the first body line.

    A header is either ``---``-fenced ``key: value`` lines, or ``key: value``
    lines at the very top whose first key is a known one, ended by a blank line.
    """
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines):
        return {}, first
    if lines[first].strip() == "---":
        try:
            end = next(index for index in range(first + 1, len(lines)) if lines[index].strip() == "---")
        except StopIteration:
            raise ArticleError(
                name, "header starts with a '---' line but has no closing '---' line; add one after the header",
                code="header_unclosed",
            ) from None
        return _header_fields(lines, range(first + 1, end), name), end + 1
    match = _HEADER_LINE.match(lines[first].strip())
    if not match or match["key"].casefold() not in HEADER_KEYS:
        return {}, first
    end = next((index for index in range(first, len(lines)) if not lines[index].strip()), len(lines))
    return _header_fields(lines, range(first, end), name), end


def _header_fields(lines: list[str], numbers: range, name: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    line_of: dict[str, int] = {}
    for index in numbers:
        line = lines[index].strip()
        if not line:
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            raise ArticleError(
                name, f"header line {index + 1} is {line[:60]!r}, expected 'key: value' with a key among "
                f"{', '.join(HEADER_KEYS)}; end the header with a blank line before the text",
                code="header_bad_line", line=index + 1, text=line[:60], keys=", ".join(HEADER_KEYS),
            )
        key = match["key"].casefold()
        if key not in HEADER_KEYS:
            raise ArticleError(
                name, f"unknown header key {match['key']!r} on line {index + 1}; expected one of {', '.join(HEADER_KEYS)}",
                code="header_unknown_key", key=match["key"], line=index + 1, keys=", ".join(HEADER_KEYS),
            )
        if key in fields:
            raise ArticleError(
                name, f"header key {key!r} is given twice (lines {line_of[key] + 1} and {index + 1}); keep one",
                code="header_duplicate_key", key=key, first_line=line_of[key] + 1, line=index + 1,
            )
        fields[key], line_of[key] = match["value"].strip(), index
    return fields


def _read_legacy(match: re.Match[str], body: list[str]) -> tuple[dict[str, str], list[str]]:
    """Return the header fields and body of the seed's legacy wire form (``match`` is its first line)."""
    header = {"date": match["date"]}
    dateline = _DATELINE.match(match["rest"])
    if dateline:
        header["source"] = dateline["source"]
    return header, [match["rest"], *body[1:]]


def _drop_wire_trailer(paragraphs: list[str], header: dict[str, str]) -> list[str]:
    """Return the paragraphs without a trailing wire sign-off ("--IANS") and desk slug ("int/scor/rs")."""
    kept = list(paragraphs)
    if kept and _DESK_SLUG.match(kept[-1]) and len(kept) >= 2 and _SIGN_OFF.match(kept[-2]):
        kept.pop()
    if kept and (sign_off := _SIGN_OFF.match(kept[-1])):
        header.setdefault("source", sign_off["source"])
        kept.pop()
    return kept


def split_paragraphs(lines: list[str]) -> list[str]:
    """Return the paragraphs of ``lines``: runs of non-blank lines, each joined into one string.

    Lines of a paragraph are joined with a space, except between two CJK
    characters, where Japanese puts none.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        stripped = line.strip()
        if stripped:
            current.append(stripped)
            continue
        if current:
            paragraphs.append(_join_lines(current))
            current = []
    return paragraphs


def _join_lines(lines: list[str]) -> str:
    """Return non-blank, stripped ``lines`` joined into one paragraph (one ``join``: linear however many lines)."""
    pieces = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        if not (_is_cjk(previous[-1]) and _is_cjk(line[0])):
            pieces.append(" ")
        pieces.append(line)
    return "".join(pieces)


def _is_cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _first_sentence(paragraph: str) -> str:
    """Return a title made from a paragraph's first sentence, without a wire dateline."""
    text = _DATELINE.sub("", paragraph, count=1)
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(sentence) > _TITLE_MAX_CHARS:
        sentence = sentence[: _TITLE_MAX_CHARS - 1].rstrip() + "…"
    return sentence


def _parse_date(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    if _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ArticleError(
        name, f"date {value!r} in the header is not a date written YYYY-MM-DD; write it like 2025-07-15",
        code="bad_date", value=value,
    )


def _check_url(value: str, name: str) -> str:
    # Only web links: the panel shows the url as a link, and a "javascript:" or
    # "data:" url would run in the reader's browser.
    if value and not _WEB_URL.match(value):
        raise ArticleError(
            name, f"url {value[:80]!r} in the header is not a web address; write one starting with https:// or http://",
            code="bad_url", value=value[:80],
        )
    return value


def _check_language(value: str, name: str) -> str:
    code = value.strip().casefold()
    if code and code not in LANGUAGES:
        raise ArticleError(
            name, f"language {value!r} in the header is not supported; write one of {', '.join(LANGUAGES)}, "
            "or leave the line out to have it guessed",
            code="unknown_language", value=value, languages=", ".join(LANGUAGES),
        )
    return code

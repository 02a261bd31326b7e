"""News articles: reading text files and folders.

An article file is UTF-8 text.  It may start with `` date YYYY-MM-DD`` (a leading
space, the word ``date`` and an ISO date); the rest of that line is the article's
first sentence.  Bytes that are not UTF-8 are replaced (``\ufffd``) with a warning, the rest
of the file is kept as UTF-8 (a file with no UTF-8 character at all is read as cp1252, with a
warning); binary files are skipped with a warning.

Only regular files are read (a FIFO, a device or a folder is refused), at most
:data:`bordermap.settings.max_article_bytes` plus one byte of each; in a folder, a link whose
target lies outside the folder is skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .. import settings
from ..data.inputs import read_limited, shown
from ..exc import ArgumentTypeError, InputFileError

_DATE_RE = re.compile(r"^\s*date\s+(\S+)\s*")
#: A sentence boundary: ". ", "! ", "? ", '" ', "\u201d ", ".\t" or a newline, with the blanks after it
#: (written to start with a character set, so the regex engine skips quickly to candidates).
_SENTENCE_SEP = re.compile(r'[.!?"\u201d\n](?:(?<=\n)|(?<=[.!?"\u201d]) |(?<=\.)\t)[ \t\n]*')


@dataclass(frozen=True)
class Article:
    """A news article.

    Attributes
    ----------
    id : str
        File stem, or a caller-chosen id.
    text : str
        The body, with the `` date`` prefix removed.
    date : datetime.date or None
        From the optional first line `` date YYYY-MM-DD``.
    title : str
        The first sentence (at most 120 characters).
    path : str or None
        Where it was read from.
    """

    id: str
    text: str
    date: dt.date | None = None
    title: str = ""
    path: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("id", "text", "title"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ArgumentTypeError(f"Article({name}={_short(value)}): expected a str, got {type(value).__name__}")
        if self.date is not None and not isinstance(self.date, dt.date):
            raise ArgumentTypeError(f"Article(date={_short(self.date)}): expected a datetime.date or None")

    @classmethod
    def from_text(cls, text: str, *, id: str = "text", path: str | None = None) -> Article:
        """Build an article from raw text, parsing the optional `` date`` prefix.

        Examples
        --------
        >>> a = Article.from_text(" date 2021-07-12 Lithuania says it will act. More here.")
        >>> a.date.isoformat(), a.title
        ('2021-07-12', 'Lithuania says it will act.')
        """
        date: dt.date | None = None
        m = _DATE_RE.match(text) if has_date_line(text) else None
        if m:
            try:
                date = dt.date.fromisoformat(m.group(1))
            except ValueError:
                warnings.warn(
                    f"{path or id}: malformed date line {m.group(1)!r} (expected YYYY-MM-DD); "
                    "article used without a date",
                    stacklevel=2,
                )
            text = text[m.end() :]
        first_line = text.strip().split("\n", 1)[0] if text.strip() else ""
        spans = sentences(first_line)
        first = first_line[spans[0][0] : spans[0][1]] if spans else ""
        title = first if len(first) <= 120 else first[:117].rstrip() + "..."
        return cls(id=id, text=text, date=date, title=title, path=path)

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], *, within: str | os.PathLike[str] | None = None) -> Article:
        """Read an article file: a regular file, at most :data:`settings.max_article_bytes`.

        Parameters
        ----------
        path : path-like
        within : path-like, optional
            The folder the file was found in: a link leading outside it is refused.

        Raises
        ------
        InputFileError
            Missing, a directory or other non-regular file (FIFO, device), a link out of ``within``,
            empty, binary or too large.
        """
        p = Path(path)
        raw = read_limited(p, settings.max_article_bytes, what="an article", within=within)
        if not raw.strip():
            raise InputFileError(f"{shown(p)}: empty article")
        if b"\x00" in raw[:8192]:
            raise InputFileError(f"{shown(p)}: binary file, not text")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            text = raw.decode("utf-8-sig", errors="replace")
            if any(ord(c) > 127 for c in text.replace("\ufffd", "")):  # UTF-8 with a few bad bytes
                warnings.warn(
                    f"{shown(p)}: {_count_bad_bytes(raw)} byte(s) not UTF-8 (first at byte {err.start}), "
                    "replaced by \ufffd; the rest of the file is read as UTF-8",
                    stacklevel=2,
                )
            else:  # no UTF-8 sequence at all: a legacy Windows file
                text = raw.decode("cp1252", errors="replace")
                warnings.warn(f"{shown(p)}: not UTF-8 (no UTF-8 character in it), decoded as cp1252", stacklevel=2)
        return cls.from_text(text, id=shown(p.stem), path=shown(p))


def _count_bad_bytes(raw: bytes) -> int:
    count = 0

    def handler(err: UnicodeError) -> tuple[str, int]:
        nonlocal count
        assert isinstance(err, UnicodeDecodeError)
        count += err.end - err.start
        return "\ufffd", err.end

    import codecs

    codecs.register_error("bordermap-count", handler)
    raw.decode("utf-8", errors="bordermap-count")
    return count


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def has_date_line(text: str) -> bool:
    """Whether a text may begin with the `` date YYYY-MM-DD`` line of an article file (a quick test).

    Examples
    --------
    >>> has_date_line(" date 2021-07-12 A border of 680 km."), has_date_line("A border of 680 km.")
    (True, False)
    """
    return text.lstrip().startswith("date")


def body_of(text_or_article: str | Article) -> tuple[Article, int]:
    """The article a text stands for, and where its body starts in the string given.

    A ``str`` may begin with the `` date YYYY-MM-DD`` line of an article file: the article's text
    is what follows, and offsets into it plus the returned number index the string given.  An
    :class:`Article`, or a ``str`` without a date line, gives 0.

    Examples
    --------
    >>> s = " date 2021-07-12 A border of 680 km."
    >>> article, shift = body_of(s)
    >>> article.text, article.date.isoformat(), shift, s[shift:] == article.text
    ('A border of 680 km.', '2021-07-12', 17, True)
    """
    if isinstance(text_or_article, Article):
        return text_or_article, 0
    check_text(text_or_article)
    if not has_date_line(text_or_article):
        return Article(id="text", text=text_or_article), 0  # (the title is not needed here)
    article = Article.from_text(text_or_article)
    return article, len(text_or_article) - len(article.text)


def check_text(text_or_article: object, *, what: str = "text_or_article") -> None:
    """Refuse, in one line, what is neither a ``str`` nor an :class:`Article` (bytes, None, a path...).

    Raises
    ------
    ArgumentTypeError
        A ``TypeError`` and a ``ValueError``.

    Examples
    --------
    >>> check_text(b"Vilnius")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bordermap.exc.ArgumentTypeError: text_or_article=b'Vilnius': expected a str or an Article, got bytes (decode...
    """
    if isinstance(text_or_article, (str, Article)):
        return
    hint = " (decode it first)" if isinstance(text_or_article, (bytes, bytearray)) else ""
    if isinstance(text_or_article, os.PathLike):
        hint = " (read files with read_articles)"
    raise ArgumentTypeError(
        f"{what}={_short(text_or_article)}: expected a str or an Article, got {type(text_or_article).__name__}{hint}"
    )


def sentence_starts(text: str) -> list[int]:
    """Offsets where the sentences of a text start (one regex pass; the rule of :func:`sentences`).

    A sentence starts at the beginning, after a newline, and after ". ", "! ", "? ", a closing
    quote and a blank, or ".<tab>" (with the blanks that follow) when the next character is
    upper case or an opening quote.

    Examples
    --------
    >>> sentence_starts("Migrants reached Vilnius. They came from Minsk. in 2021")
    [0, 26]
    """
    starts = [0]
    n = len(text)
    for m in _SENTENCE_SEP.finditer(text):
        j = m.end()
        if j < n and ("\n" in m.group() or text[j].isupper() or text[j] in '"\u201c'):
            starts.append(j)
    return starts


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of a text, blanks at either end left out (a rule-based splitter).

    Examples
    --------
    >>> text = "Migrants reached Vilnius. They came from Minsk."
    >>> [text[a:b] for a, b in sentences(text)]
    ['Migrants reached Vilnius.', 'They came from Minsk.']
    """
    starts = sentence_starts(text)
    spans: list[tuple[int, int]] = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            a += len(piece) - len(piece.lstrip())
            spans.append((a, a + len(stripped)))
    return spans


def read_articles(
    paths: str | os.PathLike[str] | list[str | os.PathLike[str]] | None = None,
) -> list[Article]:
    """Read article files and folders (``*.txt`` inside, sorted); default the bundled seeds.

    ``paths`` is a list of files and folders, or one file or folder (a ``str`` or a path).
    Unreadable files (binary, empty, not regular files, links leading out of their folder) are
    skipped with a warning.

    Raises
    ------
    InputFileError
        A path does not exist, a folder holds no ``.txt`` file, or no article is readable.
    ArgumentTypeError
        ``paths`` is neither a path nor a list of paths.
    """
    from ..data.countries import seeds_dir

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif paths is not None and not isinstance(paths, (list, tuple)):
        raise ArgumentTypeError(f"paths={_short(paths)}: expected a file or folder path, or a list of them")
    for p in paths or []:
        if not isinstance(p, (str, os.PathLike)):
            raise ArgumentTypeError(f"paths: {_short(p)}: expected a file or folder path")
    targets = [Path(p) for p in paths] if paths else [seeds_dir()]
    files: list[tuple[Path, Path | None]] = []
    for t in targets:
        if not t.exists():
            raise InputFileError(f"{shown(t)}: no such file or folder")
        if t.is_dir():
            found = sorted(t.glob("*.txt"))
            if not found:
                raise InputFileError(f"{shown(t)}: folder holds no .txt article files")
            files.extend((f, t) for f in found)
        else:
            files.append((t, None))
    articles: list[Article] = []
    for f, folder in files:
        try:
            articles.append(Article.from_path(f, within=folder))
        except InputFileError as err:
            if len(files) == 1:
                raise
            warnings.warn(f"skipped: {err}", stacklevel=2)
    if not articles:
        raise InputFileError(f"no readable article among {len(files)} file(s)")
    return articles

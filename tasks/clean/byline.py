"""The byline line of a page ("By Jane Doe | Tuesday, 08 September 2020 09:43 AM EDT"): who
wrote the article and when, as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.clean.datetext import date_span

BY = re.compile(
    r"^\W*(?:by|von|por|par|di|door|av|af|przez|от|tekst|texto|text|written by|posted by"
    r"|geschrieben von|publié par|escrito por|publicado por|scritto da)\b[\s:]*",
    re.IGNORECASE,
)
"""The word that opens a byline, in the languages most news is written in."""
NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\by\b|\be\b|\bet\b|\ben\b|\boch\b)\s*")
SEPARATORS = " |/·•—–-,;:／｜"
MAX_BYLINE_WORDS = 16
MAX_BYLINE_CHARS = 300
"""Longer lines are sentences that happen to start with "By"."""
MAX_NAME_WORDS = 5
NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
PARTICLES = frozenset(
    [
        "de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "bin",
        "al", "ibn", "y",
    ]
)  # fmt: skip
"""Lower-case words that belong inside names ("Ludwig van Beethoven")."""
MAX_DATE_LINE_EXTRA_WORDS = 5
"""Words besides the date a date line may carry ("Updated on:", "/ CBS News")."""


@dataclass(frozen=True)
class Byline:
    """What a byline line says: its authors (possibly none) and its date text (possibly none)."""

    authors: tuple[str, ...]
    dateline: str | None


def read_byline(line: str, words: float) -> Byline | None:
    """The byline in ``line``, or None when the line is not one.

    A byline opens with "By" (or its translation) or is mostly a date; a sentence that merely
    mentions a date is not one.
    """
    if words > MAX_BYLINE_WORDS or len(line) > MAX_BYLINE_CHARS:
        return None
    span = date_span(line)
    dateline = line[span[0] : span[1]].strip(SEPARATORS) if span else None
    opener = BY.match(line)
    if opener is None:
        if span is None or not _mostly_date(line, span) or _is_attribution(line):
            return None
        return Byline(authors=_authors_after(line, span[1]), dateline=dateline)
    end = span[0] if span and span[0] >= opener.end() else len(line)
    names = _names(line[opener.end() : end])
    if not names and dateline is None and line[opener.end() :].strip(SEPARATORS):
        return None  # "By the time...": a sentence, not a byline
    return Byline(authors=names, dateline=dateline)


def _mostly_date(line: str, span: tuple[int, int]) -> bool:
    rest = line[: span[0]] + " " + line[span[1] :]
    return len(re.findall(r"\w+", rest)) <= MAX_DATE_LINE_EXTRA_WORDS


def _is_attribution(line: str) -> bool:
    """The signature under a quoted post ("— Jane Doe (@jane) October 9, 2018")."""
    return line.lstrip().startswith(("—", "–", "-")) or "@" in line


def _authors_after(line: str, date_end: int) -> tuple[str, ...]:
    """Names after the date: "Monday November 18, 2019 7:45 am PST by Joe Rossignol"."""
    tail = line[date_end:]
    by = re.search(r"\b(?:by|von|por|par|di|door|av|af)\b", tail, re.IGNORECASE)
    return _names(tail[by.end() :]) if by else ()


def _names(text: str) -> tuple[str, ...]:
    text = re.split(r"[|／｜]", text)[0].strip(SEPARATORS)
    names = [part.strip(SEPARATORS) for part in NAME_SPLIT.split(text)]
    return tuple(name for name in names if is_name(name))


def is_name(text: str) -> bool:
    """A person's or an organisation's name: a few capitalised words (or an uncased script)."""
    words = text.split()
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    for word in words:
        if not NAME_WORD.match(word):
            return False
        if word[0].islower() and word not in PARTICLES:
            return False
    return True

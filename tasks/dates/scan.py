"""Find date expressions in running text without dateparser: the fast path for prose.

Recognises day-month-year and month-day-year with month names in any of the loaded
languages, CJK ``2020年9月8日``, and numeric forms, each with an optional time of day and zone
just after (``09:43 AM EDT``, ``um 11:16 Uhr``, ``à 16h33``) or just before (``22:30, 9 MAY
2020``). Numeric forms whose reading is ambiguous or malformed come back with suspects.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from datetime import datetime

from tasks.dates.model import Parsed, WordOrder
from tasks.dates.numeric import numeric_date
from tasks.dates.reading import make_reading, valid_fields
from tasks.dates.zones import AMBIGUOUS_ZONES, KNOWN_ZONES, ZONE_PATTERN, zone_offset
from tasks.html.months import month_number

_ZEROS = (
    0x0660,  # Arabic-Indic
    0x06F0,  # Extended Arabic-Indic (Persian, Urdu)
    0x0966,  # Devanagari
    0x09E6,  # Bengali
    0x0E50,  # Thai
    0xFF10,  # fullwidth
)
"""The digit zero of each script whose digits are read as ASCII (each has ten in a row)."""
_DIGITS = {zero + i: str(i) for zero in _ZEROS for i in range(10)}
_OTHER_DIGIT = re.compile("[" + "".join(f"{chr(z)}-{chr(z + 9)}" for z in _ZEROS) + "]")


def ascii_digits(text: str) -> str:
    """The text with the decimal digits of common scripts written as ASCII digits."""
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text  # most pages: a scan in C instead of a dict lookup per character
    return text.translate(_DIGITS)


_LETTER = r"(?:[^\W\d_]|[\u0900-\u0DFF\u0E00-\u0E7F\u1000-\u109F])"
"""A letter, or a vowel sign of the Indic, Thai and Burmese scripts (not word characters to
``re``, yet part of their month names)."""
_WORD = r"(" + _LETTER + r"{3,15})\.?"
_DMY = re.compile(
    r"(?=\d)(?<![\d.])(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?"
    + _WORD
    + r",?\s*(?:de\s+|del\s+)?(\d{4})(?![\d])",
    re.IGNORECASE,
)
_MDY_TAIL = re.compile(
    r"(?=\d)(?<![\d.])(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.IGNORECASE
)
_WORD_BEFORE = re.compile(_WORD + r"\s+$", re.IGNORECASE)
"""Month-day-year is found from its digits back to the month word: a pattern that starts
with a word would be tried at every letter of the page."""
_DMY_SHORT = re.compile(
    r"(?=\d)(?<![\d.])(\d{1,2})\.?\s+" + _WORD + r"\s+(\d{2})(?![\d])", re.IGNORECASE
)
"""``27 Mar 20``: taken only with a time of day after it (``27 Mar 20 à 9:21``)."""
_YMD_WORD = re.compile(
    r"(?=\d)(?<!\d)(\d{4})\.?\s+" + _WORD + r"\s+(\d{1,2})\.?(?!\d)", re.IGNORECASE
)
_CJK = re.compile(r"(?=\d)(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
_NUMERIC = re.compile(
    r"(?=\d)(?<![\d./-])(?:\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{4}"
    r"|\d{2}([-/.])\d{2}\3\d{2}|\d{1,2}\s?([|/])\s?\d{1,2}\s?\4\s?\d{4})(?![\d]|[-/.]\d)"
)
_SPACED = re.compile(r"\s?([|/])\s?")
"""``26 | 01 | 2022`` (day first, as pipes are written) and ``1 / 12 / 2020``."""

_CLOCK = (
    r"(?P<h>\d{1,2})(?:[:h]|\.(?=\d{2}\s*(?:uhr|h)\b))(?P<m>\d{2})(?![\d%])"
    r"(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?\s*(?:uhr\b|h\b)?"
    r"\s*(?P<zone>(?:GMT|UTC)?\s?[+-]\d{1,2}(?::?\d{2})?\b|" + ZONE_PATTERN + r"\b)?"
)
_TIME_AFTER = re.compile(
    r"\s*(?:[,|/–—-]+\s*|t|\s)*(?:at|um|à|a\s+las|alle|om|kl\.?|в|o|godz\.?|às|-)?\s*" + _CLOCK,
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(_CLOCK + r"[\s,|]*(?:[^\W\d_]{2,12}\.?,?\s*)?$", re.IGNORECASE)

_ANCHOR = re.compile(r"\d(?<!\d\d)")
"""The first digit of a run: every pattern above starts there (a pattern starting with a
digit class lets ``re`` skip to the next digit in C)."""

MAX_MATCHES = 200
"""A page full of dates (an archive listing) is not scanned past this many."""


def find_dates(text: str, *, limit: int = MAX_MATCHES) -> Iterator[Parsed]:
    """Every date expression in ``text``, in order of position (digits must be ASCII)."""
    anchors = [match.start() for match in _ANCHOR.finditer(text)]
    if not anchors:
        return iter(())  # every pattern starts at a digit: most lines of prose end here
    found: list[Parsed] = []
    # The spans taken, by start. They never overlap, so their ends are sorted too: the one
    # span that can overlap a new date is the last that starts before it ends (a bisection,
    # not a look at every span taken, which on a page of dates was quadratic).
    starts: list[int] = []
    ends: list[int] = []
    for finder in (_word_dates, _cjk_dates, _numeric_dates):
        for parsed in finder(text, anchors):
            at = bisect_left(starts, parsed.end)
            if at and ends[at - 1] > parsed.start:
                continue
            starts.insert(at, parsed.start)
            ends.insert(at, parsed.end)
            found.append(parsed)
            if len(found) >= limit:
                return iter(sorted(found, key=lambda p: p.start))
    return iter(sorted(found, key=lambda p: p.start))


def parse_text_date(text: str) -> Parsed | None:
    """The single date expression that makes up most of ``text``, if there is one."""
    best = None
    for parsed in find_dates(text, limit=4):
        if best is None or (parsed.end - parsed.start) > (best.end - best.start):
            best = parsed
    return best


def _matches(pattern: re.Pattern[str], text: str, anchors: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can only start at one of ``anchors``.

    Trying a pattern only where a digit run starts is several times cheaper than ``finditer``,
    which tries its lookbehind at every character of the page.
    """
    end = 0
    for at in anchors:
        if at >= end and (match := pattern.match(text, at)) is not None:
            end = match.end()
            yield match


def _word_dates(text: str, anchors: list[int]) -> Iterator[Parsed]:
    yield from _month_first(text, anchors)
    patterns = ((_DMY, "dmy"), (_YMD_WORD, "ymd"), (_DMY_SHORT, "dmy2"))
    for pattern, order in patterns:
        for match in _matches(pattern, text, anchors):
            groups = match.groups()
            if order == "dmy2":
                if _clock_after(text, match.end())[0] is None:
                    continue
                day, word, short = groups
                year = str(2000 + int(short))
            elif order == "dmy":
                day, word, year = groups
            else:
                year, word, day = groups
            month = month_number(word)
            if month is None:
                continue
            parsed = _with_clock(
                text,
                match.start(),
                match.end(),
                year=int(year),
                month=month,
                day=int(day),
                word_order="dmy" if order == "dmy" else None,
            )
            if parsed is not None:
                yield parsed


def _month_first(text: str, anchors: list[int]) -> Iterator[Parsed]:
    for match in _matches(_MDY_TAIL, text, anchors):
        before = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.start())
        if before is None:
            continue
        start = before.start(1)
        if start > 0 and (text[start - 1].isalpha() or text[start - 1].isdigit()):
            continue  # the tail of a longer word
        month = month_number(before.group(1))
        if month is None:
            continue
        day, year = int(match.group(1)), int(match.group(2))
        parsed = _with_clock(
            text, start, match.end(), year=year, month=month, day=day, word_order="mdy"
        )
        if parsed is not None:
            yield parsed


def word_date_orders(dates: Iterable[Parsed]) -> tuple[int, int]:
    """How many of the prose dates ``find_dates`` found put the day first, and how many the
    month."""
    orders = [parsed.word_order for parsed in dates]
    return orders.count("dmy"), orders.count("mdy")


def _cjk_dates(text: str, anchors: list[int]) -> Iterator[Parsed]:
    for match in _matches(_CJK, text, anchors):
        year, month, day = (int(g) for g in match.groups())
        parsed = _with_clock(text, match.start(), match.end(), year=year, month=month, day=day)
        if parsed is not None:
            yield parsed


def _numeric_dates(text: str, anchors: list[int]) -> Iterator[Parsed]:
    for match in _matches(_NUMERIC, text, anchors):
        clock, zone_end, zone = _clock_after(text, match.end())
        written = _SPACED.sub(lambda m: "." if m.group(1) == "|" else "/", match.group(0))
        parsed = numeric_date(written, clock=clock, zone=zone)
        if parsed is not None:
            yield Parsed(
                parsed.reading,
                parsed.suspects,
                parsed.literal_ok,
                match.start(),
                max(match.end(), zone_end),
            )


def _with_clock(
    text: str,
    start: int,
    end: int,
    *,
    year: int,
    month: int,
    day: int,
    word_order: WordOrder | None = None,
) -> Parsed | None:
    clock, clock_end, zone = _clock_after(text, end)
    if clock is None:
        clock, start_before, zone = _clock_before(text, start)
        start = start_before if clock is not None else start
    else:
        end = clock_end
    reading = None
    if clock is not None:
        offset, named = resolve_zone(zone, year, month, day, clock)
        reading = make_reading(year, month, day, clock, offset=offset, zone=named)
    if reading is None:
        reading = make_reading(year, month, day)
    if reading is None:
        return None
    return Parsed(reading, start=start, end=end, word_order=word_order)


def resolve_zone(
    zone: str | None, year: int, month: int, day: int, clock: tuple[int, int, int]
) -> tuple[int | None, str | None]:
    """The offset a written zone gives at that wall-clock time, and its name if it had one
    (an ambiguous abbreviation keeps its name without an offset: the locale decides later)."""
    if not zone or not valid_fields(year, month, day):
        return None, None
    named = zone.strip().upper().replace(".", "")
    offset = zone_offset(zone, datetime(year, month, day, min(clock[0], 23), clock[1]))
    if offset is None:
        return None, named if named in AMBIGUOUS_ZONES else None
    return offset, named if named in KNOWN_ZONES else None


Clock = tuple[tuple[int, int, int] | None, int, str | None]


def _clock_after(text: str, end: int) -> Clock:
    match = _TIME_AFTER.match(text, end, min(len(text), end + 48))
    if match is None:
        return None, end, None
    return _clock(match, match.end())


def _clock_before(text: str, start: int) -> Clock:
    match = _TIME_BEFORE.search(text, max(0, start - 40), start)
    if match is None:
        return None, start, None
    return _clock(match, match.start())


def _clock(match: re.Match[str], edge: int) -> Clock:
    hour_s, minute_s, second_s, meridiem, zone = match.group("h", "m", "s", "ampm", "zone")
    hour, minute, second = int(hour_s), int(minute_s), int(second_s or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            return None, edge, None
        hour = (hour % 12) + (12 if meridiem.lower().startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 60:
        return None, edge, None
    return (hour, minute, second), edge, zone

"""Gather every date signal of a record into candidates: payload fields, the HTML page, the
URL, the byline/dateline, the first lines of the text and a text dump's metadata tail.

Each candidate carries a family and a weight. Signals of one family are not independent:
``<meta>``, JSON-LD and microdata are one CMS field written three times ("metadata"); the
dateline, the byline and the dates in the page's text are one text read three ways ("page").
The weight is how far that kind of signal is trusted on its own; the weights were set by
reading pages, then checked against the dev set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from tasks.dates.convention import OrderHint, PageOrder, page_order, settle
from tasks.dates.extensive import KEYWORD_BONUS, role_word, scanned, text_dates
from tasks.dates.model import Found, Parsed, Role, Signal
from tasks.dates.parse import parse_value
from tasks.dates.reading import make_reading
from tasks.dates.scan import ascii_digits, find_dates
from tasks.dates.slow import DEFAULT_LANGUAGES, SlowPath, supported_languages
from tasks.dates.zone_locale import Locale, country_code
from tasks.payload import MODIFIED_FIELDS
from tasks.record import Article, PageSignals

PAYLOAD_WEIGHT = 0.9
DATELINE_WEIGHT = 0.85
BYLINE_WEIGHT = 0.75
URL_WEIGHT = 0.7
TAIL_WEIGHT = 0.6
HEAD_WEIGHT = 0.55
HEAD_LINES = 15
HEAD_CHARS = 2_500
MAX_PROSE_CHARS = 1_000
"""A byline, dateline or date element is read only this far."""
SHORT_TEXT = 80
"""Running text this short is kept whole as a candidate's ``raw``; longer, only the date."""
PROSE_MATCHES = 2
MAX_CANDIDATES = 300
"""Candidates kept per record: repair and choice compare them pairwise."""
"""Dates read from one piece of running text (a date element, a line)."""

_URL_DAYS = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/|$)"),
    re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?!\d)"
    ),
    re.compile(r"(?<!\d)(?P<d>\d{2})-(?P<m>\d{2})-(?P<y>20\d{2})(?!\d)"),
)
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>\d{2})(?:/|-[^\d])")


@dataclass(frozen=True)
class Gathered:
    """The candidates of a record, what its dates say about day/month order, and its locale."""

    found: list[Found]
    order: PageOrder
    order_hint: OrderHint | None
    """How its ambiguous all-digit dates are read (see ``convention.settle``)."""
    locale: Locale


def gather(
    record: Article,
    upper: datetime,
    learned: OrderHint | None = None,
    fetched: datetime | None = None,
) -> Gathered:
    """Every candidate in the record, unrepaired and unjudged (``upper``: latest possible;
    ``learned``: the order the record's source is known to write, if any; ``fetched``: when
    the crawler fetched the page, the day a "today is" banner shows).

    The most structured sources come first: a page stuffed with dates loses only the
    weakest candidates to the cap.
    """
    page = record.page if record.page is not None and record.page.html else None
    language, region = (page.language, page.region) if page is not None else (None, None)
    read = _Reader(SlowPath(_languages(language)))
    found = [*_from_payload(record, read), *_from_urls(record.url, page)]
    # An HTML page's dateline, byline and first lines, as the clean stage found them, are
    # read from the text this stage reads itself (the page's date elements and its visible
    # text, around its own headline): counted again, at a dateline's trust, the clean
    # stage's guess of which date is the article's outweighed the page's own signals (a
    # sidebar's or a comment's date taken for the byline's): on the dev pages it made
    # eight right answers wrong and no wrong one right.
    if page is None:
        found.extend(_from_text(record, read))
    else:
        found.extend(_from_signals(page.dates, read))
    body, headline, source = _body(record)
    text, dates = scanned(body)
    order = page_order(text, dates, record.url)
    hint = settle(order, learned)
    found.extend(
        text_dates(
            text,
            dates,
            source=source,
            family="page",
            upper=upper,
            headline=headline,
            order_hint=hint,
            today=_utc_day(fetched),
        )
    )
    locale = Locale(language, region, country_code(record.url))
    return Gathered(found[:MAX_CANDIDATES], order, hint, locale)


def _utc_day(moment: datetime | None) -> tuple[int, int, int] | None:
    if moment is None:
        return None
    day = moment.astimezone(timezone.utc)
    return (day.year, day.month, day.day)


class _Reader:
    """``parse_value`` for one record, each distinct value read once: a CMS writes the same
    value in the payload, ``<meta>``, JSON-LD and microdata (two values in five repeat one
    before on the dev pages), and a ``Parsed`` is immutable, so it can be handed out twice.
    Likewise ``find_dates`` on running text (``dates``)."""

    def __init__(self, slow: SlowPath) -> None:
        self._slow = slow
        self._read: dict[tuple[type, str | int | float], Parsed | None] = {}
        self._found: dict[tuple[str, int], tuple[Parsed, ...]] = {}

    def __call__(self, value: str | int | float) -> Parsed | None:
        key = (type(value), value)  # True, 1 and 1.0 are one dict key, not one date
        if key not in self._read:
            self._read[key] = parse_value(value, self._slow)
        return self._read[key]

    def dates(self, text: str, limit: int) -> tuple[Parsed, ...]:
        """``find_dates(text, limit=limit)``: a date element nested in another (a byline and
        the span in it) gives one text twice; a quarter of the dev pages' were repeats."""
        key = (text, limit)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = tuple(find_dates(text, limit=limit))
        return found


def _from_payload(record: Article, read: _Reader) -> Iterator[Found]:
    for field in record.date_fields:
        role: Role = "modified" if field.field in MODIFIED_FIELDS else "published"
        parsed = read(field.value)
        if parsed is not None:
            source = f"payload:{field.field}"
            yield Found(source, "payload", str(field.value), role, PAYLOAD_WEIGHT, parsed)


def _from_urls(url: str | None, page: PageSignals | None) -> Iterator[Found]:
    """The record's URL, and the page's own declared URLs (canonical, ``og:url``)."""
    yield from _from_url(url, "url")
    for declared in page.own_urls if page is not None else []:
        yield from _from_url(declared, "html:canonical")


def _body(record: Article) -> tuple[str, int | None, str]:
    """The running text to scan for dates, where its headline sits, and its source name.

    The page's visible text; else the raw text dump (it keeps the byline region the clean
    text may have dropped), as the clean stage read them (``page_signals``); else the clean
    text.
    """
    page = record.page
    if page is not None and (page.html or page.text):
        return page.text, page.headline, "html:text" if page.html else "raw:text"
    return record.text, 0, "text:body"


def _languages(declared: str | None) -> tuple[str, ...]:
    if declared and declared in supported_languages():
        return (declared, "en") if declared != "en" else ("en",)
    return DEFAULT_LANGUAGES


def _from_signals(signals: Iterable[Signal], read: _Reader) -> Iterator[Found]:
    for signal in signals:
        if signal.prose:
            yield from _prose(
                read,
                signal.source,
                signal.family,
                signal.value,
                signal.role,
                weight=signal.weight,
                order=signal.order,
            )
            continue
        parsed = read(signal.value)
        if parsed is not None:
            yield Found(
                signal.source,
                signal.family,
                signal.value.strip()[:200],
                signal.role,
                signal.weight,
                parsed,
                signal.order,
            )


def _prose(
    read: _Reader,
    source: str,
    family: str,
    text: str,
    role: Role,
    *,
    weight: float,
    order: int = 0,
    limit: int = PROSE_MATCHES,
) -> Iterator[Found]:
    text = ascii_digits(text[:MAX_PROSE_CHARS])
    for index, parsed in enumerate(read.dates(text, limit)):
        whole = len(text) <= SHORT_TEXT and index == 0
        raw = text.strip() if whole else text[parsed.start : parsed.end].strip()
        said = role_word(text, parsed.start) if role == "unknown" else role
        weight_here = weight * (0.8**index) + (KEYWORD_BONUS if said == "published" else 0.0)
        yield Found(source, family, raw, said, round(weight_here, 3), parsed, order)


def _from_url(url: str | None, source: str = "url") -> Iterator[Found]:
    if not url:
        return
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = "/" + path.split("//", 1)[-1].partition("/")[2]
    for pattern in _URL_DAYS:
        match = pattern.search(path)
        reading = match and make_reading(int(match["y"]), int(match["m"]), int(match["d"]))
        if match and reading:
            raw = match.group(0).strip("/")
            yield Found(source, "url", raw, "published", URL_WEIGHT, Parsed(reading))
            return
    match = _URL_MONTH.search(path)
    reading = match and make_reading(int(match["y"]), int(match["m"]))
    if match and reading:
        raw = match.group(0).strip("/-")
        yield Found(source, "url", raw, "published", URL_WEIGHT, Parsed(reading))


def _from_text(record: Article, read: _Reader) -> Iterator[Found]:
    if record.dateline:
        yield from _prose(
            read, "dateline", "page", record.dateline, "published", weight=DATELINE_WEIGHT, limit=1
        )
    if record.byline:
        yield from _prose(
            read, "byline", "page", record.byline, "published", weight=BYLINE_WEIGHT, limit=1
        )
    # The first lines of the clean text are the start of the raw text dump the body scan
    # reads (which weighs its dates by where the headline sits): only without one are
    # they read here.
    if record.page is None or not record.page.text:
        yield from _head(read, "text:head", "page", record.text)
    for order, line in enumerate(record.page_metadata):
        parsed = read(line)
        if parsed is not None and (parsed.reading is not None or parsed.suspects):
            yield Found(
                "text:tail", "text:tail", line.strip()[:200], "unknown", TAIL_WEIGHT, parsed, order
            )


def _head(read: _Reader, source: str, family: str, text: str) -> Iterator[Found]:
    lines = [line for line in text[:HEAD_CHARS].splitlines() if line.strip()][:HEAD_LINES]
    for order, line in enumerate(lines):
        weight = max(0.3, HEAD_WEIGHT - 0.02 * order)
        yield from _prose(
            read, source, family, line, "unknown", weight=weight, order=order, limit=1
        )

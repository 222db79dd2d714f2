"""The article record: the one typed value every stage takes and returns, and its JSON forms.

A record is immutable; a stage returns a new one with ``msgspec.structs.replace``.
The same structs define the JSON that leaves the pipeline (see ``tasks.schema``),
so consumers in any language read exactly these field names.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

SCHEMA_VERSION = "2.1"
"""Bumped on any change a consumer could notice: the major number for a renamed or retyped
field, the minor for an added one (2.1: ``fetched_at``)."""

Precision = Literal["year", "month", "day", "hour", "minute", "second"]
"""How much of a date is established; finer parts are unknown, never guessed."""


class RecordWarning(msgspec.Struct, frozen=True):
    """Something a consumer should know about a record that is not an error."""

    stage: str
    code: str
    message: str


class RawBody(msgspec.Struct, frozen=True):
    """The body exactly as the crawler sent it; dropped before the record is published."""

    html: str | None = None
    text: str | None = None
    stored: bool = False
    """True in a message that left the body in the transport's payload store to stay small:
    the worker reads it from there before the first stage runs."""


class RawDate(msgspec.Struct, frozen=True):
    """A date-like value from the payload, under the field name it came in."""

    field: str
    value: str | int | float


class DateCandidate(msgspec.Struct, frozen=True):
    """One date signal found in the payload, with where it came from and what it says."""

    source: str
    """Where it was found: ``payload:published``, ``html:meta:article:published_time``, ``url``,
    ``byline``, ``text:tail``..."""
    raw: str
    value: str | None = None
    """ISO 8601 of what the signal establishes (after repair), or null when unparseable."""
    precision: Precision | None = None
    tz: str | None = None
    """UTC offset (``-04:00``) or zone name when the signal carried one."""
    role: Literal["published", "modified", "unknown"] = "unknown"
    repair: str | None = None
    """Name of the repair applied (``minute_for_month``, ``day_month_swap``, ``epoch_millis``)."""
    agreed: bool = False
    """True when the chosen date agrees with this candidate."""
    note: str | None = None


class DateResult(msgspec.Struct, frozen=True):
    """The chosen publication (or modification) date and everything it rests on."""

    value: str | None = None
    """ISO 8601 at the established precision, with the original offset when known."""
    date: str | None = None
    """YYYY-MM-DD, only when the day is established."""
    utc: str | None = None
    precision: Precision | None = None
    repaired: bool = False
    confidence: float = 0.0
    evidence: list[str] = msgspec.field(default_factory=list)
    candidates: list[DateCandidate] = msgspec.field(default_factory=list)


class SourceMemory(msgspec.Struct, frozen=True):
    """What earlier articles of the same source showed, for the keys one stage asked about."""

    articles: int = 0
    """How many articles of this source the memory has counted (its evidence base)."""
    counts: dict[str, int] = msgspec.field(default_factory=dict)
    """For each key asked about: in how many of those articles it occurred."""


class PageDate(msgspec.Struct, frozen=True, array_like=True):
    """One date-bearing value read from the page, before parsing (``[source, family, value,
    role, weight, order, prose]`` in JSON: a page has dozens, the message stays small)."""

    source: str
    """``html:meta:article:published_time``, ``html:time``, ``html:element``..."""
    family: str
    """Signals of one family are not independent (``metadata``, ``time``, ``element``)."""
    value: str
    role: Literal["published", "modified", "unknown"]
    weight: float
    order: int = 0
    prose: bool = False
    """True when ``value`` is running text to scan, not a single date value."""


class PageSignals(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """What the clean stage read from the page for the later stages, which never see the raw
    body: the page is parsed once, in the clean stage, before trafilatura."""

    html: bool = False
    """True when read from an HTML page; False for a text dump."""
    dates: list[PageDate] = msgspec.field(default_factory=list)
    """``<meta>``, JSON-LD, microdata, ``<time>`` and date-like elements, most structured
    first (``tasks.html.date_signals``)."""
    own_urls: list[str] = msgspec.field(default_factory=list)
    """The page's own URL as its canonical link and ``og:url`` declare it."""
    language: str | None = None
    """The ISO 639-1 code the page declares (not the crawler's)."""
    region: str | None = None
    """The region ``<html lang>`` names (``en-IN``: ``in``)."""
    text: str = ""
    """The text to scan for dates: the page's visible text, or the dump (capped)."""
    headline: int | None = None
    """Where the article's headline starts in ``text``, when found."""


class RemovedLine(msgspec.Struct, frozen=True, array_like=True):
    """One line of the page the clean stage left out, and why: ``[line, reason]`` in JSON."""

    line: int
    reason: str


class Language(msgspec.Struct, frozen=True):
    """The article's language: ISO 639-1 code (null when unknown), where it came from, and
    how far it can be trusted."""

    code: str | None = None
    confidence: float | None = None
    """langdetect's probability for the language reported (null when langdetect did not rank
    it: CLD2 named a language langdetect has no profile for, or none was detected)."""
    reliable: bool = False
    """The identifiers agree and one is sure on its own, or CLD2 is sure of a language
    langdetect lacks on 40+ letters, or detection and declaration agree
    (``tasks.language.verdict``)."""
    source: Literal["text", "declared"] | None = None
    """``text``: detected in the clean text; ``declared``: the page's or crawler's own
    statement, used when detection was unsure."""


class Entity(msgspec.Struct, frozen=True):
    """One named thing in the article, all its surface variants merged."""

    text: str
    """The fullest surface form seen."""
    label: str
    canonical: str
    count: int
    start: int
    """Character offset of the first mention in ``text`` (in ``title`` when the record has no
    text: a headline-only item)."""
    end: int
    variants: list[str] = msgspec.field(default_factory=list)
    mentions: list[tuple[int, int]] = msgspec.field(default_factory=list)
    """``[start, end]`` of every mention in ``text``, in order."""
    country: str | None = None
    """ISO 3166-1 alpha-2: the country itself, a people's country ("Chinese"), or a city's
    country where the gazetteer knows the city unambiguously (see ``tasks.places``)."""
    salience: float = 0.0
    """Share of the article's attention, 0 to 1, summing to 1 over its entities (see
    ``tasks.ner.salience``); entities are listed most salient first."""


TagKind = Literal["source", "entity", "keyphrase"]


class ScoredTag(msgspec.Struct, frozen=True):
    """One tag of the article: what it says, where it came from, how strongly it holds."""

    name: str
    """Lowercase words (``data security``), or ``person:``/``org:``/``country:`` and the
    entity (``country:CN``)."""
    kind: TagKind
    """``source``: the publisher's tag, normalised; ``entity``: from the entities;
    ``keyphrase``: a phrase the text is about."""
    score: float
    """0 to 1, within its kind (see ``tasks.tag.stage``): the best entity and the best
    keyphrase score 1; a source tag scores 1 when the text bears it out, else 0.5."""


class Article(msgspec.Struct, frozen=True, kw_only=True):
    """An article on its way through the stages, and the enriched record that comes out."""

    id: str
    schema_version: str = SCHEMA_VERSION
    url: str | None = None
    source: str | None = None
    title: str | None = None
    byline: str | None = None
    authors: list[str] = msgspec.field(default_factory=list)
    text: str = ""
    """Clean body: paragraphs separated by blank lines."""
    captions: list[str] = msgspec.field(default_factory=list)
    dateline: str | None = None
    page_metadata: list[str] = msgspec.field(default_factory=list)
    """The metadata block that plain-text dumps carry after the article (the seed's tail)."""
    date_fields: list[RawDate] = msgspec.field(default_factory=list)
    published: DateResult = msgspec.field(default_factory=DateResult)
    modified: DateResult = msgspec.field(default_factory=DateResult)
    language: Language = msgspec.field(default_factory=Language)
    declared_language: str | None = None
    """The language the page (``<html lang>``, ``<meta>``) or the crawler says it is in, as
    an ISO 639-1 code."""
    entities: list[Entity] = msgspec.field(default_factory=list)
    source_tags: list[str] = msgspec.field(default_factory=list)
    tags: list[ScoredTag] = msgspec.field(default_factory=list)
    """Source tags (in the publisher's order), then entity tags and keyphrases (best
    first); each name once."""
    duplicate_of: str | None = None
    """The id of the first article seen that this one nearly copies (syndicated stories);
    the record is kept all the same."""
    similarity: float | None = None
    """Estimated Jaccard similarity of the clean bodies to ``duplicate_of``'s."""
    meta: dict[str, Any] = msgspec.field(default_factory=dict)
    warnings: list[RecordWarning] = msgspec.field(default_factory=list)
    stage_ms: dict[str, float] = msgspec.field(default_factory=dict)
    """Milliseconds each stage took for this article (filled by the transport)."""
    content_hash: str = ""
    """Digest of the payload as received: with ``id``, the key that makes publishing idempotent."""
    received_at: str | None = None
    """When the pipeline took the payload in (ISO 8601, UTC): an upper bound for any date."""
    fetched_at: str | None = None
    """When the crawler fetched the page (ISO 8601, UTC), from the payload's ``fetched_at``
    or ``crawled_at``: no publication date is later (``tasks.dates.fetched``)."""
    removed: list[RemovedLine] | None = None
    """Debug, off by default (``ENRICH_CLEAN_DEBUG``): the lines cleaning removed and why."""
    raw: RawBody | None = None
    """Input only: the crawler's body, kept for the stages that read it, absent from output."""
    page: PageSignals | None = None
    """Input only: what the clean stage read from the page for later stages (no HTML)."""
    headers: tuple[tuple[str, str], ...] = ()
    """Input only: the HTTP response headers a stage reads (``tasks.payload.HEADERS_KEPT``),
    as name/value pairs; the others are not kept (a page's can run to kilobytes)."""
    observed: dict[str, list[str]] = msgspec.field(default_factory=dict)
    """Input only: per learning stage, the memory keys this article showed, for the runner
    to count (``tasks.memory.run_with_memory``), dropped once counted."""


def readable_text(record: Article) -> str:
    """What the language and NER stages read: the clean text, else (a headline-only item)
    the title. Entity offsets are offsets into this string."""
    return record.text if record.text.strip() else (record.title or "")


def warn(record: Article, stage: str, code: str, message: str) -> list[RecordWarning]:
    """The record's warnings plus one more, for use inside ``msgspec.structs.replace``."""
    return [*record.warnings, RecordWarning(stage=stage, code=code, message=message)]


# The record's JSON forms: in a Celery message between stages, and as published.
_encoder = msgspec.json.Encoder()


def to_message(record: Article) -> dict[str, Any]:
    """A record as plain JSON values, the way it travels between stage tasks."""
    out: dict[str, Any] = msgspec.to_builtins(record)
    return out


def from_message(value: Any) -> Article:
    """A record back from plain JSON values, type-checked (a malformed message fails here)."""
    return msgspec.convert(value, Article)


def without_raw(record: Article) -> Article:
    """The record with the crawler's raw body dropped (what later stages need of the page
    travels in ``page``, read by the clean stage)."""
    return msgspec.structs.replace(record, raw=None)


INPUT_ONLY = ("raw", "page", "observed", "headers")
"""Fields that help the stages and never leave the pipeline."""


def to_output(record: Article) -> dict[str, Any]:
    """A record as consumers see it: every field but the input-only ones."""
    out = to_message(record)
    for name in INPUT_ONLY:
        out.pop(name, None)
    return out


def encode_output(record: Article) -> bytes:
    """The published JSON of a record."""
    return _encoder.encode(to_output(record))

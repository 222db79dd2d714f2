"""From a crawler's payload (untrusted JSON) to an ``Article``, or a clear ``InvalidPayload``.

Crawlers name the same things differently; the aliases below are the ones seen in the wild
(Scrapy items, news APIs, schema.org dumps). Anything not recognised is kept under ``meta``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import msgspec

from tasks.errors import InvalidPayload
from tasks.http.charset import decode_body
from tasks.http.fetch_time import fetch_time, iso_utc
from tasks.http.headers import Headers, header, normalise_headers
from tasks.language_codes import iso_639_1
from tasks.record import Article, RawBody, RawDate, RecordWarning

BODY_FIELDS = ("html", "text")
ID_FIELDS = ("id",)
URL_FIELDS = ("url",)
SOURCE_FIELDS = ("source", "site", "domain")
TITLE_FIELDS = ("title",)
AUTHOR_FIELDS = ("author", "authors", "byline")
PUBLISHED_FIELDS = ("published", "date", "pubdate", "published_at", "publish_date", "datePublished")
MODIFIED_FIELDS = ("modified", "dateModified")
TAG_FIELDS = ("tags", "keywords", "categories")
LANGUAGE_FIELDS = ("language", "lang", "inLanguage", "locale")
"""Read as the declared language when they hold a language tag; kept in ``meta`` as sent."""
HEADERS_FIELDS = ("headers",)
FETCHED_FIELDS = ("fetched_at", "crawled_at")
HEADERS_KEPT = frozenset({"content-type", "last-modified"})
"""The HTTP headers a stage reads (the body's charset, the dates stage's ``Last-Modified``);
the record keeps only these: a page's headers (cookies, policies) can run to kilobytes."""

KNOWN_FIELDS = frozenset(
    BODY_FIELDS
    + ID_FIELDS
    + URL_FIELDS
    + SOURCE_FIELDS
    + TITLE_FIELDS
    + AUTHOR_FIELDS
    + PUBLISHED_FIELDS
    + MODIFIED_FIELDS
    + TAG_FIELDS
    + HEADERS_FIELDS
    + FETCHED_FIELDS
)


def decode_payload(data: bytes | str, *, max_bytes: int | None = None) -> dict[str, Any]:
    """Parse one payload's JSON; refuse anything that is not a JSON object."""
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if max_bytes is not None and size > max_bytes:
        raise InvalidPayload(
            f"payload is {size} bytes, over the limit of {max_bytes} (ENRICH_MAX_PAYLOAD_BYTES)",
            code="payload_too_large",
        )
    try:
        obj = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise InvalidPayload(f"payload is not valid JSON: {exc}", code="invalid_json") from exc
    except UnicodeDecodeError as exc:  # str input holding lone surrogates
        raise InvalidPayload(f"payload is not valid UTF-8: {exc}", code="invalid_json") from exc
    if not isinstance(obj, dict):
        raise InvalidPayload(
            f"payload must be a JSON object, got {_json_type(obj)}", code="wrong_shape"
        )
    return obj


def record_from_payload(payload: Mapping[str, Any], *, received_at: str | None = None) -> Article:
    """Normalise a decoded payload into a record, keeping every unrecognised field in ``meta``.

    A body given as bytes (the Python API's callers) is decoded as a browser would, with the
    ``Content-Type`` header's charset (``tasks.http.decode_body``); JSON carries only text.
    """
    headers = normalise_headers(payload.get("headers"))
    html, text = _body(payload, headers)
    url = _optional_str(payload, "url")
    authors = _authors(payload)
    content_hash = payload_digest(payload)
    fetched_at, unread, warnings = _fetched_at(payload)
    return Article(
        id=_article_id(payload, url, content_hash),
        url=url,
        source=_first_str(payload, SOURCE_FIELDS) or _host(url),
        title=_first_str(payload, TITLE_FIELDS),
        byline=", ".join(authors) or None,
        authors=authors,
        date_fields=_date_fields(payload),
        source_tags=_tags(payload),
        declared_language=iso_639_1(_first_str(payload, LANGUAGE_FIELDS)),
        meta={**{k: v for k, v in payload.items() if k not in KNOWN_FIELDS}, **unread},
        warnings=warnings,
        content_hash=content_hash,
        received_at=received_at,
        fetched_at=fetched_at,
        raw=RawBody(html=html, text=text),
        headers=tuple(pair for pair in headers if pair[0].lower() in HEADERS_KEPT),
    )


def raw_body(payload: Mapping[str, Any]) -> RawBody:
    """The body of a payload that ``record_from_payload`` accepted."""
    html, text = _body(payload, normalise_headers(payload.get("headers")))
    return RawBody(html=html, text=text)


def payload_digest(payload: Mapping[str, Any]) -> str:
    """A stable digest of the payload's content, independent of key order."""
    canonical = msgspec.json.encode(payload, order="sorted")
    return hashlib.sha256(canonical).hexdigest()


def _body(payload: Mapping[str, Any], headers: Headers) -> tuple[str | None, str | None]:
    """The payload's HTML and text; a headline-only item (a title, no body) is normal input,
    a payload with neither has nothing to enrich."""
    content_type = header(headers, "Content-Type")
    html = _body_text(payload, "html", content_type)
    text = _body_text(payload, "text", content_type)
    if _first_str(payload, TITLE_FIELDS):
        return html, text
    if html is None and text is None:
        raise InvalidPayload(
            "payload has no body: give the page as 'html' or 'text' (a string), "
            "or at least a 'title'",
            code="no_body",
        )
    if not (html or "").strip() and not (text or "").strip():
        raise InvalidPayload("payload body is empty or only whitespace", code="empty_body")
    return html, text


def _body_text(payload: Mapping[str, Any], field: str, content_type: str | None) -> str | None:
    value = payload.get(field)
    if isinstance(value, bytes | bytearray | memoryview):
        return decode_body(bytes(value), content_type).text
    return _optional_str(payload, field)


def _fetched_at(
    payload: Mapping[str, Any],
) -> tuple[str | None, dict[str, Any], list[RecordWarning]]:
    """The first fetch time that names a moment (ISO 8601 in UTC); the values that name
    none, for ``meta`` (as sent: not an error, the record only loses a bound), and why."""
    unread: dict[str, Any] = {}
    warnings: list[RecordWarning] = []
    for field in FETCHED_FIELDS:
        if field not in payload:
            continue
        moment = fetch_time(payload[field])
        if not isinstance(moment, str):
            return iso_utc(moment), unread, warnings
        unread[field] = payload[field]
        message = f"{field} {payload[field]!r} is {moment}; kept under meta, not used"
        warnings.append(RecordWarning("intake", "bad_fetched_at", message))
    return None, unread, warnings


def _optional_str(payload: Mapping[str, Any], field: str) -> str | None:
    value = payload.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidPayload(
            f"field {field!r} must be a string, got {_json_type(value)}", code="wrong_type"
        )
    return value


def _first_str(payload: Mapping[str, Any], fields: tuple[str, ...]) -> str | None:
    for field in fields:
        value = payload.get(field)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _article_id(payload: Mapping[str, Any], url: str | None, content_hash: str) -> str:
    given = payload.get("id")
    if isinstance(given, (str, int)) and not isinstance(given, bool) and str(given).strip():
        return str(given).strip()
    if given is not None:
        raise InvalidPayload(
            f"field 'id' must be a string or an integer, got {_json_type(given)}", code="wrong_type"
        )
    if url:
        return "url:" + hashlib.sha256(url.strip().encode()).hexdigest()[:20]
    return "sha:" + content_hash[:20]


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.") or None


def _authors(payload: Mapping[str, Any]) -> list[str]:
    for field in AUTHOR_FIELDS:
        names = _string_list(payload.get(field), separator=None)
        if names:
            return names
    return []


def _tags(payload: Mapping[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for field in TAG_FIELDS:
        for tag in _string_list(payload.get(field), separator=","):
            seen.setdefault(tag, None)
    return list(seen)


def _string_list(value: Any, *, separator: str | None) -> list[str]:
    """A list of non-empty strings from a string (split on ``separator``) or a list."""
    if isinstance(value, str):
        parts = value.split(separator) if separator else [value]
    elif isinstance(value, list):
        parts = [v for v in value if isinstance(v, str)]
    else:
        return []
    return [p.strip() for p in parts if p.strip()]


def _date_fields(payload: Mapping[str, Any]) -> list[RawDate]:
    found = []
    for field in PUBLISHED_FIELDS + MODIFIED_FIELDS:
        value = payload.get(field)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.append(RawDate(field=field, value=value))
    return found


def _json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)

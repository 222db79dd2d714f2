"""HTTP headers as crawlers send them: a mapping, or a list of name/value pairs.

Scrapy's ``response.headers`` becomes a mapping of lists, warcio gives pairs, a JSON payload
either. One shape, pairs of strings in the order sent, so a repeated header keeps every
value and a lookup ignores case as HTTP does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Headers = tuple[tuple[str, str], ...]
"""Name/value pairs in the order sent; names as sent (compare them case-insensitively)."""


def normalise_headers(value: Any) -> Headers:
    """Pairs of strings from a mapping (values a string or a list of them) or a list of
    pairs; anything else (or a pair that is not two strings) is left out."""
    if isinstance(value, Mapping):
        items: Iterable[Any] = value.items()
    elif isinstance(value, list | tuple):
        items = value
    else:
        return ()
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, list | tuple) or len(item) != 2:
            continue
        name, values = item
        for one in values if isinstance(values, list | tuple) else [values]:
            if isinstance(name, str | bytes) and isinstance(one, str | bytes):
                pairs.append((_text(name).strip(), _text(one).strip()))
    return tuple(pairs)


def header(headers: Headers, name: str) -> str | None:
    """The first value of header ``name`` (any case), or None."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def _text(value: str | bytes) -> str:
    # header bytes are ISO-8859-1 by HTTP's own rule (RFC 9110, 5.5)
    return value.decode("latin-1") if isinstance(value, bytes) else value

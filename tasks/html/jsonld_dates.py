"""``datePublished`` and ``dateModified`` from a page's JSON-LD, nested ``@graph`` included.

The type of the object a date sits on decides its trust: an article's own date beats a
web page's, which beats a video's or a comment's. Broken JSON (trailing commas, raw
newlines: common in the wild) is read with a narrow pattern instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import msgspec

from tasks.html.page_index import Role
from tasks.record import PageDate as Signal

MAX_SCRIPTS = 20
MAX_SCRIPT_CHARS = 500_000
MAX_NODES = 5_000
MAX_LOOSE = 20
"""Dates read from one broken script by pattern."""
MAX_DEPTH = 12

DATE_KEYS: dict[str, Role] = {
    "datePublished": "published",
    "dateCreated": "published",
    "uploadDate": "published",
    "dateModified": "modified",
}
_KEY_WEIGHT = {"datePublished": 1.0, "dateModified": 1.0, "dateCreated": 0.8, "uploadDate": 0.7}

_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "Posting", "Review", "Recipe")
_PAGE_TYPES = ("WebPage", "ItemPage", "CreativeWork")
NESTED = "nested"
"""The kind of an untyped object inside another one."""
_LOOSE = re.compile(r'"(datePublished|dateModified|dateCreated|uploadDate)"\s*:\s*"([^"]{4,64})"')


_SCRIPT_KEYS = re.compile(
    r'"(datePublished|published_?[aA]t|publish_?[dD]ate|pub_?[dD]ate|date_?[pP]ublished'
    r"|first_?[pP]ublished(?:_?[aA]t)?|dateModified|updated_?[aA]t|modified_?[aA]t"
    r'|last_?[mM]odified|date_?[mM]odified)"\s*:\s*"([^"]{8,40})"'
)
_MODIFIED_KEY = re.compile(r"(?i)modif|updated")
MAX_SCRIPT_MATCHES = 3


def script_dates(scripts: Sequence[Any]) -> Iterator[Signal]:
    """Publication dates in the JSON state other scripts embed (``"published_at": "..."``).

    Only the first few of each page count: a page's own state comes before the lists of
    related items that follow it.
    """
    others = [s for s in scripts if "ld+json" not in (s.get("type") or "")][: MAX_SCRIPTS * 2]
    order = 0
    for script in others:
        text = (script.text or "")[:MAX_SCRIPT_CHARS]
        if '"' not in text:
            continue
        for match in _SCRIPT_KEYS.finditer(text):
            key, value = match.groups()
            role: Role = "modified" if _MODIFIED_KEY.search(key) else "published"
            weight = round(0.5 - 0.05 * order, 3)
            yield Signal(f"html:script:{key}", "metadata", value, role, weight, order)
            order += 1
            if order >= MAX_SCRIPT_MATCHES:
                return


def jsonld_dates(scripts: Sequence[Any]) -> Iterator[Signal]:
    """A signal for each date field of each JSON-LD object among a page's ``<script>``s."""
    ld = [s for s in scripts if "ld+json" in (s.get("type") or "")][:MAX_SCRIPTS]
    order = 0
    for script in ld:
        text = (script.text or "")[:MAX_SCRIPT_CHARS]
        for key, value, kind in _dates_in(text):
            weight = _type_weight(kind) * _KEY_WEIGHT[key]
            source = f"html:jsonld:{kind + '.' if kind else ''}{key}"
            yield Signal(source, "metadata", value, DATE_KEYS[key], round(weight, 3), order)
            order += 1


def _dates_in(text: str) -> Iterator[tuple[str, str, str]]:
    try:
        data = msgspec.json.decode(text.strip())
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        for count, match in enumerate(_LOOSE.finditer(text)):
            if count >= MAX_LOOSE:
                return
            yield match.group(1), match.group(2).replace("\\/", "/"), ""
        return
    budget = [MAX_NODES]
    yield from _walk(data, "", 0, budget)


def _walk(node: Any, kind: str, depth: int, budget: list[int]) -> Iterator[tuple[str, str, str]]:
    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, kind, depth + 1, budget)
        return
    if not isinstance(node, dict):
        return
    own = _type_name(node.get("@type")) or kind
    for key, value in node.items():
        if (
            key in DATE_KEYS
            and isinstance(value, (str, int, float))
            and not isinstance(value, bool)
        ):
            yield key, str(value), own
        elif isinstance(value, (dict, list)):
            # A date on a nested object (an author, an image) is that object's, not the page's.
            yield from _walk(value, own if key == "@graph" else NESTED, depth + 1, budget)


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        names = [v for v in value if isinstance(v, str)]
        article = [n for n in names if n.endswith(_ARTICLE_TYPES)]
        return (article or names or [""])[0]
    return value if isinstance(value, str) else ""


def _type_weight(kind: str) -> float:
    if kind == NESTED:
        return 0.45
    if not kind or kind.endswith(_ARTICLE_TYPES):
        return 0.9 if kind else 0.8
    if kind.endswith(_PAGE_TYPES):
        return 0.75
    return 0.45

"""The page's title, author and tags, read with trafilatura's own readers, and only those.

``trafilatura.bare_extraction(with_metadata=True)`` also looks for the date (htmldate), the
site's name, the URL, categories and the licence, none of which the clean stage uses (the
dates stage reads dates from ``Article.page``): about a quarter of its metadata cost. The
steps below are those of ``trafilatura.metadata.extract_metadata`` for the three fields we
keep, in its order, so the values are the same as with the whole of it.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from html import unescape

from lxml import etree
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_title,
)
from trafilatura.utils import line_processing

MAX_FIELD_CHARS = 10_000
"""trafilatura's cut for a metadata string (``Document.clean_and_trim``)."""


@dataclass(frozen=True)
class PageMetadata:
    """What the page says of its article, as trafilatura reads it."""

    title: str | None = None
    author: str | None = None
    """Names separated by ``;``, as trafilatura joins them."""
    tags: tuple[str, ...] = ()


def page_metadata(tree: etree._Element) -> PageMetadata:
    """The page's title, author and tags (``tree`` is not changed)."""
    found = examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # one word is a handle or a site's name, not an author
    # trafilatura's own guard: a bug of its JSON-LD reader on odd input leaves the meta as read
    with suppress(Exception):
        found = extract_meta_json(tree, found)
    title = found.title or extract_title(tree)
    author = found.author or extract_author(tree)
    tags = found.tags or extract_catstags("tag", tree)
    return PageMetadata(title=_trimmed(title), author=_trimmed(author), tags=tuple(tags))


def _trimmed(value: str | None) -> str | None:
    """As ``Document.clean_and_trim`` leaves a string field."""
    if not value:
        return value
    if len(value) > MAX_FIELD_CHARS:
        value = value[: MAX_FIELD_CHARS - 1] + "…"
    return line_processing(unescape(value))

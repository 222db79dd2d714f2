"""The ``<meta>`` names and properties that carry an article's dates, and their trust.

Collected from the conventions in the wild: Open Graph and its ``article:`` namespace,
Dublin Core, schema.org microdata on ``<meta>``, Parse.ly, Sailthru, cXense, Shareaholic,
Highwire (``citation_``), and the plain ``date``/``pubdate`` of many CMSs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tasks.record import PageDate as Signal

META_PUBLISHED: dict[str, float] = {
    "article:published_time": 0.9,
    "og:article:published_time": 0.9,
    "og:published_time": 0.85,
    "article:published": 0.85,
    "published_time": 0.85,
    "datepublished": 0.85,
    "parsely-pub-date": 0.85,
    "sailthru.date": 0.75,
    "dc.date.issued": 0.8,
    "dcterms.issued": 0.8,
    "dc.date": 0.7,
    "dcterms.date": 0.7,
    "dc.date.created": 0.75,
    "dcterms.created": 0.75,
    "dc:date.created": 0.75,
    "citation_publication_date": 0.8,
    "citation_date": 0.7,
    "publish-date": 0.8,
    "publish_date": 0.8,
    "publishdate": 0.8,
    "pubdate": 0.8,
    "pub_date": 0.8,
    "publication_date": 0.8,
    "publicationdate": 0.75,
    "date_published": 0.8,
    "published-date": 0.8,
    "originalpublicationdate": 0.8,
    "article.published": 0.8,
    "cxenseparse:publishtime": 0.8,
    "cxenseparse:recs:publishtime": 0.8,
    "shareaholic:article_published_time": 0.8,
    "bt:pubdate": 0.8,
    "og:pubdate": 0.8,
    "content_publisheddate": 0.75,
    "analyticsattributes.articledate": 0.75,
    "sw-pubdate": 0.75,
    "date": 0.6,
    "created": 0.6,
    "datecreated": 0.65,
    "creation_date": 0.6,
    "uploaddate": 0.6,
    "og:article:time": 0.6,
    "date.available": 0.6,
    "displaydate": 0.7,
    "release_date": 0.6,
    "article_date_original": 0.8,
    "article:post_date": 0.8,
    "vr:published_time": 0.8,
    "rnews:datepublished": 0.8,
}
"""``<meta>`` names and properties that give the publication date, and their trust."""

META_MODIFIED: dict[str, float] = {
    "article:modified_time": 0.85,
    "og:updated_time": 0.8,
    "og:article:modified_time": 0.85,
    "datemodified": 0.8,
    "last-modified": 0.7,
    "lastmod": 0.7,
    "dcterms.modified": 0.75,
    "dc.date.modified": 0.75,
    "dc:date.modified": 0.75,
    "revision_date": 0.7,
    "shareaholic:article_modified_time": 0.75,
    "article:modified": 0.8,
    "modified_time": 0.8,
    "updated_time": 0.75,
    "date_modified": 0.8,
    "lastmodified": 0.7,
}
"""``<meta>`` names and properties that give the last modification."""


MAX_META = 400
"""``<meta>`` elements looked at; real pages have a few dozen."""


def meta_dates(metas: Sequence[Any]) -> Iterator[Signal]:
    """A signal for each ``<meta>`` (of a page's, in order) whose name or property is a known
    date field."""
    for index, meta in enumerate(metas):
        if index >= MAX_META:
            return
        content = (meta.get("content") or meta.get("value") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key in META_PUBLISHED:
                yield Signal(
                    f"html:meta:{key}", "metadata", content, "published", META_PUBLISHED[key]
                )
            elif key in META_MODIFIED:
                yield Signal(
                    f"html:meta:{key}", "metadata", content, "modified", META_MODIFIED[key]
                )

"""The clean stage: raw page in, article text and what the page says about it out.

It learns from its source (``tasks.stage.LearnsFromSource``): it asks the transport about the
fingerprints of the page's candidate lines, and leaves out those that its memory of the source
shows to be boilerplate (``source_memory`` holds the trust rule).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import TypeVar

import msgspec

from tasks.clean.extraction import Extraction
from tasks.clean.html import clean_html, page_keys
from tasks.clean.html_fallback import from_page_lines
from tasks.clean.lines import as_sent, split_lines
from tasks.clean.source_memory import MAX_MEMORY_KEYS, memory_keys, remembered
from tasks.clean.stopwords import warm_up
from tasks.clean.textdump import clean_dump
from tasks.record import Article, RawBody, RemovedLine, warn

MAX_HTML_CHARS = 5_000_000
"""HTML beyond this is cut before parsing: real articles are far smaller, hostile pages not."""
MAX_TEXT_CHARS = 500_000
"""A text dump beyond this is cut before classifying its lines."""
HTML_SHARE_OF_DUMP = 0.3
"""When both bodies came, the HTML's article is used unless it is shorter than this share of
the dump's (trafilatura found too little, e.g. a page that renders its text with scripts)."""
MAX_REMOVED_LINES = 5_000
"""The debug field lists at most this many removed lines (the first ones): a hostile page may
have tens of thousands."""
RECENT_PAGES = 64
"""Memory keys of this many recent pages are kept, so that the page the transport asked about
before the stage ran is not parsed again when it counts the page afterwards."""

K = TypeVar("K", str, bytes)


class Clean:
    """Find the article in the raw page (HTML, text dump, or both) and read its metadata.

    Hostile pages (huge, deeply nested, declaring entities, lying about their charset) are
    cleaned within bounded time and memory, with a warning; a page it cannot read gives empty
    text and a ``no_text`` warning. The only exception it raises is ``ValueError``, at
    construction, for nonsense limits.
    """

    name = "clean"
    reads_raw = True

    def __init__(
        self,
        *,
        max_html_chars: int = MAX_HTML_CHARS,
        max_text_chars: int = MAX_TEXT_CHARS,
        debug: bool = False,
    ) -> None:
        if max_html_chars <= 0 or max_text_chars <= 0:
            raise ValueError("max_html_chars and max_text_chars must be positive")
        self.max_html_chars = max_html_chars
        self.max_text_chars = max_text_chars
        self.debug = debug
        """Fill ``Article.removed`` with the lines left out and why."""
        self._recent = _RecentKeys(RECENT_PAGES)
        warm_up()  # load the stop-word lists at start-up, not on the first article

    def memory_keys(self, record: Article) -> list[str]:
        """Fingerprints of the page's candidate lines (at most ``MAX_MEMORY_KEYS``).

        A record whose raw body is gone (a transport that dropped it before counting) is known
        by its id, if its page was asked about recently."""
        raw = record.raw or RawBody()
        html = raw.html[: self.max_html_chars] if raw.html and raw.html.strip() else ""
        text = raw.text[: self.max_text_chars] if raw.text and raw.text.strip() else ""
        if not html and not text:
            return self._recent.of_article(record.id) or []
        digest = _digest(html, text)
        keys = self._recent.of_page(digest)
        if keys is None:
            found = page_keys(html) if html else []
            if text:
                found += memory_keys(line.text for line in split_lines(text))
            keys = list(dict.fromkeys(found))[:MAX_MEMORY_KEYS]
        self._recent.put(record.id, digest, keys)
        return keys

    def memory_observations(self, record: Article) -> list[str]:
        """What to count for this article: the same fingerprints, each once."""
        return self.memory_keys(record)

    def __call__(self, record: Article) -> Article:
        raw = record.raw or RawBody()
        boilerplate = remembered(record.memory.get(self.name))
        found, notes = self._extract(
            raw, title=record.title, url=record.url, remembered=boilerplate
        )
        removed = _debug_field(found, notes) if self.debug else record.removed
        text = found.text or _kept_as_sent(raw)
        if not found.text and text:
            kept = "cleaning found no article in the text; it is kept as the payload sent it"
            notes.append(("text_kept", kept))
        elif not text:
            notes.append(("no_text", "no article text could be extracted from the page"))
        warnings = record.warnings
        for code, message in notes:
            noted = msgspec.structs.replace(record, warnings=warnings)
            warnings = warn(noted, self.name, code, message)
        has_authors = bool(record.authors or record.byline)
        new_tags = [tag for tag in found.tags if tag not in record.source_tags]
        return msgspec.structs.replace(
            record,
            text=text,
            title=record.title or found.title,
            byline=record.byline if has_authors else ", ".join(found.authors) or None,
            authors=record.authors if has_authors else list(found.authors),
            captions=list(found.captions),
            dateline=found.dateline,
            page_metadata=list(found.page_metadata),
            source_tags=[*record.source_tags, *new_tags],
            declared_language=record.declared_language or found.language,
            warnings=warnings,
            removed=removed,
        )

    def _extract(
        self,
        raw: RawBody,
        *,
        title: str | None = None,
        url: str | None = None,
        remembered: frozenset[str] = frozenset(),
    ) -> tuple[Extraction, list[tuple[str, str]]]:
        """The article from whichever bodies the payload has, and the warnings met on the way."""
        notes: list[tuple[str, str]] = []
        from_html = from_text = None
        debug = self.debug
        if raw.html and raw.html.strip():
            html = self._cap(raw.html, self.max_html_chars, "html_truncated", notes)
            from_html = clean_html(html, url=url, title=title, remembered=remembered, debug=debug)
            if not from_html.text and not (raw.text and raw.text.strip()):
                from_html = from_page_lines(html, from_html, remembered=remembered, debug=debug)
            notes.extend(from_html.warnings)
        if raw.text and raw.text.strip():
            text = self._cap(raw.text, self.max_text_chars, "text_truncated", notes)
            from_text = clean_dump(text, title=title, remembered=remembered, debug=debug)
            if from_html is None or not from_html.text:
                notes.extend(from_text.warnings)
        return _combine(from_html, from_text), notes

    @staticmethod
    def _cap(body: str, limit: int, code: str, notes: list[tuple[str, str]]) -> str:
        if len(body) <= limit:
            return body
        notes.append((code, f"body of {len(body)} characters cut to the first {limit}"))
        return body[:limit]


def _kept_as_sent(raw: RawBody) -> str:
    """The payload's own text (``lines.as_sent``): what a dump that cleaning would empty keeps
    (a page with no prose; cleaning never throws a payload's only text away)."""
    return as_sent((raw.text or "")[:MAX_TEXT_CHARS])


def _combine(from_html: Extraction | None, from_text: Extraction | None) -> Extraction:
    """One extraction from the two forms of the page: the better article, the other's extras."""
    if from_html is None or from_text is None:
        return from_html or from_text or Extraction()
    use_html = from_html.words >= HTML_SHARE_OF_DUMP * from_text.words and from_html.words > 0
    main, other = (from_html, from_text) if use_html else (from_text, from_html)
    return Extraction(
        text=main.text,
        title=main.title or other.title,
        authors=main.authors or other.authors,
        captions=main.captions or other.captions,
        dateline=main.dateline or other.dateline,
        page_metadata=from_text.page_metadata,
        tags=tuple(dict.fromkeys((*main.tags, *other.tags))),
        language=from_html.language,
        removed=main.removed,
    )


class _RecentKeys:
    """The memory keys of the last pages asked about, by page and by article id (bounded)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._by_page: OrderedDict[bytes, list[str]] = OrderedDict()
        self._by_id: OrderedDict[str, list[str]] = OrderedDict()
        self._lock = threading.Lock()  # a worker may run stages in threads

    def of_page(self, digest: bytes) -> list[str] | None:
        with self._lock:
            keys = self._by_page.get(digest)
        return None if keys is None else list(keys)

    def of_article(self, article_id: str) -> list[str] | None:
        with self._lock:
            keys = self._by_id.get(article_id)
        return None if keys is None else list(keys)

    def put(self, article_id: str, digest: bytes, keys: list[str]) -> None:
        with self._lock:
            _bounded_put(self._by_page, digest, keys, self._size)
            _bounded_put(self._by_id, article_id, keys, self._size)


def _bounded_put(table: OrderedDict[K, list[str]], key: K, keys: list[str], size: int) -> None:
    table[key] = list(keys)
    table.move_to_end(key)
    while len(table) > size:
        table.popitem(last=False)


def _debug_field(found: Extraction, notes: list[tuple[str, str]]) -> list[RemovedLine]:
    """The removed lines for ``Article.removed``, at most ``MAX_REMOVED_LINES`` of them."""
    if len(found.removed) > MAX_REMOVED_LINES:
        cut = f"only the first {MAX_REMOVED_LINES} of {len(found.removed)} removed lines are listed"
        notes.append(("removed_truncated", cut))
    return list(found.removed[:MAX_REMOVED_LINES])


def _digest(html: str, text: str) -> bytes:
    """Which page this is, for the cache of memory keys (cheap next to parsing it)."""
    digest = hashlib.blake2b(digest_size=16)
    for body in (html, text):
        data = body.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.digest()

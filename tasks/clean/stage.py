"""The clean stage: raw page in, article text and what the page says about it out.

It learns from its source (``tasks.stage.LearnsFromSource``): ``read`` parses the page once and
finds the fingerprints of its candidate lines, the runner recalls what the source's memory
counted of them, and ``finish`` leaves out those it shows to be boilerplate (``source_memory``
holds the trust rule). What the later stages need of the raw page is read from the same parse
into ``Article.page``: the raw body is not needed after this stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from tasks.clean.extraction import Extraction
from tasks.clean.html import HtmlPage, clean_html, read_html
from tasks.clean.html_fallback import from_page_lines
from tasks.clean.lines import as_sent, split_lines
from tasks.clean.source_memory import MAX_MEMORY_KEYS, memory_keys, remembered
from tasks.clean.stopwords import warm_up
from tasks.clean.textdump import clean_dump
from tasks.html.page_signals import dump_signals
from tasks.record import Article, PageSignals, RawBody, RemovedLine, SourceMemory, warn
from tasks.stage import Reading

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


@dataclass(frozen=True)
class _Page:
    """The payload's bodies as ``read`` found them, for ``finish``: the HTML parsed once (None
    when the payload has none) and the dump, each cut to its cap, with the warnings of that."""

    html: HtmlPage | None
    text: str
    notes: tuple[tuple[str, str], ...]


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
        warm_up()  # load the stop-word lists at start-up, not on the first article

    def __call__(self, record: Article) -> Article:
        """The record cleaned without any source memory (no keys are read: none are asked
        about or counted)."""
        return self.finish(self._read(record, keys=False), None)

    def read(self, record: Article) -> Reading:
        """Parse the page once; the keys are the fingerprints of its candidate lines (at most
        ``MAX_MEMORY_KEYS``), those of the HTML's text lines then the dump's."""
        return self._read(record, keys=True)

    def _read(self, record: Article, *, keys: bool) -> Reading:
        raw = record.raw or RawBody()
        notes: list[tuple[str, str]] = []
        html = page = None
        if raw.html and raw.html.strip():
            html = self._cap(raw.html, self.max_html_chars, "html_truncated", notes)
            page = read_html(html)
        text = ""
        if raw.text and raw.text.strip():
            text = self._cap(raw.text, self.max_text_chars, "text_truncated", notes)
        state = _Page(page, text, tuple(notes))
        return Reading(record, _memory_keys(state) if keys else [], state)

    def finish(self, reading: Reading, memory: SourceMemory | None) -> Article:
        """The record cleaned (lines ``memory`` shows to be boilerplate left out), what later
        stages need of the page in ``page``, and the keys to count in ``observed``."""
        record, state = reading.record, reading.state
        assert isinstance(state, _Page)  # noqa: S101  (``read`` made it: a bug otherwise)
        found, notes = self._extract(
            state, title=record.title, url=record.url, remembered=remembered(memory)
        )
        removed = _debug_field(found, notes) if self.debug else record.removed
        text = found.text or _kept_as_sent(record.raw or RawBody())
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
        title = record.title or found.title
        return msgspec.structs.replace(
            record,
            text=text,
            title=title,
            byline=record.byline if has_authors else ", ".join(found.authors) or None,
            authors=record.authors if has_authors else list(found.authors),
            captions=list(found.captions),
            dateline=found.dateline,
            page_metadata=list(found.page_metadata),
            source_tags=[*record.source_tags, *new_tags],
            declared_language=record.declared_language or found.language,
            warnings=warnings,
            removed=removed,
            page=_page_signals(state, title, text),
            observed={**record.observed, self.name: reading.keys},
        )

    def _extract(
        self,
        page: _Page,
        *,
        title: str | None = None,
        url: str | None = None,
        remembered: frozenset[str] = frozenset(),
    ) -> tuple[Extraction, list[tuple[str, str]]]:
        """The article from whichever bodies the payload has, and the warnings met on the way."""
        notes: list[tuple[str, str]] = list(page.notes)
        from_html = from_text = None
        debug = self.debug
        if page.html is not None:
            from_html = clean_html(
                page.html, url=url, title=title, remembered=remembered, debug=debug
            )
            if not from_html.text and not page.text:
                from_html = from_page_lines(
                    page.html.lines, from_html, remembered=remembered, debug=debug
                )
            notes.extend(from_html.warnings)
        if page.text:
            from_text = clean_dump(page.text, title=title, remembered=remembered, debug=debug)
            if from_html is None or not from_html.text:
                notes.extend(from_text.warnings)
        return _combine(from_html, from_text), notes

    @staticmethod
    def _cap(body: str, limit: int, code: str, notes: list[tuple[str, str]]) -> str:
        if len(body) <= limit:
            return body
        notes.append((code, f"body of {len(body)} characters cut to the first {limit}"))
        return body[:limit]


def _memory_keys(page: _Page) -> list[str]:
    """The fingerprints of the page's candidate lines: the HTML's text lines', then the dump's."""
    found = memory_keys(page.html.lines) if page.html is not None else []
    if page.text:
        found += memory_keys(line.text for line in split_lines(page.text))
    return list(dict.fromkeys(found))[:MAX_MEMORY_KEYS]


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


def _page_signals(page: _Page, title: str | None, text: str) -> PageSignals | None:
    """What the later stages read of the page: the HTML's when it parsed, else the dump's."""
    if page.html is not None and page.html.signals is not None:
        return page.html.signals
    if page.text:
        return dump_signals(page.text, title, text)
    return None


def _debug_field(found: Extraction, notes: list[tuple[str, str]]) -> list[RemovedLine]:
    """The removed lines for ``Article.removed``, at most ``MAX_REMOVED_LINES`` of them."""
    if len(found.removed) > MAX_REMOVED_LINES:
        cut = f"only the first {MAX_REMOVED_LINES} of {len(found.removed)} removed lines are listed"
        notes.append(("removed_truncated", cut))
    return list(found.removed[:MAX_REMOVED_LINES])

"""The clean stage: raw page in, article text and what the page says about it out."""

from __future__ import annotations

import msgspec

from tasks.clean.extraction import Extraction
from tasks.clean.html import clean_html
from tasks.clean.stopwords import warm_up
from tasks.clean.textdump import clean_dump
from tasks.record import Article, RawBody, warn

MAX_HTML_CHARS = 5_000_000
"""HTML beyond this is cut before parsing: real articles are far smaller, hostile pages not."""
MAX_TEXT_CHARS = 500_000
"""A text dump beyond this is cut before classifying its lines."""
HTML_SHARE_OF_DUMP = 0.3
"""When both bodies came, the HTML's article is used unless it is shorter than this share of
the dump's (trafilatura found too little, e.g. a page that renders its text with scripts)."""


class Clean:
    """Find the article in the raw page (HTML, text dump, or both) and read its metadata."""

    name = "clean"
    reads_raw = True

    def __init__(
        self, *, max_html_chars: int = MAX_HTML_CHARS, max_text_chars: int = MAX_TEXT_CHARS
    ) -> None:
        if max_html_chars <= 0 or max_text_chars <= 0:
            raise ValueError("max_html_chars and max_text_chars must be positive")
        self.max_html_chars = max_html_chars
        self.max_text_chars = max_text_chars
        warm_up()  # load the stop-word lists at start-up, not on the first article

    def __call__(self, record: Article) -> Article:
        raw = record.raw or RawBody()
        found, notes = self._extract(raw, title=record.title, url=record.url)
        if not found.text:
            notes.append(("no_text", "no article text could be extracted from the page"))
        warnings = record.warnings
        for code, message in notes:
            noted = msgspec.structs.replace(record, warnings=warnings)
            warnings = warn(noted, self.name, code, message)
        has_authors = bool(record.authors or record.byline)
        new_tags = [tag for tag in found.tags if tag not in record.source_tags]
        return msgspec.structs.replace(
            record,
            text=found.text,
            title=record.title or found.title,
            byline=record.byline if has_authors else ", ".join(found.authors) or None,
            authors=record.authors if has_authors else list(found.authors),
            captions=list(found.captions),
            dateline=found.dateline,
            page_metadata=list(found.page_metadata),
            source_tags=[*record.source_tags, *new_tags],
            warnings=warnings,
        )

    def _extract(
        self, raw: RawBody, *, title: str | None = None, url: str | None = None
    ) -> tuple[Extraction, list[tuple[str, str]]]:
        """The article from whichever bodies the payload has, and the warnings met on the way."""
        notes: list[tuple[str, str]] = []
        from_html = from_text = None
        if raw.html and raw.html.strip():
            html = self._cap(raw.html, self.max_html_chars, "html_truncated", notes)
            from_html = clean_html(html, url=url, title=title)
            notes.extend(from_html.warnings)
        if raw.text and raw.text.strip():
            text = self._cap(raw.text, self.max_text_chars, "text_truncated", notes)
            from_text = clean_dump(text, title=title)
            if from_html is None or not from_html.text:
                notes.extend(from_text.warnings)
        return _combine(from_html, from_text), notes

    @staticmethod
    def _cap(body: str, limit: int, code: str, notes: list[tuple[str, str]]) -> str:
        if len(body) <= limit:
            return body
        notes.append((code, f"body of {len(body)} characters cut to the first {limit}"))
        return body[:limit]


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
    )

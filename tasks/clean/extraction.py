"""What the clean stage learns from one page, whichever form the page came in."""

from __future__ import annotations

from dataclasses import dataclass

from tasks.record import RemovedLine


@dataclass(frozen=True)
class Extraction:
    """The article found in a page, and what the page said about it."""

    text: str = ""
    """Paragraphs separated by a blank line."""
    title: str | None = None
    authors: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    dateline: str | None = None
    page_metadata: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str | None = None
    """The ISO 639-1 code the page declares (HTML only)."""
    warnings: tuple[tuple[str, str], ...] = ()
    """``(code, message)`` pairs for ``tasks.record.warn``."""
    removed: tuple[RemovedLine, ...] = ()
    """The page's lines left out of ``text``, and why (filled only when asked for)."""

    @property
    def words(self) -> int:
        """How much article text was found."""
        return len(self.text.split())

"""The best text of an HTML page in which trafilatura found no article.

Trafilatura gives up on pages whose markup it does not expect (an article written as a list,
a headline and two lines in bare ``div``s) as well as on pages with no text. The page's
visible text lines (``html_lines``: what a text renderer prints, scripts and styles left out)
are then the best evidence there is, and they are cleaned as a text dump would be: the
article is found by its prose, or the lines are kept whole when they show no page around
them. Lines in which even that finds no article are kept whole too, with a warning, since a
short page may be all article: cleaning never throws a page's only text away. A page with
no visible text at all (one that renders its text with scripts) gives none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tasks.clean.extraction import Extraction
from tasks.clean.textdump import clean_dump

FALLBACK = (
    "html_text_fallback",
    "trafilatura found no article in the HTML; the page's text lines were cleaned as a dump",
)
KEPT = (
    "html_text_kept",
    "no article was found in the HTML, nor among its text lines; they are kept whole",
)


def from_page_lines(
    lines: Sequence[str],
    around: Extraction,
    *,
    remembered: frozenset[str] = frozenset(),
    debug: bool = False,
) -> Extraction:
    """``around`` (what ``clean_html`` found, without text) with the article found among the
    page's text lines, and warnings saying so. With ``debug``, removed lines are numbered as
    the page's text lines (``html_lines``), as for any HTML page."""
    if not lines:
        return around
    found = clean_dump("\n".join(lines), remembered=remembered, debug=debug)
    warnings = (*around.warnings, FALLBACK, *found.warnings)
    if not found.text:
        return replace(around, text="\n\n".join(lines), warnings=(*warnings, KEPT), removed=())
    return replace(
        around,
        text=_one_line_each(found.text),
        title=around.title or found.title,
        authors=around.authors or found.authors,
        dateline=around.dateline or found.dateline,
        tags=around.tags or found.tags,
        warnings=warnings,
        removed=found.removed,
    )


def _one_line_each(text: str) -> str:
    """Each page line is a block of the page: a paragraph of its own."""
    return "\n\n".join(line for line in text.split("\n") if line)

"""The debug field: which lines of the page the article left out, and why.

For a text dump, ``line`` is the line's index in ``str.splitlines()`` of the dump (where it
starts, for a line the renderer had wrapped). For an HTML page, it is the index among the
page's text lines (``html_lines.page_lines``), the lines one would get by rendering the page
one block per line. Lines kept in the article, even in part, are not listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from tasks.clean import reasons
from tasks.clean.boilerplate import is_furniture
from tasks.clean.byline import read_byline
from tasks.clean.classify import Judged, Kind
from tasks.clean.extraction import Extraction
from tasks.clean.html_body import FURNITURE
from tasks.clean.sections import is_section_heading
from tasks.clean.source_memory import normal_form
from tasks.clean.tags import read_tags
from tasks.record import RemovedLine

MIN_CONTAINED_WORDS = 4
"""A page line this long found inside the article's text is kept (trafilatura joined or trimmed
it); a shorter one must match a kept line whole ("News" is no paragraph because "news" is
a word of one)."""
NAMED_MAX_WORDS = 25
"""A line outside the article up to this long is named by its words when they tell its kind;
a longer one is taken for text of another story, whatever words it uses."""


def dump_removed(
    judged: Sequence[Judged],
    kept: Collection[int],
    *,
    forgotten: Collection[int] = (),
    comments_from: int | None = None,
    alt_text: Collection[int] = (),
    told: Mapping[int, str] | None = None,
) -> list[RemovedLine]:
    """The dump's lines not in ``kept`` (indices among its lines), with why.

    ``judged`` holds each line as the single-page rules see it; ``forgotten`` the lines they
    would have kept but the source's memory removed; ``comments_from`` where the readers'
    comments begin; ``told`` the article's lines read into the record instead of the text
    (headline, captions), with why."""
    told = told or {}
    copies = Counter(normal_form(item.line.text) for item in judged)
    removed = []
    for item in judged:
        i = item.line.index
        if i in kept:
            continue
        if i in told:
            reason = told[i]
        elif i in forgotten:
            reason = reasons.SOURCE_MEMORY
        elif comments_from is not None and i >= comments_from:
            reason = reasons.COMMENTS
        elif i in alt_text:
            reason = reasons.ALT_TEXT
        else:
            reason = _dump_reason(item, copies[normal_form(item.line.text)])
        removed.append(RemovedLine(item.line.number, reason))
    return removed


KIND_REASONS = {
    Kind.METADATA: reasons.METADATA_TAIL,
    Kind.BYLINE: reasons.BYLINE,
    Kind.COMMENTS: reasons.COMMENTS,
}


def _dump_reason(item: Judged, copies: int) -> str:
    text = item.line.text
    if item.kind in KIND_REASONS:
        return KIND_REASONS[item.kind]
    if item.kind is Kind.BARRIER:
        return reasons.kind_of(text) or reasons.RELATED
    if item.kind is Kind.FURNITURE:
        if read_tags(text) is not None:
            return reasons.TAGS
        named = reasons.kind_of(text)
        return named or (reasons.REPEATED if copies > 1 else reasons.NAVIGATION)
    return _named(text, item.line.words)


def html_removed(
    lines: Sequence[str], found: Extraction, dropped: Sequence[tuple[str, str]]
) -> list[RemovedLine]:
    """The page's text ``lines`` that are not in the article ``found``, with why;
    ``dropped`` holds the lines of trafilatura's body that the rules left out, with why."""
    kept = {normal_form(line) for line in found.text.split("\n")}
    article = f" {normal_form(found.text)} "
    causes: dict[str, str] = {}
    for line, cause in dropped:
        causes.setdefault(normal_form(line), cause)
    told = {normal_form(caption): reasons.CAPTION for caption in found.captions}
    if found.title:
        told[normal_form(found.title)] = reasons.TITLE
    removed = []
    for i, line in enumerate(lines):
        key = normal_form(line)
        if key in kept and key:
            continue
        why = causes.get(key)
        if why is not None:
            reason = reasons.furniture_reason(line) if why == FURNITURE else why
        elif len(key.split()) >= MIN_CONTAINED_WORDS and f" {key} " in article:
            continue
        elif not key:
            reason = reasons.NAVIGATION  # no words: a separator, an icon's glyph
        else:
            reason = told.get(key) or _outside_reason(line)
        removed.append(RemovedLine(i, reason))
    return removed


def _outside_reason(line: str) -> str:
    """Why a line trafilatura did not take is not article text, as far as its words tell."""
    words = len(line.split())
    if read_byline(line, words) is not None:
        return reasons.BYLINE
    if read_tags(line) is not None:
        return reasons.TAGS
    if is_furniture(line, words):
        return reasons.furniture_reason(line)
    if is_section_heading(line, words):
        return reasons.kind_of(line) or reasons.RELATED
    return _named(line, words)


def _named(line: str, words: float) -> str:
    """A short line outside the article whose words tell its kind ("Read and Post Comments")
    is named by them; any other is just outside the article (a teaser, another story)."""
    named = reasons.kind_of(line) if words <= NAMED_MAX_WORDS else None
    return named or reasons.OUTSIDE_ARTICLE

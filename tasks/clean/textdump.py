"""Clean a plain-text page dump: find the article among the page's other text.

Text that shows no sign of a page around it (``page_signs``) is already clean and is kept
whole. In a dump, lines are judged one by one (``classify``), the lines that the source's
memory shows to be its boilerplate are taken for furniture, the article is the run of lines
richest in prose (``region``), its headline and lead are found above it (``lead``), and the
byline, tag line and metadata block are read for the record rather than kept as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tasks.clean import reasons
from tasks.clean.body import body_lines
from tasks.clean.byline import Byline, read_byline
from tasks.clean.captions import is_alt_text, read_caption
from tasks.clean.classify import Judged, Kind, judge_lines
from tasks.clean.extraction import Extraction
from tasks.clean.lead import LEAD_LINES, find_lead
from tasks.clean.lines import Line, as_sent, split_lines
from tasks.clean.metadata_block import find_blocks
from tasks.clean.page_signs import shows_page
from tasks.clean.region import Run, best_run, comments_start
from tasks.clean.removed import dump_removed
from tasks.clean.source_memory import fingerprint, mostly_remembered
from tasks.clean.stopwords import page_stoplist
from tasks.clean.tags import read_tags

REMEMBERABLE = (Kind.PROSE, Kind.SENTENCE, Kind.SHORT)
"""What the source's memory may turn into furniture: lines kept or not by their looks alone.
Bylines, headings that end the article and metadata keep their roles (a byline's date text
recurs in a source's articles of the same day, and is still read for the record)."""


def clean_dump(
    text: str,
    *,
    title: str | None = None,
    remembered: frozenset[str] = frozenset(),
    debug: bool = False,
) -> Extraction:
    """The article in a plain-text dump of a page, and what the page says about it.

    Lines whose fingerprints are in ``remembered`` are the source's boilerplate: they are
    judged as furniture. With ``debug``, the lines left out are listed with why. Text that
    shows no page around it is kept whole, with a ``text_already_clean`` warning.
    """
    lines = split_lines(text)
    blocks = find_blocks(lines)
    if not shows_page(lines, blocks):
        return _kept_whole(text, lines)
    alone = _judge(lines, blocks)
    marked = _remembered(alone, remembered) if remembered else set()
    judged = _as_furniture(alone, marked) if marked else alone
    run = best_run(judged)
    chosen: list[int] = []
    told: dict[int, str] = {}
    if run is None:
        no_prose = ("no_article_text", "no line of the text dump reads as article prose")
        found = Extraction(tags=_tags(lines), warnings=(no_prose,))
    else:
        found, chosen, told = _article(lines, blocks, judged, run, title)
    if not debug:
        return found
    kept = set(chosen)
    removed = dump_removed(
        alone,
        kept,
        forgotten=_kept_alone(alone, title) - kept - set(told) if marked else set(),
        comments_from=comments_start(judged),
        alt_text={i for i in range(len(judged)) if _is_alt(judged, i)},
        told=told,
    )
    return replace(found, removed=tuple(removed))


def _article(
    lines: Sequence[Line],
    blocks: Sequence[range],
    judged: Sequence[Judged],
    run: Run,
    title: str | None,
) -> tuple[Extraction, list[int], dict[int, str]]:
    """What the page says about the article the ``run`` holds, the indices of its text lines,
    and those of its lines read into the record instead (headline, captions), with why."""
    headline, chosen = article_lines(judged, run, title)
    captions = _captions(judged, chosen)
    told = _told(headline, captions)
    body = [i for i in chosen if i not in told]
    byline = _byline(judged, range(max(0, run.start - LEAD_LINES), run.end))
    after = [block for block in blocks if block.start >= run.end]
    found = Extraction(
        text=_paragraphs([lines[i] for i in body]),
        title=lines[headline].text if headline is not None else None,
        authors=byline.authors if byline else (),
        captions=tuple(dict.fromkeys(captions.values())),
        dateline=byline.dateline if byline else None,
        page_metadata=tuple(lines[i].text for i in after[0]) if after else (),
        tags=_tags(lines),
    )
    return found, body, told


def _told(headline: int | None, captions: dict[int, str]) -> dict[int, str]:
    """The article's lines that the record holds apart from its text: the headline (its
    ``title``) and the photo captions (its ``captions``), as the HTML extractor holds them."""
    told = dict.fromkeys(captions, reasons.CAPTION)
    if headline is not None:
        told[headline] = reasons.TITLE
    return told


def _kept_alone(judged: Sequence[Judged], title: str | None) -> set[int]:
    """The lines the single-page rules keep, without the source's memory (for the debug
    field: what the memory removed)."""
    run = best_run(judged)
    return set(article_lines(judged, run, title)[1]) if run else set()


def _remembered(judged: Sequence[Judged], remembered: frozenset[str]) -> set[int]:
    """The lines that may be article text by their looks but are the source's boilerplate
    (none when they are nearly all of the page's text: the page repeats a story)."""
    marked = {
        item.line.index
        for item in judged
        if item.kind in REMEMBERABLE and fingerprint(item.line.text) in remembered
    }
    words = sum(item.line.words for item in judged if item.kind in REMEMBERABLE)
    in_marked = sum(judged[i].line.words for i in marked)
    return set() if mostly_remembered(in_marked, words) else marked


def _as_furniture(judged: Sequence[Judged], marked: set[int]) -> list[Judged]:
    return [Judged(j.line, Kind.FURNITURE) if j.line.index in marked else j for j in judged]


def _kept_whole(text: str, lines: Sequence[Line]) -> Extraction:
    """Clean text as it came (``as_sent``: nothing of it is changed but spaces around lines),
    and what its byline and tag line say, though they stay in the text."""
    top = lines[:LEAD_LINES]
    byline = next((b for line in top if (b := read_byline(line.text, line.words))), None)
    whole = (
        "text_already_clean",
        "the text shows no page around it (menus, notices, a page's nesting): it is kept whole",
    )
    return Extraction(
        text=as_sent(text),
        authors=byline.authors if byline else (),
        dateline=byline.dateline if byline else None,
        tags=_tags(lines),
        warnings=(whole,),
    )


def _judge(lines: Sequence[Line], blocks: Sequence[range]) -> list[Judged]:
    """Every line of the dump as judged on its own."""
    return judge_lines(
        lines,
        page_stoplist(t for line in lines for t in line.tokens),
        metadata={i for block in blocks for i in block},
    )


def article_lines(
    judged: Sequence[Judged], run: Run, title: str | None
) -> tuple[int | None, list[int]]:
    """The headline's index (if found) and the indices of the headline, lead and body lines
    of the article ``run`` found, in order."""
    lead = find_lead(judged, run, title)
    head = [lead.headline] if lead.headline is not None else []
    chosen = [*head, *lead.keep, *body_lines(judged, run)]
    return lead.headline, [i for i in chosen if not _is_alt(judged, i)]


def _is_alt(judged: Sequence[Judged], i: int) -> bool:
    return i + 1 < len(judged) and is_alt_text(judged[i].line.text, judged[i + 1].line.text)


def _byline(judged: Sequence[Judged], span: range) -> Byline | None:
    """What the bylines near the top of the article say: the first date, the first names."""
    found = [
        byline
        for i in span
        if judged[i].kind is Kind.BYLINE
        and (byline := read_byline(judged[i].line.text, judged[i].line.words))
    ]
    dated = [b for b in found if b.dateline]
    named = [b for b in found if b.authors]
    if not found:
        return None
    dateline = dated[0].dateline if dated else None
    return Byline(authors=named[0].authors if named else (), dateline=dateline)


def _captions(judged: Sequence[Judged], chosen: Sequence[int]) -> dict[int, str]:
    """The chosen lines that are photo captions, by index, each read once."""
    found = {i: read_caption(judged[i].line.text, judged[i].line.words) for i in chosen}
    return {i: caption for i, caption in found.items() if caption}


def _tags(lines: Sequence[Line]) -> tuple[str, ...]:
    tags: dict[str, None] = {}
    for line in lines:
        for tag in read_tags(line.text) or ():
            tags.setdefault(tag, None)
    return tuple(tags)


def _paragraphs(lines: Sequence[Line]) -> str:
    """Lines joined as paragraphs: a line break where the page had consecutive lines of one
    block (a list, a poem), a blank line everywhere else."""
    parts: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None:
            together = line.index == previous.index + 1 and not line.blank_before
            parts.append("\n" if together and line.bullet == previous.bullet else "\n\n")
        parts.append(line.text)
        previous = line
    return "".join(parts)

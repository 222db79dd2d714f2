"""Clean a plain-text page dump: find the article among the page's other text.

Lines are judged one by one (``classify``), the article is the run of lines richest in prose
(``region``), its headline and lead are found above it (``lead``), and the byline, tag line
and metadata block are read for the record rather than kept as text.
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks.clean.body import body_lines
from tasks.clean.byline import Byline, read_byline
from tasks.clean.captions import is_alt_text, read_caption
from tasks.clean.classify import Judged, Kind, judge_lines
from tasks.clean.extraction import Extraction
from tasks.clean.lead import LEAD_LINES, find_lead
from tasks.clean.lines import Line, split_lines
from tasks.clean.metadata_block import find_blocks
from tasks.clean.region import Run, best_run
from tasks.clean.stopwords import page_stoplist
from tasks.clean.tags import read_tags


def clean_dump(text: str, *, title: str | None = None) -> Extraction:
    """The article in a plain-text dump of a page, and what the page says about it."""
    lines, blocks, judged = judge_page(text)
    run = best_run(judged)
    if run is None:
        return Extraction(
            tags=_tags(lines),
            warnings=(("no_article_text", "no line of the text dump reads as article prose"),),
        )
    headline, chosen = article_lines(judged, run, title)
    byline = _byline(judged, range(max(0, run.start - LEAD_LINES), run.end))
    after = [block for block in blocks if block.start >= run.end]
    return Extraction(
        text=_paragraphs([lines[i] for i in chosen]),
        title=lines[headline].text if headline is not None else None,
        authors=byline.authors if byline else (),
        captions=tuple(_captions(judged, chosen)),
        dateline=byline.dateline if byline else None,
        page_metadata=tuple(lines[i].text for i in after[0]) if after else (),
        tags=_tags(lines),
    )


def judge_page(text: str) -> tuple[list[Line], list[range], list[Judged]]:
    """The dump's lines, its metadata blocks, and every line as judged on its own."""
    lines = split_lines(text)
    blocks = find_blocks(lines)
    judged = judge_lines(
        lines,
        page_stoplist(t for line in lines for t in line.tokens),
        metadata={i for block in blocks for i in block},
    )
    return lines, blocks, judged


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


def _captions(judged: Sequence[Judged], chosen: Sequence[int]) -> list[str]:
    found = (read_caption(judged[i].line.text, judged[i].line.words) for i in chosen)
    return list(dict.fromkeys(c for c in found if c))


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

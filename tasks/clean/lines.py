"""A plain-text page dump as a list of lines, each with the layout facts the classifier reads.

Dumps come from text renderers (inscriptis, lynx, browser "save as text"): block elements
become lines, nesting becomes indentation, list items get a bullet. Those are the only traces
of the page's structure left, so they are kept alongside the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.clean.unwrap import unwrap_numbered, wrap_width

BULLET = re.compile(r"^(?:[*+•·◦▪‣►-](?=\s|$)|o(?= [^\W\d_a-z]))\s*")
"""List markers that renderers put in front of list items: inscriptis uses ``*``, ``+`` and
``o`` by depth (``o`` only before a capital, so a sentence opening with the article "o" stays)."""

WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""Scripts written without spaces, where a "word" token may be a whole sentence."""

CJK_CHARS_PER_WORD = 2
"""Roughly how many Chinese or Japanese characters carry what one spaced word carries."""
SOUTHEAST_ASIAN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
"""Thai, Lao, Burmese and Khmer: also written without spaces between words."""
SOUTHEAST_ASIAN_CHARS_PER_WORD = 4

MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MD_HEADING = re.compile(r"^#{1,6}\s+")
MD_EMPHASIS = re.compile(r"\*\*|__")
MAX_MARKDOWN_CHARS = 20_000
"""Longer lines are left as they are: Markdown is undone only where it is cheap to."""


@dataclass(frozen=True)
class Line:
    """One non-blank line of a dump."""

    index: int
    """Position among the non-blank lines (0 for the first)."""
    number: int
    """Where the line starts in the dump: its index in ``str.splitlines()`` of the dump."""
    text: str
    """The line without indentation, list marker or trailing spaces."""
    indent: int
    bullet: bool
    blank_before: bool
    """A blank line separates it from the previous non-blank line (a paragraph break)."""
    tokens: tuple[str, ...]
    words: float
    """Length in word equivalents, comparable across scripts."""


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, in order."""
    lines: list[Line] = []
    blank = False
    physical = text.expandtabs(4).splitlines()
    width = wrap_width(physical)
    numbered = unwrap_numbered(physical, width) if width else enumerate(physical)
    for number, raw in numbered:
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        stripped = _plain(stripped)
        marker = BULLET.match(stripped)
        body = stripped[marker.end() :] if marker else stripped
        if not body:  # a bare list marker (an icon-only link): nothing to read
            continue
        tokens = tuple(WORD.findall(body))
        lines.append(
            Line(
                index=len(lines),
                number=number,
                text=body,
                indent=len(raw) - len(raw.lstrip()),
                bullet=marker is not None,
                blank_before=blank,
                tokens=tokens,
                words=word_count(body, tokens),
            )
        )
        blank = False
    return lines


def _plain(line: str) -> str:
    """The line without Markdown markup, for crawlers that hand pages over as Markdown."""
    if len(line) > MAX_MARKDOWN_CHARS:
        return line
    if "](" in line:
        line = MD_LINK.sub(r"\1", MD_IMAGE.sub("", line)).strip()
    return MD_EMPHASIS.sub("", MD_HEADING.sub("", line))


def word_count(text: str, tokens: tuple[str, ...]) -> float:
    """Tokens of spaced scripts plus characters of unspaced scripts scaled to words."""
    cjk = len(CJK.findall(text))
    southeast = len(SOUTHEAST_ASIAN.findall(text))
    if not cjk and not southeast:
        return float(len(tokens))
    spaced = sum(1 for t in tokens if not CJK.search(t) and not SOUTHEAST_ASIAN.search(t))
    return spaced + cjk / CJK_CHARS_PER_WORD + southeast / SOUTHEAST_ASIAN_CHARS_PER_WORD


def as_sent(text: str) -> str:
    """``text`` as it came, but for the spaces around its lines and runs of blank lines: what
    is kept of a text that cleaning must not change (clean text, a page with no article)."""
    stripped = "\n".join(line.strip() for line in text.splitlines())
    return "\n\n".join(block.strip() for block in stripped.split("\n\n") if block.strip())

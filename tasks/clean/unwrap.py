"""Undoing hard line wrapping: renderers such as lynx and w3m break paragraphs at a fixed
width, which would leave the classifier a stack of sentence fragments.

A dump is taken as wrapped when its longest lines all end near one width; a line that fills
that width continues on the next line of the same block.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_WRAP_WIDTH = 50
MAX_WRAP_WIDTH = 132
FULL_MARGIN = 15
"""A line at most this many characters short of the width was broken by the renderer."""
MIN_FULL_LINES = 8
MIN_FULL_SHARE = 0.3
"""Share of the longer lines (eight words or more) that must end near the width."""
LONG_LINE_WORDS = 8
BULLETS = ("* ", "+ ", "- ", "• ", "o ")
"""A list item starts a new line even right after a full one."""


def wrap_width(lines: Sequence[str]) -> int | None:
    """The width a dump was wrapped at, or None when it was not wrapped."""
    lengths = [len(line.rstrip()) for line in lines]
    width = max(lengths, default=0)
    if not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return None
    long_lines = [
        n for n, line in zip(lengths, lines, strict=True) if _words(line) >= LONG_LINE_WORDS
    ]
    full = [n for n in long_lines if n >= width - FULL_MARGIN]
    if len(full) < MIN_FULL_LINES or len(full) < MIN_FULL_SHARE * len(long_lines):
        return None
    return width


def unwrap(lines: Sequence[str], width: int) -> list[str]:
    """Join each line that fills the width with the line that continues it."""
    return [line for _, line in unwrap_numbered(lines, width)]


def unwrap_numbered(lines: Sequence[str], width: int) -> list[tuple[int, str]]:
    """``unwrap``, each joined line with the number of the first line it was made of."""
    joined: list[tuple[int, str]] = []
    previous = ""
    for number, line in enumerate(lines):
        if joined and _continues(previous, line, width):
            start, text = joined[-1]
            joined[-1] = (start, text.rstrip() + " " + line.strip())
        else:
            joined.append((number, line))
        previous = line
    return joined


def _continues(previous: str, line: str, width: int) -> bool:
    """``line`` carries on ``previous`` (both as printed): same block, previous line full."""
    if not line.strip() or not previous.strip():
        return False
    if len(previous.rstrip()) < width - FULL_MARGIN:
        return False
    return not line.lstrip().startswith(BULLETS)


def _words(line: str) -> int:
    return len(line.split())

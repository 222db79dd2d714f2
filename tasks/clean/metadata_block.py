"""The metadata block some dumps carry after the article: one value per line (a country code,
a summary cut off with "...", a tag, an id, dates, the publisher), left by the page's
templates or hidden fields.

It reads as a run of short lines that are mostly bare values: numbers, dates, codes, single
words. Its values matter to later stages (the dates stage reads the dates in it), but it is
not article text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tasks.clean.datetext import date_span
from tasks.clean.lines import Line

MIN_LINES = 4
MAX_LINES = 20
MIN_VALUE_SHARE = 0.6
"""Share of the block's lines that must be bare values."""
MIN_VALUE_KINDS = 2
"""A block of values of one kind only (a menu of single words, a list of dates) is not one."""
ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")
NUMBER = re.compile(r"^[\d.,:/ -]+$")
CODE = re.compile(r"^[A-Z]{2,3}$")
SINGLE_TOKEN = re.compile(r"^[\w.-]+$")
MAX_VALUE_WORDS = 6


def find_blocks(lines: Sequence[Line]) -> list[range]:
    """Every stretch of lines (between blank lines) that reads as a metadata block."""
    blocks: list[range] = []
    start = 0
    for i in range(1, len(lines) + 1):
        if i == len(lines) or lines[i].blank_before:
            if _is_block(lines[start:i]):
                blocks.append(range(start, i))
            start = i
    return blocks


def _is_block(block: Sequence[Line]) -> bool:
    if not MIN_LINES <= len(block) <= MAX_LINES:
        return False
    kinds = [_value_kind(line) for line in block]
    values = [kind for kind in kinds if kind]
    if len(values) < MIN_VALUE_SHARE * len(block) or len(set(values)) < MIN_VALUE_KINDS:
        return False
    # Anything that is not a value may be a summary cut short or a short name, never prose.
    return all(
        kind or ELLIPSIS.search(line.text) or line.words <= MAX_VALUE_WORDS
        for kind, line in zip(kinds, block, strict=True)
    )


def _value_kind(line: Line) -> str:
    text = line.text
    if NUMBER.match(text):
        return "date" if date_span(text) else "number"
    span = date_span(text)
    if span and span[1] - span[0] >= 0.6 * len(text):
        return "date"
    if CODE.match(text):
        return "code"
    if SINGLE_TOKEN.match(text) and not line.bullet:
        return "word"
    if ELLIPSIS.search(text) and line.words > MAX_VALUE_WORDS:
        return "summary"
    return ""

"""Headline casing: why a Title Case line misleads NER, and the length-preserving repair.

A statistical recogniser leans on capitals; a headline such as "China Counters US Data Security
Effort With Its Own" is one long ORG to it. Before NER, such lines get the article's own casing:
a capitalised word is lowercased when the rest of the article writes it in lowercase more often
than with a capital in mid-sentence. Names keep their capitals because the article does. Every
change keeps the text's length, so entity offsets stay valid for the original text.
"""

from __future__ import annotations

import re
from collections import Counter

LINE = re.compile(r"[^\n]+")
"""A line of text (without its newline)."""
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word: letters, with inner apostrophes."""
_SENTENCE_OPENERS = frozenset(".!?:;\"“‘'([—–-")

TITLE_CASE_SHARE = 0.8
"""A line is Title Case when at least this share of its longer words start with a capital."""

MIN_TITLE_WORDS = 3
"""Lines with fewer longer words than this are left alone: too little to judge."""

LONGER_WORD = 4
"""Words of at least this many letters decide whether a line is Title Case (headline styles
keep short function words in lowercase)."""


def is_title_case(line: str) -> bool:
    """True when the line reads as a headline: nearly every longer word capitalised."""
    longer: list[str] = [w for w in WORD.findall(line) if len(w) >= LONGER_WORD]
    if len(longer) < MIN_TITLE_WORDS:
        return False
    capitalised = sum(w[0].isupper() for w in longer)
    return capitalised >= TITLE_CASE_SHARE * len(longer)


def _is_capitalised(word: str) -> bool:
    return bool(word[0].isupper() and (len(word) == 1 or word[1:].islower()))


def _casing_votes(lines: list[str]) -> tuple[Counter[str], Counter[str]]:
    """How often each word is written in lowercase, and capitalised in mid-sentence."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for line in lines:
        for match in WORD.finditer(line):
            word = match.group()
            if word.islower():
                lower[word] += 1
                continue
            before = line[: match.start()].rstrip()
            if before and before[-1] not in _SENTENCE_OPENERS and _is_capitalised(word):
                capital[word.lower()] += 1
    return lower, capital


def sentence_case_headlines(text: str) -> str:
    """``text`` with its Title Case lines in the article's own casing; same length."""
    lines = list(LINE.finditer(text))
    headlines = [m for m in lines if is_title_case(m.group())]
    if not headlines:
        return text
    lower, capital = _casing_votes([m.group() for m in lines if m not in headlines])
    chars = list(text)
    for line in headlines:
        for word in list(WORD.finditer(line.group()))[1:]:
            form = word.group()
            folded = form.lower()
            # acronyms (US, DNB) and mixed case (TikTok) are not headline style: left alone
            if not _is_capitalised(form) or len(folded) != len(form):
                continue
            if lower[folded] > capital[folded]:
                start = line.start() + word.start()
                chars[start : start + len(form)] = folded
    return "".join(chars)

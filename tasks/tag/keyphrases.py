"""Keyphrases of an article: YAKE's statistical candidates, minus the names.

YAKE (Campos et al., 2020) scores n-grams by frequency, position, spread and casing, with no
model or dictionary. On news it favours names ("Foreign Minister Wang"), which the entity tags
already give; a candidate is kept only when the article writes each of its words in lowercase
somewhere, so what remains is the topic ("data security", "export credit agency").
YAKE costs about as much per character as NER's statistical model, so it reads a bounded
sample of the text: the lead, where news states its topic.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yake

SAMPLE_CHARS = 2000
"""Characters of the clean text YAKE reads (about 25 ms on this sample size)."""

MAX_WORDS = 3
"""Longest keyphrase, in words."""

CANDIDATES_PER_KEYPHRASE = 10
"""YAKE candidates drawn per keyphrase wanted, since the name filter drops many."""

DEDUP_LIMIT = 0.7
"""YAKE's similarity above which a candidate counts as a repeat of a better one."""

UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my"})
"""Languages written without spaces between words: YAKE would take whole clauses for
phrases, so they get no keyphrases."""

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_LINE_END = re.compile(r"(?<=[^.!?:;\s])[ \t]*(?=\n|\Z)")


@functools.lru_cache(maxsize=32)
def _extractor(language: str, top: int) -> Any:
    return yake.KeywordExtractor(lan=language, n=MAX_WORDS, top=top, dedup_lim=DEDUP_LIMIT)


def lead_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The start of ``text``, at most ``limit`` characters, cut at a line or word boundary;
    each line ends as a sentence, so a headline and a caption are not read as one phrase."""
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit + 1)
        text = text[: cut if cut > 0 else limit]
    return _LINE_END.sub(".", text)


def keyphrases(text: str, language: str, limit: int) -> list[str]:
    """Up to ``limit`` lowercase keyphrases of ``text``, best first; names left out."""
    if limit <= 0 or not text.strip() or language in UNSPACED_LANGUAGES:
        return []
    sample = lead_sample(text)
    written_lower = {w for w in _WORD.findall(text) if w == w.lower()}  # uncased scripts too
    candidates = _extractor(language, limit * CANDIDATES_PER_KEYPHRASE).extract_keywords(sample)
    phrases = [[w.lower() for w in _WORD.findall(phrase)] for phrase, _score in candidates]
    topical = [words for words in phrases if words and all(w in written_lower for w in words)]
    # single words are most often generic ("countries", "program"): phrases first
    ranked = [w for w in topical if len(w) > 1] + [w for w in topical if len(w) == 1]
    found: list[str] = []
    chosen: list[frozenset[str]] = []
    for words in ranked:
        stems = frozenset(_stem(w) for w in words)
        if any(_repeats(stems, other) for other in chosen):
            continue
        chosen.append(stems)
        found.append(" ".join(words))
        if len(found) == limit:
            break
    return found


def _repeats(stems: frozenset[str], other: frozenset[str]) -> bool:
    """True when a phrase adds nothing beside a chosen one: one holds the other's words
    ("data" beside "data security"), or they share two words ("export credit agency" beside
    "export credit deal")."""
    return stems <= other or other <= stems or len(stems & other) >= 2


def _stem(word: str) -> str:
    """A crude plural fold, enough to see "efforts" and "effort" as one word."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word

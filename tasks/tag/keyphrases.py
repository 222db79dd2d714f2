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
from collections.abc import Iterable, Sequence
from typing import Any

import yake

from tasks.tag.synonyms import plural_fold

SAMPLE_CHARS = 400
"""Characters of the clean text YAKE reads: the headline and the first sentences. About 3.5 ms
an article, a twentieth of NER's time; on 2,000 characters it was 15–20 ms with the same
precision against publishers' keywords (``benchmarks/eval_keyphrases.py``)."""

MAX_WORDS = 3
"""Longest keyphrase, in words."""

CANDIDATES_PER_KEYPHRASE = 10
"""YAKE candidates drawn per keyphrase wanted, since the name filter drops many."""

SINGLE_WORD_FACTOR = 4.0
"""A single word's YAKE score is multiplied by this (YAKE: lower is better) before ranking."""

DEDUP_LIMIT = 1.0
"""YAKE's own repeat filter off (a limit of 1 skips it): ``_repeats`` below does that job,
and YAKE's string similarity was a quarter of its time on a short lead."""

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


def keyphrases(
    text: str, language: str, limit: int, *, sample_chars: int = SAMPLE_CHARS
) -> list[str]:
    """Up to ``limit`` lowercase keyphrases of ``text``, best first; names left out."""
    found = scored_keyphrases(text, language, limit, sample_chars=sample_chars)
    return [phrase for phrase, _score in found]


def scored_keyphrases(
    text: str, language: str, limit: int, *, sample_chars: int = SAMPLE_CHARS
) -> list[tuple[str, float]]:
    """Up to ``limit`` lowercase keyphrases of ``text`` with their scores, best first, from
    YAKE on the first ``sample_chars`` characters (see ``best_phrases``)."""
    if limit <= 0 or not text.strip() or language in UNSPACED_LANGUAGES:
        return []
    sample = lead_sample(text, sample_chars)
    candidates = _extractor(language, limit * CANDIDATES_PER_KEYPHRASE).extract_keywords(sample)
    # YAKE's scores are numpy floats, which JSON encoders refuse
    return best_phrases(((_WORD.findall(p), float(s)) for p, s in candidates), text, limit)


def best_phrases(
    candidates: Iterable[tuple[Sequence[str], float]], text: str, limit: int
) -> list[tuple[str, float]]:
    """The best ``limit`` of scored candidates (word lists; a lower score is better, as
    YAKE's), lowercased, each scored relative to the best, which scores 1.

    A candidate is kept only when ``text`` writes each of its words in lowercase somewhere
    (names are the entity tags' business); a single word ranks as if its score were
    ``SINGLE_WORD_FACTOR`` times worse; a candidate repeating a chosen one is skipped.
    """
    written_lower = {w for w in _WORD.findall(text) if w == w.lower()}  # uncased scripts too
    lowered = (([w.lower() for w in words], score) for words, score in candidates)
    topical = [(w, s) for w, s in lowered if w and all(word in written_lower for word in w)]
    # single words are most often generic ("countries", "program"): they rank behind
    ranked = sorted(
        (
            (words, score * (SINGLE_WORD_FACTOR if len(words) == 1 else 1.0))
            for words, score in topical
        ),
        key=lambda pair: pair[1],
    )
    found: list[tuple[str, float]] = []
    chosen: list[frozenset[str]] = []
    for words, score in ranked:
        stems = frozenset(plural_fold(w) for w in words)
        if any(_repeats(stems, other) for other in chosen):
            continue
        chosen.append(stems)
        found.append((" ".join(words), score))
        if len(found) == limit:
            break
    return _relative(found)


def _relative(found: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """YAKE's scores (lower is better) as the best one's over each: 1 for the best."""
    best = min((score for _phrase, score in found), default=0.0)
    if best <= 0.0:  # a degenerate text: every phrase is as good as the best
        return [(phrase, 1.0) for phrase, _score in found]
    return [(phrase, round(best / score, 4)) for phrase, score in found]


def _repeats(stems: frozenset[str], other: frozenset[str]) -> bool:
    """True when a phrase adds nothing beside a chosen one: one holds the other's words
    ("data" beside "data security"), or they share two words ("export credit agency" beside
    "export credit deal")."""
    return stems <= other or other <= stems or len(stems & other) >= 2

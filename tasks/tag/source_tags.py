"""The publisher's own tags, made comparable: lowercase, spaced, one of each.

Sites often run a tag's words together ("datasecurity", "DataSecurity"). CamelCase is split
at its capitals; an all-lowercase run of letters is split by ``wordsegment`` (English word
statistics from a web corpus), but only on evidence: the article writes the spaced form, or
every piece is a common word of four letters or more ("renewable energy"), or every pair is a
known bigram ("oil and gas"). A run the article writes as one word ("tiktok"), a known word
("huawei"), or one that would split into short pieces ("bit coin", "br exit") stays whole.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import wordsegment

MIN_RUN_TOGETHER = 6
"""Shorter lowercase tags are words or acronyms ("nfl", "covid"), never split."""

COMMON_WORD = 1_000_000
"""A piece counts as a common word from this many occurrences in wordsegment's unigrams
(about the 30,000 most frequent words: "renewable" 6 M, "tik" 0.2 M)."""

MIN_PIECE = 4
"""Without a known bigram, every piece must have this many letters: short pieces are where
segmentation goes wrong ("bit coin", "br exit")."""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS = re.compile(r"[_\s]+")
_ASCII_RUN = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=1)
def _segmenter() -> Any:
    """wordsegment's word statistics, loaded once per process on first use (about 1 s)."""
    segmenter = wordsegment.Segmenter()
    segmenter.load()
    return segmenter


def split_run_together(word: str, article: str = "") -> str:
    """``word`` with spaces where it runs words together, or unchanged without evidence.

    ``article`` is the lowercased article text, consulted first.
    """
    if len(word) < MIN_RUN_TOGETHER or not _ASCII_RUN.fullmatch(word):
        return word
    pieces: list[str] = _segmenter().segment(word)
    if len(pieces) > 1 and _should_split(word, pieces, article):
        return " ".join(pieces)
    return word


def _should_split(word: str, pieces: list[str], article: str) -> bool:
    segmenter = _segmenter()
    spaced = " ".join(pieces)
    if _contains(article, spaced) or _contains(article, word):
        return _contains(article, spaced)
    if segmenter.unigrams.get(word, 0) > 0:
        return bool(segmenter.unigrams[word] < segmenter.bigrams.get(spaced, 0))
    if all(" ".join(pair) in segmenter.bigrams for pair in itertools.pairwise(pieces)):
        return True
    return all(
        len(piece) >= MIN_PIECE and segmenter.unigrams.get(piece, 0) >= COMMON_WORD
        for piece in pieces
    )


def _contains(text: str, phrase: str) -> bool:
    return bool(text) and re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def normalise_tag(tag: str, article: str = "", *, segment: bool = True) -> str:
    """One source tag in normal form: "#DataSecurity" and "datasecurity" → "data security"."""
    text = unicodedata.normalize("NFKC", tag).strip().lstrip("#")
    text = _CAMEL.sub(" ", text)
    text = " ".join(_SEPARATORS.sub(" ", text).lower().split())
    if segment and " " not in text:
        text = split_run_together(text, article)
    return text


def normalise_tags(tags: Iterable[str], article: str = "", *, segment: bool = True) -> list[str]:
    """The source tags normalised, empty ones dropped, each once, in their order."""
    normal = (normalise_tag(tag, article, segment=segment) for tag in tags)
    return list(dict.fromkeys(tag for tag in normal if tag))

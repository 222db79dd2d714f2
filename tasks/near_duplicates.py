"""Near-duplicates across the stream: the same wire story on many sites.

Each article's clean body is cut into word 5-shingles and summarised by a MinHash
signature (datasketch, 64 permutations); the estimated Jaccard similarity of two articles
is the share of equal signature values. Candidates are found by locality-sensitive
hashing: the signature is cut into ``BANDS`` bands, and two articles that share a band are
compared. With 16 bands of 4 rows, a pair at 0.8 similarity shares a band 99.6% of the
time, a pair at 0.3 only 12% of the time (and is then compared and rejected).

The headline is left out (syndicated copies often change it), and so is anything the
clean stage already took for boilerplate. Records are marked, never dropped: ``duplicate_of``
is the first article of the group that the index saw, with the similarity to it.

The index is a ``DuplicateIndex``: the transport's is in Redis, shared by every worker
(``worker.duplicates``); ``LocalDuplicateIndex`` keeps one in this process for tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import msgspec
from datasketch import MinHash

from tasks.record import Article

PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE_WORDS = 5
THRESHOLD = 0.8
"""Estimated Jaccard similarity from which an article is a near-duplicate."""
MIN_SHINGLES = 20
"""Shorter bodies (a few sentences) are too small to call copies: not indexed."""

_WORD = re.compile(r"\w+")

Signature = tuple[int, ...]


class DuplicateIndex(Protocol):
    """Signatures seen recently, and which article first showed each band."""

    def first_similar(self, article_id: str, signature: Signature) -> tuple[str, float] | None:
        """Record ``signature`` for ``article_id``; return the earliest other article whose
        signature is at least ``THRESHOLD`` similar, and the similarity, if any."""
        ...


def signature(text: str) -> Signature | None:
    """The MinHash signature of a body's word shingles; None for a body too short."""
    words = _WORD.findall(text.casefold())
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    if len(shingles) < MIN_SHINGLES:
        return None
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1)
    minhash.update_batch(list(shingles))
    return tuple(int(v) for v in minhash.hashvalues)


def band_keys(sig: Signature) -> list[str]:
    """One key per band: the band's number and its values."""
    return [
        f"{band}:" + "-".join(str(v) for v in sig[band * ROWS : (band + 1) * ROWS])
        for band in range(BANDS)
    ]


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the share of equal values."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def mark_duplicates(records: Sequence[Article], index: DuplicateIndex) -> list[Article]:
    """Each record with ``duplicate_of`` and ``similarity`` set when the index knows an
    earlier near-copy of it."""
    out: list[Article] = []
    for record in records:
        sig = signature(record.text)
        found = index.first_similar(record.id, sig) if sig is not None else None
        if found is None:
            out.append(record)
            continue
        first, score = found
        out.append(msgspec.structs.replace(record, duplicate_of=first, similarity=round(score, 3)))
    return out


@dataclass(frozen=True)
class Seen:
    """What the index keeps of an article: when it came, its group's first article (itself
    when it is the first), its similarity to that one, and its signature."""

    order: int
    first: str
    score: float
    signature: Signature


def best_match(sig: Signature, seen: Sequence[Seen | None]) -> Seen | None:
    """Of the candidates ``seen`` (None for one forgotten), the earliest at least
    ``THRESHOLD`` similar to ``sig``."""
    close = [s for s in seen if s is not None and similarity(sig, s.signature) >= THRESHOLD]
    return min(close, key=lambda s: s.order) if close else None


def answer(article_id: str, seen: Seen) -> tuple[str, float] | None:
    """What the index says of an article it has seen: its group's first, unless itself."""
    return None if seen.first == article_id else (seen.first, seen.score)


class LocalDuplicateIndex:
    """A ``DuplicateIndex`` in this process's memory (unbounded: for tests and short runs)."""

    def __init__(self) -> None:
        self._bands: dict[str, list[str]] = {}
        self._seen: dict[str, Seen] = {}

    def first_similar(self, article_id: str, signature: Signature) -> tuple[str, float] | None:
        if article_id in self._seen:  # delivered again: the same answer as the first time
            return answer(article_id, self._seen[article_id])
        keys = band_keys(signature)
        candidates = dict.fromkeys(c for k in keys for c in self._bands.get(k, []))
        match = best_match(signature, [self._seen.get(c) for c in candidates])
        first, score = article_id, 1.0
        if match is not None:
            root = self._seen.get(match.first, match)
            first, score = match.first, similarity(signature, root.signature)
        self._seen[article_id] = Seen(len(self._seen), first, score, signature)
        for key in keys:
            self._bands.setdefault(key, []).append(article_id)
        return answer(article_id, self._seen[article_id])

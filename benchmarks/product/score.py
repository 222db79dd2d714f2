"""Figures over a group of scored items: the same arithmetic as ``product_eval.py``.

Every function takes (item, record) pairs of one group (the whole set, or one half of the
site split) and returns the figures as a dict of name -> number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from benchmarks.product.sets import Item, Record, got_day, got_entities, got_language, got_text

Pair = tuple[Item, Record | None]
WORD = re.compile(r"\w+")
SHORT = 40
"""Language texts under this many characters are also scored apart."""


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = WORD.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def extraction(pairs: Sequence[Pair]) -> dict[str, float]:
    """Shingle precision and recall per page (normalised counts), averaged, and their F1."""
    precisions, recalls = [], []
    for item, record in pairs:
        truth, guess = _shingles(item.truth), _shingles(got_text(record))
        tp, fp, fn = (
            sum((truth & guess).values()),
            sum((guess - truth).values()),
            sum((truth - guess).values()),
        )
        perfect = fp == fn == 0
        precisions.append(1.0 if perfect else (tp / (tp + fp) if tp + fp else 0.0))
        recalls.append(1.0 if perfect else (tp / (tp + fn) if tp + fn else 0.0))
    pr, rc = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    emptied = sum(1 for i, r in pairs if i.truth.strip() and not got_text(r).strip())
    return {"f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0, "P": pr, "R": rc, "emptied": emptied}


def day(pairs: Sequence[Pair]) -> dict[str, float]:
    """Exact publication day; a day that is not the expected one is wrong, none is no_day."""
    verdicts = Counter(day_verdict(item, record) for item, record in pairs)
    n = len(pairs)
    return {
        "correct": verdicts["correct"] / n,
        "wrong": verdicts["wrong"] / n,
        "no_day": verdicts["no_day"],
    }


def day_verdict(item: Item, record: Record | None) -> str:
    got = got_day(record)
    return "correct" if got == item.truth else ("no_day" if got is None else "wrong")


def label(pairs: Sequence[Pair]) -> dict[str, float]:
    """Exact language code, overall and on texts under ``SHORT`` characters."""
    got = {item.key: got_language(record) for item, record in pairs}
    return accuracy_of(pairs, got)


def accuracy_of(pairs: Sequence[Pair], got: dict[str, Any]) -> dict[str, float]:
    ok = [got.get(item.key) == item.truth for item, _ in pairs]
    short = [o for o, (item, _) in zip(ok, pairs, strict=True) if len(item.extra) < SHORT]
    return {"acc": sum(ok) / len(ok), "short": sum(short) / max(1, len(short))}


def entities(pairs: Sequence[Pair]) -> dict[str, float]:
    return entities_of(pairs, {item.key: got_entities(record) for item, record in pairs})


def entities_of(pairs: Sequence[Pair], found: dict[str, Any]) -> dict[str, float]:
    """Micro-averaged F1 of (text, label) mentions, counted as multisets per sentence."""
    tp = fp = fn = 0
    for item, _ in pairs:
        gold = Counter(map(tuple, item.truth))
        guess = Counter(map(tuple, found.get(item.key) or []))
        tp += sum((gold & guess).values())
        fp += sum((guess - gold).values())
        fn += sum((gold - guess).values())
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return {"f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0, "P": pr, "R": rc}


SCORERS = {"extraction": extraction, "day": day, "label": label, "entities": entities}

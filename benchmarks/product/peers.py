"""What a user would run instead, on the same strings: raw langdetect, the bare spaCy model."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.product.score import Pair, accuracy_of, entities_of
from benchmarks.product.sets import NER_LABELS
from tasks.config import DEFAULT_MODELS

MODEL = os.environ.get("EVAL_SPACY_MODEL", DEFAULT_MODELS["en"])
NER_ONLY = ["tagger", "parser", "lemmatizer", "attribute_ruler", "senter", "tok2vec"]
"""The components bare NER does without (as ``product_eval.py`` loads the model)."""


def langdetect_peer(pairs: Sequence[Pair]) -> list[tuple[str, dict[str, float]]]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    answers: dict[str, Any] = {}
    for item, _ in pairs:
        try:
            answers[item.key] = detect(item.extra)
        except LangDetectException:
            answers[item.key] = None
    return [("ldet", accuracy_of(pairs, answers))]


def bare_spacy_peer(pairs: Sequence[Pair]) -> list[tuple[str, dict[str, float]]]:
    import spacy

    nlp = spacy.load(MODEL, exclude=NER_ONLY)
    docs = nlp.pipe([item.extra for item, _ in pairs], batch_size=64)
    found = {
        item.key: [(e.text, NER_LABELS[e.label_]) for e in doc.ents if e.label_ in NER_LABELS]
        for (item, _), doc in zip(pairs, docs, strict=True)
    }
    return [("bare", entities_of(pairs, found))]


PEERS: dict[str, Callable[[Sequence[Pair]], list[tuple[str, dict[str, float]]]]] = {
    "label": langdetect_peer,
    "entities": bare_spacy_peer,
}

"""The limit the pipeline is measured against: spaCy's NER alone over the clean texts."""

from __future__ import annotations

import time
from collections.abc import Sequence

from tasks.ner import load_ner_model


def bare_spacy(texts: Sequence[str], processes: int, model: str) -> float:
    """Seconds for ``nlp.pipe`` over ``texts`` with ``processes`` processes (the model
    with only the components NER needs, as the NER stage loads it)."""
    nlp = load_ner_model(model)
    list(nlp.pipe(texts[:8]))  # warm-up: first calls allocate
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    return time.perf_counter() - started

"""The limit the pipeline is measured against: spaCy's NER alone over the clean texts.

Each of N processes loads the model (only the components NER needs, as the NER stage
loads it), warms it up, waits for a common start, then runs ``nlp.pipe`` over its share of
the texts and reports when it finished. The time is from the start to the last finish: no
model load, and no Docs shipped between processes (``nlp.pipe(n_process=N)`` pickles every
Doc back to the parent, which is not what a NER worker does, and made the limit look lower
than it is).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from multiprocessing.synchronize import Event

from tasks.ner import load_ner_model

BATCH_SIZE = 16


def bare_spacy(texts: Sequence[str], processes: int, model: str) -> float:
    """Seconds for ``processes`` processes to run NER over ``texts``, split evenly."""
    context = multiprocessing.get_context("fork")
    start, ready = context.Event(), context.Queue()
    finished = context.Queue()
    shares = [list(texts[i::processes]) for i in range(processes)]
    workers = [
        context.Process(target=_run, args=(share, model, start, ready, finished))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get()
    began = time.time()  # wall clock: comparable across processes
    start.set()
    ends = [finished.get() for _ in workers]
    for worker in workers:
        worker.join()
    return max(ends) - began


def _run(
    texts: list[str],
    model: str,
    start: Event,
    ready: multiprocessing.Queue[bool],
    finished: multiprocessing.Queue[float],
) -> None:
    nlp = load_ner_model(model)
    list(nlp.pipe(texts[:8]))  # warm-up: first calls allocate
    ready.put(True)
    start.wait()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    finished.put(time.time())

"""What the pipeline is measured against, in N processes from a common start.

- bare spaCy: the NER model (only the components NER needs, as the NER stage loads it)
  over the clean texts with ``nlp.pipe`` — the limit the issue sets;
- the stages in-process: every stage over the payloads in batches, as the workers run
  them — with a per-source memory and the near-duplicate check, in this process's memory —
  but with no Redis and no Celery: what the transport would reach if it were free.

Each process builds what it needs and warms it up, all start together, and the time is to
the last finish: no model load, and nothing shipped between processes
(``nlp.pipe(n_process=N)`` pickles every Doc back to the parent, which no worker does).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.synchronize import Event
from typing import Any

from tasks.config import StageConfig
from tasks.memory import LocalMemory
from tasks.near_duplicates import LocalDuplicateIndex, mark_duplicates
from tasks.ner import load_ner_model
from tasks.payload import record_from_payload
from tasks.pipeline import build_pipeline, enrich_inline

BATCH_SIZE = 16

Work = Callable[[list[Any]], None]
"""Processes one process's share of the items."""


def bare_spacy(texts: Sequence[str], processes: int, model: str) -> float:
    """Seconds for ``processes`` processes to run NER over ``texts``, split evenly."""
    return _timed(list(texts), processes, lambda: _ner_work(model))


def stages_in_process(pages: Sequence[dict[str, str]], processes: int) -> float:
    """Seconds for ``processes`` processes to run every stage over ``pages``."""
    return _timed(list(pages), processes, _stages_work)


def _ner_work(model: str) -> Work:
    nlp = load_ner_model(model)

    def work(texts: list[str]) -> None:
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass

    return work


def _stages_work() -> Work:
    stages = build_pipeline(StageConfig())
    for stage in stages:
        warm = getattr(stage, "warm", None)
        if warm:
            warm()

    memory, duplicates = LocalMemory(), LocalDuplicateIndex()

    def work(pages: list[dict[str, str]]) -> None:
        # the workers' work, all of it: recalling and learning each source's habits, and
        # the near-duplicate check before publishing
        for start in range(0, len(pages), BATCH_SIZE):
            records = [record_from_payload(p) for p in pages[start : start + BATCH_SIZE]]
            done, _failures = enrich_inline(records, stages, memory)
            mark_duplicates(done, duplicates)

    return work


def _timed(items: list[Any], processes: int, build: Callable[[], Work]) -> float:
    context = multiprocessing.get_context("fork")
    start, ready, finished = context.Event(), context.Queue(), context.Queue()
    workers = [
        context.Process(target=_run, args=(items[i::processes], build, start, ready, finished))
        for i in range(processes)
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
    items: list[Any],
    build: Callable[[], Work],
    start: Event,
    ready: multiprocessing.Queue[bool],
    finished: multiprocessing.Queue[float],
) -> None:
    work = build()
    work(items[:8])  # warm-up: first calls allocate and compile
    ready.put(True)
    start.wait()
    work(items)
    finished.put(time.time())

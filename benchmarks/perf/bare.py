"""What the pipeline is measured against, in N processes from a common start.

- bare spaCy: the NER model (only the components NER needs, as the NER stage loads it)
  over the clean texts with ``nlp.pipe`` — the limit the issue sets;
- the stages in-process: every stage over the payloads in batches, as the workers run
  them — with a per-source memory and the near-duplicate check, in this process's memory —
  but with no Redis and no Celery: what the transport would reach if it were free.

Both are timed by ``benchmarks.perf.timing.timed``: N processes, warmed up, started
together, timed to the last finish.
"""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.perf.timing import Work, timed
from tasks.config import StageConfig
from tasks.memory import LocalMemory
from tasks.near_duplicates import LocalDuplicateIndex, mark_duplicates
from tasks.ner import load_ner_model
from tasks.payload import record_from_payload
from tasks.pipeline import build_pipeline, enrich_inline

BATCH_SIZE = 16


def bare_spacy(texts: Sequence[str], processes: int, model: str) -> float:
    """Seconds for ``processes`` processes to run NER over ``texts``, split evenly."""
    return timed(list(texts), processes, lambda: _ner_work(model))


def stages_in_process(pages: Sequence[dict[str, str]], processes: int) -> float:
    """Seconds for ``processes`` processes to run every stage over ``pages``."""
    return timed(list(pages), processes, _stages_work)


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

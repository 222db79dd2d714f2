"""What the pipeline is measured against, in N processes from a common start.

- bare spaCy: the NER model (only the components NER needs, as the NER stage loads it)
  over the clean texts with ``nlp.pipe`` — the limit the issue sets;
- the stages in-process: every stage over the payloads in batches, through the step the
  workers run (``Pipeline.run``) — with a per-source memory and the near-duplicate check,
  in this process's memory — but with no Redis and no Celery: what the transport would
  reach if it were free.

Both are timed by ``benchmarks.perf.timing.timed``: N processes, warmed up, started
together, timed to the last finish.
"""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.perf.timing import Work, timed
from tasks.memory import LocalMemory
from tasks.near_duplicates import LocalDuplicateIndex
from tasks.ner import load_ner_model
from tasks.payload import record_from_payload
from tasks.pipeline import STAGE_NAMES, Pipeline

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
    pipeline = Pipeline(memory=LocalMemory(), duplicates=LocalDuplicateIndex())
    pipeline.warm(STAGE_NAMES)

    def work(pages: list[dict[str, str]]) -> None:
        # the workers' work, all of it, through the step they run: recalling and learning
        # each source's habits, dropping the raw body, the near-duplicate check
        for start in range(0, len(pages), BATCH_SIZE):
            pipeline.run([record_from_payload(p) for p in pages[start : start + BATCH_SIZE]])

    return work

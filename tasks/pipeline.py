"""The stages in the order they run, and how to build them from a configuration.

This list is the one place the order lives: the transport derives its Celery tasks, queues
and routing from it, and ``enrich_inline`` runs it in-process for tests and tools.
Stage modules are imported only when a stage is built, so a process that serves only the
light stages (or only looks at queues) never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tasks.config import StageConfig
from tasks.memory import MemoryStore, run_with_memory
from tasks.record import Article
from tasks.stage import Failure, Stage

STAGE_NAMES: tuple[str, ...] = ("clean", "dates", "language", "ner", "tag")

RAW_READERS = frozenset({"clean"})
"""Stages that read the crawler's raw body; it is dropped after the last of them."""


def _clean(config: StageConfig) -> Stage:
    from tasks.clean import Clean  # noqa: PLC0415  (see module docstring)

    return Clean(debug=config.clean_debug)


def _dates(config: StageConfig) -> Stage:
    from tasks.dates import Dates  # noqa: PLC0415

    return Dates()


def _language(config: StageConfig) -> Stage:
    from tasks.language import DetectLanguage  # noqa: PLC0415

    return DetectLanguage(sample_chars=config.language_sample_chars)


def _ner(config: StageConfig) -> Stage:
    from tasks.ner import Ner  # noqa: PLC0415

    return Ner(models=config.models)


def _tag(config: StageConfig) -> Stage:
    from tasks.tag import Tag  # noqa: PLC0415

    return Tag(max_keyphrases=config.keyphrases)


FACTORIES: dict[str, Callable[[StageConfig], Stage]] = {
    "clean": _clean,
    "dates": _dates,
    "language": _language,
    "ner": _ner,
    "tag": _tag,
}


def build_stage(name: str, config: StageConfig) -> Stage:
    """Construct one stage by name; its options are validated here, at start-up."""
    if name not in FACTORIES:
        raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGE_NAMES)}")
    return FACTORIES[name](config)


def build_pipeline(config: StageConfig | None = None) -> list[Stage]:
    """Every stage, in order."""
    config = config or StageConfig()
    return [build_stage(name, config) for name in STAGE_NAMES]


def last_raw_reader(names: Sequence[str] = STAGE_NAMES) -> str:
    """The last stage that reads the raw body; after it the transport drops the body."""
    return [n for n in names if n in RAW_READERS][-1]


def enrich_inline(
    records: Sequence[Article], stages: Sequence[Stage], memory: MemoryStore | None = None
) -> tuple[list[Article], list[Failure]]:
    """Run every stage in this process: the same code the workers run, without transport.

    With ``memory``, stages that learn from their source recall and record as they would
    against the workers' shared store.
    """
    failures: list[Failure] = []
    current = list(records)
    for stage in stages:
        current, failed = run_with_memory(stage, current, memory)
        failures.extend(failed)
    return current, failures

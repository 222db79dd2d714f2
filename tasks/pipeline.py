"""The pipeline: its stages in order, and the one ``step`` that runs any of them.

``STAGES`` is the one place the order lives: the transport derives its Celery tasks, queues
and routing from its names, and every driver — the Celery flow, ``enrich_inline``, the
evaluations and the benchmarks — runs a batch through ``Pipeline.step``, so what is measured
is what is shipped. A step is the whole of a stage's work on a batch: recall what the
source's memory holds, run the stage, count what it observed, drop the raw body after its
last reader, and mark near-duplicates after the last stage.

Stage modules are imported only when a stage is built, so a process that serves only the
light stages (or only looks at queues) never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tasks.config import StageConfig
from tasks.memory import MemoryStore, run_with_memory
from tasks.near_duplicates import DuplicateIndex, mark_duplicates
from tasks.record import Article, without_raw
from tasks.stage import Failure, Stage


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


STAGES: Mapping[str, Callable[[StageConfig], Stage]] = {
    "clean": _clean,
    "dates": _dates,
    "language": _language,
    "ner": _ner,
    "tag": _tag,
}
"""Every stage, in the order it runs, with the factory that builds it from the options."""

STAGE_NAMES: tuple[str, ...] = tuple(STAGES)

RAW_READERS = frozenset({"clean"})
"""Stages that read the crawler's raw body; it is dropped after the last of them."""


def build_stage(name: str, config: StageConfig) -> Stage:
    """Construct one stage by name; its options are validated here, at start-up."""
    if name not in STAGES:
        raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGE_NAMES)}")
    return STAGES[name](config)


LAST_RAW_READER = [name for name in STAGE_NAMES if name in RAW_READERS][-1]
"""After this stage the raw body leaves the record."""


@dataclass
class Pipeline:
    """The stages of one process and the resources their steps share.

    ``stages`` maps names to built stages; a stage missing from it is built from ``config``
    on first use (a worker serving only ``clean`` never loads a spaCy model). ``memory``
    and ``duplicates`` are the per-source memory and the near-duplicate index (None: off).
    """

    config: StageConfig = field(default_factory=StageConfig)
    stages: dict[str, Stage] = field(default_factory=dict)
    memory: MemoryStore | None = None
    duplicates: DuplicateIndex | None = None
    names: tuple[str, ...] = STAGE_NAMES
    """The order the stages run in: all of them, unless built from a few (``of``)."""

    @classmethod
    def of(
        cls,
        stages: Iterable[Stage],
        memory: MemoryStore | None = None,
        duplicates: DuplicateIndex | None = None,
    ) -> Pipeline:
        """A pipeline of already-built stages, run in the order given (tests, tools that
        run a few stages)."""
        built = {s.name: s for s in stages}
        return cls(stages=built, memory=memory, duplicates=duplicates, names=tuple(built))

    def stage(self, name: str) -> Stage:
        """The stage called ``name``, built on first use."""
        if name not in self.stages:
            self.stages[name] = build_stage(name, self.config)
        return self.stages[name]

    def warm(self, names: Iterable[str]) -> None:
        """Build ``names`` and load what they need now, not on the first article."""
        for name in names:
            warm = getattr(self.stage(name), "warm", None)
            if warm:
                warm()

    def next_after(self, name: str) -> str | None:
        """The stage after ``name``, or None after the last."""
        names = self.names
        index = names.index(name)
        return names[index + 1] if index + 1 < len(names) else None

    def step(
        self,
        name: str,
        records: Sequence[Article],
        *,
        reraise: tuple[type[BaseException], ...] = (),
    ) -> tuple[list[Article], list[Failure]]:
        """Run stage ``name`` over a batch: everything a worker does for that stage."""
        stage = self.stage(name)
        done, failures = run_with_memory(stage, records, self.memory, reraise=reraise)
        if name == LAST_RAW_READER:
            done = [without_raw(r) for r in done]
        if self.next_after(name) is None and self.duplicates is not None:
            done = mark_duplicates(done, self.duplicates)
        return done, failures

    def run(self, records: Sequence[Article]) -> tuple[list[Article], list[Failure]]:
        """Every stage in order, in this process: the same steps the workers run."""
        failures: list[Failure] = []
        current = list(records)
        for name in self.names:
            current, failed = self.step(name, current)
            failures.extend(failed)
        return current, failures


def enrich_inline(
    records: Sequence[Article], stages: Sequence[Stage], memory: MemoryStore | None = None
) -> tuple[list[Article], list[Failure]]:
    """Run ``stages`` in this process through ``Pipeline.step``: the workers' code, without
    transport (the raw body is dropped after the pipeline's last reader of it, as the
    workers drop it)."""
    return Pipeline.of(stages, memory).run(records)

"""The stages in the order they run, and how to build them from a configuration.

This list is the one place the order lives: the transport derives its Celery tasks, queues
and routing from it, and ``enrich_inline`` runs it in-process for tests and tools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tasks.clean import Clean
from tasks.dates import Dates
from tasks.language import DetectLanguage
from tasks.ner import DEFAULT_MODELS, Ner
from tasks.record import Article
from tasks.stage import Failure, Stage, run_stage
from tasks.tag import Tag

STAGE_NAMES: tuple[str, ...] = ("clean", "dates", "language", "ner", "tag")


@dataclass(frozen=True)
class StageConfig:
    """Options of the stages; the transport builds one from its settings."""

    models: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_MODELS))
    """spaCy model (package name or path) per ISO 639-1 language code."""
    language_sample_chars: int = 2000
    """Language detection reads at most this many characters of the clean text."""
    keyphrases: int = 5
    """How many keyphrases the tag stage keeps."""


def build_stage(name: str, config: StageConfig) -> Stage:
    """Construct one stage by name; options are validated here, at start-up."""
    if name == "clean":
        return Clean()
    if name == "dates":
        return Dates()
    if name == "language":
        return DetectLanguage(sample_chars=config.language_sample_chars)
    if name == "ner":
        return Ner(models=config.models)
    if name == "tag":
        return Tag(max_keyphrases=config.keyphrases)
    raise ValueError(f"unknown stage {name!r}; the stages are {', '.join(STAGE_NAMES)}")


def build_pipeline(config: StageConfig | None = None) -> list[Stage]:
    """Every stage, in order."""
    config = config or StageConfig()
    return [build_stage(name, config) for name in STAGE_NAMES]


def last_raw_reader(names: Sequence[str] = STAGE_NAMES) -> str:
    """The last stage that reads the raw body; after it the transport drops the body."""
    readers = [n for n in names if n in RAW_READERS]
    return readers[-1]


RAW_READERS = frozenset({"clean", "dates"})


def enrich_inline(
    records: Sequence[Article], stages: Sequence[Stage]
) -> tuple[list[Article], list[Failure]]:
    """Run every stage in this process: the same code the workers run, without transport."""
    failures: list[Failure] = []
    current = list(records)
    for stage in stages:
        current, failed = run_stage(stage, current)
        failures.extend(failed)
    return current, failures

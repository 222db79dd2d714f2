"""A long run with memory watched: does a worker's RSS stay flat after warm-up?"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from benchmarks.perf.pipeline import Pipeline

CHUNK = 1_000
"""Articles pushed at a time: the intake never holds the whole soak."""


@dataclass(frozen=True)
class Soak:
    articles: int
    seconds: float
    start_mb: float
    """The worker tree's RSS after the warm-up chunk."""
    peak_mb: float
    end_mb: float

    @property
    def growth(self) -> float:
        """End RSS over start RSS, minus one."""
        return self.end_mb / self.start_mb - 1 if self.start_mb else 0.0


def soak(pipeline: Pipeline, pages: Sequence[dict[str, str]]) -> Soak:
    """Push ``pages`` through in chunks; the first chunk is the warm-up."""
    columns = (TextColumn("soak"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    seconds = 0.0
    start_mb = 0.0
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("soak", total=len(pages))
        for offset in range(0, len(pages), CHUNK):
            chunk = pages[offset : offset + CHUNK]
            run = pipeline.run(chunk, progress=functools.partial(_advance, bar, task, offset))
            seconds += run.seconds
            if offset == 0:
                start_mb = pipeline.rss.sample()
    end_mb = pipeline.rss.sample()
    peak = max(mb for _, mb in pipeline.rss.series)
    return Soak(len(pages), seconds, start_mb, peak, end_mb)


def _advance(bar: Progress, task: TaskID, offset: int, done: int) -> None:
    bar.update(task, completed=offset + done)

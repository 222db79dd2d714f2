"""What `enrich run` and `enrich stats` show a person: a progress bar and summary tables.

Everything goes to stderr, so stdout carries only records and can be piped.
"""

from __future__ import annotations

import statistics
from collections import Counter
from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tasks.pipeline import STAGE_NAMES

if TYPE_CHECKING:
    from worker.local.run import RunResult

console = Console(stderr=True)


class ProgressBar:
    """A progress bar over finished articles; silent when stderr is not a terminal."""

    def __init__(self, *, enabled: bool = True) -> None:
        self._progress = Progress(
            TextColumn("enriching"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not (enabled and console.is_terminal),
            transient=True,
        )
        self._task = self._progress.add_task("enrich", total=None)

    def update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()


def print_summary(result: RunResult) -> None:
    """Done, dead-lettered (by reason) and the time each stage took."""
    rate = result.records / result.seconds if result.seconds else 0.0
    table = Table(title="enrich run", show_header=False, box=None)
    with_text = result.records - result.without_text
    table.add_row(
        "enriched", f"{result.records} ({with_text} with text, {result.without_text} without)"
    )
    table.add_row("dead-lettered", str(len(result.dead)))
    if result.skipped:
        table.add_row("skipped (--resume)", f"{result.skipped} already in the output")
    if result.skipped_records:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.skipped_records.items()))
        table.add_row("skipped (archive)", f"{sum(result.skipped_records.values())}: {kinds}")
    table.add_row("wall time", f"{result.seconds:.1f} s ({rate:.2f} articles/s)")
    console.print(table)
    if result.stage_ms:
        console.print(_stage_table(result.stage_ms))
    if result.dead:
        reasons = Counter((d.get("stage"), d.get("reason")) for d in result.dead)
        dead = Table("stage", "reason", "count", title="dead letters")
        for (stage, reason), n in reasons.most_common(10):
            dead.add_row(str(stage), str(reason), str(n))
        console.print(dead)


def _stage_table(stage_ms: dict[str, list[float]]) -> Table:
    table = Table("stage", "mean ms", "p50 ms", "max ms", "share", title="time per article")
    total = sum(sum(v) for v in stage_ms.values()) or 1.0
    for stage in [s for s in STAGE_NAMES if s in stage_ms]:
        values = stage_ms[stage]
        table.add_row(
            stage,
            f"{statistics.fmean(values):.1f}",
            f"{statistics.median(values):.1f}",
            f"{max(values):.1f}",
            f"{sum(values) / total:.0%}",
        )
    return table


def print_stats(figures: dict[str, Any]) -> None:
    """`enrich stats` as tables."""
    table = Table("where", "count", title=f"pipeline on {figures['redis']}")
    intake = figures["intake"]
    table.add_row("intake list", str(intake["list"]))
    table.add_row("intake list, in hand", str(intake["list_in_hand"]))
    table.add_row("intake stream", str(intake["stream"]))
    for stage, depth in figures["stages"].items():
        table.add_row(f"queue {stage}", str(depth))
    table.add_row("unacked messages", str(figures["unacked"]))
    table.add_row("output", str(figures["output"]))
    table.add_row("dead letters", str(figures["dead"]))
    for name, value in sorted(figures["counters"].items()):
        table.add_row(f"total {name.replace('_', ' ')}", str(value))
    console.print(table)
    if figures["dead_reasons"]:
        reasons = Table("stage", "error", "count", title="dead letters by kind (all time)")
        for row in figures["dead_reasons"]:
            reasons.add_row(row["stage"], row["error"], str(row["count"]))
        console.print(reasons)

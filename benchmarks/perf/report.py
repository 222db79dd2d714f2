"""What one kind's comparison measured, and its block of the printed report."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.perf.latency import percentile
from benchmarks.perf.pages import Kind
from benchmarks.perf.pipeline import Run

SIDES: dict[Kind, dict[str, str]] = {
    "html": {
        "a": "(a) bare spaCy NER, clean texts",
        "b": "(b) pipeline end to end",
        "c": "(c) stages in-process",
        "d": "(d) plain script (trafilatura, htmldate, langdetect, NER)",
    },
    "text": {
        "a": "(a) bare spaCy NER, raw dumps",
        "b": "(b) pipeline end to end",
        "c": "(c) stages in-process",
        "d": "(d) plain script (langdetect, NER)",
    },
}
TITLES: dict[Kind, str] = {"html": "HTML pages", "text": "plain-text dumps"}


@dataclass(frozen=True)
class Ratio:
    """(b) over one other side, with issue 15's bar for it when it sets one."""

    side: str
    name: str
    done_when: float | None = None
    aim: float | None = None

    def line(self, seconds: dict[str, float]) -> str:
        value = seconds[self.side] / seconds["b"]  # a rate ratio is the inverse time ratio
        text = f"ratio (b)/({self.side}), {self.name}: {value:.2f}"
        if self.done_when is not None:
            mark = "met" if value >= self.done_when else "NOT met"
            text += f"  (done when >= {self.done_when:.2f}: {mark}"
            text += f"; aim {self.aim:.2f})" if self.aim is not None else ")"
        return text


RATIOS: dict[Kind, tuple[Ratio, ...]] = {
    "html": (
        Ratio("d", "pipeline / plain script", done_when=1.0, aim=1.2),
        Ratio("c", "pipeline / its stages", done_when=0.95),
        Ratio("a", "pipeline / bare NER on clean texts"),
    ),
    "text": (
        Ratio("a", "pipeline / bare NER on raw dumps", done_when=1.3),
        Ratio("c", "pipeline / its stages", done_when=0.95),
        Ratio("d", "pipeline / plain script"),
    ),
}
"""The ratios issue 15's "done when" names for each kind first, then the others."""


@dataclass(frozen=True)
class Measured:
    """One kind of page, one process count: the four sides and the pipeline's details."""

    kind: Kind
    processes: int
    seconds: dict[str, float]
    """Seconds of each side, by letter (a, b, c, d)."""
    others: dict[str, float]
    """Share of the cores other jobs used during each side, by letter (0-1)."""
    run: Run
    peak_rss_mb: float
    paced: Run | None = None


def report(measured: Measured, words: int) -> None:
    """Print one process count's rows, ratios, latency, stage shares and memory."""
    run = measured.run
    print(f"-- {TITLES[measured.kind]}, {measured.processes} process(es)")
    for side, name in SIDES[measured.kind].items():
        seconds = measured.seconds[side]
        print(f"{name:58s} {run.articles / seconds:7.1f} articles/s {words / seconds:9.0f} words/s")
    for ratio in RATIOS[measured.kind]:
        print(ratio.line(measured.seconds))
    print(f"other jobs' share of the cores during each side: {_others(measured.others)}")
    print(f"latency, all pushed at once: {_latency(run)}")
    if measured.paced is not None:
        rate = measured.paced.articles / measured.paced.seconds
        print(f"latency, paced at {rate:.1f} articles/s: {_latency(measured.paced)}")
    total = sum(run.stage_ms.values()) or 1.0
    shares = ", ".join(f"{stage} {ms / total:.0%}" for stage, ms in run.stage_ms.items())
    print(f"stage time share: {shares}")
    print(f"peak RSS of one worker process: {measured.peak_rss_mb:.0f} MB")
    if run.dead:
        print(f"dead-lettered: {run.dead}")


def speedup(one: Measured, many: Measured) -> None:
    """Print each side's speed-up from the smaller process count to the larger."""
    for side, name in SIDES[one.kind].items():
        gain = one.seconds[side] / many.seconds[side]
        print(f"speed-up {one.processes} -> {many.processes} processes, {name}: {gain:.2f}x")


def _others(others: dict[str, float]) -> str:
    shares = ", ".join(f"({side}) {share:.0%}" for side, share in sorted(others.items()))
    unfair = max(others.values(), default=0.0) - min(others.values(), default=0.0)
    return shares + ("  (uneven: the ratios measure the neighbours too)" if unfair > 0.1 else "")


def _latency(run: Run) -> str:
    p50, p99 = percentile(run.latencies, 50), percentile(run.latencies, 99)
    return f"p50 {p50:.2f} s, p99 {p99:.2f} s"

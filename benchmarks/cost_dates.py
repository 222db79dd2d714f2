"""The dates stage's cost per article beside the NER stage's, on the same dev pages, in one run.

    .venv/bin/python benchmarks/cost_dates.py [DATA_DIR] [--repeat 3] [--profile 25]

Each page of ``dates-dev.jsonl.gz`` goes through ``tasks.clean.Clean`` as in the pipeline;
then, on the pages whose language (``tasks.language.DetectLanguage``) has a NER model in
``tasks.config.DEFAULT_MODELS``:

- the dates stage, one article at a time (as the workers call it), on the record the clean
  stage hands on: the raw HTML dropped, the page's signals in ``Article.page`` (the page is
  parsed once, by the clean stage);
- the NER stage (``tasks.ner.Ner``), through ``pipe`` in batches of its ``BATCH_SIZE``, on the
  clean text;

Prints CPU ms/article of each (the best of ``--repeat`` passes: the figure least disturbed by
other work on a shared machine; the mean wall clock is printed too) and the ratio; also the
dates stage on every page. ``--profile N`` prints the dates stage's N most expensive functions
(cProfile, cumulative). Exits 0 with a note when the data is absent.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.clean import Clean
from tasks.config import DEFAULT_MODELS
from tasks.dates import Dates
from tasks.language import DetectLanguage
from tasks.ner import Ner
from tasks.ner.stage import BATCH_SIZE
from tasks.record import Article, RawBody, without_raw

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TARGET_SHARE = 0.05
"""The issue's aim: the dates stage under 5% of NER's cost per article."""


def pages(path: Path) -> list[Article]:
    """The dev pages as the clean stage hands them on (language set for NER's sake)."""
    clean, language = Clean(), DetectLanguage()
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for row in map(json.loads, rows):
            record = Article(id=row["id"], url=row.get("url"), raw=RawBody(html=row["html"]))
            out.append(without_raw(language(clean(record))))
    return out


def timed(
    passes: dict[str, tuple[Callable[[], Any], int]], repeat: int
) -> dict[str, tuple[float, float]]:
    """For each named pass (work, articles): (best CPU ms per article, mean wall ms per
    article) over ``repeat`` rounds. The passes alternate within each round, so a burst of
    other work on the machine weighs on all of them alike."""
    cpu: dict[str, list[float]] = {name: [] for name in passes}
    wall: dict[str, list[float]] = {name: [] for name in passes}
    for _ in range(repeat):
        for name, (work, _count) in passes.items():
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            work()
            cpu[name].append(time.process_time() - started_cpu)
            wall[name].append(time.perf_counter() - started_wall)
    return {
        name: (1000 * min(cpu[name]) / count, 1000 * sum(wall[name]) / repeat / count)
        for name, (_work, count) in passes.items()
    }


def each_pass(
    stage: Callable[[Article], Article], records: Sequence[Article]
) -> Callable[[], None]:
    """A pass of ``stage`` over ``records`` one at a time, as the workers call it."""

    def run() -> None:
        for record in records:
            stage(record)

    return run


def cost_arguments(doc: str) -> argparse.ArgumentParser:
    """The options every cost script takes: the data folder, rounds, a profile."""
    parser = argparse.ArgumentParser(description=doc.split("\n", maxsplit=1)[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best is reported")
    parser.add_argument("--profile", type=int, default=0, help="show the N costliest functions")
    return parser


def ner_pass(stage: Ner, records: Sequence[Article]) -> Callable[[], None]:
    def run() -> None:
        for start in range(0, len(records), BATCH_SIZE):
            stage.pipe(records[start : start + BATCH_SIZE])

    return run


def main() -> int:
    args = cost_arguments(__doc__).parse_args()
    path = args.data_dir / "dates-dev.jsonl.gz"
    if not path.exists():
        print(f"{path} not found: skipped (pass the data folder as the first argument)")
        return 0
    records = pages(path)
    modelled = [r for r in records if r.language.code in DEFAULT_MODELS]
    dates, ner = Dates(), Ner()
    ner.warm()
    each_pass(dates, records[:10])()  # first calls compile patterns and fill caches
    ner_pass(ner, modelled[:BATCH_SIZE])()
    words = sum(len(r.text.split()) for r in modelled) / max(len(modelled), 1)
    print(f"{path.name}: {len(records)} pages, {len(modelled)} in a language with a NER model")
    print(f"  ({', '.join(sorted(DEFAULT_MODELS))}; {words:.0f} words of clean text on average)")
    costs = timed(
        {
            "dates, all pages": (each_pass(dates, records), len(records)),
            "dates, NER's pages": (each_pass(dates, modelled), len(modelled)),
            f"ner (batches of {BATCH_SIZE})": (ner_pass(ner, modelled), len(modelled)),
        },
        args.repeat,
    )
    for name, (cpu, wall) in costs.items():
        print(f"{name:20}: {cpu:7.2f} ms/article CPU ({wall:.2f} wall)")
    dates_cpu, ner_cpu = costs["dates, NER's pages"][0], costs[f"ner (batches of {BATCH_SIZE})"][0]
    share = dates_cpu / ner_cpu if ner_cpu else float("nan")
    print(
        f"dates / ner         : {share:.1%} (aim: under {TARGET_SHARE:.0%}); CPU, best of "
        f"{args.repeat} rounds"
    )
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(each_pass(dates, records))
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where the pipeline's time goes beside its stages: CPU per process, the pool's timeline, Redis.

    .venv/bin/python benchmarks/transport_cost.py [--kind html] [--articles 300]
        [--processes 2] [--batch-size 16] [DATA_DIR]

`throughput.py` says how far the pipeline (b) is from its stages in-process (c); this says
why, from one run of each on the same pages:

- (c), the stages in-process, as `throughput.py` runs it;
- (b), the pipeline, intake to output, and during it the CPU seconds of each process: the
  pool children (the stages, plus the task's own Redis work), the Celery parent, Redis, and
  this process (the ingester thread, the producer pushing the payloads, the collector
  popping the records);
- the pool's timeline, from the worker's task lines: when each child started its first
  batch and ended its last, and how long it spent in tasks; the rest of the run it idled;
- Redis's most expensive commands over the run (``INFO commandstats``).

A figure, not a test: run it on a quiet machine, and read the children's busy time against
(c)'s wall time times the processes.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.perf.bare import stages_in_process
from benchmarks.perf.pages import DATA, KINDS, load_pages
from benchmarks.perf.pipeline import running
from worker.defaults import BATCH_SIZE

TASK_LINE = re.compile(
    r"^(\S+ \S+) \w+ (ForkPoolWorker-\d+) Task \S+ succeeded in ([\d.]+)s: (\d+)"
)
"""Celery's line for a finished task: when, which child, how long, how many articles."""


@dataclass
class Child:
    first_start: float
    last_end: float
    busy: float
    articles: int


def main() -> None:
    args = parse_args()
    pages = load_pages(args.data, args.articles, kinds=[args.kind])
    seconds = stages_in_process(pages, args.processes)
    print(f"(c) stages in-process: {len(pages) / seconds:.1f} articles/s ({seconds:.2f} s)")
    with running(args.processes, batch_size=args.batch_size) as pipeline:
        pipeline.run([{**p, "id": f"warm-{i}"} for i, p in enumerate(pages[:16])])
        client = pipeline.client
        client.config_resetstat()
        roles = _roles()
        before, began = _cpu(roles), time.time()
        run = pipeline.run(pages)
        after, ended = _cpu(roles), time.time()
        stats = cast(dict[str, dict[str, Any]], client.info("commandstats"))
        children = _timeline(pipeline.log_path, began)
    wall = ended - began
    print(f"(b) pipeline: {run.articles / run.seconds:.1f} articles/s ({run.seconds:.2f} s)")
    print(f"    (b)/(c): {seconds / run.seconds:.2f}")
    print("CPU seconds during (b), by process:")
    for pid in sorted(after.keys() & before.keys()):
        name, used = roles[pid], after[pid] - before[pid]
        print(f"    {name:46s} {used:6.2f} s  ({used / wall:5.1%} of one core)")
    print("pool children, seconds from the first push:")
    for name, child in sorted(children.items()):
        print(
            f"    {name}: first batch at {child.first_start:.2f}, last done at "
            f"{child.last_end:.2f} of {wall:.2f}; in tasks {child.busy:.2f} s, "
            f"{child.articles} articles"
        )
    busy = sum(c.busy for c in children.values())
    print(f"    in tasks together {busy:.2f} s; (c) took {seconds * args.processes:.2f} s")
    print("Redis, most expensive commands:")
    top = sorted(stats.items(), key=lambda kv: -float(kv[1]["usec"]))[: args.top]
    for command, row in top:
        name = command.removeprefix("cmdstat_")
        print(f"    {name:12s} {row['calls']:7d} calls {float(row['usec']) / 1000:8.1f} ms")


def _roles() -> dict[int, str]:
    """This process and its descendants, each by what it does in the pipeline."""
    me = psutil.Process()
    roles = {me.pid: "this process (ingester, producer, collector)"}
    for proc in me.children(recursive=True):
        if "redis" in proc.name():
            roles[proc.pid] = "redis-server"
        elif proc.ppid() == me.pid:
            roles[proc.pid] = "Celery parent (consumer)"
        else:
            roles[proc.pid] = f"pool child {proc.pid}"
    return roles


def _cpu(pids: Iterable[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:  # a child replaced during the run: its time is lost
            continue
        out[pid] = times.user + times.system
    return out


def _timeline(log_path: Path, began: float) -> dict[str, Child]:
    """Each pool child's tasks that ended after ``began`` (the log's times are local)."""
    children: dict[str, Child] = {}
    for line in log_path.read_text(errors="replace").splitlines():
        match = TASK_LINE.match(line)
        if match is None:
            continue
        end = datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f").timestamp() - began
        if end <= 0:
            continue
        took, articles = float(match[3]), int(match[4])
        child = children.setdefault(match[2], Child(end - took, end, 0.0, 0))
        child.first_start = min(child.first_start, end - took)
        child.last_end = max(child.last_end, end)
        child.busy += took
        child.articles += articles
    return children


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--kind", choices=KINDS, default="html")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--top", type=int, default=8, help="Redis commands to show")
    return parser.parse_args()


if __name__ == "__main__":
    main()

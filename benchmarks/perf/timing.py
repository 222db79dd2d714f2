"""N processes over their share of the items, started together, timed to the last finish.

Each process builds what it needs and warms it up before the clock starts, so no model load
is timed and nothing is shipped between processes (``nlp.pipe(n_process=N)`` pickles every
Doc back to the parent, which no worker does).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.synchronize import Event
from typing import Any

WARM_UP_ITEMS = 8
"""Items each process runs before the clock starts: first calls allocate and compile."""

Work = Callable[[list[Any]], None]
"""Processes one process's share of the items."""


def timed(items: list[Any], processes: int, build: Callable[[], Work]) -> float:
    """Seconds for ``processes`` processes, each running ``build()`` over its share."""
    context = multiprocessing.get_context("fork")
    start, ready, finished = context.Event(), context.Queue(), context.Queue()
    workers = [
        context.Process(target=_run, args=(items[i::processes], build, start, ready, finished))
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get()
    began = time.time()  # wall clock: comparable across processes
    start.set()
    ends: list[float] = [finished.get() for _ in workers]
    for worker in workers:
        worker.join()
    return max(ends) - began


def _run(
    items: list[Any],
    build: Callable[[], Work],
    start: Event,
    ready: multiprocessing.Queue[bool],
    finished: multiprocessing.Queue[float],
) -> None:
    work = build()
    work(items[:WARM_UP_ITEMS])
    ready.put(True)
    start.wait()
    work(items)
    finished.put(time.time())

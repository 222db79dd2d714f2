"""Resident memory of a worker's processes, sampled in a thread while a run goes on."""

from __future__ import annotations

import threading
import time

import psutil

MB = 1024 * 1024


class RssSampler:
    """Samples the RSS of a process and its children every ``every`` seconds.

    ``peak_per_process`` is the largest RSS any one process reached (a pool child holding
    the spaCy model); ``series`` is the total over the tree at each sample, in MB.
    """

    def __init__(self, pid: int, every: float = 1.0) -> None:
        self._root = psutil.Process(pid)
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peak_per_process = 0.0
        self.series: list[tuple[float, float]] = []
        """(seconds since start, total MB of the tree), one per sample."""

    def __enter__(self) -> RssSampler:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> float:
        """Take one sample now; return the tree's total RSS in MB."""
        sizes = []
        for proc in [self._root, *self._root.children(recursive=True)]:
            try:
                sizes.append(proc.memory_info().rss / MB)
            except psutil.Error:  # a child replaced between listing and reading
                continue
        self.peak_per_process = max([self.peak_per_process, *sizes])
        total = sum(sizes)
        self.series.append((time.monotonic() - self._started, total))
        return total

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.sample()

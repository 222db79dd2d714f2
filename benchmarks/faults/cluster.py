"""The processes of a deployment, started locally so faults can be injected into them."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import redis

from worker.local.embedded import EmbeddedRedis
from worker.settings import Settings

READY_TIMEOUT = 180.0


class Cluster:
    """One Redis, ``workers`` worker processes and one ingester, all as child processes."""

    def __init__(
        self, workdir: Path, port: int, *, workers: int = 2, overrides: dict[str, str] | None = None
    ) -> None:
        self.workdir = workdir
        # AOF with fsync on every write: what Redis acknowledged survives its kill -9.
        self.redis = EmbeddedRedis(
            port=port, data_dir=workdir / "redis", appendonly=True, fsync="always"
        )
        self.settings = Settings.from_env(
            {"ENRICH_REDIS_URL": self.redis.url, "ENRICH_CONSUMER": "faults", **(overrides or {})}
        )
        self.worker_count = workers
        self.workers: list[subprocess.Popen[bytes] | None] = [None] * workers
        self.worker_logs: list[Path] = [workdir / f"worker{i}-0.log" for i in range(workers)]
        self.ingester: subprocess.Popen[bytes] | None = None
        self._starts = 0
        self.lock = threading.Lock()
        """Held while an injector stops and restarts a worker, so the supervisor keeps out."""
        self.crash_restarts = 0

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
        return {**base, **self.settings.environ()}

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis.url, socket_timeout=10)

    def start(self) -> None:
        self.redis.start()
        for i in range(self.worker_count):
            self.start_worker(i)
        for i in range(self.worker_count):
            self.wait_ready(i)
        self.ingester = self._spawn(["ingest"], self.workdir / "ingest.log")

    def start_worker(self, i: int) -> None:
        """Start (or restart) worker ``i``: one process with a pool of one, all stages."""
        self._starts += 1
        self.worker_logs[i] = self.workdir / f"worker{i}-{self._starts}.log"
        self.workers[i] = self._spawn(
            [
                "worker",
                "--concurrency",
                "1",
                "--",
                "-n",
                f"w{i}-{self._starts}@%h",
                "--without-mingle",
                "--without-gossip",
            ],
            self.worker_logs[i],
        )

    def wait_ready(self, i: int) -> None:
        """Wait until worker ``i`` consumes (Celery logs 'ready.')."""
        log = self.worker_logs[i]
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if log.exists() and "ready." in log.read_text(errors="replace"):
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker {i} not ready: {log}")

    def _spawn(self, args: list[str], log_path: Path) -> subprocess.Popen[bytes]:
        with log_path.open("wb") as log:
            # A session of its own, so a whole worker (parent and pool) can be signalled.
            return subprocess.Popen(
                [sys.executable, "-m", "worker", *args],
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def supervise(self) -> None:
        """Restart workers and the ingester when they exit on their own, as a process
        supervisor would (both exit on errors they cannot recover from, as at maxmemory)."""
        with self.lock:
            for i, proc in enumerate(self.workers):
                if proc is not None and proc.poll() is not None:
                    self.crash_restarts += 1
                    self.start_worker(i)
            if self.ingester is not None and self.ingester.poll() is not None:
                self.crash_restarts += 1
                self.ingester = self._spawn(
                    ["ingest"], self.workdir / f"ingest-{self.crash_restarts}.log"
                )

    def pool_children(self) -> list[psutil.Process]:
        children = []
        for proc in self.workers:
            if proc and proc.poll() is None:
                with contextlib.suppress(psutil.NoSuchProcess):  # it exited since the poll
                    children += psutil.Process(proc.pid).children()
        return children

    def signal_worker(self, i: int, sig: signal.Signals) -> None:
        proc = self.workers[i]
        if proc and proc.poll() is None:
            os.killpg(proc.pid, sig)

    def stop(self) -> None:
        procs = [p for p in [*self.workers, self.ingester] if p is not None]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.redis.stop()

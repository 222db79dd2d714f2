"""`enrich run`: the whole pipeline on files, through a real Redis and real Celery workers.

With no ``ENRICH_REDIS_URL`` it starts a private redis-server; either way it works in a key
namespace of its own (``worker.keys.run_prefix``), so it never mixes with a deployment sharing the
server. Payloads take the production path: intake list → ingest → stage tasks in a worker
child process → output list / dead-letter list, from which the records are collected.

It streams: payloads are read and pushed a window at a time, and each record is handed on
the moment it arrives, so the first records are out while the input is still being read.
Its worker and private Redis go down with it however it ends: on an error, Ctrl-C or
SIGTERM it stops them itself; on SIGKILL the kernel kills them (``worker.local.lifeline``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
import redis

from worker.app import create_app
from worker.connection import connect
from worker.errors import RunError
from worker.ingest import Ingester
from worker.keys import Keys, run_prefix
from worker.local.embedded import EmbeddedRedis
from worker.local.lifeline import die_with_parent
from worker.settings import Settings

STALL_TIMEOUT = 600.0
"""Seconds without any article finishing before `enrich run` gives up and says why."""

WINDOW_PER_PROCESS = 4
"""Batches per worker process `enrich run` keeps between the input and the output: enough to
keep every process busy (one running, one prefetched, two waiting), few enough that input
is read as records are written, not all of it first."""

COLLECT_WAIT = 0.2
"""Seconds one wait for outcomes lasts while input remains to be pushed."""


class Terminated(BaseException):
    """`enrich run` got SIGTERM: unwinds like Ctrl-C, stopping the worker and Redis on the way
    (a BaseException, so that no ``except Exception`` on the way swallows it)."""


@dataclass
class RunResult:
    """What came out of a run."""

    records: int = 0
    without_text: int = 0
    """Records that came out with empty text (counted in ``records`` too)."""
    dead: list[dict[str, Any]] = field(default_factory=list)
    """Each dead letter's id, stage, error and reason (the payloads went to ``emit_dead``)."""
    stage_ms: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    expected: int = 0
    skipped: int = 0
    """Payloads left out because the output already held their record (``--resume``)."""
    skipped_records: dict[str, int] = field(default_factory=dict)
    """Archive records that were no page, by kind (``worker.local.warc.SKIP_KINDS``)."""


@contextlib.contextmanager
def redis_url_for(settings: Settings) -> Iterator[str]:
    """The configured Redis, or a private one for the duration of the run (and no longer:
    it is killed with this process, see ``worker.local.lifeline``)."""
    if settings.redis_url:
        yield settings.redis_url
        return
    with EmbeddedRedis(die_with_parent=True) as server:
        yield server.url


@contextlib.contextmanager
def worker_process(
    settings: Settings, concurrency: int, log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`enrich worker` as a child process, serving every stage; stopped on exit, and killed
    by the kernel if this process is killed first (its pool children with it)."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")},
        **settings.environ(),
    }
    args = [
        sys.executable,
        "-m",
        "worker",
        "worker",
        "--concurrency",
        str(concurrency),
        "--",
        "--without-mingle",
        "--without-gossip",
    ]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            args,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent(),  # noqa: PLW1509  (one system call: see lifeline)
        )
        try:
            yield proc
        finally:
            stop_process(proc)


def stop_process(proc: subprocess.Popen[bytes], grace: float = 30.0) -> None:
    """SIGTERM (Celery's warm shutdown: the batch in hand finishes), SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Sinks:
    """Where outcomes go as they arrive."""

    emit: Callable[[bytes], None]
    """Each record's JSON."""
    emit_dead: Callable[[bytes], None]
    """Each dead letter's JSON."""
    progress: Callable[[int, int], None]
    """(outcomes so far, payloads taken so far)."""


def run_files(
    payloads: Iterable[bytes], settings: Settings, *, concurrency: int, sinks: Sinks
) -> RunResult:
    """Enrich ``payloads``, reading them as the pipeline takes them; each outcome goes to
    ``sinks`` as it arrives."""
    started = time.monotonic()
    with redis_url_for(settings) as url, tempfile.TemporaryDirectory() as tmp:
        run = dataclasses.replace(
            settings,
            redis_url=url,
            consumer="run",
            key_prefix=run_prefix(settings.key_prefix),
            output_mode="list",  # the run pops its outcomes off the lists
            output_maxlen=0,  # the run reads every outcome: none may be trimmed away
            tail_log_maxlen=0,
        )
        client = connect(url)
        log = Path(tmp) / "worker.log"
        try:
            with worker_process(run, concurrency, log) as proc:
                collector = _Collector(client, run, proc, log, sinks)
                _stream(client, run, payloads, collector, window=_window(run, concurrency))
                result = collector.result
        finally:
            _drop_namespace(client, Keys(run).everything)
    result.seconds = time.monotonic() - started
    return result


def _window(settings: Settings, concurrency: int) -> int:
    return WINDOW_PER_PROCESS * settings.batch_size * concurrency


def _stream(
    client: redis.Redis,
    settings: Settings,
    payloads: Iterable[bytes],
    collector: _Collector,
    *,
    window: int,
) -> None:
    """Push and ingest payloads while fewer than ``window`` are unfinished; collect the
    outcomes meanwhile; return when the input is used up and every outcome is in."""
    feed = _Feed(payloads, window)
    ingester = Ingester(create_app(settings), settings, track=True)
    intake = Keys(settings).intake
    while True:
        unfinished = len(ingester.tracked) - collector.finished
        chunk = feed.take(window - unfinished, wait=COLLECT_WAIT if unfinished == 0 else 0.0)
        if chunk:
            client.rpush(intake, *chunk)
            ingester.run(threading.Event(), once=True)
        expected = len(ingester.tracked)
        if feed.exhausted and collector.finished >= expected:
            return
        collector.collect(expected, wait=1.0 if feed.exhausted else COLLECT_WAIT)


_END = object()


class _Feed:
    """The input, read on a thread of its own into a bounded queue: a slow input (a pipe a
    crawler writes to) never holds up the outcomes, a fast one is read only a window ahead."""

    def __init__(self, payloads: Iterable[bytes], size: int) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=size)
        self.exhausted = False
        threading.Thread(target=self._read, args=(payloads,), daemon=True).start()

    def _read(self, payloads: Iterable[bytes]) -> None:
        try:
            for payload in payloads:
                self._queue.put(payload)
        except Exception as exc:  # noqa: BLE001  (raised again in the main thread, by take)
            self._queue.put(exc)
        self._queue.put(_END)

    def take(self, most: int, *, wait: float) -> list[bytes]:
        """Up to ``most`` payloads read so far, waiting up to ``wait`` s for the first."""
        out: list[bytes] = []
        while len(out) < most and not self.exhausted:
            try:
                item = (
                    self._queue.get(timeout=wait) if wait and not out else self._queue.get_nowait()
                )
            except queue.Empty:
                break
            if isinstance(item, Exception):
                raise item
            if item is _END:
                self.exhausted = True
            else:
                out.append(item)  # type: ignore[arg-type]
        return out


class _Collector:
    """Takes outcomes off the run's output and dead-letter lists and hands them on."""

    def __init__(
        self,
        client: redis.Redis,
        settings: Settings,
        proc: subprocess.Popen[bytes],
        log_path: Path,
        sinks: Sinks,
    ) -> None:
        self._client = client
        layout = Keys(settings)
        self._keys = [layout.output, layout.dead]
        self._proc = proc
        self._log = log_path
        self._sinks = sinks
        self._last_progress = time.monotonic()
        self.result = RunResult()

    @property
    def finished(self) -> int:
        return self.result.records + len(self.result.dead)

    def collect(self, expected: int, *, wait: float) -> None:
        """Take what has arrived, waiting up to ``wait`` seconds for the first outcome."""
        self.result.expected = expected
        if expected == self.finished:  # nothing owed: waiting for input is not a stall
            self._last_progress = time.monotonic()
        item = self._client.blpop(self._keys, timeout=wait)
        if item is None:
            _check_alive(self._proc, self._log, self._last_progress, expected - self.finished)
            return
        while item is not None:
            self._take(*item)
            item = self._next()
        self._last_progress = time.monotonic()
        self._sinks.progress(self.finished, expected)

    def _next(self) -> tuple[bytes, bytes] | None:
        """One more outcome already waiting, without blocking."""
        for key in self._keys:
            value = self._client.lpop(key)
            if value is not None:
                return key.encode(), value
        return None

    def _take(self, key: bytes, value: bytes) -> None:
        if key.decode() == self._keys[0]:
            self.result.records += 1
            _add_record(self.result, value)
            self._sinks.emit(value)
        else:
            letter = msgspec.json.decode(value)
            self.result.dead.append({k: letter.get(k) for k in ("id", "stage", "error", "reason")})
            self._sinks.emit_dead(value)


def _check_alive(proc: subprocess.Popen[bytes], log_path: Path, since: float, missing: int) -> None:
    if proc.poll() is not None:
        raise RunError(
            f"the worker process exited with code {proc.returncode}; "
            f"its log ends:\n{_tail(log_path)}"
        )
    if time.monotonic() - since > STALL_TIMEOUT:
        raise RunError(
            f"no article finished for {STALL_TIMEOUT:.0f} s; {missing} still "
            f"missing. Worker log ends:\n{_tail(log_path)}"
        )


def _add_record(result: RunResult, value: bytes) -> None:
    """Count a record's stage timings, and whether it came out without text."""
    record = msgspec.json.decode(value)
    result.without_text += not str(record.get("text") or "").strip()
    for stage, ms in record.get("stage_ms", {}).items():
        result.stage_ms.setdefault(stage, []).append(float(ms))


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _drop_namespace(client: redis.Redis, pattern: str) -> None:
    """Delete every key of the run's namespace (a shared Redis keeps nothing of it)."""
    with contextlib.suppress(redis.RedisError):
        batch = list(client.scan_iter(match=pattern, count=1000))
        for start in range(0, len(batch), 500):
            client.delete(*batch[start : start + 500])

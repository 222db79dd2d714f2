"""`enrich run`: the whole pipeline on files, through a real Redis and real Celery workers.

With no ``ENRICH_REDIS_URL`` it starts a private redis-server; either way it works in a key
namespace of its own (``worker.keys.run_prefix``), so it never mixes with a deployment sharing the
server. Payloads take the production path: intake list → ingest → stage tasks in a worker
child process → output list / dead-letter list, from which the records are collected.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
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
from worker.settings import Settings

STALL_TIMEOUT = 600.0
"""Seconds without any article finishing before `enrich run` gives up and says why."""


@dataclass
class RunResult:
    """What came out of a run."""

    records: int = 0
    without_text: int = 0
    """Records that came out with empty text (counted in ``records`` too)."""
    dead: list[dict[str, Any]] = field(default_factory=list)
    stage_ms: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0
    expected: int = 0


@contextlib.contextmanager
def redis_url_for(settings: Settings) -> Iterator[str]:
    """The configured Redis, or a private one for the duration of the run."""
    if settings.redis_url:
        yield settings.redis_url
        return
    with EmbeddedRedis() as server:
        yield server.url


@contextlib.contextmanager
def worker_process(
    settings: Settings, concurrency: int, log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`enrich worker` as a child process, serving every stage; stopped on exit."""
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
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
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


def run_files(
    payloads: Sequence[bytes],
    settings: Settings,
    *,
    concurrency: int,
    emit: Callable[[bytes], None],
    progress: Callable[[int, int], None],
) -> RunResult:
    """Enrich ``payloads``; each record's JSON goes to ``emit`` as it arrives."""
    started = time.monotonic()
    with redis_url_for(settings) as url, tempfile.TemporaryDirectory() as tmp:
        run = dataclasses.replace(
            settings,
            redis_url=url,
            consumer="run",
            key_prefix=run_prefix(settings.key_prefix),
        )
        client = connect(url)
        try:
            with worker_process(run, concurrency, Path(tmp) / "worker.log") as proc:
                expected = _submit_and_ingest(client, run, payloads)
                result = _collect(
                    client,
                    run,
                    expected,
                    proc=proc,
                    log_path=Path(tmp) / "worker.log",
                    emit=emit,
                    progress=progress,
                )
        finally:
            _drop_namespace(client, Keys(run).everything)
    result.seconds = time.monotonic() - started
    return result


def _submit_and_ingest(client: redis.Redis, settings: Settings, payloads: Sequence[bytes]) -> int:
    """Push the payloads onto the intake and ingest them; return how many outcomes to expect."""
    pipe = client.pipeline(transaction=False)
    for payload in payloads:
        pipe.rpush(Keys(settings).intake, payload)
    pipe.execute()
    ingester = Ingester(create_app(settings), settings, track=True)
    ingester.run(threading.Event(), once=True)
    return len(ingester.tracked)


def _collect(
    client: redis.Redis,
    settings: Settings,
    expected: int,
    *,
    proc: subprocess.Popen[bytes],
    log_path: Path,
    emit: Callable[[bytes], None],
    progress: Callable[[int, int], None],
) -> RunResult:
    result = RunResult(expected=expected)
    layout = Keys(settings)
    keys = [layout.output, layout.dead]
    last_progress = time.monotonic()
    while result.records + len(result.dead) < expected:
        item = client.blpop(keys, timeout=1)
        if item is None:
            _check_alive(
                proc, log_path, last_progress, expected - result.records - len(result.dead)
            )
            continue
        last_progress = time.monotonic()
        key, value = item
        if key.decode() == keys[0]:
            result.records += 1
            _add_record(result, value)
            emit(value)
        else:
            result.dead.append(msgspec.json.decode(value))
        progress(result.records + len(result.dead), expected)
    return result


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

"""Recovery through real worker processes: a whole worker killed with ``kill -9`` gives its
batches back within the issue's 60 s of its restart, with the default timing settings, and
a live worker's batch is never taken back however long it is held."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
import redis

from tests.conftest import drop_keys
from tests.integration.driver import Driver
from tests.integration.processes import start, stop, wait_ready
from worker.keys import Keys
from worker.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

WORKER = "enrich worker --concurrency 1 -- --without-mingle --without-gossip"
RECOVERY_PROMISE = 60.0
"""Seconds after a killed worker's restart within which all its articles are out (issue
16); the defaults put its batches back on their queues within 45 s of its death."""


def _payloads(count: int, tag: str) -> list[dict[str, str]]:
    return [
        {
            "id": f"{tag}-{i:03d}",
            "text": f"Ferry news {i}\n\nThe harbour board in Kirkwall met on Monday. "
            f"Ingrid Halvorsen said the sailing number {i} would run all winter.",
        }
        for i in range(count)
    ]


@pytest.fixture
def own_settings(redis_url: str) -> Iterator[Settings]:
    """Default timing settings, small batches, a namespace of this test's own."""
    settings = Settings(
        redis_url=redis_url,
        key_prefix=f"recover-{uuid.uuid4().hex[:8]}:",
        consumer="recover",
        batch_size=4,
    )
    yield settings
    drop_keys(redis.Redis.from_url(redis_url), settings.key_prefix)


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        stop(proc)


def _start_worker(
    settings: Settings, log: Path, started: list[subprocess.Popen[bytes]]
) -> subprocess.Popen[bytes]:
    proc = start(WORKER, settings, log, session=True)
    started.append(proc)
    wait_ready(proc, log)
    return proc


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _outcome_ids(driver: Driver) -> Counter[str]:
    return Counter(item["id"] for item in driver.records() + driver.dead())


def test_a_killed_worker_s_articles_are_out_within_a_minute_of_its_restart(
    own_settings: Settings, tmp_path: Path, workers: list[subprocess.Popen[bytes]]
) -> None:
    """kill -9 of a whole worker (parent and pool) while it holds batches; a new worker is
    started; every article is out exactly once, within 60 s of the restart."""
    client = redis.Redis.from_url(own_settings.require_redis_url())
    unacked = Keys(own_settings).unacked
    first = _start_worker(own_settings, tmp_path / "first.log", workers)
    driver = Driver(own_settings)
    payloads = _payloads(80, "kill")
    driver.push(payloads)
    assert driver.ingest() == len(payloads)

    def midway() -> bool:
        out = len(driver.records()) + len(driver.dead())
        assert out < len(payloads), "the worker finished before it could be killed"
        return out >= 4 and client.hlen(unacked) > 0

    _wait_for(midway, 180, "the first outcomes while the worker holds batches")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    held = client.hlen(unacked)
    assert held > 0  # the dead worker's batches, left for the heartbeat-less timeout

    restarted_at = time.monotonic()
    second = start(WORKER, own_settings, tmp_path / "second.log", session=True)
    workers.append(second)
    _wait_for(
        lambda: len(_outcome_ids(driver)) >= len(payloads),
        RECOVERY_PROMISE + 120,  # generous: the assertion below is the promise
        "every article's outcome",
    )
    recovered_in = time.monotonic() - restarted_at
    driver.settle()
    outcomes = _outcome_ids(driver)
    assert set(outcomes) == {p["id"] for p in payloads}
    assert max(outcomes.values()) == 1  # exactly once
    assert client.hlen(unacked) == 0
    assert recovered_in < RECOVERY_PROMISE, f"{held} batches took {recovered_in:.0f} s"


def _pool_child(proc: subprocess.Popen[bytes]) -> psutil.Process:
    (child,) = psutil.Process(proc.pid).children()
    return child


def test_a_live_worker_keeps_a_batch_held_far_past_the_visibility_timeout(
    own_settings: Settings, tmp_path: Path, workers: list[subprocess.Popen[bytes]]
) -> None:
    """The worker's pool process is frozen while the parent holds a batch for three
    visibility timeouts: the heartbeat keeps it, so it runs once, with no redelivery."""
    settings = dataclasses.replace(own_settings, visibility_timeout=6, heartbeat_interval=2)
    client = redis.Redis.from_url(settings.require_redis_url())
    keys = Keys(settings)
    proc = _start_worker(settings, tmp_path / "worker.log", workers)
    child = _pool_child(proc)
    child.suspend()  # SIGSTOP: the batch waits in the worker, as behind a long NER batch
    try:
        driver = Driver(settings)
        payloads = _payloads(4, "held")
        driver.push(payloads)
        assert driver.ingest() == len(payloads)
        _wait_for(lambda: client.hlen(keys.unacked) == 1, 60, "the worker to take the batch")
        time.sleep(3 * settings.visibility_timeout)  # the worker's own sweeps run meanwhile
    finally:
        child.resume()
    _, dead = driver.outcomes(len(payloads))
    driver.settle()
    assert sorted(r["id"] for r in driver.records()) == sorted(p["id"] for p in payloads)
    assert dead == []
    # A message put back would have been taken again by the same worker (it has room for
    # two) and run twice: counted as a redelivery (2 when the heartbeat is off).
    assert client.hget(keys.counters, "redeliveries") in (None, b"0")

"""`enrich run` as a user runs it: streaming, resuming, and taking its children down with it."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import EXAMPLE

pytestmark = pytest.mark.integration

START_TIMEOUT = 180.0
"""Seconds `enrich run` may take to have its Redis and worker up on a busy machine."""
OUTCOME_TIMEOUT = 180.0
GONE_TIMEOUT = 30.0
"""Seconds its children get to vanish after it dies (the kernel signals them at once)."""


def _env() -> dict[str, str]:
    """No ENRICH_REDIS_URL: `enrich run` starts its own Redis, as on a laptop."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}


def _payload(i: int) -> bytes:
    text = EXAMPLE.read_text(encoding="utf-8")
    return json.dumps({"id": f"run-{i}", "text": f"{text}\n\nUpdate {i}."}).encode()


def _crawl(path: Path, count: int) -> Path:
    path.write_bytes(gzip.compress(b"\n".join(_payload(i) for i in range(count)) + b"\n"))
    return path


def _start(*args: str, stdin: int | None = None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "worker", "run", "--concurrency", "1", *args]
    return subprocess.Popen(command, env=_env(), stdin=stdin, stderr=subprocess.PIPE)


def _wait_for_children(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """Its descendants once the redis-server, the worker and a pool child all run."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert proc.poll() is None, "enrich run ended before its children were up"
        children = parent.children(recursive=True)
        names = [c.name() for c in children]
        worker = [c for c in parent.children() if "redis" not in c.name()]
        if any("redis" in n for n in names) and worker and worker[0].children():
            return children
        time.sleep(0.2)
    raise AssertionError("enrich run did not start its Redis and worker")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_run_takes_its_redis_and_worker_down_however_it_dies(tmp_path: Path, sig: int) -> None:
    """Killed (SIGKILL) or stopped (SIGTERM) mid-run, `enrich run` leaves no redis-server,
    worker or pool child behind."""
    proc = _start(str(_crawl(tmp_path / "crawl.jsonl.gz", 200)), "-o", str(tmp_path / "o.jsonl"))
    children = _wait_for_children(proc)
    proc.send_signal(sig)
    _, alive = psutil.wait_procs(children, timeout=GONE_TIMEOUT)
    proc.wait(GONE_TIMEOUT)
    assert [(p.pid, p.name()) for p in alive] == []
    assert proc.returncode == (-signal.SIGKILL if sig == signal.SIGKILL else 128 + signal.SIGTERM)


def test_run_writes_each_record_while_its_input_is_still_open(tmp_path: Path) -> None:
    """Payloads on stdin: the first record is in the output file before the second payload
    is even written, and the run ends when stdin closes."""
    out = tmp_path / "out.jsonl"
    proc = _start("-", "-o", str(out), stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(_payload(0) + b"\n")
    proc.stdin.flush()
    deadline = time.monotonic() + OUTCOME_TIMEOUT
    while not out.exists() or not out.read_bytes().endswith(b"\n"):
        assert time.monotonic() < deadline, "no record while the input stayed open"
        assert proc.poll() is None
        time.sleep(0.2)
    proc.stdin.write(_payload(1) + b"\n")
    proc.stdin.close()
    assert proc.wait(OUTCOME_TIMEOUT) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["run-0", "run-1"]


def test_resume_skips_written_records_and_drops_a_cut_line(tmp_path: Path) -> None:
    """A re-run with --resume enriches only what the output lacks (a line cut short by a kill
    counts as lacking) and appends it."""
    crawl = _crawl(tmp_path / "crawl.jsonl.gz", 3)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"id": "run-1", "text": "kept"}\n{"id": "run-2", "te')
    proc = _start(str(crawl), "-o", str(out), "--resume")
    _, err = proc.communicate(timeout=OUTCOME_TIMEOUT + START_TIMEOUT)
    assert proc.returncode == 0, err.decode()
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["id"] == "run-1"
    assert sorted(r["id"] for r in lines[1:]) == ["run-0", "run-2"]
    assert lines[0]["text"] == "kept"
    assert b"skipped" in err

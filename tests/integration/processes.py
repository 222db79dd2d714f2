"""Starting and stopping the project's real processes (workers, ingesters) for tests."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

from worker.local.run import stop_process
from worker.settings import Settings

READY_TIMEOUT = 180.0
"""Seconds a worker may take to start (importing Celery and spaCy on a busy machine)."""


def child_env(settings: Settings) -> dict[str, str]:
    """This environment without ENRICH_* variables, plus ``settings`` as variables."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
    return {**base, **settings.environ()}


def start(
    command: str, settings: Settings, log: Path, *, session: bool = False
) -> subprocess.Popen[bytes]:
    """Start a command line (as a Procfile or compose file gives it) with ``settings``;
    with ``session``, in a session of its own, so the whole process group can be signalled."""
    args = shlex.split(command)
    if args[0] == "enrich":
        args = [sys.executable, "-m", "worker", *args[1:]]
    elif args[0] == "celery":
        args = [sys.executable, "-m", "celery", *args[1:]]
    with log.open("wb") as out:
        return subprocess.Popen(
            args,
            env=child_env(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=session,
        )


def wait_ready(proc: subprocess.Popen[bytes], log: Path, marker: str = "ready.") -> None:
    """Wait for ``marker`` in the process's log (Celery prints 'ready.' once consuming)."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if marker in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}:\n{log.read_text()}")
        time.sleep(0.2)
    raise RuntimeError(f"not ready after {READY_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process the way `enrich run` stops its worker."""
    stop_process(proc)

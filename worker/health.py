"""The HTTP endpoint of a worker or ingester (``/metrics``, ``/healthz``, ``/readyz``) and
the ``enrich health`` probe.

Alive (``/healthz``) means this process's consumer loop ran within ``STALE_AFTER`` seconds:
a worker's Celery consumer ticks ``LIVENESS`` from its event loop every ``BEAT_EVERY``
seconds, the ingester once per pass of its loop. A stuck or dead consumer stops the ticks,
while the endpoint's own thread would still answer; that is why the thread does not tick.
Ready (``/readyz``) means Redis answers a PING now.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import redis
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from worker.settings import Settings

BEAT_EVERY = 5.0
"""Seconds between a worker consumer's ticks."""
STALE_AFTER = 60.0
"""Seconds without a tick after which the process is reported dead: longer than the
ingester's longest pause between passes (30 s while Redis is unreachable) plus a pass."""
PROBE_TIMEOUT = 3.0
"""Seconds ``enrich health`` and ``/readyz`` wait for Redis or the endpoint."""


class Liveness:
    """When this process's consumer last showed that it runs."""

    def __init__(self) -> None:
        self._last = time.monotonic()

    def beat(self) -> None:
        self._last = time.monotonic()

    def problem(self) -> str | None:
        """Why the process is not alive, or None when it is."""
        silent = time.monotonic() - self._last
        if silent > STALE_AFTER:
            return f"consumer loop silent for {silent:.0f} s (limit {STALE_AFTER:.0f} s)"
        return None


LIVENESS = Liveness()
"""This process's liveness (one consumer loop per process)."""


def probe_client(settings: Settings) -> redis.Redis:
    """A Redis client that gives up quickly: a probe or a scrape must not hang."""
    return redis.Redis.from_url(
        settings.require_redis_url(),
        socket_timeout=PROBE_TIMEOUT,
        socket_connect_timeout=PROBE_TIMEOUT,
    )


def redis_problem(client: redis.Redis, settings: Settings) -> str | None:
    """Why Redis is not usable, or None when it answers (the message names no password)."""
    try:
        client.ping()
    except redis.RedisError as exc:
        return f"Redis at {settings.safe_url()} does not answer: {exc}"
    return None


def serve(
    port: int,
    registry: CollectorRegistry,
    ready: Callable[[], str | None],
    alive: Callable[[], str | None] = LIVENESS.problem,
) -> ThreadingHTTPServer:
    """Serve the three paths on ``port`` (all interfaces) from a daemon thread."""
    routes: dict[str, Callable[[], tuple[int, bytes, str]]] = {
        "/metrics": lambda: (200, generate_latest(registry), CONTENT_TYPE_LATEST),
        "/healthz": lambda: _verdict(alive()),
        "/readyz": lambda: _verdict(ready()),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = routes.get(self.path.split("?", 1)[0])
            status, body, kind = route() if route else (404, b"not found\n", "text/plain")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: a scrape every few seconds is not news."""

    server = ThreadingHTTPServer(("", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="enrich-metrics", daemon=True).start()
    return server


def _verdict(problem: str | None) -> tuple[int, bytes, str]:
    if problem is None:
        return 200, b"ok\n", "text/plain"
    return 503, (problem + "\n").encode(), "text/plain"


def check(settings: Settings, port: int) -> str | None:
    """``enrich health``: why this host's process is unhealthy, or None when it is well."""
    problem = redis_problem(probe_client(settings), settings)
    if problem:
        return problem
    if not port:
        return (
            "ENRICH_METRICS_PORT is 0: no local endpoint can say whether this host's worker "
            "or ingester is alive (set it, or pass --port)"
        )
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT):
            return None
    except urllib.error.HTTPError as exc:
        return f"{url}: {exc.read().decode(errors='replace').strip() or exc.code}"
    except OSError as exc:
        return f"no process answers on {url}: {exc}"

"""Metrics, health and log format hooked into Celery's worker (``create_app`` connects them).

In the worker's parent, before the pool forks: multiprocess counting is switched on (each
pool child counts in a file of its own under ``PROMETHEUS_MULTIPROC_DIR``) and the endpoint
started; a child closes its inherited copy of the endpoint's socket, and marks itself dead
in the metric files when it exits. The consumer ticks ``LIVENESS`` from its event loop.
"""

from __future__ import annotations

import logging
import os
from http.server import ThreadingHTTPServer
from typing import Any

from celery import Celery, bootsteps, signals

from worker.endpoint import start_endpoint
from worker.errors import SettingsError
from worker.health import BEAT_EVERY, LIVENESS
from worker.logs import reformat
from worker.metrics import process_exited, use_multiprocess_dir
from worker.settings import Settings

log = logging.getLogger("enrich.worker")

_servers: list[ThreadingHTTPServer] = []


class ConsumerBeat(bootsteps.StartStopStep):  # type: ignore[misc]  # celery is untyped
    """Ticks ``LIVENESS`` from the consumer's own timer: the ticks stop when it stops."""

    requires = ("celery.worker.consumer.tasks:Tasks",)

    def __init__(self, parent: Any, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self._timer_ref: Any = None

    def start(self, parent: Any) -> None:
        LIVENESS.beat()
        self._timer_ref = parent.timer.call_repeatedly(BEAT_EVERY, LIVENESS.beat)

    def stop(self, parent: Any) -> None:
        if self._timer_ref is not None:
            self._timer_ref.cancel()
            self._timer_ref = None


def _settings(sender: Any) -> Settings:
    app = getattr(sender, "app", None)
    return getattr(app, "enrich_settings", None) or Settings.from_env()


def _on_worker_init(sender: Any = None, **_: Any) -> None:
    settings = _settings(sender)
    if not settings.metrics_port:
        return
    use_multiprocess_dir()
    try:
        server = start_endpoint(settings)
    except SettingsError as exc:
        # as in worker.signals: Celery swallows other exceptions from signal handlers
        log.critical("cannot start: %s", exc)
        raise SystemExit(f"enrich: {exc}") from exc
    if server is not None:  # None only with no port, returned above; mypy cannot tell
        _servers.append(server)


def _on_worker_ready(**_: Any) -> None:
    # said again once Celery's logging is set up: at worker_init nothing prints it yet
    for server in _servers:
        port = server.server_address[1]
        log.info("metrics and health on port %d (/metrics, /healthz, /readyz)", port)


def _on_process_init(**_: Any) -> None:
    # The child inherited the listening socket, not the thread serving it: close it, or the
    # port stays taken by orphans should the parent die.
    for server in _servers:
        server.socket.close()
    _servers.clear()


def _on_process_shutdown(**_: Any) -> None:
    process_exited(os.getpid())


def _on_worker_shutdown(**_: Any) -> None:
    for server in _servers:
        server.shutdown()


def _on_setup_logger(logger: logging.Logger | None = None, **_: Any) -> None:
    if logger is not None:
        reformat(logger, Settings.from_env())


def connect_monitoring(app: Celery) -> None:
    """Add the consumer's tick to ``app`` and connect the worker signals (Celery keeps one
    connection per receiver, however many apps call this)."""
    app.steps["consumer"].add(ConsumerBeat)
    signals.worker_init.connect(_on_worker_init, weak=False)
    signals.worker_ready.connect(_on_worker_ready, weak=False)
    signals.worker_process_init.connect(_on_process_init, weak=False)
    signals.worker_process_shutdown.connect(_on_process_shutdown, weak=False)
    signals.worker_shutdown.connect(_on_worker_shutdown, weak=False)
    signals.after_setup_logger.connect(_on_setup_logger, weak=False)
    signals.after_setup_task_logger.connect(_on_setup_logger, weak=False)

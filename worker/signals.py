"""Start-up checks and warm-up, hooked to Celery's worker signals.

The parent checks the configuration before forking (a missing Redis URL or spaCy model
fails the start with a clear message, not every message later) and builds the worker's one
``Runtime``, stages included, which it hands to the stage tasks: the pool children inherit
it with the loaded models. Each child then warms the stages its queues need, so the first
batch pays for nothing, and waits for a full Redis no longer than half its soft time limit
(``worker.broker``).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import signals

from tasks.errors import EnrichError
from tasks.pipeline import STAGE_NAMES
from worker.broker import wait_for_memory_at_most
from worker.runtime import Runtime
from worker.settings import Settings
from worker.stage_tasks import use_runtime

log = logging.getLogger("enrich.worker")

_started: list[Runtime] = []
"""The worker's runtime, built in the parent before the pool forks (Celery's signals are
process-global, so the child's handler finds it here)."""


def served_stages(consumer_queues: list[str]) -> list[str]:
    """The pipeline stages among the queues a worker consumes from."""
    return [stage for stage in STAGE_NAMES if stage in consumer_queues]


def preflight(settings: Settings, stages: list[str]) -> Runtime:
    """Check what serving ``stages`` needs (a Redis URL, the spaCy models for ``ner``) and
    return the runtime that serves them.

    Raises ``SettingsError`` or ``ModelNotInstalled`` with the fix in the message. Loading
    the models here, in the parent, also lets every pool child inherit them.
    """
    settings.require_redis_url()
    runtime = Runtime(settings, served=stages)
    if "ner" in stages:
        check = getattr(runtime.pipeline.stage("ner"), "check", None)
        if check:
            check()
    return runtime


def _on_worker_init(sender: Any = None, **_: Any) -> None:
    settings: Settings = getattr(sender.app, "enrich_settings", None) or Settings.from_env()
    queues = list(sender.app.amqp.queues.consume_from or sender.app.amqp.queues)
    served = served_stages(queues)
    try:
        runtime = preflight(settings, served)
    except EnrichError as exc:
        # Celery logs and swallows exceptions from signal handlers; SystemExit is what
        # actually stops a worker that could only fail every message.
        log.critical("cannot start: %s", exc)
        raise SystemExit(f"enrich: {exc}") from exc
    use_runtime(sender.app, runtime)
    _started[:] = [runtime]
    log.info("worker serving stages %s on %s", ",".join(served), settings.safe_url())


def _on_process_init(**_: Any) -> None:
    if not _started:
        return
    runtime = _started[0]
    wait_for_memory_at_most(runtime.settings.stage_soft_time_limit / 2)
    runtime.pipeline.warm(sorted(runtime.served, key=STAGE_NAMES.index))


def connect_signals() -> None:
    """Connect the handlers (Celery keeps one connection per receiver, however many apps
    call this)."""
    signals.worker_init.connect(_on_worker_init, weak=False)
    signals.worker_process_init.connect(_on_process_init, weak=False)

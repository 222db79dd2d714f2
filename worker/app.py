"""The Celery app: JSON only, acks late, one task per stage on a queue of its own.

``celery -A worker.app worker -Q ner`` works as well as ``enrich worker --stages ner``, and
``celery -A worker.app worker`` serves every stage: the module-level ``app`` is built from
the environment, on first use.
"""

from __future__ import annotations

import ssl
from typing import Any
from urllib.parse import parse_qs, urlsplit

from celery import Celery
from kombu.entity import Exchange, Queue

from tasks.pipeline import STAGE_NAMES
from worker.broker import TRANSPORT
from worker.connection import CONNECT_TIMEOUT, SOCKET_TIMEOUT
from worker.heartbeat import connect_heartbeat
from worker.monitoring import connect_monitoring
from worker.settings import Settings
from worker.signals import connect_signals
from worker.stage_tasks import register_stage_tasks, task_name

# Used only when ENRICH_REDIS_URL is unset, so that importing this module never fails; the
# worker refuses to start without a real URL (see worker.signals).
UNSET_BROKER = "redis://127.0.0.1:6379/0"

RESTORE_MUTEX_EXPIRE = 10
"""Seconds kombu's restore lock lives (its default, 300, outlives a worker killed while
holding it, and no one restores for five minutes). A sweep takes milliseconds; two sweeps
at once are harmless, as each message is put back in a transaction watching the hash."""


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery settings; each one says why it is set."""
    return {
        "broker_url": settings.redis_url or UNSET_BROKER,
        # Kombu's Redis transport, waiting while Redis is full instead of crashing.
        "broker_transport": TRANSPORT,
        # Kombu verifies nothing on a bare rediss:// URL; redis-py (intake, output) does.
        "broker_use_ssl": _verified_tls(settings.redis_url),
        "broker_transport_options": {
            # Unacked messages come back after this long without a heartbeat of the worker
            # holding them (worker.heartbeat re-scores a live worker's): it bounds how soon
            # a dead worker's batches come back, not how long a batch may run.
            "visibility_timeout": settings.visibility_timeout,
            # Namespaces every kombu key, so `enrich run` on a shared Redis stays private.
            "global_keyprefix": settings.key_prefix,
            # Look for such messages every heartbeat interval (kombu's default scans every
            # 10th call of every 10 s), so they are back within a beat of the timeout.
            "unacked_restore_interval": settings.heartbeat_interval,
            "unacked_restore_throttle": 1,
            "unacked_mutex_expire": RESTORE_MUTEX_EXPIRE,
            # Detect a half-open connection (Redis restarted, connection killed) instead of
            # waiting on it forever; blocking reads use their own short timeout.
            "socket_timeout": SOCKET_TIMEOUT,
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "socket_keepalive": True,
        },
        # Keep trying while Redis is down or restarting; a worker that gives up after a
        # fixed number of attempts has to be restarted by hand.
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,
        # Payloads are untrusted: JSON only, no other serializer is ever accepted.
        "task_serializer": "json",
        "result_serializer": "json",
        "event_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        # Results travel down the chain in messages; nobody reads a result backend.
        "task_ignore_result": True,
        "result_backend": None,
        # Ack after the work (and the hand-off to the next stage) is done, so a crash
        # redelivers instead of losing the batch.
        "task_acks_late": True,
        # A pool child killed mid-task (OOM, kill -9) puts its message back on the queue.
        "task_reject_on_worker_lost": True,
        # The running message and the next, ready (ENRICH_PREFETCH): with one, a pool process
        # idled while its parent fetched and decoded the next batch; more than a couple only
        # keeps batches from other workers and delays redelivery.
        "worker_prefetch_multiplier": settings.prefetch,
        # After a broker reconnect, running late-ack tasks will be redelivered anyway;
        # cancelling them avoids two copies running at once.
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        # Bound memory growth of long-lived children (spaCy's string store grows); a child
        # is replaced after its task, so nothing in flight is lost.
        "worker_max_tasks_per_child": settings.max_tasks_per_child,
        "worker_max_memory_per_child": settings.max_memory_per_child_mb * 1024,
        # On a cold shutdown (a second SIGTERM, or SIGQUIT) give running batches this long
        # to finish before their messages are put back, instead of abandoning them at once.
        "worker_soft_shutdown_timeout": 15.0,
        "task_routes": {task_name(stage): {"queue": stage} for stage in STAGE_NAMES},
        # Every stage's queue, so a plain `celery -A worker.app worker` serves them all
        # (without it, only the default queue); `-Q ner` still narrows. Each is what
        # task_create_missing_queues would make: same exchange, same Redis bindings.
        "task_queues": [_stage_queue(stage) for stage in STAGE_NAMES],
        "task_default_queue": STAGE_NAMES[0],
        "task_create_missing_queues": True,
        "worker_hijack_root_logger": True,
        "worker_log_format": "%(asctime)s %(levelname)s %(processName)s %(message)s",
        "worker_task_log_format": "%(asctime)s %(levelname)s %(processName)s %(message)s",
    }


def _stage_queue(stage: str) -> Queue:
    """A stage's queue, as ``task_create_missing_queues`` makes it (exchange named after it)."""
    return Queue(stage, Exchange(stage), routing_key=stage)  # type: ignore[no-untyped-call]


def _verified_tls(url: str | None) -> dict[str, Any] | bool:
    """TLS settings for a ``rediss://`` URL that names none: verify the server, as redis-py
    does by default (the URL's own ``ssl_*`` parameters win)."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme != "rediss" or "ssl_cert_reqs" in parse_qs(parts.query):
        return False
    return {"ssl_cert_reqs": ssl.CERT_REQUIRED}


def create_app(settings: Settings | None = None) -> Celery:
    """A configured app with every stage task registered."""
    settings = settings or Settings.from_env()
    app = Celery("enrich")
    app.conf.update(celery_config(settings))
    app.enrich_settings = settings  # read by worker.signals
    register_stage_tasks(app, settings)
    connect_signals()
    connect_heartbeat()
    connect_monitoring(app)
    return app


_apps: list[Celery] = []


def __getattr__(name: str) -> Celery:
    """``worker.app.app``, built from the environment on first use (PEP 562).

    Lazily, so that importing this module never fails on a bad setting: the command that
    needs the app reports the setting instead, and `celery -A worker.app` still finds it.
    """
    if name not in ("app", "celery"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _apps:
        _apps.append(create_app())
    return _apps[0]

"""Starting a process's metrics and health endpoint (``ENRICH_METRICS_PORT``)."""

from __future__ import annotations

import logging
from http.server import ThreadingHTTPServer

from worker.errors import SettingsError
from worker.health import probe_client, redis_problem, serve
from worker.metrics import exported_registry
from worker.queue_metrics import QueueCollector
from worker.settings import Settings

log = logging.getLogger("enrich.metrics")


def start_endpoint(settings: Settings) -> ThreadingHTTPServer | None:
    """Serve ``/metrics``, ``/healthz`` and ``/readyz`` on the configured port (None: off).

    Call it after ``use_multiprocess_dir`` in a worker, so that the endpoint adds up the
    pool children's counts.
    """
    if not settings.metrics_port:
        return None
    client = probe_client(settings)
    registry = exported_registry()
    registry.register(QueueCollector(client, settings))
    try:
        server = serve(
            settings.metrics_port, registry, ready=lambda: redis_problem(client, settings)
        )
    except OSError as exc:
        raise SettingsError(
            f"ENRICH_METRICS_PORT={settings.metrics_port}: cannot listen ({exc}); each "
            "process on a host needs a port of its own"
        ) from exc
    log.info("metrics and health on port %d (/metrics, /healthz, /readyz)", settings.metrics_port)
    return server

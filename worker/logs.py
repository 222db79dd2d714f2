"""Log set-up of every process: readable text, or one JSON object per line
(``ENRICH_LOG_FORMAT=json``) for log shippers.

A JSON event has ``ts``, ``level``, ``logger`` and ``event`` (the message), and, where the
code that logs knows them, ``article_id``, ``stage``, ``outcome``, ``error`` and ``ms``
(passed as ``extra``). Nothing else of a log record is written: Celery attaches task
arguments (article payloads) to some records, and they must never reach a log.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone

from worker.settings import Settings

FIELDS = ("article_id", "stage", "outcome", "error", "ms")
"""The ``extra`` fields a JSON event carries when a record has them."""

TEXT_FORMAT = "%(asctime)s %(levelname)s %(message)s"

QUIET_LOGGERS = ("trafilatura",)
"""Libraries whose warnings describe the page, not the pipeline: trafilatura logs several
"empty link"-style warnings per page, which flooded the worker's log with nothing an
operator can act on. Their errors still show."""


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "ts": _iso(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        for name in FIELDS:
            if hasattr(record, name):
                event[name] = getattr(record, name)
        if record.exc_info:
            event["exc"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False, default=str)


def article_fields(article_id: str, stage: str, outcome: str, **more: object) -> dict[str, object]:
    """The ``extra`` of a log call about one article (``more``: ``ms``, ``error``)."""
    return {"article_id": article_id, "stage": stage, "outcome": outcome, **more}


def _iso(created: float) -> str:
    return datetime.fromtimestamp(created, timezone.utc).isoformat(timespec="milliseconds")


def formatter(settings: Settings) -> logging.Formatter:
    """The formatter ``ENRICH_LOG_FORMAT`` asks for."""
    return JsonFormatter() if settings.log_format == "json" else logging.Formatter(TEXT_FORMAT)


def quiet_libraries() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def setup_logging(settings: Settings) -> None:
    """Log set-up of a command (``enrich ingest``, ``enrich health``...): stderr, one format."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(settings))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    quiet_libraries()


def reformat(logger: logging.Logger, settings: Settings) -> None:
    """Give the handlers Celery set up on ``logger`` the configured format (JSON only: the
    text format stays Celery's own)."""
    quiet_libraries()
    if settings.log_format != "json":
        return
    for handler in logger.handlers:
        handler.setFormatter(JsonFormatter())

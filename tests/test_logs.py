"""Log format: JSON events carry the known fields and nothing else of a log record."""

from __future__ import annotations

import json
import logging

import pytest

from worker.errors import SettingsError
from worker.logs import JsonFormatter, article_fields, formatter, quiet_libraries
from worker.settings import Settings


def record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("enrich.output", logging.WARNING, __file__, 1, msg, args, None)
    rec.__dict__.update(extra)
    return rec


def test_a_json_event_is_one_line_with_the_known_fields() -> None:
    extra = article_fields("a-1", "ner", "dead_letter", error="time_limit", ms=12.5)
    line = JsonFormatter().format(record("article %s\ndead", "a-1", **extra))
    assert "\n" not in line
    event = json.loads(line)
    assert event["level"] == "warning"
    assert event["logger"] == "enrich.output"
    assert event["event"] == "article a-1\ndead"
    assert event["ts"].endswith("+00:00")
    assert {k: event[k] for k in ("article_id", "stage", "outcome", "error", "ms")} == {
        "article_id": "a-1",
        "stage": "ner",
        "outcome": "dead_letter",
        "error": "time_limit",
        "ms": 12.5,
    }


def test_other_extras_never_reach_the_log() -> None:
    """Celery attaches task arguments (payloads) to some records as ``data``: left out."""
    payload = {"id": "a-1", "body": "The secret body of the article."}
    line = JsonFormatter().format(record("Task failed", data={"args": [payload]}))
    assert "secret body" not in line
    assert set(json.loads(line)) == {"ts", "level", "logger", "event"}


def test_exceptions_are_kept_inside_the_one_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        import sys

        rec.exc_info = sys.exc_info()
    event = json.loads(JsonFormatter().format(rec))
    assert "ValueError: boom" in event["exc"]


def test_the_setting_chooses_the_format() -> None:
    assert isinstance(formatter(Settings(log_format="json")), JsonFormatter)
    assert not isinstance(formatter(Settings()), JsonFormatter)
    with pytest.raises(SettingsError, match="ENRICH_LOG_FORMAT"):
        Settings.from_env({"ENRICH_LOG_FORMAT": "xml"})


def test_trafilatura_warnings_are_silenced() -> None:
    """Its per-page warnings ("empty link: <text> <attributes>") quote the page itself."""
    quiet_libraries()
    assert not logging.getLogger("trafilatura.xml").isEnabledFor(logging.WARNING)
    assert logging.getLogger("trafilatura.xml").isEnabledFor(logging.ERROR)

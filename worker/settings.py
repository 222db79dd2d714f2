"""One settings object, built once from ``ENRICH_*`` environment variables.

Every option is declared once in ``OPTIONS`` (name, type, default, help); the README's
configuration table lists the same names and a test keeps the two in step.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tasks.config import StageConfig
from worker import defaults, keys
from worker.errors import SettingsError

PREFIX = "ENRICH_"


@dataclass(frozen=True)
class Settings:
    """Everything the transport can be told; see ``OPTIONS`` for the environment names."""

    redis_url: str | None = None
    key_prefix: str = ""
    intake_key: str = keys.INTAKE_KEY
    intake_stream: str = keys.INTAKE_STREAM
    stream_group: str = keys.STREAM_GROUP
    output_key: str = keys.OUTPUT_KEY
    output_mode: str = defaults.OUTPUT_MODE
    dead_key: str = keys.DEAD_KEY
    batch_size: int = defaults.BATCH_SIZE
    max_payload_bytes: int = defaults.MAX_PAYLOAD_BYTES
    models: str = defaults.MODELS
    language_sample_chars: int = defaults.LANGUAGE_SAMPLE_CHARS
    keyphrases: int = defaults.KEYPHRASES
    stage_soft_time_limit: float = defaults.STAGE_SOFT_TIME_LIMIT
    stage_time_limit: float = defaults.STAGE_TIME_LIMIT
    visibility_timeout: int = defaults.VISIBILITY_TIMEOUT
    heartbeat_interval: float = defaults.HEARTBEAT_INTERVAL
    done_ttl: int = defaults.DONE_TTL
    payload_ttl: int = defaults.PAYLOAD_TTL
    max_tasks_per_child: int = defaults.MAX_TASKS_PER_CHILD
    prefetch: int = defaults.PREFETCH
    max_deliveries: int = defaults.MAX_DELIVERIES
    stale_after: int = defaults.STALE_AFTER
    max_memory_per_child_mb: int = defaults.MAX_MEMORY_PER_CHILD_MB
    memory_days: int = defaults.MEMORY_DAYS
    memory_max_keys: int = defaults.MEMORY_MAX_KEYS
    duplicate_days: int = defaults.DUPLICATE_DAYS
    clean_debug: bool = False
    concurrency: int = 0
    consumer: str = ""
    log_level: str = defaults.LOG_LEVEL
    log_format: str = defaults.LOG_FORMAT
    metrics_port: int = defaults.METRICS_PORT
    output_maxlen: int = defaults.OUTPUT_MAXLEN
    tail_log_maxlen: int = defaults.TAIL_LOG_MAXLEN

    def __post_init__(self) -> None:
        _validate(self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every ``ENRICH_*`` variable; unknown ones are an error (a typo would be silent)."""
        env = os.environ if environ is None else environ
        known = {PREFIX + f.name.upper() for f in fields(cls)}
        unknown = sorted(k for k in env if k.startswith(PREFIX) and k not in known)
        if unknown:
            raise SettingsError(
                f"unknown setting(s) {', '.join(unknown)}; see README 'Configuration'"
            )
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _convert(f.name, raw, PARSERS.get(f.name, str))
        return cls(**values)

    def key(self, name: str) -> str:
        """A Redis key in this deployment's namespace."""
        return self.key_prefix + name

    def require_redis_url(self) -> str:
        """The Redis URL, or a clear error telling the user how to give one."""
        if not self.redis_url:
            raise SettingsError(
                "ENRICH_REDIS_URL is not set: give the Redis server, e.g. "
                "ENRICH_REDIS_URL=redis://localhost:6379/0 (or use `enrich run`, which starts "
                "a private one)"
            )
        return self.redis_url

    def model_map(self) -> dict[str, str]:
        """``ENRICH_MODELS`` as {language: model}."""
        pairs = [p.strip() for p in self.models.split(",") if p.strip()]
        return dict(p.split("=", 1) for p in pairs)

    def stage_config(self) -> StageConfig:
        """The options the domain stages take."""
        return StageConfig(
            models={k.strip(): v.strip() for k, v in self.model_map().items()},
            language_sample_chars=self.language_sample_chars,
            keyphrases=self.keyphrases,
            clean_debug=self.clean_debug,
        )

    def consumer_name(self) -> str:
        """This process's name in consumer groups and processing lists."""
        return self.consumer or socket.gethostname()

    def worker_concurrency(self) -> int:
        """Pool size: the setting, else one process per core."""
        return self.concurrency or os.cpu_count() or 1

    def safe_url(self) -> str:
        """The Redis URL with any password masked, for logs and `enrich stats`."""
        return mask_url(self.redis_url) if self.redis_url else "(embedded)"

    def environ(self) -> dict[str, str]:
        """These settings as environment variables, for child processes."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, ""):
                out[PREFIX + f.name.upper()] = str(value)
        return out


def mask_url(url: str) -> str:
    """``redis://user:secret@host`` → ``redis://user:***@host``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


PARSERS: dict[str, Callable[[str], Any]] = {
    "batch_size": int,
    "max_payload_bytes": int,
    "language_sample_chars": int,
    "keyphrases": int,
    "stage_soft_time_limit": float,
    "stage_time_limit": float,
    "visibility_timeout": int,
    "heartbeat_interval": float,
    "done_ttl": int,
    "payload_ttl": int,
    "max_tasks_per_child": int,
    "prefetch": int,
    "concurrency": int,
    "max_deliveries": int,
    "stale_after": int,
    "max_memory_per_child_mb": int,
    "memory_days": int,
    "memory_max_keys": int,
    "duplicate_days": int,
    "output_maxlen": int,
    "tail_log_maxlen": int,
    "clean_debug": lambda raw: _boolean("clean_debug", raw),
    "metrics_port": int,
}


def _boolean(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{PREFIX}{name.upper()}={raw!r} is not a valid boolean (1/0, true/false)")


def _convert(name: str, raw: str, parse: Callable[[str], Any]) -> Any:
    try:
        return parse(raw.strip())
    except ValueError:
        raise SettingsError(
            f"{PREFIX}{name.upper()}={raw!r} is not a valid {parse.__name__}"
        ) from None


def _validate(s: Settings) -> None:
    problems = []
    if s.redis_url and urlsplit(s.redis_url).scheme not in ("redis", "rediss"):
        # Celery's broker and redis-py share the URL; both understand these two schemes.
        problems.append("ENRICH_REDIS_URL must start with redis:// or rediss://")
    if s.output_mode not in ("list", "stream"):
        problems.append("ENRICH_OUTPUT_MODE must be 'list' or 'stream'")
    for name in (
        "batch_size",
        "max_payload_bytes",
        "language_sample_chars",
        "visibility_timeout",
        "done_ttl",
        "payload_ttl",
        "max_tasks_per_child",
        "prefetch",
        "memory_max_keys",
        "max_deliveries",
        "max_memory_per_child_mb",
    ):
        if getattr(s, name) <= 0:
            problems.append(f"{PREFIX}{name.upper()} must be positive")
    # A prefetched message waits behind the running one(s), then runs: its articles go that
    # long untouched without being lost, and resubmitting them would only repeat work.
    if s.stale_after <= s.prefetch * s.stage_time_limit or s.stale_after >= s.payload_ttl:
        problems.append(
            "ENRICH_STALE_AFTER must exceed ENRICH_PREFETCH x ENRICH_STAGE_TIME_LIMIT (an article "
            "waiting in a worker or running is not stale) and stay below ENRICH_PAYLOAD_TTL "
            "(the copy to resubmit from must exist)"
        )
    if s.memory_days < 0:
        problems.append("ENRICH_MEMORY_DAYS must be 0 (memory off) or more")
    if s.duplicate_days < 0:
        problems.append("ENRICH_DUPLICATE_DAYS must be 0 (no near-duplicate check) or more")
    problems += _length_cap_problems(s)
    if not 0 < s.stage_soft_time_limit < s.stage_time_limit:
        problems.append(
            "ENRICH_STAGE_SOFT_TIME_LIMIT must be positive and below "
            "ENRICH_STAGE_TIME_LIMIT (the soft limit lets a batch be split)"
        )
    # A live worker re-scores its messages every heartbeat (worker.heartbeat), so the
    # visibility timeout no longer has to outlast the longest batch: it is how long a
    # worker may go without a beat before its messages are taken back, which bounds the
    # recovery of a dead worker. It must cover a few missed beats (a busy or paused
    # parent), or a live worker's batches run twice.
    if not 0 < 3 * s.heartbeat_interval <= s.visibility_timeout:
        problems.append(
            "ENRICH_HEARTBEAT_INTERVAL must be positive and ENRICH_VISIBILITY_TIMEOUT at "
            "least three heartbeats, or a live worker's messages are redelivered"
        )
    if any("=" not in p for p in s.models.split(",") if p.strip()):
        problems.append("ENRICH_MODELS must be lang=model pairs, e.g. en=en_core_web_sm")
    problems += _observability_problems(s)
    if problems:
        raise SettingsError("invalid settings: " + "; ".join(problems))


def _observability_problems(s: Settings) -> list[str]:
    """What is wrong with the log and metrics settings."""
    problems = []
    if s.log_format not in ("text", "json"):
        problems.append("ENRICH_LOG_FORMAT must be 'text' or 'json'")
    if not 0 <= s.metrics_port <= 65535:
        problems.append("ENRICH_METRICS_PORT must be a TCP port, or 0 for no endpoint")
    return problems


def _length_cap_problems(s: Settings) -> list[str]:
    names = ("output_maxlen", "tail_log_maxlen")
    return [f"{PREFIX}{n.upper()} must be 0 (off) or more" for n in names if getattr(s, n) < 0]

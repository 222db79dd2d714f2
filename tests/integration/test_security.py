"""Passwords, ACL users and TLS through the URL; secrets never printed."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import redis

from tests.conftest import EXAMPLE, ROOT
from tests.integration.test_cli import enrich
from worker.local.embedded import EmbeddedRedis, free_port

pytestmark = pytest.mark.integration


def _readme_acl_command() -> list[str]:
    """The producer ACL the README documents, as the argument list of one command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(ln.strip() for ln in readme.splitlines() if ln.strip().startswith("ACL SETUSER"))
    return line.split()


def test_documented_producer_acl_can_push_and_nothing_else() -> None:
    """The README's crawler user may RPUSH/XADD to the intake, and read or write nothing else."""
    with EmbeddedRedis() as server:
        admin = redis.Redis(port=server.port)
        admin.execute_command(*_readme_acl_command())
        crawler = redis.Redis(port=server.port, username="crawler", password="crawler-secret")
        assert crawler.rpush("articles:raw", b'{"text": "x"}') == 1
        crawler.xadd("articles:stream", {"payload": b'{"text": "x"}'})
        for forbidden in (
            lambda: crawler.lrange("articles:raw", 0, -1),
            lambda: crawler.lpop("articles:raw"),
            lambda: crawler.rpush("articles:enriched", b"forged"),
            lambda: crawler.get("enrich:counters"),
        ):
            with pytest.raises(redis.exceptions.NoPermissionError):
                forbidden()


def test_pipeline_runs_as_an_acl_user_and_never_prints_its_password() -> None:
    """`enrich run` and `enrich stats` with user:password in the URL; the password stays hidden."""
    with EmbeddedRedis() as server:
        admin = redis.Redis(port=server.port)
        admin.execute_command(
            "ACL", "SETUSER", "enrich", "on", ">pipeline-pw-123", "~*", "&*", "+@all"
        )
        url = f"redis://enrich:pipeline-pw-123@127.0.0.1:{server.port}/0"
        run = enrich("run", str(EXAMPLE), "--concurrency", "1", env={"ENRICH_REDIS_URL": url})
        assert run.returncode == 0, run.stderr.decode()
        stats = enrich("stats", env={"ENRICH_REDIS_URL": url})
        assert stats.returncode == 0, stats.stderr.decode()
        for out in (run, stats):
            assert b"pipeline-pw-123" not in out.stdout + out.stderr
        assert b"enrich:***@" in stats.stderr + stats.stdout


def _tls_redis(tmp: Path) -> tuple[subprocess.Popen[bytes], int]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = shutil.which("redis-server")
    assert server is not None
    proc = subprocess.Popen(
        [
            server,
            "--port",
            "0",
            "--tls-port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--tls-cert-file",
            str(cert),
            "--tls-key-file",
            str(key),
            "--tls-ca-cert-file",
            str(cert),
            "--tls-auth-clients",
            "no",
            "--requirepass",
            "tls-pw-456",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5)
    if proc.poll() is not None:
        pytest.skip(f"redis-server here has no TLS: {proc.stderr.read().decode()[:200]}")  # type: ignore[union-attr]
    return proc, port


@pytest.mark.skipif(
    not (shutil.which("redis-server") and shutil.which("openssl")),
    reason="needs a TLS-capable redis-server and openssl",
)
def test_pipeline_runs_over_tls(tmp_path: Path) -> None:
    """A rediss:// URL with a CA file carries broker, intake and output over TLS."""
    proc, port = _tls_redis(tmp_path)
    try:
        url = (
            f"rediss://:tls-pw-456@localhost:{port}/0?ssl_cert_reqs=required"
            f"&ssl_ca_certs={tmp_path / 'cert.pem'}"
        )
        out = enrich("run", str(EXAMPLE), "--concurrency", "1", env={"ENRICH_REDIS_URL": url})
        assert out.returncode == 0, out.stderr.decode()
        assert re.search(rb'"id":\s*"sha:', out.stdout)
        assert b"tls-pw-456" not in out.stdout + out.stderr
    finally:
        proc.terminate()
        proc.wait()

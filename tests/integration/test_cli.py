"""The `enrich` command line, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT, SEED
from worker.settings import Settings

pytestmark = pytest.mark.integration

HTML_PAGE = ROOT / "tests" / "fixtures" / "pages" / "harbour-ferry.html"


def enrich(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def test_run_without_redis_url_starts_a_private_server(tmp_path: Path) -> None:
    """With no ENRICH_REDIS_URL, `enrich run` brings its own Redis and still goes through it."""
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "f", "html": HTML_PAGE.read_text()}) + "\n{broken\n")
    dead = tmp_path / "dead.jsonl"
    out = enrich("run", str(crawl), "--dead", str(dead), "--concurrency", "1")
    assert out.returncode == 0, out.stderr.decode()
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in records] == ["f"]
    letters = [json.loads(line) for line in dead.read_text().splitlines()]
    assert letters[0]["error"] == "invalid_json"
    summary = out.stderr.decode()
    assert "enriched" in summary
    assert "dead-lettered" in summary
    assert "time per article" in summary


def test_run_with_redis_url_uses_it_and_leaves_no_keys(
    redis_url: str, redis_client: object, tmp_path: Path
) -> None:
    """Given a Redis URL, `enrich run` works in a namespace of its own and cleans it up."""
    import redis

    client = redis.Redis.from_url(redis_url)
    before = set(client.scan_iter(match="run-*"))
    out_file = tmp_path / "out.jsonl"
    out = enrich(
        "run",
        str(EXAMPLE),
        "-o",
        str(out_file),
        "--concurrency",
        "1",
        env={"ENRICH_REDIS_URL": redis_url},
    )
    assert out.returncode == 0, out.stderr.decode()
    (record,) = [json.loads(line) for line in out_file.read_text().splitlines()]
    assert record["published"]["value"] == "2021-03-03T14:17:00-05:00"
    assert set(client.scan_iter(match="run-*")) == before


def test_seed_article_end_to_end() -> None:
    """The founding example: repaired date from the byline, entities, clean text, tags."""
    if not SEED.exists():
        pytest.skip("../shared/data/seed-article.txt is not available here")
    out = enrich("run", str(SEED), "--concurrency", "1")
    assert out.returncode == 0, out.stderr.decode()
    record = json.loads(out.stdout)
    published = record["published"]
    assert published["value"] == "2020-09-08T09:43:00-04:00"
    assert published["repaired"] is True
    evidence = " ".join(published["evidence"]).lower()
    assert "minute" in evidence
    assert "09:43" in evidence
    assert record["language"]["code"] == "en"
    entities = {(e["text"], e["label"]) for e in record["entities"]}
    assert {
        ("Wang Yi", "PERSON"),
        ("Mike Pompeo", "PERSON"),
        ("China", "GPE"),
        ("Beijing", "GPE"),
        ("Slovenia", "GPE"),
        ("Huawei", "ORG"),
        ("TikTok", "ORG"),
        ("The Wall Street Journal", "ORG"),
    } <= entities
    texts = [e["text"] for e in record["entities"]]
    for name in ("Wang Yi", "Mike Pompeo", "China", "United States", "Beijing", "TikTok"):
        assert texts.count(name) == 1, f"{name} is not exactly one entity: {texts}"
    # a photo credit, the office in "Secretary of State", "the States" on its own
    assert not {"Michael Sohn", "State", "States", "Wang", "U.S."} & set(texts)
    countries = {e["text"]: e["country"] for e in record["entities"] if e["country"]}
    assert {"China": "CN", "United States": "US", "Slovenia": "SI", "Beijing": "CN"}.items() <= (
        countries.items()
    )
    saliences = [e["salience"] for e in record["entities"]]
    assert saliences == sorted(saliences, reverse=True)
    assert sum(saliences) == pytest.approx(1.0, abs=0.01)
    for furniture in (
        "Skip to main content",
        "Sign up for Newsmax",
        "Interest-Based",
        "Download the NewsmaxTV App",
        "All Rights Reserved",
        "TOP\n",
    ):
        assert furniture not in record["text"]
    tags = {tag["name"]: tag for tag in record["tags"]}
    assert tags["data security"]["kind"] == "source"
    assert {"country:CN", "country:US"} <= set(tags)


def test_submit_then_stats_and_tail(settings: Settings) -> None:
    """`enrich submit` pushes onto the intake; `stats` counts it with the password masked."""
    env = settings.environ()
    out = enrich("submit", str(EXAMPLE), env=env)
    assert out.returncode == 0, out.stderr.decode()
    assert b"pushed 1 payload" in out.stderr
    stats = enrich("stats", "--json", env=env)
    figures = json.loads(stats.stdout)
    assert figures["intake"]["list"] == 1
    assert set(figures["stages"]) == {"clean", "dates", "language", "ner", "tag"}
    tail = enrich("tail", "--dead", env=env)
    assert tail.returncode == 0


def test_stats_masks_password() -> None:
    """A password in ENRICH_REDIS_URL never appears in what `stats` prints."""
    out = enrich("stats", env={"ENRICH_REDIS_URL": "redis://user:hunter2@127.0.0.1:1/0"})
    assert b"hunter2" not in out.stdout + out.stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (
            ("worker", "--stages", "ner,bogus"),
            {"ENRICH_REDIS_URL": "redis://x:1/0"},
            b"unknown stage(s) bogus",
        ),
        (("worker",), {}, b"ENRICH_REDIS_URL is not set"),
        (
            ("worker", "--stages", "ner"),
            {"ENRICH_REDIS_URL": "redis://x:1/0", "ENRICH_MODELS": "en=no_such_model"},
            b"'no_such_model' for language 'en' is not installed",
        ),
        (("run", "no-such-file.txt"), {}, b"no such file or directory"),
        (("stats",), {"ENRICH_BATCH_SIZE": "lots"}, b"ENRICH_BATCH_SIZE='lots'"),
    ],
)
def test_cli_errors_are_one_clear_line(
    args: tuple[str, ...], env: dict[str, str], message: bytes
) -> None:
    """Mistakes a user can fix give a short message and exit status, not a traceback."""
    out = enrich(*args, env=env, timeout=60)
    assert out.returncode != 0
    assert message in out.stderr
    assert b"Traceback" not in out.stderr


def test_help_teaches_with_examples() -> None:
    """Every command's --help shows what it does, and `run --help` gives examples."""
    for command in ("run", "worker", "ingest", "submit", "tail", "stats", "schema", "replay"):
        out = enrich(command, "--help", timeout=60)
        assert out.returncode == 0
    run_help = enrich("run", "--help", timeout=60).stdout.decode()
    assert "Examples:" in run_help
    assert "ENRICH_REDIS_URL" in run_help

"""`enrich export` from the output on a real Redis: every record, a chunk at a time, none
consumed, from a list or a stream output."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import redis
from click.testing import CliRunner

from tasks.record import Article, ScoredTag
from worker.cli import main
from worker.keys import Keys
from worker.local.export import export_to, redis_records
from worker.output import Output
from worker.settings import Settings

pytestmark = pytest.mark.integration


def _publish(client: redis.Redis, settings: Settings, count: int) -> None:
    records = [
        Article(
            id=f"r{i}",
            content_hash=f"h{i}",
            text=f"Body {i}.",
            tags=[ScoredTag(name=f"tag {i}", kind="keyphrase", score=1.0)],
        )
        for i in range(count)
    ]
    Output(client, settings).publish(records)


def test_export_reads_the_output_list_in_chunks_and_leaves_it(
    settings: Settings, redis_client: redis.Redis, tmp_path: Path
) -> None:
    _publish(redis_client, settings, 7)
    key = Keys(settings).output
    before = redis_client.lrange(key, 0, -1)
    counts = export_to(redis_records(settings, chunk=3), str(tmp_path / "a.parquet"), "parquet")
    assert counts.rows == 7
    rows = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(7)]
    assert rows[6]["tags"] == [{"name": "tag 6", "kind": "keyphrase", "score": 1.0}]
    assert redis_client.lrange(key, 0, -1) == before  # nothing consumed


def test_export_reads_a_stream_output_in_chunks(
    settings: Settings, redis_client: redis.Redis, tmp_path: Path
) -> None:
    streamed = dataclasses.replace(settings, output_mode="stream")
    _publish(redis_client, streamed, 7)
    out = tmp_path / "a.csv"
    counts = export_to(redis_records(streamed, chunk=3), str(out), "csv")
    assert counts.rows == 7
    with out.open(newline="", encoding="utf-8") as text:
        assert [r["id"] for r in csv.DictReader(text)] == [f"r{i}" for i in range(7)]
    assert redis_client.xlen(Keys(streamed).output) == 7


def test_export_command_reads_enrich_redis_url(
    settings: Settings, redis_client: redis.Redis, tmp_path: Path
) -> None:
    _publish(redis_client, settings, 2)
    env = {"ENRICH_REDIS_URL": settings.redis_url, "ENRICH_KEY_PREFIX": settings.key_prefix}
    result = CliRunner().invoke(main, ["export", "-o", str(tmp_path / "a.csv")], env=env)
    assert result.exit_code == 0, result.output
    assert "exported 2 record(s)" in result.output

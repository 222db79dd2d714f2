"""`enrich run -o FILE.gz` as a user runs it: compressed output, resumed after a kill."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.integration.test_run import OUTCOME_TIMEOUT, START_TIMEOUT, _crawl, _start

pytestmark = pytest.mark.integration


def test_resume_appends_to_a_gzip_output_a_kill_left_unfinished(tmp_path: Path) -> None:
    """A .gz output whose member a kill left open (and a record cut short in it): --resume
    keeps its whole records, runs the rest and appends them as gzip."""
    crawl = _crawl(tmp_path / "crawl.jsonl.gz", 3)
    out = tmp_path / "out.jsonl.gz"
    with gzip.open(out, "wb") as writer:
        writer.write(b'{"id": "run-1", "text": "kept"}\n{"id": "run-2", "te')
        writer.flush()
        killed = out.read_bytes()  # what is on disk when the kill comes
    out.write_bytes(killed)
    proc = _start(str(crawl), "-o", str(out), "--resume")
    _, err = proc.communicate(timeout=OUTCOME_TIMEOUT + START_TIMEOUT)
    assert proc.returncode == 0, err.decode()
    with gzip.open(out, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    assert records[0] == {"id": "run-1", "text": "kept"}
    assert sorted(r["id"] for r in records[1:]) == ["run-0", "run-2"]
    assert all(r["published"]["date"] == "2021-03-03" for r in records[1:])
    assert b"skipped" in err

"""`enrich run` and `enrich submit` over web archives, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.conftest import ROOT
from tests.test_warc import HARBOUR, Archive, cyrillic_page
from worker.keys import Keys
from worker.settings import Settings

pytestmark = pytest.mark.integration

FERRY_PAGE = (ROOT / "tests" / "fixtures" / "pages" / "harbour-ferry.html").read_bytes()


def enrich(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ENRICH_")}
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        env={**base, **(env or {})},
        capture_output=True,
        timeout=600,
        check=False,
    )


def _crawl(path: Path) -> tuple[Path, list[str]]:
    """Three pages, a revisit, an image and a 404; the pages' URLs."""
    archive = Archive(compress=path.suffix == ".gz")
    urls = ["https://news.test/ferry", "https://news.test/ru", "https://news.test/short"]
    archive.page(urls[0], FERRY_PAGE, "text/html; charset=utf-8")
    archive.page(urls[1], cyrillic_page(meta=False), "text/html; charset=windows-1251")
    archive.page(urls[2], HARBOUR)
    revisit = archive.writer.create_revisit_record(
        urls[0], "sha1:AAAA", urls[0], "2026-03-04T05:06:07Z"
    )
    archive.writer.write_record(revisit)
    archive.page("https://news.test/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    archive.page("https://news.test/gone", b"<p>Not found</p>", status="404 Not Found")
    return archive.save(path), urls


def test_run_over_a_warc_gives_one_record_per_page(tmp_path: Path) -> None:
    """Each HTML page of the archive comes out as a record with its URL and the archive's
    traceability fields; the summary counts what was skipped."""
    crawl, urls = _crawl(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out.jsonl"
    done = enrich("run", str(crawl), "-o", str(out), "--concurrency", "1", "--no-progress")
    assert done.returncode == 0, done.stderr.decode()
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["url"] for r in records) == sorted(urls)
    by_url = {r["url"]: r for r in records}
    assert "Паром" in by_url[urls[1]]["text"]
    assert by_url[urls[0]]["meta"]["warc_file"] == str(crawl)
    assert by_url[urls[0]]["meta"]["warc_record_id"].startswith("<urn:uuid:")
    summary = done.stderr.decode()
    assert "skipped (archive)" in summary
    assert "1 not_2xx, 1 not_html, 1 revisit" in summary


def test_run_over_a_cut_archive_sends_what_it_read_then_fails(tmp_path: Path) -> None:
    """The archive breaks in its third record: the two pages before it come out as
    records, then `enrich run` names the file and offset and exits non-zero."""
    archive = Archive(compress=True)
    archive.page("https://news.test/1", FERRY_PAGE)
    archive.page("https://news.test/2", HARBOUR)
    start = archive.buffer.tell()
    archive.page("https://news.test/3", HARBOUR)
    crawl = tmp_path / "cut.warc.gz"
    crawl.write_bytes(archive.buffer.getvalue()[: start + 30])
    out = tmp_path / "out.jsonl"
    done = enrich("run", str(crawl), "-o", str(out), "--concurrency", "1", "--no-progress")
    assert done.returncode == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["url"] for r in records) == ["https://news.test/1", "https://news.test/2"]
    stderr = done.stderr.decode()
    assert f"Error: {crawl}: corrupt archive at byte {start}" in stderr
    assert "Traceback" not in stderr


def test_submit_pushes_each_page_and_says_what_it_skipped(
    settings: Settings, redis_client: redis.Redis, tmp_path: Path
) -> None:
    """`enrich submit` pushes one payload per page and counts the rest."""
    crawl, urls = _crawl(tmp_path / "crawl.warc")
    done = enrich("submit", str(crawl), env=settings.environ())
    assert done.returncode == 0, done.stderr.decode()
    assert b"pushed 3 payload(s)" in done.stderr
    assert b"skipped archive records: 1 not_2xx, 1 not_html, 1 revisit" in done.stderr
    pushed = [json.loads(p) for p in redis_client.lrange(Keys(settings).intake, 0, -1)]
    assert [p["url"] for p in pushed] == urls

"""The pipeline's counters: what each hook counts, with low-cardinality labels."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from tasks.record import Article
from worker import metrics as metrics_module
from worker.metrics import (
    dead_lettered,
    exported_registry,
    metrics,
    published,
    redelivered,
    resubmitted,
    stage_ran,
)


@pytest.fixture(autouse=True)
def fresh_metrics() -> Iterator[None]:
    """Each test counts from zero, in metrics of its own."""
    metrics_module._current.clear()
    yield
    metrics_module._current.clear()


def value(name: str, **labels: str) -> float:
    found = metrics().registry.get_sample_value(name, labels)
    return 0.0 if found is None else found


def article(ident: str, **fields: object) -> Article:
    return Article(id=ident, **fields)  # type: ignore[arg-type]


def test_a_stage_run_counts_in_out_failed_and_each_articles_time() -> None:
    done = [article("a", stage_ms={"ner": 20.0}), article("b", stage_ms={"ner": 2000.0})]
    stage_ran("ner", 3, done, 1)
    assert value("enrich_articles_in_total", stage="ner") == 3
    assert value("enrich_articles_out_total", stage="ner") == 2
    assert value("enrich_articles_failed_total", stage="ner") == 1
    assert value("enrich_stage_duration_seconds_count", stage="ner") == 2
    assert value("enrich_stage_duration_seconds_sum", stage="ner") == pytest.approx(2.02)
    assert value("enrich_stage_duration_seconds_bucket", stage="ner", le="0.025") == 1


def test_the_intake_times_nothing_and_leaves_no_empty_histogram() -> None:
    stage_ran("intake", 2, [article("a")], 1)
    assert value("enrich_articles_out_total", stage="intake") == 1
    assert (
        metrics().registry.get_sample_value(
            "enrich_stage_duration_seconds_count", {"stage": "intake"}
        )
        is None
    )


def test_published_records_count_by_text_and_duplicates_apart() -> None:
    received = (datetime.now(timezone.utc) - timedelta(seconds=90)).isoformat()
    records = [
        article("a", text="Some text.", received_at=received),
        article("b", text="  "),
        article("c", text="Again."),
    ]
    published(records, [1, 1, 0], [True, False, True])
    assert value("enrich_records_total", text="yes") == 1
    assert value("enrich_records_total", text="no") == 1
    assert value("enrich_duplicates_suppressed_total", kind="record") == 1
    # only "a" says when it was taken in: one latency, of about 90 s
    assert value("enrich_article_latency_seconds_count") == 1
    assert value("enrich_article_latency_seconds_bucket", le="60.0") == 0
    assert value("enrich_article_latency_seconds_bucket", le="120.0") == 1


def test_dead_letters_count_by_stage_and_error_code_never_by_article() -> None:
    dead_lettered([("intake", "invalid_json"), ("ner", "time_limit"), ("ner", "x")], [1, 1, 0])
    assert value("enrich_dead_letters_total", stage="intake", reason="invalid_json") == 1
    assert value("enrich_dead_letters_total", stage="ner", reason="time_limit") == 1
    assert value("enrich_duplicates_suppressed_total", kind="dead_letter") == 1
    long_code = "E" * 500
    dead_lettered([("clean", long_code)], [1])
    assert value("enrich_dead_letters_total", stage="clean", reason="E" * 64) == 1


def test_redeliveries_and_resubmissions() -> None:
    redelivered("clean")
    resubmitted(3)
    assert value("enrich_redeliveries_total", stage="clean") == 1
    assert value("enrich_resubmitted_total") == 3


def test_no_label_is_an_article_id() -> None:
    """Whatever the hooks are given, the label values come from a small, fixed vocabulary."""
    stage_ran("clean", 1, [article("article-123", stage_ms={"clean": 1.0})], 0)
    published([article("article-123", text="t")], [1], [True])
    dead_lettered([("clean", "ValueError")], [1])
    values = {
        v
        for family in metrics().registry.collect()
        for s in family.samples
        for v in s.labels.values()
    }
    assert not any("article-123" in v for v in values)


def test_the_endpoint_registry_serves_this_processs_metrics() -> None:
    """Outside multiprocess mode /metrics serves the process's own registry, as rebuilt."""
    registry = exported_registry()
    stage_ran("tag", 1, [], 0)
    assert registry.get_sample_value("enrich_articles_in_total", {"stage": "tag"}) == 1


MULTIPROCESS_SCRIPT = """
import os
from worker.metrics import exported_registry, process_exited, stage_ran, use_multiprocess_dir

private = use_multiprocess_dir()
children = []
for _ in range(3):  # as the prefork pool does: fork, count, exit
    pid = os.fork()
    if pid == 0:
        stage_ran("clean", 2, [], 0)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
    process_exited(pid)
stage_ran("clean", 1, [], 0)  # the parent counts too (a hard time limit's recovery)
total = exported_registry().get_sample_value("enrich_articles_in_total", {"stage": "clean"})
print(total, os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(private), private)
"""


def test_forked_children_count_into_the_parents_endpoint() -> None:
    """In multiprocess mode the endpoint adds up every forked child's counts, and a worker
    without PROMETHEUS_MULTIPROC_DIR gets a private directory, gone when it exits."""
    import os
    import subprocess
    import sys
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}
    out = subprocess.run(
        [sys.executable, "-c", MULTIPROCESS_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[:2] == ["7.0", "True"]
    assert out[2].startswith(tempfile.gettempdir())
    assert not os.path.exists(out[2])  # removed when the worker exited

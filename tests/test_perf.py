"""The performance benchmark's arithmetic (``benchmarks/perf``)."""

from __future__ import annotations

import math

import pytest

from benchmarks.perf.latency import latencies, percentile
from benchmarks.perf.soak import Soak


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 99) == 3.0
    assert math.isnan(percentile([], 50))


def test_latency_is_counted_only_for_articles_pushed_and_finished() -> None:
    pushed = {"a": 1.0, "b": 2.0}
    finished = {"a": 1.5, "c": 9.0}
    assert latencies(pushed, finished) == [0.5]


def test_soak_growth_is_end_over_start() -> None:
    assert Soak(10, 1.0, start_mb=200.0, peak_mb=230.0, end_mb=210.0).growth == pytest.approx(0.05)
    assert Soak(10, 1.0, start_mb=0.0, peak_mb=0.0, end_mb=0.0).growth == 0.0

"""Per-article latency from push to output, and its percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by the nearest-rank method; nan when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latencies(pushed_at: dict[str, float], finished_at: dict[str, float]) -> list[float]:
    """Seconds from push to outcome for every article that has both."""
    return [finished_at[i] - pushed_at[i] for i in finished_at if i in pushed_at]

"""The Grafana dashboard asks only for metrics the code exports, by labels they have."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

from tests.conftest import ROOT
from worker.metrics import Metrics, metrics
from worker.queue_metrics import QueueCollector
from worker.settings import Settings

DASHBOARD = ROOT / "deploy" / "grafana" / "enrich.json"
NAME = re.compile(r"\benrich_[a-zA-Z0-9_]+")
GROUPING = re.compile(r"\b(?:by|without)\s*\(([^)]*)\)")
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}


def exprs(node: Any) -> Iterator[str]:
    """Every PromQL expression of a dashboard (any ``expr`` at any depth)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "expr" and isinstance(value, str):
                yield value
            else:
                yield from exprs(value)
    elif isinstance(node, list):
        for item in node:
            yield from exprs(item)


def families() -> list[tuple[str, str, set[str]]]:
    """Every metric family the code exports, as (name, type, labels): the counted ones
    (the registry of ``worker.metrics``) and the ones read at scrape time."""
    m = metrics()
    objects = [getattr(m, f.name) for f in fields(Metrics) if f.name != "registry"]
    counted = [(obj._name, obj._type, set(obj._labelnames)) for obj in objects]
    assert {name for name, _, _ in counted} == {f.name for f in m.registry.collect()}
    collector = QueueCollector(client=None, settings=Settings())  # type: ignore[arg-type]
    scraped = [(f.name, f.type, set(f._labelnames)) for f in collector.describe()]  # type: ignore[attr-defined]
    return [*counted, *scraped]


def exported() -> dict[str, set[str]]:
    """Each exported series name with the labels it carries (``le`` for buckets)."""
    out: dict[str, set[str]] = {}
    for name, kind, labels in families():
        for suffix in SUFFIXES[kind]:
            out[name + suffix] = labels | ({"le"} if suffix == "_bucket" else set())
    return out


def test_dashboard_names_only_exported_metrics() -> None:
    """Every enrich_* name in a panel's query is a series the code exports."""
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    queries = list(exprs(dashboard))
    names = {name for q in queries for name in NAME.findall(q)}
    known = exported()
    assert len(queries) >= 10
    assert names, "no enrich_ metric in the dashboard"
    assert names <= set(known), sorted(names - set(known))


def test_dashboard_groups_by_labels_the_metrics_have() -> None:
    """A `by (...)` clause names only labels of the metrics in its query."""
    known = exported()
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    for query in exprs(dashboard):
        have = set().union(*(known[n] for n in NAME.findall(query)))
        for group in GROUPING.findall(query):
            wanted = {label.strip() for label in group.split(",") if label.strip()}
            assert wanted <= have, (query, wanted - have)


def test_the_check_sees_an_unknown_metric() -> None:
    """The name check is not vacuous: a made-up series is not among the exported ones."""
    assert "enrich_articles_out_total" in exported()
    assert "enrich_queue_depth" in exported()
    assert "enrich_articles_outt_total" not in exported()
    assert "enrich_articles_out" not in exported()  # a counter's series ends in _total

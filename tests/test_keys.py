"""The Redis key layout: named in worker/keys.py alone, and unchanged for its readers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import ROOT
from worker.keys import Keys, inflight_member, run_prefix
from worker.settings import Settings

LAYOUT = ROOT / "worker" / "keys.py"

KEY_SPELLING = re.compile(r"^(enrich|articles):\S|:processing:|^run-")
"""What a key or key prefix of ours looks like inside a string literal. (Kombu's ``unacked``
is left out: `enrich stats` reports a figure of that name.)"""


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module (f-string pieces too), documentation left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def test_only_the_layout_module_spells_keys() -> None:
    """No module of worker/ but worker/keys.py writes a Redis key or key prefix of its own."""
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted((ROOT / "worker").rglob("*.py"))
        if path != LAYOUT
        for line, text in _code_strings(path)
        if KEY_SPELLING.search(text)
    ]
    assert not offenders


def test_the_check_sees_a_key_in_an_f_string(tmp_path: Path) -> None:
    """The spelling check catches a key built in an f-string, and passes a docstring."""
    module = tmp_path / "m.py"
    module.write_text('"""Writes enrich:done:<id>."""\nk = f"enrich:done:{x}"\n', encoding="utf-8")
    assert [text for _, text in _code_strings(module) if KEY_SPELLING.search(text)] == [
        "enrich:done:"
    ]


def test_default_layout_keeps_the_names_consumers_read() -> None:
    """Without a prefix the keys are the names deployed pipelines and consumers use."""
    keys = Keys(Settings())
    assert (keys.intake, keys.intake_stream, keys.output, keys.dead) == (
        "articles:raw",
        "articles:stream",
        "articles:enriched",
        "articles:dead",
    )
    assert (keys.counters, keys.inflight, keys.unacked) == (
        "enrich:counters",
        "enrich:inflight",
        "unacked",
    )
    assert keys.processing("host1") == "articles:raw:processing:host1"
    assert keys.done("a1", "0123456789abcdef99") == "enrich:done:a1:0123456789abcdef"
    assert keys.payload(inflight_member("a1", "0123456789abcdef99")) == (
        "enrich:payload:a1:0123456789abcdef"
    )
    assert keys.deliveries("m-1") == "enrich:deliveries:m-1"
    assert (
        keys.memory("clean", "example.org", 2900, "ids") == "enrich:mem:clean:example.org:2900:ids"
    )
    assert keys.duplicate_seen("a1") == "enrich:dup:seen:a1"
    assert keys.duplicate_band("3:1-2") == "enrich:dup:band:3:1-2"
    assert keys.duplicate_order == "enrich:dup:order"
    assert keys.queue("ner") == "ner"


def test_prefix_and_configured_names_apply_to_every_key() -> None:
    """ENRICH_KEY_PREFIX namespaces every key; the configured list names replace the defaults."""
    keys = Keys(Settings(key_prefix="t1:", intake_key="in", output_key="out", dead_key="dl"))
    assert (keys.intake, keys.output, keys.dead) == ("t1:in", "t1:out", "t1:dl")
    assert keys.processing("c") == "t1:in:processing:c"
    assert keys.processing_pattern() == "t1:in:processing:*"
    assert keys.counters == "t1:enrich:counters"
    assert keys.queue("clean") == "t1:clean"
    assert keys.everything == "t1:*"


def test_each_run_gets_a_namespace_of_its_own_inside_the_prefix() -> None:
    """`enrich run` namespaces are fresh, and inside the deployment's prefix."""
    first, second = run_prefix("t1:"), run_prefix("t1:")
    assert first != second
    assert re.fullmatch(r"t1:run-[0-9a-f]{8}:", first)


def test_heartbeat_keys_are_kombus_index_and_our_worker_names() -> None:
    """The heartbeat re-scores kombu's own index (its name, under the prefix) and names
    each worker under ``enrich:worker:``."""
    keys = Keys(Settings(key_prefix="p:"))
    assert keys.unacked_index == "p:unacked_index"
    assert keys.workers == "p:enrich:workers"
    assert keys.worker("enrich-ner.7@host") == "p:enrich:worker:enrich-ner.7@host"

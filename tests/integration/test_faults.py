"""The fault scenarios of benchmarks/fault_ledger.py, with fewer payloads: nothing is lost,
nothing is published twice. (The full run, 10,000 payloads, is the script itself.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.faults.scenarios import SCENARIOS, Scenario, run
from worker.local.embedded import free_port

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

PAYLOADS = 120
DURATION = 30.0
"""Pushes are spread over this many seconds, so every fault lands while payloads flow."""


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_payload_ends_exactly_once(scenario: Scenario, tmp_path: Path) -> None:
    """Under the fault, each pushed payload ends as one record or one dead letter."""
    result = run(scenario, tmp_path, free_port(), PAYLOADS, duration=DURATION)
    ledger = result.ledger
    assert (ledger.lost, ledger.duplicated) == (0, 0), (ledger, result.notes)
    assert ledger.enriched + ledger.dead == ledger.pushed
    if scenario.replay:
        assert ledger.suppressed >= PAYLOADS

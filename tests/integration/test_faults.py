"""The fault scenarios of benchmarks/fault_ledger.py, with fewer payloads: nothing is lost,
nothing is published twice. (The full run, 10,000 payloads, is the script itself.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from benchmarks.faults.scenarios import SCENARIOS, Scenario, run

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

PAYLOADS = 120
DURATION = 30.0
"""Pushes are spread over this many seconds, so every fault lands while payloads flow."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_every_payload_ends_exactly_once(scenario: Scenario, tmp_path: Path) -> None:
    """Under the fault, each pushed payload ends as one record or one dead letter."""
    result = run(scenario, tmp_path, _free_port(), PAYLOADS, duration=DURATION)
    ledger = result.ledger
    assert (ledger.lost, ledger.duplicated) == (0, 0), (ledger, result.notes)
    assert ledger.enriched + ledger.dead == ledger.pushed
    if scenario.replay:
        assert ledger.suppressed >= PAYLOADS

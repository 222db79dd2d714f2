"""benchmarks/cost_dates.py without the dev data or a model: it skips cleanly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import cost_dates


def test_absent_data_is_a_note_and_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["cost_dates.py", str(tmp_path)])
    assert cost_dates.main() == 0
    assert "not found: skipped" in capsys.readouterr().out

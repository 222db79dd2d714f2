"""A worker that only cleans loads the clean stage alone: the page's date signals are read
with the HTML toolkit, not with the dates stage."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

LOADED = (
    "import sys, tasks.clean.stage, tasks.clean.handed_on\n"
    "print(' '.join(m for m in sys.modules if m.startswith(('tasks.dates', 'dateparser'))))"
)


def test_clean_stage_loads_neither_the_dates_stage_nor_dateparser() -> None:
    """Importing the clean stage imports no ``tasks.dates`` module and no dateparser."""
    done = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == []

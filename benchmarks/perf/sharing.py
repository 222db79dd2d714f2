"""How much of the machine's cores other jobs used while one side of the benchmark ran.

The sides of a comparison run one after another; on a shared machine another job can take
a core during one of them and not the others, and the ratio then measures the neighbour.
The machine's busy CPU time over the interval, minus this process tree's own (the
benchmark, its pool processes, the worker and its children, the private Redis), over
cores x wall time, says how much of the machine someone else had.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil


@dataclass
class Sharing:
    """Filled in when the measured block ends."""

    others: float = 0.0
    """Share of all cores (0-1) that processes outside this tree kept busy."""


@contextmanager
def others_share() -> Iterator[Sharing]:
    """Measure the other jobs' share of the cores over the ``with`` block."""
    sharing = Sharing()
    busy, ours, began = _machine_busy(), _tree_cpu(), time.monotonic()
    yield sharing
    wall = time.monotonic() - began
    others = (_machine_busy() - busy) - (_tree_cpu() - ours)
    cores = psutil.cpu_count() or 1
    sharing.others = max(0.0, others / (cores * wall)) if wall > 0 else 0.0


def _machine_busy() -> float:
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _tree_cpu() -> float:
    """CPU seconds of this process and every descendant, live or already waited for.

    A process's ``children_*`` times hold its waited-for descendants, so summing them over
    the live tree counts every finished process once.
    """
    me = psutil.Process(os.getpid())
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            cpu = proc.cpu_times()
        except psutil.Error:  # ended between listing and reading: lost, a small undercount
            continue
        total += cpu.user + cpu.system + cpu.children_user + cpu.children_system
    return total

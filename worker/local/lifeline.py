"""Children that die with `enrich run`, however it dies.

A SIGTERM or Ctrl-C lets `enrich run` stop its worker and Redis itself; a SIGKILL (the
OOM killer, ``kill -9``) does not, and used to leave a 600 MB worker and a redis-server
behind. On Linux the kernel can send a child a signal when its parent dies
(``prctl(PR_SET_PDEATHSIG)``): the worker and the private redis-server ask for SIGKILL,
and Celery already asks the same for the worker's pool children, so the whole tree goes.
The request is made in the child between fork and exec, and is checked against a parent
that died in between (it would never send the signal).

The kernel sends it when the *thread* that started the child ends: start these children
from the main thread, which lives as long as the process. Elsewhere than Linux there is
no such request; the children are then stopped only on a clean exit.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


def die_with_parent(sig: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen`` that has the child get ``sig`` when this
    process dies; None where the platform cannot."""
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)

    def request() -> None:
        # Runs in the child after fork: only async-signal-safe work (a system call).
        if libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0:
            os._exit(127)
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(127)

    return request

"""One Celery task per stage, each routed to a queue named after its stage.

A task body is a few lines: hand the batch to ``worker.flow.process``; put the message back
on a Redis or broker error (nothing about the article is wrong); anything else that escapes
is handled in ``on_failure``, which also runs in the parent process when a child hits the
hard time limit, so no article vanishes with a killed child.

The tasks share one ``Runtime``, handed to them when the worker starts (``use_runtime``).
"""

from __future__ import annotations

import time
from typing import Any

from celery import Celery, Task
from celery.exceptions import Reject

from tasks.pipeline import STAGE_NAMES
from worker.flow import TRANSPORT_ERRORS, process, recover_batch, task_name
from worker.runtime import Runtime
from worker.settings import Settings

TRANSPORT_BACKOFF = 1.0
"""Seconds to wait before putting a message back after a transport error, so that a Redis
that refuses writes (maxmemory) is not hammered in a tight loop."""


class StageTask(Task):  # type: ignore[misc]  # celery ships no type information
    """Base of the stage tasks: knows its stage and settings, buries what escapes."""

    abstract = True
    stage: str = ""
    settings: Settings
    _runtime: Runtime | None = None

    @property
    def runtime(self) -> Runtime:
        """The runtime the worker handed over at start; built here, once, in a process that
        was not started as a worker (a task called directly)."""
        if self._runtime is None:
            self._runtime = Runtime(self.settings)
        return self._runtime

    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: Any,
    ) -> None:
        batch = args[0] if args else kwargs.get("batch", [])
        recover_batch(self.app, self.runtime, self.stage, batch, exc)


def register_stage_tasks(app: Celery, settings: Settings) -> None:
    """Register ``enrich.<stage>`` for every stage of the pipeline."""
    for stage in STAGE_NAMES:
        _register(app, settings, stage)


def _register(app: Celery, settings: Settings, stage: str) -> None:
    def run(self: StageTask, batch: list[Any]) -> int:
        try:
            return process(self.app, self.runtime, self.stage, batch, self.request.id)
        except TRANSPORT_ERRORS as exc:
            time.sleep(TRANSPORT_BACKOFF)
            raise Reject(f"transport error, message put back: {exc}", requeue=True) from exc

    app.task(
        run,
        name=task_name(stage),
        base=StageTask,
        bind=True,
        shared=False,
        stage=stage,
        settings=settings,
        soft_time_limit=settings.stage_soft_time_limit,
        time_limit=settings.stage_time_limit,
        typing=False,
    )


def use_runtime(app: Celery, runtime: Runtime) -> None:
    """Hand ``runtime`` to every stage task of ``app``."""
    for stage in STAGE_NAMES:
        app.tasks[task_name(stage)]._runtime = runtime


__all__ = ["register_stage_tasks", "task_name", "use_runtime"]

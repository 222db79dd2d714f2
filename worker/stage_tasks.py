"""One Celery task per stage, each routed to a queue named after its stage.

A task body is a few lines: hand the batch to ``worker.flow.process``; put the message back
on a Redis or broker error (nothing about the article is wrong); anything else that escapes
is handled in ``on_failure``, which also runs in the parent process when a child hits the
hard time limit, so no article vanishes with a killed child.
"""

from __future__ import annotations

import time
from typing import Any

from celery import Celery, Task
from celery.exceptions import Reject

from tasks.pipeline import STAGE_NAMES
from worker.flow import TRANSPORT_ERRORS, process, recover_batch, task_name
from worker.settings import Settings

TRANSPORT_BACKOFF = 1.0
"""Seconds to wait before putting a message back after a transport error, so that a Redis
that refuses writes (maxmemory) is not hammered in a tight loop."""


class StageTask(Task):  # type: ignore[misc]  # celery ships no type information
    """Base of the stage tasks: knows its stage and settings, buries what escapes."""

    abstract = True
    stage: str = ""
    settings: Settings

    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: Any,
    ) -> None:
        batch = args[0] if args else kwargs.get("batch", [])
        recover_batch(self.app, self.settings, self.stage, batch, exc)


def register_stage_tasks(app: Celery, settings: Settings) -> None:
    """Register ``enrich.<stage>`` for every stage of the pipeline."""
    for stage in STAGE_NAMES:
        _register(app, settings, stage)


def _register(app: Celery, settings: Settings, stage: str) -> None:
    def run(self: StageTask, batch: list[Any]) -> int:
        try:
            return process(self.app, self.settings, self.stage, batch, self.request.id)
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


__all__ = ["register_stage_tasks", "task_name"]

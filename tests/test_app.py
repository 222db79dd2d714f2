"""The Celery app: JSON only, acks late, one task and one queue per stage."""

from __future__ import annotations

import pickle
import ssl

import pytest
from celery import signals
from kombu.exceptions import ContentDisallowed
from kombu.serialization import loads

from tasks.pipeline import STAGE_NAMES
from worker.app import celery_config, create_app
from worker.cli import node_name
from worker.settings import Settings


def test_app_accepts_json_only() -> None:
    """Tasks, results and events are JSON; pickle is not an accepted content type."""
    conf = celery_config(Settings(redis_url="redis://localhost:6379/0"))
    assert conf["accept_content"] == ["json"]
    assert conf["task_serializer"] == "json"
    assert conf["result_accept_content"] == ["json"]


def test_pickled_message_body_is_refused_before_decoding() -> None:
    """A pickle body is refused by the accept list, so it is never unpickled."""
    app = create_app(Settings(redis_url="redis://localhost:6379/0"))
    body = pickle.dumps({"task": "enrich.clean"})
    with pytest.raises(ContentDisallowed):
        loads(body, "application/x-python-serialize", "binary", accept=app.conf.accept_content)


def test_app_acks_late_and_requeues_on_worker_loss() -> None:
    """Messages are acknowledged after the work and come back when a child dies."""
    conf = celery_config(Settings(redis_url="redis://localhost:6379/0"))
    assert conf["task_acks_late"] is True
    assert conf["task_reject_on_worker_lost"] is True
    assert conf["broker_transport_options"]["visibility_timeout"] > 0


def test_every_stage_has_its_own_task_and_queue() -> None:
    """enrich.<stage> is registered and routed to the queue named after the stage."""
    app = create_app(Settings(redis_url="redis://localhost:6379/0"))
    for stage in STAGE_NAMES:
        task = app.tasks[f"enrich.{stage}"]
        assert app.amqp.router.route({}, task.name)["queue"].name == stage


def test_key_prefix_namespaces_broker_keys() -> None:
    """A key prefix reaches kombu, so `enrich run` on a shared Redis stays private."""
    conf = celery_config(Settings(redis_url="redis://localhost:6379/0", key_prefix="run-1:"))
    assert conf["broker_transport_options"]["global_keyprefix"] == "run-1:"


@pytest.mark.parametrize(
    ("url", "verify"),
    [
        ("redis://localhost:6379/0", None),
        ("rediss://cache:6380/0", "required"),
        ("rediss://cache:6380/0?ssl_cert_reqs=none", None),
    ],
)
def test_a_bare_rediss_url_verifies_the_server(url: str, verify: str | None) -> None:
    """Kombu alone would not verify a bare rediss:// broker; redis-py verifies by default, and
    the broker does the same. A URL's own ``ssl_cert_reqs`` is left to kombu."""
    conf = celery_config(Settings(redis_url=url))
    assert conf["broker_transport"] == "worker.broker:Transport"
    if verify is None:
        assert conf["broker_use_ssl"] is False
    else:
        assert conf["broker_use_ssl"] == {"ssl_cert_reqs": ssl.CERT_REQUIRED}


def test_a_worker_without_queues_named_serves_every_stage() -> None:
    """Plain `celery -A worker.app worker` consumes every stage's queue; `-Q ner` narrows."""
    app = create_app(Settings(redis_url="redis://localhost:6379/0"))
    assert list(app.amqp.queues.consume_from) == list(STAGE_NAMES)
    narrowed = create_app(Settings(redis_url="redis://localhost:6379/0"))
    narrowed.amqp.queues.select(["ner"])
    assert list(narrowed.amqp.queues.consume_from) == ["ner"]


def test_stage_queues_are_the_ones_celery_would_create() -> None:
    """Declaring the queues changes no Redis binding: same exchange and routing key as the
    queue Celery made on the fly before."""
    app = create_app(Settings(redis_url="redis://localhost:6379/0"))
    for stage in STAGE_NAMES:
        declared = app.amqp.queues[stage]
        made = app.amqp.queues.new_missing(stage)
        assert (declared.exchange.name, declared.exchange.type, declared.routing_key) == (
            made.exchange.name,
            made.exchange.type,
            made.routing_key,
        )


def test_dead_workers_messages_are_swept_every_heartbeat() -> None:
    """Kombu looks for messages past the visibility timeout every heartbeat interval, and
    its restore lock cannot outlive a killed holder by minutes."""
    settings = Settings(redis_url="redis://localhost:6379/0")
    options = celery_config(settings)["broker_transport_options"]
    assert options["visibility_timeout"] == settings.visibility_timeout
    assert options["unacked_restore_interval"] == settings.heartbeat_interval
    assert options["unacked_restore_throttle"] == 1
    assert options["unacked_mutex_expire"] <= settings.visibility_timeout
    # back on the queue within 45 s of the last beat with the defaults (the issue asks 60)
    assert settings.visibility_timeout + settings.heartbeat_interval <= 45


def test_default_node_names_differ_per_stage_group_and_process() -> None:
    """Two `enrich worker --stages ner` on one host get different node names."""
    assert node_name(["ner"], 101) != node_name(["ner"], 102)
    assert node_name(["ner"], 101) == "enrich-ner.101@%h"
    assert node_name(["ner", "tag"], 7) == "enrich-ner-tag.7@%h"
    assert node_name(list(STAGE_NAMES), 7) == "enrich-all.7@%h"


def test_each_app_made_connects_the_worker_handlers_only_once() -> None:
    """Celery keeps one connection per receiver: apps made again (tests, `celery -A`) do not
    run a handler twice."""
    create_app(Settings(redis_url="redis://127.0.0.1:6379/0"))
    counts = [len(s.receivers) for s in (signals.worker_init, signals.worker_ready)]
    create_app(Settings(redis_url="redis://127.0.0.1:6379/0"))
    assert [len(s.receivers) for s in (signals.worker_init, signals.worker_ready)] == counts

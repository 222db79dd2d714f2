"""The Celery app: JSON only, acks late, one task and one queue per stage."""

from __future__ import annotations

import pickle
import ssl

import pytest
from kombu.exceptions import ContentDisallowed
from kombu.serialization import loads

from tasks.pipeline import STAGE_NAMES
from worker.app import celery_config, create_app
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

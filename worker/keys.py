"""Every Redis key the pipeline writes or reads, named in this one module.

Consumers, dashboards and existing deployments read these names: change one only with a
migration. Every key is in the deployment's namespace, ``ENRICH_KEY_PREFIX`` followed by
the name below (kombu puts the same prefix on Celery's keys, ``global_keyprefix``).

======================================  ===========  ==========================================
key                                     type         holds (written by → read by)
======================================  ===========  ==========================================
``articles:raw`` (ENRICH_INTAKE_KEY)    list         payloads (crawlers → ``intake``)
``articles:raw:processing:<consumer>``  list         payloads an ingester holds until enqueued
                                                     (``intake``; ``enrich stats``)
``articles:stream``                     stream       payloads, field ``payload``, read by the
(ENRICH_INTAKE_STREAM)                               group ENRICH_STREAM_GROUP (``intake``)
``articles:enriched``                   list or      records; a stream entry's field is
(ENRICH_OUTPUT_KEY)                     stream       ``record`` (``output`` → consumers)
``articles:dead`` (ENRICH_DEAD_KEY)     list         dead letters (``output`` → consumers,
                                                     ``replay``)
``articles:enriched:log``,              stream       the newest records / dead letters again,
``articles:dead:log``                                capped (ENRICH_TAIL_LOG_MAXLEN), field
                                                     ``record``; letters without payload
                                                     (``output`` → ``enrich tail``)
``articles:raw:consumers``              set          consumers with a processing list
                                                     (``intake`` → ``enrich stats``)
``enrich:counters``                     hash         running totals (``output``, ``deliveries``,
                                                     ``reaper``, ``replay`` → ``enrich stats``,
                                                     ``reaper``); dead letters by stage and
                                                     error under ``dead:<stage>:<error>``
``enrich:inflight``                     sorted set   ``<id>:<hash16>`` of every article between
                                                     intake and outcome, scored by its last move
                                                     (``output`` → ``reaper``)
``enrich:payload:<id>:<hash16>``        string       the in-flight payload copy, until the
                                                     outcome (``output`` → ``reaper``)
``enrich:done:<id>:<hash16>``           string       the outcome marker: publish once; its
                                                     value is ``enriched`` or ``dead``
                                                     (``output``, cleared by ``replay``)
``enrich:deliveries:<message id>``      string       deliveries of a pipeline message
                                                     (``deliveries``)
``enrich:mem:<stage>:<source>:<week>:`` hash / set   per-source memory: ``counts`` (hash) and
``counts`` / ``ids``                                 ``ids`` counted that week (``memory``)
``enrich:dup:seen:<id>``                hash         an article in the near-duplicate index
``enrich:dup:order``                    string       the index's order counter
``enrich:dup:band:<band>``              list         the first articles that showed an LSH band
                                                     (``duplicates``)
``<stage>`` (``clean``, ``dates``, …)   list         a stage's Celery queue (kombu → ``reaper``,
                                                     ``enrich stats``)
``unacked``                             hash         Celery's messages in hand (kombu →
                                                     ``enrich stats``)
``unacked_index``                       sorted set   their delivery tags, scored by the last
                                                     heartbeat of the worker holding them
                                                     (kombu, ``heartbeat`` → kombu's restore)
``enrich:worker:<node>``                string       a live worker's last heartbeat (JSON),
                                                     expiring (``heartbeat`` → health checks)
``enrich:workers``                      sorted set   worker node names scored by their last
                                                     heartbeat (``heartbeat`` → health checks)
``run-<hex8>:`` + any of the above      namespace    one ``enrich run``, deleted after it
======================================  ===========  ==========================================

``<hash16>`` is the first 16 hex digits of the payload's content hash, so the same
article id with new content is a new article.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings' defaults come from here: a runtime import would be a cycle
    from worker.settings import Settings

INTAKE_KEY = "articles:raw"
"""The list crawlers RPUSH payloads onto (set scrapy-redis's REDIS_ITEMS_KEY to it)."""

INTAKE_STREAM = "articles:stream"
"""The stream crawlers may XADD payloads to instead, under the field ``INTAKE_FIELD``."""

INTAKE_FIELD = "payload"
"""The intake stream entry's field that holds the payload JSON."""

STREAM_GROUP = "enrich"
"""Consumer group of the ingesters on the intake stream."""

OUTPUT_KEY = "articles:enriched"
"""Where enriched records are published."""

OUTPUT_FIELD = "record"
"""The output stream entry's field that holds the record JSON (``ENRICH_OUTPUT_MODE=stream``)."""

SENT_HEADER = "enrich_sent_at"
"""The stage message header holding when it was sent (epoch seconds): a queue's age."""

DEAD_KEY = "articles:dead"
"""Where payloads that cannot be enriched go, each with its reason."""

COUNTERS = "enrich:counters"
"""Hash of running totals: enriched, enriched_without_text, dead, duplicates_suppressed,
redeliveries, resubmitted, replayed, forced, and ``dead:<stage>:<error>`` per dead-letter kind."""

INFLIGHT = "enrich:inflight"
"""Sorted set of the articles between intake and outcome, scored by when one last moved."""

UNACKED = "unacked"
"""Kombu's hash of delivered, unacknowledged messages (its name, not ours)."""

UNACKED_INDEX = "unacked_index"
"""Kombu's sorted set of those messages' delivery tags, scored by when they were taken (its
name, not ours); workers' heartbeats re-score the ones they hold."""

WORKERS = "enrich:workers"
"""Sorted set of worker node names, scored by each one's last heartbeat."""

_PROCESSING = ":processing:"
_CONSUMERS = ":consumers"
_LOG = ":log"
DEAD_BY = "dead:"
"""Counter field prefix of dead letters by kind: ``dead:<stage>:<error>``."""
_DONE = "enrich:done:"
_PAYLOAD = "enrich:payload:"
_DELIVERIES = "enrich:deliveries:"
_MEMORY = "enrich:mem:"
_DUPLICATES = "enrich:dup:"
_WORKER = "enrich:worker:"


def inflight_member(article_id: str, content_hash: str) -> str:
    """An article's name in the in-flight index (and in its payload copy's key)."""
    return f"{article_id}:{content_hash[:16]}"


def run_prefix(key_prefix: str) -> str:
    """A fresh namespace for one ``enrich run`` inside ``key_prefix``."""
    return f"{key_prefix}run-{uuid.uuid4().hex[:8]}:"


class Keys:
    """The keys of one deployment: its prefix and its configured names applied."""

    def __init__(self, settings: Settings) -> None:
        self._key = settings.key  # the prefix applied
        self.intake = self._key(settings.intake_key)
        self.intake_stream = self._key(settings.intake_stream)
        self.output = self._key(settings.output_key)
        self.dead = self._key(settings.dead_key)
        self.counters = self._key(COUNTERS)
        self.inflight = self._key(INFLIGHT)
        self.unacked = self._key(UNACKED)
        self.unacked_index = self._key(UNACKED_INDEX)
        self.workers = self._key(WORKERS)
        self.duplicate_order = self._key(_DUPLICATES + "order")
        self.output_log = self.output + _LOG
        self.dead_log = self.dead + _LOG
        self.intake_consumers = self.intake + _CONSUMERS
        self.everything = self._key("*")
        """A SCAN pattern for the whole namespace (meaningful only with a prefix)."""

    def processing(self, consumer: str) -> str:
        """The list of intake items ``consumer`` holds until their message is enqueued."""
        return self.intake + _PROCESSING + consumer

    def processing_pattern(self) -> str:
        """A SCAN pattern for every consumer's processing list."""
        return self.intake + _PROCESSING + "*"

    def queue(self, stage: str) -> str:
        """A stage's Celery queue as kombu names it in Redis (the queue is the stage's name)."""
        return self._key(stage)

    def done(self, article_id: str, content_hash: str) -> str:
        return self._key(_DONE + inflight_member(article_id, content_hash))

    def payload(self, member: str) -> str:
        """The payload copy of an in-flight article, by its ``inflight_member`` name."""
        return self._key(_PAYLOAD + member)

    def deliveries(self, message_id: str) -> str:
        return self._key(_DELIVERIES + message_id)

    def memory(self, stage: str, source: str, week: int, part: str) -> str:
        """A stage's per-source memory for one week: ``part`` is ``counts`` or ``ids``."""
        return self._key(f"{_MEMORY}{stage}:{source}:{week}:{part}")

    def duplicate_seen(self, article_id: str) -> str:
        return self._key(_DUPLICATES + "seen:" + article_id)

    def duplicate_band(self, band: str) -> str:
        return self._key(_DUPLICATES + "band:" + band)

    def worker(self, node: str) -> str:
        """A worker's heartbeat, by its Celery node name."""
        return self._key(_WORKER + node)

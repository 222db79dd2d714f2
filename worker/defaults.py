"""Every default of the transport, named, each with why it has the value it has.

The default Redis key names are in ``worker.keys``, with the rest of the key layout.
"""

from __future__ import annotations

from tasks.config import DEFAULT_KEYPHRASES, DEFAULT_LANGUAGE_SAMPLE_CHARS, DEFAULT_MODELS

OUTPUT_MODE = "list"
"""``list`` (RPUSH) or ``stream`` (XADD, field ``record``)."""

BATCH_SIZE = 16
"""Articles per pipeline message: large enough that spaCy's ``nlp.pipe`` and the per-message
broker overhead amortise, small enough that one slow article delays few others."""

MAX_PAYLOAD_BYTES = 32 * 1024 * 1024
"""Payloads over this size are dead-lettered at intake: a 20 MB page is real, 1 GB is an attack."""

MODELS = ",".join(f"{language}={model}" for language, model in DEFAULT_MODELS.items())
"""spaCy model per language: the domain's ``DEFAULT_MODELS`` as ``lang=model`` pairs."""

LANGUAGE_SAMPLE_CHARS = DEFAULT_LANGUAGE_SAMPLE_CHARS
"""Characters of clean text language detection reads (the domain's default, see there)."""

KEYPHRASES = DEFAULT_KEYPHRASES
"""Keyphrases kept per article (the domain's default)."""

STAGE_SOFT_TIME_LIMIT = 120.0
"""Seconds a stage may spend on one message before the batch is split and retried singly."""

STAGE_TIME_LIMIT = 180.0
"""Seconds after which the pool child is killed outright (a stage stuck in C code)."""

PREFETCH = 2
"""Messages a worker holds per pool process: the one running and, from 2, the next one,
already fetched and decoded, so the process does not idle while its parent fetches it."""

VISIBILITY_TIMEOUT = 40
"""Seconds without a heartbeat after which a worker's unacknowledged messages go back on
their queues (the worker died). A live worker refreshes its messages every heartbeat
(``worker.heartbeat``), so this bounds how soon a dead worker's work comes back, not how
long a batch may run: 40 s plus one restore sweep (``HEARTBEAT_INTERVAL``) keeps a killed
worker's batches back on their queues within 45 s, eight missed beats after its last."""

HEARTBEAT_INTERVAL = 5.0
"""Seconds between a worker's heartbeats (its held messages re-scored, its liveness key
renewed) and between the sweeps that put dead workers' messages back: frequent enough that
the visibility timeout covers several missed beats, rare enough to cost Redis nothing."""

DONE_TTL = 7 * 24 * 3600
"""Seconds the "already published" marker of an article lives: replays within this window
publish nothing twice."""

PAYLOAD_TTL = 7 * 24 * 3600
"""Seconds an in-flight payload copy is kept, so a dead letter can carry the original."""

MAX_TASKS_PER_CHILD = 2000
"""Pool children are recycled after this many messages so spaCy's growing vocabulary and
string store cannot grow memory without bound."""

MAX_MEMORY_PER_CHILD_MB = 2048
"""A pool child above this resident size is replaced after its current task (a model
process is ~250 MB; growth past 2 GB means a leak or a monster page)."""

STALE_AFTER = 3600
"""Seconds an article may go untouched by any stage before the ingester resubmits it from
its payload copy (its message was lost). Longer than any stage runs; a queue backlog
longer than this only costs repeated work, never a duplicate record."""

MAX_DELIVERIES = 3
"""Deliveries of one message before its task gives up on it: a batch is then split into
single articles, and a single article dead-lettered, so a poison payload cannot loop."""

MEMORY_DAYS = 28
"""Days of a source's articles the per-source memory counts over (0 turns it off): long
enough to see a site's furniture many times, short enough to follow a redesign."""

MEMORY_MAX_KEYS = 50_000
"""Distinct keys one source's memory takes per week; beyond it only known keys count up,
which bounds Redis memory whatever a source publishes."""

DUPLICATE_DAYS = 7
"""Days an article's near-duplicate signature is kept (0 turns the check off): syndicated
copies of a story appear within hours or days of each other."""

DUPLICATE_BAND_CAP = 16
"""Articles listed per LSH band: the first few of a story are enough to find its group, and
the cap bounds memory however often a band repeats."""

LOG_LEVEL = "INFO"
"""Log level of workers and ingesters."""

LOG_FORMAT = "text"
"""``text`` (one readable line per event) or ``json`` (one JSON object per line, for log
shippers)."""

METRICS_PORT = 0
"""Port of the ``/metrics``, ``/healthz`` and ``/readyz`` endpoint of a worker or ingester;
0 serves none. Off by default: several processes on one host (a Procfile, ``enrich run``,
the tests) would collide on any fixed port, so each deployment names its own."""

OUTPUT_MAXLEN = 0
"""Entries the output and dead-letter lists (or streams) are trimmed to; 0 keeps every one.
Unbounded by default: a trim drops the oldest entries whether or not a consumer has read
them, and every payload must end as a record someone can read. Set it when consumers may
stop for good, or with the stream output whose consumer groups make lag visible."""

TAIL_LOG_MAXLEN = 1000
"""Newest records (and dead letters) kept again in capped streams for `enrich tail -f` in list
mode, so that it sees what consumers pop (0: no log; tail then polls the list). A tail that
falls this far behind misses records; ~1,000 records are ~10 MB of Redis. Dead letters are
logged without their payload (up to a MiB each), which stays on the dead-letter list."""

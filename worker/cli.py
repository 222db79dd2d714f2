"""The ``enrich`` command line. Every command reads its Redis URL from ENRICH_REDIS_URL."""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click
import msgspec
import redis

from tasks.errors import EnrichError
from tasks.pipeline import STAGE_NAMES
from tasks.schema import record_schema
from worker.keys import Keys
from worker.local.inputs import InputError, InputReport, check_inputs, iter_payloads
from worker.settings import Settings

EPILOG = """\b
Configuration comes from ENRICH_* environment variables (README, 'Configuration');
the most important is ENRICH_REDIS_URL, e.g. redis://localhost:6379/0.
"""


@contextmanager
def clear_errors(settings: Settings | None = None) -> Iterator[None]:
    """Turn the errors a user can fix into one-line messages instead of tracebacks."""
    try:
        yield
    except (EnrichError, InputError) as exc:
        raise click.ClickException(str(exc)) from exc
    except redis.RedisError as exc:
        where = settings.safe_url() if settings else "the configured Redis"
        raise click.ClickException(f"Redis at {where} failed: {exc}") from exc


def load_settings() -> Settings:
    with clear_errors():
        return Settings.from_env()


@click.group(epilog=EPILOG)
@click.version_option(package_name="article-enrich", prog_name="enrich")
def main() -> None:
    """Enrich crawled articles: clean text, publication date, language, entities, tags.

    \b
    Quick start (no Redis needed, one starts privately):
      enrich run examples/tidal-array.txt --pretty
    In production, crawlers RPUSH JSON payloads onto 'articles:raw' and you run
      enrich ingest            # intake -> pipeline
      enrich worker            # every stage (or --stages ner to scale NER alone)
      enrich tail -f           # watch records arrive on 'articles:enriched'
    """


@main.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default="stdout",
    help="Write records here, one JSON object per line, each as it arrives "
    "(gzip-compressed when it ends in .gz).",
)
@click.option(
    "--dead",
    "dead_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also write dead letters (payloads that failed, with reasons) here.",
)
@click.option(
    "-c",
    "--concurrency",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: one per CPU core).",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON records for reading.")
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Progress bar on stderr (shown only on a terminal).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Leave out payloads whose record OUTPUT already holds, and append to OUTPUT (and "
    "--dead) instead of overwriting: re-run a stopped run with the same files.",
)
def run(  # noqa: PLR0917  (click passes options positionally)
    inputs: tuple[str, ...],
    output: str,
    dead_path: str | None,
    concurrency: int | None,
    pretty: bool,
    progress: bool,
    resume: bool,
) -> None:
    """Enrich INPUTS end to end and print the records.

    INPUTS are .jsonl/.json payload files, .html or .txt pages, any of them gzipped (.gz),
    web archives (.warc, .warc.gz: one payload per HTML response), directories of them, or
    '-' for JSON lines on stdin. Payloads go through the same path
    as in production: onto a Redis intake list, through Celery workers running every stage,
    out of the output list. Input is read as the pipeline takes it and each record is
    written as it arrives. Without ENRICH_REDIS_URL a private Redis server is started; it
    and the worker stop with the run, on SIGTERM and Ctrl-C too, and die with it on SIGKILL.

    \b
    Examples:
      enrich run examples/tidal-array.txt --pretty
      enrich run crawl.jsonl.gz -o enriched.jsonl --dead failed.jsonl
      enrich run crawl.jsonl.gz -o enriched.jsonl --resume     # after a stop
      enrich run crawl.jsonl.gz -o enriched.jsonl.gz           # compressed output
      cat payloads.jsonl | enrich run - > out.jsonl
      enrich run CC-NEWS-*.warc.gz -o enriched.jsonl
    """
    from worker.local.report import ProgressBar, print_summary  # noqa: PLC0415  (Celery is slow to import)
    from worker.local.resume import Skipper  # noqa: PLC0415
    from worker.local.run import Sinks, Terminated, run_files  # noqa: PLC0415

    settings = load_settings()
    report = InputReport()
    with clear_errors():
        check_inputs(inputs)
        skipper = Skipper(_resumable(output, pretty) if resume else set())
        _ready_to_append(dead_path if resume else None)
        payloads = _peeked(skipper.filter(iter_payloads(inputs, report)))
    if payloads is None:
        _end_of_input(report)
        if skipper.skipped:
            click.echo(f"nothing to do: all {skipper.skipped} payload(s) have a record", err=True)
            return
        raise click.ClickException("no payloads found in the inputs")
    mode = "ab" if resume else "wb"
    try:
        with (
            _stop_on_sigterm(Terminated),
            _opened(output, mode) as out,
            _opened(dead_path, mode) as dead,
            clear_errors(settings),
            ProgressBar(enabled=progress) as bar,
        ):
            sinks = Sinks(_record_writer(out, pretty), _line_writer(dead), bar.update)
            workers = concurrency or settings.worker_concurrency()
            result = run_files(payloads, settings, concurrency=workers, sinks=sinks)
    except Terminated:
        click.echo("enrich run: stopped by SIGTERM (--resume continues it)", err=True)
        sys.exit(128 + signal.SIGTERM)
    result.skipped = skipper.skipped
    result.skipped_records = dict(report.skipped)
    print_summary(result)
    if report.error is not None:  # every payload read before the break went through
        raise click.ClickException(str(report.error))
    if result.records == 0 and not result.skipped:
        sys.exit(1)


def _end_of_input(report: InputReport) -> None:
    """Say which archive records were no page (by kind), then fail if an input broke: the
    payloads read before the break have gone through by now."""
    if report.skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.skipped.items()))
        click.echo(f"skipped archive records: {kinds}", err=True)
    if report.error is not None:
        raise click.ClickException(str(report.error))


def _resumable(output: str, pretty: bool) -> set[str]:
    from worker.local.resume import written_ids  # noqa: PLC0415

    if output == "-" or pretty:
        raise click.UsageError("--resume needs -o FILE, written without --pretty")
    return written_ids(Path(output))


def _ready_to_append(path: str | None) -> None:
    from worker.local.gzipped import ready_to_append  # noqa: PLC0415

    if path is not None:
        ready_to_append(Path(path))


def _peeked(payloads: Iterator[bytes]) -> Iterator[bytes] | None:
    """``payloads`` whole, or None when there are none (checked before anything starts)."""
    first = next(payloads, None)
    return None if first is None else itertools.chain([first], payloads)


@contextmanager
def _opened(path: str | None, mode: str) -> Iterator[BinaryIO | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout.buffer
    else:
        from worker.local.gzipped import open_output  # noqa: PLC0415

        with open_output(Path(path), mode) as file:  # gzip-compressed when it ends in .gz
            yield file


@contextmanager
def _stop_on_sigterm(exc: type[BaseException]) -> Iterator[None]:
    """SIGTERM raises ``exc`` (once: the clean-up it unwinds through is not cut short)."""

    def handler(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise exc

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _line_writer(output: BinaryIO | None) -> Callable[[bytes], None]:
    def emit(line: bytes) -> None:
        if output is not None:
            output.write(line + b"\n")
            output.flush()

    return emit


def _record_writer(output: BinaryIO | None, pretty: bool) -> Callable[[bytes], None]:
    def emit(record: bytes) -> None:
        data = msgspec.json.format(record, indent=2) if pretty else record
        assert output is not None  # noqa: S101  (-o always names somewhere, stdout by default)
        output.write(data + b"\n")
        output.flush()

    return emit


@main.command(context_settings={"ignore_unknown_options": True}, epilog=EPILOG)
@click.option(
    "-s",
    "--stages",
    default=",".join(STAGE_NAMES),
    show_default=True,
    help="Comma-separated stages (queues) to serve.",
)
@click.option(
    "-c",
    "--concurrency",
    type=click.IntRange(1, 256),
    default=None,
    help="Pool processes (default: ENRICH_CONCURRENCY, else one per core).",
)
@click.option("-l", "--loglevel", default=None, help="Log level (default: ENRICH_LOG_LEVEL).")
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(
    stages: str, concurrency: int | None, loglevel: str | None, celery_args: tuple[str, ...]
) -> None:
    """Run a Celery worker for some or all stages.

    Each stage has its own queue (named after it), so NER can be scaled apart from the
    light stages. A worker runs a batch on through the following stages it also serves,
    without a message between them: give a worker consecutive stages. Anything after '--'
    goes to 'celery worker' unchanged.

    \b
    Examples:
      enrich worker                                  # every stage
      enrich worker --stages clean,dates,language
      enrich worker --stages ner,tag --concurrency 4
      celery -A worker.app worker -Q ner             # the same, with plain Celery
      celery -A worker.app worker                    # every stage, with plain Celery
    """
    settings = load_settings()
    chosen = [s.strip() for s in stages.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(STAGE_NAMES))
    if unknown or not chosen:
        raise click.BadParameter(
            f"unknown stage(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(STAGE_NAMES)}",
            param_hint="--stages",
        )
    from worker.app import create_app  # noqa: PLC0415  (Celery is slow to import)
    from worker.signals import preflight  # noqa: PLC0415

    with clear_errors(settings):
        preflight(settings, chosen)

    app = create_app(settings)
    # JSON logs: no banner either, so that every line of the output is one JSON event
    quiet = ["--quiet"] if settings.log_format == "json" else []
    argv = [
        *quiet,
        "worker",
        "-Q",
        ",".join(chosen),
        "--concurrency",
        str(concurrency or settings.worker_concurrency()),
        "--loglevel",
        loglevel or settings.log_level,
        "-n",
        node_name(chosen, os.getpid()),
        *celery_args,
    ]
    app.worker_main(argv)


def node_name(stages: list[str], pid: int) -> str:
    """The worker's default Celery node name: its stage group and process id, so two
    workers of one group on one host differ (``-n`` after ``--`` overrides it)."""
    group = "-".join(stages) if len(stages) < len(STAGE_NAMES) else "all"
    return f"enrich-{group}.{pid}@%h"


@main.command(epilog=EPILOG)
@click.option("--once", is_flag=True, help="Exit when the intake is empty instead of waiting.")
def ingest(once: bool) -> None:
    """Move payloads from the intake (list and stream) into the pipeline.

    Payloads leave the intake only once their pipeline message is enqueued; invalid ones go
    to the dead-letter list with their reason. Stop with Ctrl-C or SIGTERM: the batch in
    hand is finished first.
    """
    import logging  # noqa: PLC0415

    from worker.app import create_app  # noqa: PLC0415
    from worker.endpoint import start_endpoint  # noqa: PLC0415
    from worker.ingest import Ingester  # noqa: PLC0415
    from worker.logs import setup_logging  # noqa: PLC0415

    settings = load_settings()
    setup_logging(settings)
    with clear_errors():
        settings.require_redis_url()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    ingester = Ingester(create_app(settings), settings)
    with clear_errors(settings):
        start_endpoint(settings)
    logging.getLogger("enrich.ingest").info(
        "ingester %s taking payloads from %s and %s on %s",
        settings.consumer_name(),
        ingester.intakes[0].key,
        ingester.intakes[1].key,
        settings.safe_url(),
    )
    counts = ingester.run(stop, once=once)
    click.echo(
        f"ingested {counts.taken}: {counts.enqueued} enqueued, {counts.dead} dead-lettered",
        err=True,
    )


@main.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--stream", is_flag=True, help="XADD to the intake stream instead of the list.")
@click.option(
    "--force",
    is_flag=True,
    help="Enrich and publish these articles again even if they were enriched or "
    "dead-lettered before (their done markers and dead letters are cleared).",
)
def submit(inputs: tuple[str, ...], stream: bool, force: bool) -> None:
    """Push payloads from files onto the intake, as a crawler would.

    INPUTS are read as for 'enrich run'. Payloads are pushed unchanged; the ingester
    validates them. A payload whose article already has an outcome (same id and content)
    publishes nothing again, unless --force: then each gives one new record (or dead
    letter), e.g. after a model upgrade, or for a payload_missing dead letter.
    """
    from worker.local.producer import push_payloads  # noqa: PLC0415

    settings = load_settings()
    report = InputReport()
    if force:
        _force_submit(settings, inputs, stream, report)
        _end_of_input(report)
        return
    with clear_errors(settings):
        count = push_payloads(settings, iter_payloads(inputs, report), stream=stream)
    keys = Keys(settings)
    target = keys.intake_stream if stream else keys.intake
    click.echo(f"pushed {count} payload(s) onto {target}", err=True)
    _end_of_input(report)


@main.command(epilog=EPILOG)
@click.option(
    "-n",
    "--lines",
    "count",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="How many of the newest records to print.",
)
@click.option("-f", "--follow", is_flag=True, help="Keep printing records as they arrive.")
@click.option("--dead", is_flag=True, help="Show the dead-letter list instead.")
def tail(count: int, follow: bool, dead: bool) -> None:
    """Print the newest records of the output (without consuming them).

    With a list output, records are read from a capped log the pipeline writes beside the
    list (ENRICH_TAIL_LOG_MAXLEN), so -f shows every record even while consumers pop them.
    """
    from worker.local.monitor import tail_records  # noqa: PLC0415

    settings = load_settings()
    with clear_errors(settings):
        for item in tail_records(settings, count, follow=follow, dead=dead):
            click.echo(item)


@main.command(epilog=EPILOG)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(as_json: bool) -> None:
    """Queue depths along the pipeline, running totals and dead letters by kind.

    Read from lengths and the counters hash the pipeline maintains (no keyspace scan), so
    it answers in milliseconds however many keys Redis holds.
    """
    from worker.local.monitor import gather_stats  # noqa: PLC0415
    from worker.local.report import print_stats  # noqa: PLC0415

    settings = load_settings()
    with clear_errors(settings):
        figures = gather_stats(settings)
    if as_json:
        click.echo(msgspec.json.encode(figures))
    else:
        print_stats(figures)


@main.command(epilog=EPILOG)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port of the local process's endpoint (default: ENRICH_METRICS_PORT).",
)
def health(port: int | None) -> None:
    """Exit 0 when Redis answers and this host's worker or ingester is alive.

    Alive: the process's endpoint (ENRICH_METRICS_PORT, on 127.0.0.1) answers /healthz,
    which it does while its consumer loop ran in the last 60 s. Otherwise exit 1 with one
    line saying why. For exec probes (docker compose, Kubernetes).
    """
    from worker.health import check  # noqa: PLC0415

    settings = load_settings()
    with clear_errors(settings):
        problem = check(settings, port or settings.metrics_port)
    if problem:
        click.echo(f"unhealthy: {problem}", err=True)
        sys.exit(1)
    click.echo("ok")


@main.command(epilog=EPILOG)
@click.argument("source", required=False)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here: .csv, .csv.gz or .parquet ('-': stdout, with --format).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default=None,
    help="csv or parquet (default: by OUTPUT's suffix).",
)
def export(source: str | None, output: str, fmt: str | None) -> None:
    """Write records to CSV or Parquet, one row per article, for pandas, DuckDB or a sheet.

    SOURCE is a JSON lines file of records ('enrich run -o' wrote it; .gz too) or '-' for
    stdin. Without SOURCE the output on ENRICH_REDIS_URL (its list, or stream) is read
    without consuming it: a chunk at a time, up to the length it had when the export began.
    Scalars are columns (id, url, title, published_date, language...); entities, tags and
    authors are lists: list columns in Parquet (needs pyarrow: pip install
    'article-enrich[export]'), JSON arrays in a CSV cell. Memory stays flat however many
    records there are.

    \b
    Examples:
      enrich export out.jsonl.gz -o articles.parquet
      enrich export -o articles.csv            # the output list on ENRICH_REDIS_URL
      duckdb -c "SELECT language, count(*) FROM 'articles.parquet' GROUP BY 1"
    """
    from worker.local.export import (  # noqa: PLC0415
        export_to,
        file_records,
        format_for,
        redis_records,
    )

    with clear_errors():
        chosen = format_for(output, fmt)
    settings = None if source else load_settings()
    records = redis_records(settings) if settings else file_records(source or "-")
    with clear_errors(settings):
        counts = export_to(records, output, chosen)
    where = "stdout" if output == "-" else output
    click.echo(f"exported {counts.rows} record(s) to {where} ({chosen})", err=True)
    if counts.skipped:
        click.echo(
            f"skipped {counts.skipped} line(s) that are not records; the first: "
            f"{counts.first_skipped}",
            err=True,
        )


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output record."""
    click.echo(msgspec.json.format(msgspec.json.encode(record_schema()), indent=2))


def _force_submit(
    settings: Settings, inputs: tuple[str, ...], stream: bool, report: InputReport
) -> None:
    from worker.connection import connect  # noqa: PLC0415
    from worker.replay import force_payloads  # noqa: PLC0415

    if stream:
        raise click.UsageError("--force pushes onto the intake list; leave out --stream")
    with clear_errors(settings):
        client = connect(settings.require_redis_url())
        counts = force_payloads(client, settings, iter_payloads(inputs, report))
    click.echo(
        f"pushed {counts.forced + counts.invalid} payload(s) onto {Keys(settings).intake}: "
        f"{counts.forced} forced ({counts.was_enriched} had a record, {counts.was_dead} a dead "
        f"letter), {counts.invalid} invalid (pushed as they are)",
        err=True,
    )


def _age(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    from worker.replay import parse_age  # noqa: PLC0415

    if value is None:
        return None
    try:
        return parse_age(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@main.command(epilog=EPILOG)
@click.option("--reason", "errors", multiple=True, help="Error code, e.g. time_limit (repeatable).")
@click.option("--stage", "stages", multiple=True, help="Stage that failed, or intake (repeatable).")
@click.option("--id", "ids", multiple=True, help="Article id (repeatable).")
@click.option(
    "--older-than", callback=_age, help="Only letters at least this old: 90s, 30m, 2h, 7d."
)
@click.option("--newer-than", callback=_age, help="Only letters younger than this.")
@click.option("--dry-run", is_flag=True, help="List what would go back; change nothing.")
def replay(  # noqa: PLR0917  (click passes options positionally)
    errors: tuple[str, ...],
    stages: tuple[str, ...],
    ids: tuple[str, ...],
    older_than: float | None,
    newer_than: float | None,
    dry_run: bool,
) -> None:
    """Send dead letters back to the intake, to be enriched once more.

    Selects the letters matching every option given (none: all). Each selected letter's
    payload goes back on the intake list and the letter leaves the dead-letter list in the
    same step, with its done marker cleared, so the article ends once more as exactly one
    record or dead letter. Letters without a payload (payload_missing, payload_expired)
    and letters whose payload was not a JSON object stay, counted: resubmit those payloads
    with 'enrich submit --force'.

    \b
    Examples:
      enrich replay --dry-run
      enrich replay --reason time_limit --newer-than 2h
      enrich replay --stage ner --id article-42
    """
    from worker.connection import connect  # noqa: PLC0415
    from worker.replay import Selection  # noqa: PLC0415
    from worker.replay import replay as replay_letters  # noqa: PLC0415

    settings = load_settings()
    selection = Selection(
        errors=frozenset(errors),
        stages=frozenset(stages),
        ids=frozenset(ids),
        older_than=older_than,
        newer_than=newer_than,
    )
    with clear_errors(settings):
        client = connect(settings.require_redis_url())
        counts = replay_letters(client, settings, selection, dry_run=dry_run)
    for letter in counts.listed:
        click.echo(msgspec.json.encode(letter))
    sent = f"{len(counts.listed)} would go back" if dry_run else f"{counts.replayed} sent back"
    click.echo(
        f"selected {counts.selected} dead letter(s): {sent}; left on the list: "
        f"{counts.no_payload} without a payload, {counts.not_an_object} whose payload is not a "
        f"JSON object, {counts.enriched_since} enriched since; {counts.gone} taken meanwhile"
        + (f"; {counts.unreadable} unreadable line(s) on the list" if counts.unreadable else ""),
        err=True,
    )

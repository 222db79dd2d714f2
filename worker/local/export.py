"""`enrich export`: records to CSV or Parquet for analysts (pandas, DuckDB, a spreadsheet).

Records come from a JSON lines file (``enrich run -o``, ``.gz`` too, or stdin) or from the
output on Redis, read without consuming it: a list with LRANGE, a stream with XRANGE, a chunk
at a time up to the length it had when the export began. Rows are written a chunk at a time
(one Parquet row group each), so memory stays flat however many records there are. The row
is ``worker.local.columns``; Parquet keeps its lists as list columns, CSV writes each list as
a JSON array in its cell (names may hold ``;`` or ``,``, JSON survives them all).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, Protocol, cast

import msgspec
import redis

from tasks.record import Article
from worker.connection import connect
from worker.keys import OUTPUT_FIELD, Keys
from worker.local.columns import COLUMNS, Column, columns_of
from worker.local.inputs import InputError
from worker.settings import Settings

CHUNK = 2000
"""Records read (one LRANGE) and written (one Parquet row group) at a time."""

Format = Literal["csv", "parquet"]
SUFFIXES: dict[str, Format] = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
INSTALL_PYARROW = (
    "Parquet needs pyarrow: pip install 'article-enrich[export]' (or write CSV: --format csv)"
)


@dataclass
class ExportCounts:
    rows: int = 0
    skipped: int = 0
    """Lines or entries that are not records (not JSON, or not of the record's shape)."""
    first_skipped: str = ""
    """Where the first of them is, and why."""


def format_for(output: str, chosen: str | None) -> Format:
    """The format asked for, else the one OUTPUT's suffix names (``.csv.gz`` is CSV)."""
    if chosen:
        return cast(Format, chosen)
    path = Path(output)
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        suffixes.pop()
    found = SUFFIXES.get(suffixes[-1]) if suffixes else None
    if found is None:
        raise InputError(
            f"{output}: cannot tell the format from the name; end it in .csv, .csv.gz or "
            ".parquet, or give --format csv|parquet"
        )
    return found


# Where records come from: (where, JSON bytes) pairs, ``where`` naming it in messages.
Source = Iterable[tuple[str, bytes]]


def file_records(name: str) -> Iterator[tuple[str, bytes]]:
    """The lines of a JSON lines file (gzipped when it ends in .gz), or of stdin for ``-``;
    a missing file is an error at once, before any output is made."""
    if name != "-" and not Path(name).is_file():
        raise InputError(f"{name}: no such file")
    return _lines(name)


def _lines(name: str) -> Iterator[tuple[str, bytes]]:
    with ExitStack() as stack:
        if name == "-":
            stream: BinaryIO = sys.stdin.buffer
        elif name.lower().endswith(".gz"):
            stream = cast(BinaryIO, stack.enter_context(gzip.open(name, "rb")))
        else:
            stream = stack.enter_context(Path(name).open("rb"))
        for number, line in enumerate(stream, 1):
            if line.strip():
                yield f"{name}:{number}", line


def redis_records(settings: Settings, chunk: int = CHUNK) -> Iterator[tuple[str, bytes]]:
    """The records on the output list (or stream), oldest first, left where they are."""
    client = connect(settings.require_redis_url())
    key = Keys(settings).output
    if settings.output_mode == "stream":
        yield from _stream_entries(client, key, chunk)
        return
    end = int(client.llen(key))
    for start in range(0, end, chunk):
        for offset, raw in enumerate(client.lrange(key, start, min(start + chunk, end) - 1)):
            yield f"{key}[{start + offset}]", raw


def _stream_entries(client: redis.Redis, key: str, chunk: int) -> Iterator[tuple[str, bytes]]:
    field = OUTPUT_FIELD.encode()
    newest = client.xrevrange(key, count=1)
    if not newest:
        return
    last, end = b"-", newest[0][0]
    while True:
        entries = client.xrange(key, min=last, max=end, count=chunk)
        for entry_id, fields in entries:
            yield f"{key}#{entry_id.decode()}", fields.get(field, b"")
        if len(entries) < chunk:
            return
        last = b"(" + entries[-1][0]


class RowWriter(Protocol):
    def write(self, records: list[Article]) -> None: ...


class _Versioned(msgspec.Struct):
    """What tells a record from other JSON (a dead letter has an ``id`` too): every record
    carries its ``schema_version``."""

    schema_version: str


def export(source: Source, writer: RowWriter, chunk: int = CHUNK) -> ExportCounts:
    """Every record of ``source`` through ``writer``, ``chunk`` at a time."""
    counts = ExportCounts()
    versioned, decoder = msgspec.json.Decoder(_Versioned), msgspec.json.Decoder(Article)
    batch: list[Article] = []
    for where, raw in source:
        try:
            versioned.decode(raw)
            batch.append(decoder.decode(raw))
        except msgspec.DecodeError as exc:  # ValidationError too: JSON, not of a record's shape
            counts.skipped += 1
            counts.first_skipped = counts.first_skipped or f"{where}: {exc}"
            continue
        if len(batch) >= chunk:
            writer.write(batch)
            counts.rows += len(batch)
            batch = []
    if batch:
        writer.write(batch)
        counts.rows += len(batch)
    return counts


class CsvRows:
    """CSV with a header row. Lists are JSON arrays, booleans ``true``/``false``, a date
    ``YYYY-MM-DD``, and null is an empty cell."""

    def __init__(self, stream: IO[str]) -> None:
        self._csv = csv.writer(stream, lineterminator="\n")
        self._csv.writerow([c.name for c in COLUMNS])

    def write(self, records: list[Article]) -> None:
        self._csv.writerows([_cell(c, c.value(r)) for c in COLUMNS] for r in records)


def _cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind in ("strings", "entities", "tags"):
        return json.dumps(value, ensure_ascii=False)
    if column.kind == "bool":
        return "true" if value else "false"
    return str(value)


class ParquetRows:
    """Parquet (zstd), one row group per chunk, with a fixed schema: lists are list columns
    (``entities`` and ``tags`` lists of structs), dates are DATE."""

    def __init__(self, sink: str | BinaryIO) -> None:
        import pyarrow as pa  # noqa: PLC0415  (optional: the export extra)
        import pyarrow.parquet as pq  # noqa: PLC0415

        self._pa = pa
        self.schema = pa.schema([(c.name, _arrow_type(pa, c)) for c in COLUMNS])
        self._writer = pq.ParquetWriter(sink, self.schema, compression="zstd")

    def write(self, records: list[Article]) -> None:
        batch = self._pa.RecordBatch.from_pydict(columns_of(records), schema=self.schema)
        self._writer.write_batch(batch)

    def close(self) -> None:
        self._writer.close()


def _arrow_type(pa: Any, column: Column) -> Any:
    entity = pa.struct(
        [
            ("text", pa.string()),
            ("label", pa.string()),
            ("canonical", pa.string()),
            ("count", pa.int32()),
            ("country", pa.string()),
            ("salience", pa.float64()),
        ]
    )
    tag = pa.struct([("name", pa.string()), ("kind", pa.string()), ("score", pa.float64())])
    return {
        "string": pa.string(),
        "date": pa.date32(),
        "double": pa.float64(),
        "bool": pa.bool_(),
        "strings": pa.list_(pa.string()),
        "entities": pa.list_(entity),
        "tags": pa.list_(tag),
    }[column.kind]


def have_pyarrow() -> bool:
    try:
        import pyarrow.parquet  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def export_to(source: Source, output: str, fmt: Format, chunk: int = CHUNK) -> ExportCounts:
    """Write ``source`` to ``output`` (``-``: stdout) as ``fmt``. A file is written beside
    its name and renamed when complete: an export that fails leaves no half file behind."""
    if fmt == "parquet" and not have_pyarrow():
        raise InputError(INSTALL_PYARROW)
    if output == "-":
        return _write(source, output, fmt, chunk)
    partial = f"{output}.partial"
    try:
        counts = _write(source, partial, fmt, chunk, gzipped=output.lower().endswith(".gz"))
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    os.replace(partial, output)
    return counts


def _write(
    source: Source, output: str, fmt: Format, chunk: int, *, gzipped: bool = False
) -> ExportCounts:
    if fmt == "parquet":
        return _to_parquet(source, output, chunk)
    with _text_output(output, gzipped) as stream:
        return export(source, CsvRows(stream), chunk)


def _to_parquet(source: Source, output: str, chunk: int) -> ExportCounts:
    parquet = ParquetRows(sys.stdout.buffer if output == "-" else output)
    try:
        return export(source, parquet, chunk)
    finally:
        parquet.close()


def _text_output(output: str, gzipped: bool) -> AbstractContextManager[IO[str]]:
    if output == "-":
        return _unclosed(sys.stdout)
    if gzipped:
        return gzip.open(output, "wt", encoding="utf-8", newline="")
    return Path(output).open("w", encoding="utf-8", newline="")


class _unclosed(AbstractContextManager[IO[str]]):  # noqa: N801  (used like a function)
    """Stdout for a ``with`` that must not close it."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def __enter__(self) -> IO[str]:
        return self._stream

    def __exit__(self, *exc: object) -> None:
        self._stream.flush()

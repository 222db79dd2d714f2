"""Payloads from files, for `enrich run` and `enrich submit`.

Accepted: ``.jsonl`` (one payload per line), ``.json`` (one payload or an array of them),
``.html``/``.htm`` and ``.txt`` pages (each becomes ``{"html": ...}`` or ``{"text": ...}``),
any of those gzip-compressed (``.jsonl.gz``, ``.html.gz``…), web archives (``.warc``,
``.warc.gz``: one payload per HTML response, see ``worker.local.warc``), directories of them
(recursively, in name order) and ``-`` for JSON lines on stdin. JSON lines and archive
records are read one at a time, so a large file streams; a ``.json`` document or a page is
read whole.
Lines that are not valid JSON are passed on as they are: the pipeline dead-letters them
with a reason, exactly as it would a crawler's.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import msgspec

PAGE_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}
PAYLOAD_SUFFIXES = {".jsonl", ".ndjson", ".json"}
ARCHIVE_SUFFIXES = {".warc"}
SUFFIXES = set(PAGE_SUFFIXES) | PAYLOAD_SUFFIXES | ARCHIVE_SUFFIXES
GZIP = ".gz"


class InputError(ValueError):
    """An input path that does not exist or is of a kind `enrich` cannot read."""


class CorruptInputError(InputError):
    """An input that breaks partway (a damaged archive): what was read before it stands."""


@dataclass
class InputReport:
    """What reading the inputs left out, and the break that ended it early."""

    skipped: Counter[str] = field(default_factory=Counter)
    """Archive records that are no page, by kind (``worker.local.warc.SKIP_KINDS``)."""
    error: CorruptInputError | None = None
    """Set when an input broke: reading stopped there, after every payload before it."""


def check_inputs(inputs: Sequence[str]) -> None:
    """Raise ``InputError`` for a path that is missing or that `enrich` cannot read, before
    anything is started."""
    for name in inputs:
        path = Path(name)
        if name == "-" or path.is_file():
            if name != "-":
                _kind(path)
        elif path.is_dir():
            _directory(path)
        else:
            raise InputError(f"{name}: no such file or directory")


def iter_payloads(inputs: Sequence[str], report: InputReport | None = None) -> Iterator[bytes]:
    """Every payload in ``inputs``, as the JSON bytes a crawler would push. Given a
    ``report``, skipped archive records are counted there, and a ``CorruptInputError`` ends
    the payloads quietly, kept in ``report.error``, so those before it are still sent."""
    if report is None:
        yield from _payloads(inputs, InputReport())
        return
    try:
        yield from _payloads(inputs, report)
    except CorruptInputError as exc:
        report.error = exc


def _payloads(inputs: Sequence[str], report: InputReport) -> Iterator[bytes]:
    for name in inputs:
        if name == "-":
            yield from _lines(sys.stdin.buffer)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _directory(path):
                yield from _file(file, report)
        elif path.is_file():
            yield from _file(path, report)
        else:
            raise InputError(f"{name}: no such file or directory")


def _directory(path: Path) -> list[Path]:
    files = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in SUFFIXES)
    if not files:
        raise InputError(
            f"{path}: directory holds no {', '.join(sorted(SUFFIXES))} files (or .gz of them)"
        )
    return files


def _suffix(path: Path) -> str:
    """The suffix that says what a file holds: ``.jsonl`` for ``crawl.jsonl.gz`` too."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == GZIP:
        return suffixes[-2] if len(suffixes) > 1 else ""
    return suffixes[-1] if suffixes else ""


def _kind(path: Path) -> str:
    suffix = _suffix(path)
    if suffix not in SUFFIXES:
        raise InputError(
            f"{path}: cannot read {suffix or 'files without a suffix'}; "
            f"give {', '.join(sorted(SUFFIXES))} files (or .gz of them), a directory or -"
        )
    return suffix


def _open(path: Path) -> BinaryIO:
    if path.suffix.lower() == GZIP:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _file(path: Path, report: InputReport) -> Iterator[bytes]:
    suffix = _kind(path)
    if suffix in ARCHIVE_SUFFIXES:
        # imported here: warcio is loaded only when an archive is read
        from worker.local.warc import warc_payloads  # noqa: PLC0415

        yield from warc_payloads(path, report.skipped)
        return
    with _open(path) as stream:
        if suffix in PAGE_SUFFIXES:
            # Files are read as UTF-8; undecodable bytes are replaced rather than refused,
            # because a page with one bad byte is still worth enriching.
            body = stream.read().decode("utf-8", errors="replace")
            yield msgspec.json.encode({PAGE_SUFFIXES[suffix]: body, "file": str(path)})
        elif suffix == ".json":
            yield from _json_document(stream.read())
        else:
            yield from _lines(stream)


def _json_document(data: bytes) -> Iterator[bytes]:
    try:
        value = msgspec.json.decode(data)
    except msgspec.DecodeError:
        yield data  # dead-lettered downstream with the decoder's reason
        return
    items = value if isinstance(value, list) else [value]
    for item in items:
        yield msgspec.json.encode(item)


def _lines(stream: Iterable[bytes]) -> Iterator[bytes]:
    for line in stream:
        if line.strip():
            yield line.strip()

"""Payloads from files, for `enrich run` and `enrich submit`.

Accepted: ``.jsonl`` (one payload per line), ``.json`` (one payload or an array of them),
``.html``/``.htm`` and ``.txt`` pages (each becomes ``{"html": ...}`` or ``{"text": ...}``),
directories of those (recursively, in name order) and ``-`` for JSON lines on stdin.
Lines that are not valid JSON are passed on as they are: the pipeline dead-letters them
with a reason, exactly as it would a crawler's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec

PAGE_SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}
PAYLOAD_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUFFIXES = set(PAGE_SUFFIXES) | PAYLOAD_SUFFIXES


class InputError(ValueError):
    """An input path that does not exist or is of a kind `enrich` cannot read."""


def iter_payloads(inputs: Sequence[str]) -> Iterator[bytes]:
    """Every payload in ``inputs``, as the JSON bytes a crawler would push."""
    for name in inputs:
        if name == "-":
            yield from _lines(sys.stdin.buffer.read())
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES)
            if not files:
                raise InputError(f"{name}: directory holds no {', '.join(sorted(SUFFIXES))} files")
            for file in files:
                yield from _file(file)
        elif path.is_file():
            yield from _file(path)
        else:
            raise InputError(f"{name}: no such file or directory")


def _file(path: Path) -> Iterator[bytes]:
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in PAGE_SUFFIXES:
        # Files are read as UTF-8; undecodable bytes are replaced rather than refused,
        # because a page with one bad byte is still worth enriching.
        body = data.decode("utf-8", errors="replace")
        yield msgspec.json.encode({PAGE_SUFFIXES[suffix]: body, "file": str(path)})
    elif suffix == ".json":
        yield from _json_document(data)
    elif suffix in PAYLOAD_SUFFIXES:
        yield from _lines(data)
    else:
        raise InputError(
            f"{path}: cannot read {suffix or 'files without a suffix'}; "
            f"give {', '.join(sorted(SUFFIXES))} files, a directory or -"
        )


def _json_document(data: bytes) -> Iterator[bytes]:
    try:
        value = msgspec.json.decode(data)
    except msgspec.DecodeError:
        yield data  # dead-lettered downstream with the decoder's reason
        return
    items = value if isinstance(value, list) else [value]
    for item in items:
        yield msgspec.json.encode(item)


def _lines(data: bytes) -> Iterator[bytes]:
    for line in data.splitlines():
        if line.strip():
            yield line.strip()

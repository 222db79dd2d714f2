"""Payloads from web archives (``.warc``, ``.warc.gz``): what Heritrix, StormCrawler,
Browsertrix, ``wget --warc-file`` and Common Crawl's news crawl (CC-NEWS) write.

One payload per HTML ``response`` record with a 2xx status: its URL, its body decoded as a
browser would (``tasks.http.decode_body``), its HTTP headers, the ``WARC-Date`` as the fetch
time, and where it came from (record id, file, byte offset). Every other record is skipped
and counted by kind (``SKIP_KINDS``).

warcio rather than FastWARC: parsing is not what limits a run (warcio parses ~26,000
records/s here, FastWARC ~170,000, the pipeline enriches tens of articles/s), and warcio is
pure Python, long stable, and the writer the tests build their archives with.

It streams: records are parsed by warcio one at a time and only the current one's body is
in memory. The gzip layer is ours, not warcio's: warcio prints a damaged member's error and
reads on, and ends a truncated file as if it were complete; here either stops the file
with ``CorruptArchiveError`` naming the byte offset, after every payload read before it. It
also knows where each gzip member starts: the offset Common Crawl's index gives a record.
"""

from __future__ import annotations

import zlib
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tasks.http import decode_body
from worker.local.inputs import CorruptInputError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

SKIP_KINDS = (
    "warcinfo",  # and each other record type that is not a response: request, metadata…
    "revisit",
    "truncated",
    "not_http",
    "not_2xx",
    "not_html",
)
"""What a skipped record is counted as: its WARC type when it is not a response or a
revisit, else why its response is no page (a non-HTTP response, e.g. Heritrix's ``dns:``)."""

GZIP_MAGIC = b"\x1f\x8b"
READ_CHUNK = 1 << 16
"""Compressed bytes read from the file at a time."""


class CorruptArchiveError(CorruptInputError):
    """An archive that cannot be read on: a damaged or cut gzip member, a bad record header."""

    def __init__(self, path: Path, offset: int, problem: str) -> None:
        super().__init__(f"{path}: corrupt archive at byte {offset}: {problem}")
        self.offset = offset


def warc_payloads(path: Path, skipped: Counter[str]) -> Iterator[bytes]:
    """The payloads of the archive at ``path``; each record left out is counted in
    ``skipped`` under its kind. Raises ``CorruptArchiveError`` where the archive breaks."""
    with path.open("rb") as raw:
        members = _Members(raw, path) if raw.read(2) == GZIP_MAGIC else None
        raw.seek(0)
        records = ArchiveIterator(members if members is not None else raw)
        while True:
            try:
                record = next(records, None)
            except ArchiveLoadFailed as exc:
                where = _offset(records, members)
                raise CorruptArchiveError(path, where, _first_line(exc)) from exc
            if record is None:
                return
            offset = _offset(records, members)
            payload = _payload(record, path, offset, skipped)
            if payload is not None:
                yield payload


def _offset(records: ArchiveIterator, members: _Members | None) -> int:
    """Where the record warcio has just parsed (or failed to) starts in the file."""
    start: int = records.offset  # in the stream warcio reads: decompressed, for a .warc.gz
    return members.offset_of(start) if members is not None else start


def _payload(record: Any, path: Path, offset: int, skipped: Counter[str]) -> bytes | None:
    """A response record's payload, or None (counted in ``skipped``) for any other record."""
    kind = _skip_kind(record)
    if kind is None:
        body, cut = _read_body(record)
        if not cut:
            return _encode(record, body, path, offset)
        kind = "truncated"
    skipped[kind] += 1
    return None


def _skip_kind(record: Any) -> str | None:
    """Why the record is no page, judged on its headers alone; None when it may be one."""
    if record.rec_type is None:  # no WARC-Type: a file that ends inside the record's header
        return "truncated"
    if record.rec_type != "response":
        return str(record.rec_type)
    if record.rec_headers.get_header("WARC-Truncated"):
        return "truncated"
    http = record.http_headers
    if http is None:
        return "not_http"
    if not str(http.get_statuscode()).startswith("2"):
        return "not_2xx"
    media = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return None if media in HTML_TYPES else "not_html"


def _read_body(record: Any) -> tuple[bytes, bool]:
    """The HTTP body (chunking and Content-Encoding undone), and whether it was cut short:
    the file ended inside the record, or the body is shorter than its HTTP Content-Length."""
    raw = record.raw_stream
    before = raw.tell()
    body = record.content_stream().read()
    while raw.read(READ_CHUNK):  # what decoding left unread (a chunked body's trailer)
        pass
    if raw.limit > 0:
        return body, True
    http = record.http_headers
    if "chunked" in (http.get_header("Transfer-Encoding") or "").lower():
        return body, False
    declared = http.get_header("Content-Length") or ""
    return body, declared.strip().isdigit() and raw.tell() - before < int(declared)


def _encode(record: Any, body: bytes, path: Path, offset: int) -> bytes:
    http = record.http_headers
    warc = record.rec_headers
    return msgspec.json.encode(
        {
            "url": warc.get_header("WARC-Target-URI"),
            "html": decode_body(body, http.get_header("Content-Type")).text,
            "headers": [list(pair) for pair in http.headers],
            "fetched_at": warc.get_header("WARC-Date"),
            "warc_record_id": warc.get_header("WARC-Record-ID"),
            "warc_file": str(path),
            "warc_offset": offset,
        }
    )


def _first_line(exc: ArchiveLoadFailed) -> str:
    """warcio's message with the bytes it choked on shown escaped and cut short."""
    return repr(exc.msg.strip()[:120])[1:-1]


class _Members:
    """A ``.warc.gz`` decompressed gzip member after member (a WARC writer compresses each
    record on its own), remembering where each member starts in the file."""

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        self._raw = raw
        self._path = path
        self._pending = b""  # read from the file, not yet decompressed
        self._zlib: Any = None  # the current member's decompressor; None between members
        self._consumed = 0  # bytes of the file decompressed so far
        self._produced = 0  # bytes handed out so far
        self._member = 0  # where the current member starts in the file
        self._starts: deque[tuple[int, int]] = deque()  # (bytes produced, file offset)

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` decompressed bytes (at least one, unless the archive has ended)."""
        limit = size if size > 0 else READ_CHUNK
        while True:
            if not self._pending:
                self._pending = self._raw.read(READ_CHUNK)
            if not self._pending:
                if self._zlib is not None:
                    raise CorruptArchiveError(
                        self._path, self._member, "the file ends inside this gzip member"
                    )
                return b""
            data = self._inflate(limit)
            if data:
                self._produced += len(data)
                return data

    def _inflate(self, limit: int) -> bytes:
        if self._zlib is None:
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._member = self._consumed
            self._starts.append((self._produced, self._consumed))
        fed = len(self._pending)
        try:
            data = self._zlib.decompress(self._pending, limit)
        except zlib.error as exc:
            raise CorruptArchiveError(self._path, self._member, f"bad gzip data ({exc})") from exc
        if self._zlib.eof:
            self._pending = self._zlib.unused_data
            self._zlib = None
        else:
            self._pending = self._zlib.unconsumed_tail
        self._consumed += fed - len(self._pending)
        return bytes(data)

    def offset_of(self, position: int) -> int:
        """Where the member holding decompressed byte ``position`` starts in the file
        (members before it are forgotten: positions are asked for in order)."""
        while len(self._starts) > 1 and self._starts[1][0] <= position:
            self._starts.popleft()
        return self._starts[0][1] if self._starts else 0

"""`enrich run --resume`: a re-run with the same output file skips what it already holds.

Resume means: every payload whose article id has a record in the output file is left out
(the id the pipeline gives it: the payload's ``id``, else its URL, else its content hash),
and new records are appended. Payloads that were dead-lettered, or were still in the
pipeline when the run stopped, run again. A record line cut short by a kill is removed
first; it runs again too. Only JSON lines output can be resumed (not ``--pretty``); a
``.gz`` output is resumed too (``worker.local.gzipped``: a new gzip member is appended).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import msgspec

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, record_from_payload
from worker.local.gzipped import GzipLines, is_gzip, keep_first, ready_to_append
from worker.local.inputs import InputError


class _Written(msgspec.Struct):
    id: str


def written_ids(path: Path) -> set[str]:
    """Ids of the records in ``path`` (none if it does not exist), after cutting off a last
    line that a kill left unfinished."""
    if not path.exists():
        return set()
    if is_gzip(path):
        lines = GzipLines(path)
        ids = _ids(path, lines)
        if not lines.intact:  # a kill cut it: appending needs the file's complete lines only
            keep_first(path, lines.good)
        return ids
    ready_to_append(path)
    with path.open("rb") as file:
        return _ids(path, file)


def _ids(path: Path, lines: Iterable[bytes]) -> set[str]:
    ids = set()
    decoder = msgspec.json.Decoder(_Written)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            ids.add(decoder.decode(line).id)
        except msgspec.DecodeError as exc:
            raise InputError(
                f"{path}:{number}: not a record line ({exc}); --resume reads the JSON "
                "lines `enrich run -o` writes"
            ) from None
    return ids


class Skipper:
    """Leaves out payloads whose article id is in ``done``, counting them. A payload the
    ingester will refuse is never left out (it has no record)."""

    def __init__(self, done: set[str]) -> None:
        self.done = done
        self.skipped = 0

    def filter(self, payloads: Iterable[bytes]) -> Iterator[bytes]:
        for payload in payloads:
            if self.done and _article_id(payload) in self.done:
                self.skipped += 1
                continue
            yield payload


def _article_id(payload: bytes) -> str | None:
    try:
        return record_from_payload(decode_payload(payload)).id
    except InvalidPayload:
        return None

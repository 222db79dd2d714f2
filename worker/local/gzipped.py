"""Gzip output of `enrich run -o FILE.gz` (and ``--dead FILE.gz``), written as it comes, resumable.

Each record is flushed as it is written (a zlib sync flush: a few bytes, the compression
window is kept), so ``zcat`` reads everything written so far while the run goes on, and after
a kill everything but the record being written. ``--resume`` appends a new gzip member: a
file of several members is plain gzip (``zcat``, Python's ``gzip``, pandas and DuckDB read it
whole). A member a kill left without its end cannot be continued, so before appending such a
file is rewritten to its complete lines (the plain-file counterpart is cutting the last line).
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from worker.local.inputs import InputError

COPY_CHUNK = 1 << 20
"""Bytes copied at a time when a damaged file is rewritten (memory stays flat)."""


def is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def open_output(path: Path, mode: str) -> BinaryIO:
    """``path`` opened to write (``wb``) or append (``ab``), gzip-compressed if it ends in .gz."""
    if is_gzip(path):
        return cast(BinaryIO, gzip.open(path, mode))
    return cast(BinaryIO, path.open(mode))


class GzipLines:
    """The complete lines of a gzip file, read streaming. Once read, ``intact`` says whether
    the file ended as gzip ends (every member closed, its last line with a newline) and
    ``good`` how many uncompressed bytes its complete lines hold."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.intact = True
        self.good = 0

    def __iter__(self) -> Iterator[bytes]:
        with gzip.open(self.path, "rb") as stream:
            try:
                for line in stream:
                    if not line.endswith(b"\n"):
                        self.intact = False
                        return
                    self.good += len(line)
                    yield line
            except EOFError:  # a member without its end: the file a kill left
                self.intact = False
            except (OSError, zlib.error) as exc:
                raise InputError(
                    f"{self.path}: not a readable gzip file after {self.good} bytes ({exc}); "
                    "--resume cannot append to it"
                ) from None


def ready_to_append(path: Path) -> None:
    """Make ``path`` safe to append records to: a plain file loses a last line a kill cut
    short; a gzip file a kill left unfinished is rewritten to its complete lines (read
    streaming, to a temporary file beside it, then renamed)."""
    if not path.exists():
        return
    if not is_gzip(path):
        _drop_partial_line(path)
        return
    lines = GzipLines(path)
    for _ in lines:
        pass
    if not lines.intact:
        keep_first(path, lines.good)


def keep_first(path: Path, size: int) -> None:
    """Rewrite the gzip file ``path`` to its first ``size`` uncompressed bytes."""
    partial = path.with_name(path.name + ".resuming")
    with gzip.open(path, "rb") as source, gzip.open(partial, "wb") as target:
        left = size
        while left > 0:
            chunk = source.read(min(COPY_CHUNK, left))
            if not chunk:
                break
            target.write(chunk)
            left -= len(chunk)
    os.replace(partial, path)


def _drop_partial_line(path: Path) -> None:
    """Truncate ``path`` after its last newline (a record is written as one line + newline)."""
    with path.open("rb+") as file:
        size = file.seek(0, os.SEEK_END)
        end = size
        while end > 0:
            step = min(65536, end)
            file.seek(end - step)
            block = file.read(step)
            cut = block.rfind(b"\n")
            if cut >= 0:
                end = end - step + cut + 1
                break
            end -= step
        if end != size:
            file.truncate(end)

"""`enrich run -o FILE.gz`: records readable as written, and --resume after a kill appends."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from worker.local.gzipped import open_output, ready_to_append
from worker.local.inputs import InputError
from worker.local.resume import written_ids


def _record(i: int) -> bytes:
    return json.dumps({"id": f"a-{i}", "text": f"Body {i}. " * 20}).encode() + b"\n"


def _ids(path: Path) -> list[str]:
    with gzip.open(path, "rb") as lines:
        return [json.loads(line)["id"] for line in lines]


def _killed(path: Path, whole: int, tail: bytes) -> None:
    """``path`` as a kill leaves it: ``whole`` records flushed, then ``tail`` (part of one
    more) written, and the gzip member never closed."""
    out = open_output(path, "wb")
    for i in range(whole):
        out.write(_record(i))
        out.flush()
    out.write(tail)
    out.flush()
    left = path.read_bytes()  # what is on disk at the kill
    out.close()
    path.write_bytes(left)


def test_each_record_is_readable_while_the_file_is_still_open(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    with open_output(path, "wb") as out:
        for i in range(3):
            out.write(_record(i))
            out.flush()
            reader = gzip.GzipFile(fileobj=path.open("rb"))
            seen = []
            with pytest.raises(EOFError):  # the member is not closed yet
                seen.extend(reader)
            assert [json.loads(line)["id"] for line in seen] == [f"a-{n}" for n in range(i + 1)]
    assert _ids(path) == ["a-0", "a-1", "a-2"]


def test_resume_reads_a_killed_file_and_rewrites_it_to_its_complete_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.jsonl.gz"
    _killed(path, 2, _record(2)[:25])
    assert written_ids(path) == {"a-0", "a-1"}
    assert _ids(path) == ["a-0", "a-1"]  # a closed gzip file now: no EOFError
    with open_output(path, "ab") as out:  # what --resume does next: a second member
        out.write(_record(2))
    assert _ids(path) == ["a-0", "a-1", "a-2"]
    assert written_ids(path) == {"a-0", "a-1", "a-2"}


def test_an_intact_file_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "dead.jsonl.gz"
    with open_output(path, "wb") as out:
        out.write(_record(0))
    before = path.read_bytes()
    ready_to_append(path)
    assert path.read_bytes() == before


def test_a_killed_dead_letter_file_is_made_ready_to_append(tmp_path: Path) -> None:
    path = tmp_path / "dead.jsonl.gz"
    _killed(path, 1, b"")
    ready_to_append(path)
    with open_output(path, "ab") as out:
        out.write(_record(1))
    assert _ids(path) == ["a-0", "a-1"]


def test_a_plain_output_is_not_compressed(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with open_output(path, "wb") as out:
        out.write(_record(0))
    assert path.read_bytes() == _record(0)


def test_a_corrupt_gzip_output_refuses_resume_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    data = bytearray(gzip.compress(b"".join(_record(i) for i in range(50))))
    data[40:60] = b"\xff" * 20
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="not a readable gzip file"):
        written_ids(path)


def test_a_plain_dead_letter_file_loses_the_line_a_kill_cut(tmp_path: Path) -> None:
    """`--resume --dead failed.jsonl`: the next letter starts on a line of its own."""
    path = tmp_path / "failed.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "b", "sta')
    ready_to_append(path)
    assert path.read_bytes() == b'{"id": "a"}\n'

"""Reading payloads from files for `enrich run` and `enrich submit`."""

from __future__ import annotations

import gzip
from pathlib import Path

import msgspec
import pytest

from worker.local.inputs import InputError, check_inputs, iter_payloads


def test_pages_become_payloads_with_their_body(tmp_path: Path) -> None:
    """A .txt becomes a text payload, an .html an html payload, each naming its file."""
    (tmp_path / "a.txt").write_text("Plain body.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Markup.</p>", encoding="utf-8")
    payloads = [msgspec.json.decode(p) for p in iter_payloads([str(tmp_path)])]
    assert payloads == [
        {"text": "Plain body.", "file": str(tmp_path / "a.txt")},
        {"html": "<p>Markup.</p>", "file": str(tmp_path / "b.html")},
    ]


def test_jsonl_lines_pass_through_unchanged_even_when_invalid(tmp_path: Path) -> None:
    """Every non-blank line is a payload; a broken one is left for the pipeline to refuse."""
    path = tmp_path / "crawl.jsonl"
    path.write_bytes(b'{"text": "one"}\n\n{broken\n')
    assert list(iter_payloads([str(path)])) == [b'{"text": "one"}', b"{broken"]


def test_json_array_yields_each_payload(tmp_path: Path) -> None:
    """A .json file may hold one payload or an array of them."""
    path = tmp_path / "batch.json"
    path.write_text('[{"text": "a"}, {"text": "b"}]', encoding="utf-8")
    assert [msgspec.json.decode(p)["text"] for p in iter_payloads([str(path)])] == ["a", "b"]


def test_missing_path_and_unknown_suffix_are_clear_errors(tmp_path: Path) -> None:
    """A wrong input names the path and what would have been accepted."""
    with pytest.raises(InputError, match="no such file"):
        list(iter_payloads([str(tmp_path / "nope.txt")]))
    odd = tmp_path / "data.csv"
    odd.write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError, match=r"cannot read \.csv"):
        list(iter_payloads([str(odd)]))


def test_gzip_inputs_are_read_by_their_inner_suffix(tmp_path: Path) -> None:
    """`.jsonl.gz` streams its lines, `.txt.gz` is a page; a directory finds both."""
    (tmp_path / "crawl.jsonl.gz").write_bytes(gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(b"Plain body."))
    payloads = [msgspec.json.decode(p) for p in iter_payloads([str(tmp_path)])]
    assert payloads == [
        {"text": "one"},
        {"text": "two"},
        {"text": "Plain body.", "file": str(tmp_path / "page.txt.gz")},
    ]


def test_inputs_are_checked_before_anything_is_read(tmp_path: Path) -> None:
    """`check_inputs` names a missing path or an unreadable kind up front."""
    (tmp_path / "ok.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "data.csv.gz").write_bytes(b"")
    check_inputs([str(tmp_path / "ok.jsonl"), "-"])
    with pytest.raises(InputError, match="no such file"):
        check_inputs([str(tmp_path / "nope.jsonl")])
    with pytest.raises(InputError, match=r"cannot read \.csv"):
        check_inputs([str(tmp_path / "data.csv.gz")])

"""`enrich export`: records from a JSON lines file to CSV and Parquet, read back as analysts
would (pyarrow, csv.DictReader)."""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tasks.record import (
    Article,
    DateResult,
    Entity,
    Language,
    RecordWarning,
    ScoredTag,
    encode_output,
)
from worker.cli import main
from worker.local.export import export_to, file_records, format_for
from worker.local.inputs import InputError


def _record(i: int) -> Article:
    """Article ``i``; every third has no date, no language and no entities (nulls, empty lists)."""
    if i % 3 == 2:
        return Article(id=f"a-{i}", title=f"Brief {i}", text="Short.")
    return Article(
        id=f"a-{i}",
        url=f"https://news.example/{i}",
        source="news.example",
        title=f"Tidal array, part {i}",
        authors=["Ann Lee", "Bo; Chen, Jr."],  # a ; and a , in a name: CSV cells stay JSON
        text=f"Orkney said on Monday it would build array {i}.",
        published=DateResult(
            value="2024-05-06T09:30:00+01:00",
            date="2024-05-06",
            utc="2024-05-06T08:30:00Z",
            precision="minute",
            confidence=0.9,
            evidence=["meta and byline agree"],
        ),
        language=Language(code="en", confidence=0.99, reliable=True, source="text"),
        entities=[
            Entity(
                text="Orkney",
                label="GPE",
                canonical="orkney",
                count=2,
                start=0,
                end=6,
                country="GB",
                salience=0.75,
            ),
            Entity(text="Monday", label="DATE", canonical="monday", count=1, start=15, end=21),
        ],
        source_tags=["energy"],
        tags=[
            ScoredTag(name="energy", kind="source", score=1.0),
            ScoredTag(name="country:GB", kind="entity", score=0.5),
        ],
        warnings=[RecordWarning(stage="dates", code="tz_guess", message="zone guessed")],
        meta={"warc_file": "crawl.warc.gz", "warc_offset": 1024 * i},
    )


def _records_file(path: Path, count: int) -> Path:
    lines = [encode_output(_record(i)) for i in range(count)]
    lines.insert(3, b'{"not": "a record"}')  # JSON, but no id: skipped, counted
    lines.insert(5, b"")
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    return path


def test_parquet_has_a_row_per_record_with_list_columns(tmp_path: Path) -> None:
    source = _records_file(tmp_path / "out.jsonl.gz", 7)
    counts = export_to(file_records(str(source)), str(tmp_path / "a.parquet"), "parquet", chunk=3)
    assert (counts.rows, counts.skipped) == (7, 1)
    assert counts.first_skipped.startswith(f"{source}:4: ")
    parquet = pq.ParquetFile(tmp_path / "a.parquet")
    assert parquet.metadata.num_row_groups == 3  # written a chunk at a time
    rows = parquet.read().to_pylist()
    assert [r["id"] for r in rows] == [f"a-{i}" for i in range(7)]
    first, empty = rows[0], rows[2]
    assert first["published_date"] == date(2024, 5, 6)
    assert first["published_precision"] == "minute"
    assert first["language"] == "en" and first["language_reliable"] is True
    assert first["authors"] == ["Ann Lee", "Bo; Chen, Jr."]
    assert first["entities"][0] == {
        "text": "Orkney",
        "label": "GPE",
        "canonical": "orkney",
        "count": 2,
        "country": "GB",
        "salience": 0.75,
    }
    assert [t["name"] for t in first["tags"]] == ["energy", "country:GB"]
    assert first["warnings"] == ["dates:tz_guess"]
    assert json.loads(first["meta"]) == {"warc_file": "crawl.warc.gz", "warc_offset": 0}
    assert (empty["published_date"], empty["language"], empty["url"]) == (None, None, None)
    assert (empty["entities"], empty["tags"], empty["meta"]) == ([], [], None)


def test_csv_has_a_row_per_record_with_lists_as_json(tmp_path: Path) -> None:
    source = _records_file(tmp_path / "out.jsonl.gz", 4)
    out = tmp_path / "a.csv.gz"
    counts = export_to(file_records(str(source)), str(out), format_for(str(out), None), chunk=3)
    assert (counts.rows, counts.skipped) == (4, 1)
    with gzip.open(out, "rt", encoding="utf-8", newline="") as text:
        rows = list(csv.DictReader(text))
    assert [r["id"] for r in rows] == ["a-0", "a-1", "a-2", "a-3"]
    first, empty = rows[0], rows[2]
    assert json.loads(first["authors"]) == ["Ann Lee", "Bo; Chen, Jr."]
    assert [e["text"] for e in json.loads(first["entities"])] == ["Orkney", "Monday"]
    assert json.loads(first["tags"])[1] == {"name": "country:GB", "kind": "entity", "score": 0.5}
    assert (first["published_date"], first["language_reliable"]) == ("2024-05-06", "true")
    assert (empty["published_date"], empty["url"], empty["entities"]) == ("", "", "[]")
    assert first["text"] == "Orkney said on Monday it would build array 0."


def test_format_comes_from_the_suffix_unless_given() -> None:
    assert format_for("x.parquet", None) == "parquet"
    assert format_for("x.CSV.gz", None) == "csv"
    assert format_for("x.parquet", "csv") == "csv"
    with pytest.raises(InputError, match="--format"):
        format_for("-", None)


def test_export_command_says_what_it_wrote(tmp_path: Path) -> None:
    source = _records_file(tmp_path / "out.jsonl.gz", 2)
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(tmp_path / "a.pq")])
    assert result.exit_code == 0, result.output
    assert "exported 2 record(s)" in result.output
    assert "skipped 1 line(s) that are not records" in result.output
    assert pq.read_table(tmp_path / "a.pq").num_rows == 2


def test_parquet_without_pyarrow_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _records_file(tmp_path / "out.jsonl.gz", 1)
    for name in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)  # `import pyarrow` fails as if missing
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(tmp_path / "a.parquet")])
    assert result.exit_code == 1
    assert "pip install 'article-enrich[export]'" in result.output


def test_dead_letters_are_not_taken_for_records(tmp_path: Path) -> None:
    """A dead letter has an id too; without a schema_version it is no record."""
    letter = {"id": "a-1", "stage": "intake", "error": "invalid_json", "reason": "not JSON"}
    source = tmp_path / "dead.jsonl"
    source.write_text(json.dumps(letter) + "\n", encoding="utf-8")
    counts = export_to(file_records(str(source)), str(tmp_path / "a.csv"), "csv")
    assert (counts.rows, counts.skipped) == (0, 1)
    assert "schema_version" in counts.first_skipped


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_an_export_that_fails_leaves_no_file(tmp_path: Path, fmt: str) -> None:
    def failing() -> Iterator[tuple[str, bytes]]:
        yield "x:1", encode_output(_record(0))
        raise InputError("the source broke")

    with pytest.raises(InputError, match="broke"):
        export_to(failing(), str(tmp_path / f"a.{fmt}"), format_for(f"a.{fmt}", None), chunk=1)
    assert list(tmp_path.iterdir()) == []

"""The published JSON Schema matches the code and accepts what the code emits."""

from __future__ import annotations

import json

import jsonschema

from tasks.record import (
    Article,
    DateCandidate,
    DateResult,
    Entity,
    Language,
    PageDate,
    PageSignals,
    RawBody,
    to_output,
)
from tasks.schema import record_schema
from tests.conftest import ROOT

SCHEMA_FILE = ROOT / "schema" / "record.schema.json"


def test_committed_schema_is_the_generated_one() -> None:
    """schema/record.schema.json is regenerated whenever the record changes (`enrich schema`)."""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == record_schema()


def test_output_record_validates_and_carries_no_raw_body() -> None:
    """A full record validates against the schema; the crawler's raw body is not in it."""
    record = Article(
        id="a1",
        url="https://n.example/a",
        text="Body.",
        raw=RawBody(html="<p>Body.</p>"),
        language=Language(code="en", confidence=0.99),
        published=DateResult(
            value="2020-09-08T09:43:00-04:00",
            date="2020-09-08",
            precision="minute",
            repaired=True,
            evidence=["byline"],
            candidates=[DateCandidate(source="byline", raw="08 September 2020 09:43 AM EDT")],
        ),
        entities=[
            Entity(text="Wang Yi", label="PERSON", canonical="wang yi", count=2, start=0, end=7)
        ],
    )
    out = to_output(record)
    assert "raw" not in out
    jsonschema.validate(out, record_schema())


def test_schema_refuses_a_record_missing_a_field() -> None:
    """Consumers can rely on every field being present."""
    out = to_output(Article(id="a1"))
    del out["published"]
    validator = jsonschema.Draft202012Validator(record_schema())
    assert not validator.is_valid(out)


def test_published_record_carries_neither_page_signals_nor_observed_keys() -> None:
    """What the clean stage read of the page and the memory keys a stage observed help the
    stages only: the published record validates without them."""
    record = Article(
        id="p",
        page=PageSignals(html=True, dates=[PageDate("html:time", "time", "2021", "unknown", 0.6)]),
        observed={"clean": ["f6e4dff9a126c26a"]},
    )
    out = to_output(record)
    assert "page" not in out and "observed" not in out
    jsonschema.validate(json.loads(json.dumps(out)), record_schema())

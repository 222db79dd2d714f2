"""What a crawler knows of a page besides the page: headers, fetch time, a body in bytes."""

from __future__ import annotations

from datetime import datetime, timezone

import msgspec
import pytest

from tasks.http.fetch_time import fetch_time
from tasks.payload import raw_body, record_from_payload
from tasks.record import encode_output, from_message, to_message

LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/html", "Last-Modified": LAST_MODIFIED, "Set-Cookie": ["a", "b"]},
        [["content-type", "text/html"], ["set-cookie", "a"], ["LAST-MODIFIED", LAST_MODIFIED]],
    ],
    ids=["mapping", "pairs"],
)
def test_headers_in_either_shape_keep_only_what_a_stage_reads(headers: object) -> None:
    record = record_from_payload({"html": "<p>x</p>", "headers": headers})
    kept = {name.lower(): value for name, value in record.headers}
    assert kept == {"content-type": "text/html", "last-modified": LAST_MODIFIED}
    assert "headers" not in record.meta


def test_headers_never_reach_the_output() -> None:
    record = record_from_payload({"html": "<p>x</p>", "headers": {"Last-Modified": LAST_MODIFIED}})
    assert b"Last-Modified" not in encode_output(record)
    assert b'"headers"' not in encode_output(record)


def test_headers_that_are_not_headers_are_left_out() -> None:
    assert record_from_payload({"text": "x", "headers": "text/html"}).headers == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-02T10:00:00Z", "2024-05-02T10:00:00+00:00"),
        ("2024-05-02T12:00:00+02:00", "2024-05-02T10:00:00+00:00"),
        ("2024-05-02T10:00:00", "2024-05-02T10:00:00+00:00"),  # no offset: UTC
        ("2024-05-02 10:00:00.5Z", "2024-05-02T10:00:00.500000+00:00"),
        (1714644000, "2024-05-02T10:00:00+00:00"),
        (1714644000.25, "2024-05-02T10:00:00.250000+00:00"),
        ("1714644000", "2024-05-02T10:00:00+00:00"),
        (1714644000000, "2024-05-02T10:00:00+00:00"),  # milliseconds (Date.now())
    ],
)
def test_fetched_at_forms(value: object, expected: str) -> None:
    record = record_from_payload({"text": "x", "fetched_at": value})
    assert record.fetched_at == expected
    assert record.meta == {}
    assert record.warnings == []


def test_crawled_at_is_the_same_field() -> None:
    record = record_from_payload({"text": "x", "crawled_at": "2024-05-02T10:00:00Z"})
    assert record.fetched_at == "2024-05-02T10:00:00+00:00"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("yesterday", "not ISO 8601"),
        ("2024-05-02", "without a time"),
        (0, "before 1995"),
        (True, "not a string or a number"),
        ({"t": 1}, "not a string or a number"),
        (1e300, "out of range"),
    ],
)
def test_an_unreadable_fetched_at_is_kept_under_meta_and_noted(value: object, why: str) -> None:
    record = record_from_payload({"text": "x", "fetched_at": value})
    assert record.fetched_at is None
    assert record.meta == {"fetched_at": value}
    (warning,) = record.warnings
    assert (warning.stage, warning.code) == ("intake", "bad_fetched_at")
    assert why in warning.message


def test_an_unreadable_fetched_at_leaves_a_readable_crawled_at_to_be_used() -> None:
    record = record_from_payload({"text": "x", "fetched_at": "?", "crawled_at": 1714644000})
    assert record.fetched_at == "2024-05-02T10:00:00+00:00"
    assert record.meta == {"fetched_at": "?"}


def test_fetched_at_is_in_the_output() -> None:
    record = record_from_payload({"text": "x", "fetched_at": "2024-05-02T10:00:00Z"})
    assert b'"fetched_at":"2024-05-02T10:00:00+00:00"' in encode_output(record)


def test_fetch_time_is_aware_utc() -> None:
    moment = fetch_time("2024-05-02T12:00:00+02:00")
    assert moment == datetime(2024, 5, 2, 10, tzinfo=timezone.utc)


PAGE = "<html><head><title>Café</title></head><body><p>Déjà vu à Zürich</p></body></html>"


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1", "utf-8"])
def test_a_bytes_body_is_decoded_with_the_http_charset(charset: str) -> None:
    payload = {
        "html": PAGE.encode(charset),
        "headers": {"Content-Type": f"text/html; charset={charset}"},
    }
    assert record_from_payload(payload).raw is not None
    assert record_from_payload(payload).raw == raw_body(payload)
    assert raw_body(payload).html == PAGE


def test_a_bytes_body_without_a_charset_is_read_by_its_meta_then_detection() -> None:
    declared = b'<meta charset="koi8-r"><p>' + "Привет, мир".encode("koi8-r") + b"</p>"
    assert "Привет, мир" in (raw_body({"html": declared}).html or "")
    plain = "Grüße aus München, schöne Straße".encode()
    assert raw_body({"text": plain}).text == "Grüße aus München, schöne Straße"


def test_a_bytes_body_beats_a_wrong_meta_with_the_http_charset() -> None:
    body = b'<meta charset="utf-8"><p>' + "Sí, señor".encode("cp1252") + b"</p>"
    payload = {"html": body, "headers": [["Content-Type", "text/html; charset=windows-1252"]]}
    assert "Sí, señor" in (raw_body(payload).html or "")


def test_headers_and_fetch_time_travel_between_stages() -> None:
    payload = {"html": "<p>x</p>", "headers": {"Last-Modified": LAST_MODIFIED}, "crawled_at": 1}
    record = record_from_payload({**payload, "fetched_at": "2024-05-02T10:00:00Z"})
    assert from_message(msgspec.json.decode(msgspec.json.encode(to_message(record)))) == record

"""Payload normalisation: aliases, ids, tags, meta, and the reasons bad payloads get."""

from __future__ import annotations

import pytest

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, payload_digest, record_from_payload


def test_payload_accepts_text_or_html_body() -> None:
    """Either body field is enough, and both may be given."""
    assert record_from_payload({"text": "Body."}).raw.text == "Body."
    both = record_from_payload({"html": "<p>Body.</p>", "text": "Body."})
    assert both.raw.html == "<p>Body.</p>"
    assert both.raw.text == "Body."


def test_payload_with_a_title_and_no_body_is_a_headline_only_item() -> None:
    """A title alone is enough: the record has no raw text, and keeps its title."""
    record = record_from_payload({"title": "Ferry Timetable Changes From Monday"})
    assert record.title == "Ferry Timetable Changes From Monday"
    assert record.raw is not None
    assert (record.raw.html, record.raw.text) == (None, None)


def test_payload_id_comes_from_payload_then_url_then_content() -> None:
    """The id is the payload's, else stable per url, else stable per content."""
    assert record_from_payload({"id": 42, "text": "x"}).id == "42"
    by_url = record_from_payload({"url": "https://a.example/x", "text": "one"})
    same_url = record_from_payload({"url": "https://a.example/x", "text": "two"})
    assert by_url.id == same_url.id
    assert by_url.id.startswith("url:")
    by_content = record_from_payload({"text": "same"})
    assert by_content.id == record_from_payload({"text": "same"}).id
    assert by_content.id != record_from_payload({"text": "other"}).id


def test_payload_source_aliases_and_url_fallback() -> None:
    """source/site/domain are read in that order; without them the url's host is used."""
    assert record_from_payload({"site": "Daily", "text": "x"}).source == "Daily"
    assert record_from_payload({"domain": "d.example", "text": "x"}).source == "d.example"
    fallback = record_from_payload({"url": "https://www.news.example/a/b", "text": "x"})
    assert fallback.source == "news.example"


def test_payload_author_aliases_give_byline_and_authors() -> None:
    """author, authors (a list) and byline all fill authors and the byline."""
    listed = record_from_payload({"authors": ["Ann Lee", "Bo Chen"], "text": "x"})
    assert listed.authors == ["Ann Lee", "Bo Chen"]
    assert listed.byline == "Ann Lee, Bo Chen"
    assert record_from_payload({"byline": "By Ann Lee", "text": "x"}).authors == ["By Ann Lee"]


def test_payload_dates_keep_field_name_and_raw_value() -> None:
    """Every date alias is kept as given, strings and epoch numbers alike."""
    record = record_from_payload(
        {
            "text": "x",
            "published": "2020-43-08",
            "datePublished": 1599572580000,
            "dateModified": "2020-09-09",
            "pubdate": True,
        }
    )
    fields = {d.field: d.value for d in record.date_fields}
    assert fields == {
        "published": "2020-43-08",
        "datePublished": 1599572580000,
        "dateModified": "2020-09-09",
    }


def test_payload_tags_from_lists_and_comma_strings_deduplicated() -> None:
    """tags/keywords/categories merge, in order, without repeats."""
    record = record_from_payload(
        {
            "text": "x",
            "tags": "datasecurity, china",
            "keywords": ["china", "tech"],
            "categories": "World",
        }
    )
    assert record.source_tags == ["datasecurity", "china", "tech", "World"]


def test_payload_unknown_fields_are_kept_in_meta() -> None:
    """Nothing a crawler sends is dropped: unknown fields land in meta."""
    record = record_from_payload({"text": "x", "spider": "news", "depth": 2})
    assert record.meta == {"spider": "news", "depth": 2}


@pytest.mark.parametrize(
    ("payload", "code", "words"),
    [
        ({"url": "https://example.org/a"}, "no_body", "no body"),
        ({"title": "  ", "html": ""}, "empty_body", "empty"),
        ({"text": "   \n "}, "empty_body", "empty"),
        ({"text": 12}, "wrong_type", "'text' must be a string, got a number"),
        ({"html": ["<p>"]}, "wrong_type", "got an array"),
        ({"text": "x", "id": {"a": 1}}, "wrong_type", "'id' must be"),
    ],
)
def test_payload_errors_name_the_problem(payload: dict[str, object], code: str, words: str) -> None:
    """Each kind of bad payload gets its own code and a reason a person can act on."""
    with pytest.raises(InvalidPayload) as err:
        record_from_payload(payload)
    assert err.value.code == code
    assert words in err.value.reason


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe{}", "invalid_json"),
        (b"[1, 2]", "wrong_shape"),
        (b"42", "wrong_shape"),
        (b'"text"', "wrong_shape"),
    ],
)
def test_decode_refuses_what_is_not_a_json_object(data: bytes, code: str) -> None:
    """Invalid JSON, invalid UTF-8 and non-object JSON are refused with a reason."""
    with pytest.raises(InvalidPayload) as err:
        decode_payload(data)
    assert err.value.code == code


def test_decode_refuses_payload_over_size_limit() -> None:
    """The size cap is checked before parsing and named in the reason."""
    with pytest.raises(InvalidPayload) as err:
        decode_payload(b'{"text": "' + b"a" * 100 + b'"}', max_bytes=50)
    assert err.value.code == "payload_too_large"
    assert "ENRICH_MAX_PAYLOAD_BYTES" in err.value.reason


def test_digest_ignores_key_order() -> None:
    """The same payload with keys in another order has the same digest."""
    assert payload_digest({"a": 1, "b": [1, 2]}) == payload_digest({"b": [1, 2], "a": 1})


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("language", "en-US", "en"), ("lang", "fr", "fr"), ("inLanguage", "deu", "de")],
)
def test_a_crawlers_language_field_is_the_declared_language(
    field: str, value: str, code: str
) -> None:
    """Read as an ISO 639-1 code, and kept in ``meta`` as sent."""
    record = record_from_payload({"text": "Body.", field: value})
    assert record.declared_language == code
    assert record.meta[field] == value


def test_a_language_field_that_names_no_language_declares_none() -> None:
    record = record_from_payload({"text": "Body.", "language": "English"})
    assert record.declared_language is None
    assert record.meta["language"] == "English"

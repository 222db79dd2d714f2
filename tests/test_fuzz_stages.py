"""Fuzzing every stage and the payload reader: no exception escapes but the documented ones.

Documented: ``InvalidPayload`` from the payload reader. Stages raise nothing on any input;
the NER stage raises ``ModelNotInstalled`` only when a configured model is missing, which
these tests never configure.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.errors import InvalidPayload
from tasks.payload import decode_payload, record_from_payload
from tasks.pipeline import build_stage
from tasks.record import Article, RawBody, RawDate

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TAGS = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "h1",
        "figure",
        "figcaption",
        "time",
        "script",
        "style",
        "a",
        "li",
        "ul",
        "meta",
        "title",
        "article",
        "!--",
    ]
)
WORDS = st.text(min_size=0, max_size=40)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Markup soup: random tags, attributes, text and entities, often unbalanced."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        attr = draw(
            st.sampled_from(
                [
                    "",
                    ' datetime="2020-43-08"',
                    ' content="&amp;&#0;"',
                    ' property="article:published_time" content="x"',
                ]
            )
        )
        parts.append(
            draw(
                st.sampled_from(
                    [
                        f"<{tag}{attr}>",
                        f"</{tag}>",
                        "&lt;",
                        "&#x110000;",
                        "&nbsp;",
                        "<![CDATA[",
                        "]]>",
                    ]
                )
            )
        )
        parts.append(draw(WORDS))
    return "".join(parts)


DATES = st.one_of(
    st.text(max_size=30),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """A record as ingest could make it, with hostile raw body, text and metadata."""
    html = draw(st.one_of(st.none(), html_pages()))
    text = draw(st.one_of(st.none(), st.text(max_size=400)))
    return Article(
        id=draw(st.text(min_size=1, max_size=10)),
        url=draw(
            st.one_of(st.none(), st.text(max_size=40), st.just("https://n.example/2020/09/08/x"))
        ),
        source=draw(st.one_of(st.none(), st.text(max_size=10))),
        title=draw(st.one_of(st.none(), st.text(max_size=60))),
        text=draw(st.text(max_size=400)),
        dateline=draw(st.one_of(st.none(), st.text(max_size=40))),
        page_metadata=draw(st.lists(st.text(max_size=30), max_size=5)),
        date_fields=[
            RawDate(field="published", value=v) for v in draw(st.lists(DATES, max_size=2))
        ],
        source_tags=draw(st.lists(st.text(max_size=20), max_size=4)),
        raw=RawBody(html=html, text=text),
    )


@pytest.mark.parametrize("name", ["clean", "dates", "language", "tag"])
def test_light_stages_survive_any_record(name: str) -> None:
    """clean, dates, language and tag return a record for any record."""
    from tasks.config import StageConfig

    stage = build_stage(name, StageConfig())

    @FUZZ
    @given(articles())
    def check(record: Article) -> None:
        assert isinstance(stage(record), Article)

    check()


@pytest.mark.integration
def test_ner_stage_survives_any_text() -> None:
    """The NER stage, with the real models, returns a record for any text and language."""
    from tasks.config import StageConfig

    stage = build_stage("ner", StageConfig())

    @settings(max_examples=40, deadline=None)
    @given(st.text(max_size=600), st.sampled_from(["en", "fr", "de", None]))
    def check(text: str, code: str | None) -> None:
        from tasks.record import Language

        record = Article(id="x", text=text, language=Language(code=code, confidence=0.9))
        assert isinstance(stage(record), Article)

    check()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=12,
)


@FUZZ
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_payload_reader_raises_only_invalid_payload_on_bytes(data: bytes) -> None:
    """Any bytes give a record or InvalidPayload."""
    with contextlib.suppress(InvalidPayload):
        record_from_payload(decode_payload(data))


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "url",
                "text",
                "html",
                "title",
                "published",
                "tags",
                "authors",
                "site",
                "modified",
                "x",
            ]
        ),
        JSON_VALUES,
        max_size=8,
    )
)
def test_payload_reader_raises_only_invalid_payload_on_objects(payload: dict[str, Any]) -> None:
    """Any JSON object gives a record or InvalidPayload."""
    with contextlib.suppress(InvalidPayload):
        record_from_payload(payload)

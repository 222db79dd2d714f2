"""Entity salience: mentions, title, lead and position; shares that sum to 1."""

from __future__ import annotations

import pytest

from tasks.ner.identify import country_of
from tasks.ner.salience import LEAD_CHARS, ranked
from tasks.record import Entity


def _entity(text: str, count: int, start: int) -> Entity:
    return Entity(
        text=text, label="PERSON", canonical=text.lower(), count=count, start=start, end=start + 1
    )


def test_saliences_sum_to_one_and_rank_the_entities() -> None:
    text = "x" * 2000
    found = ranked([_entity("Minor", 1, 1500), _entity("Major", 6, 10)], text, None)
    assert [e.text for e in found] == ["Major", "Minor"]
    assert sum(e.salience for e in found) == pytest.approx(1.0, abs=1e-3)


def test_the_headline_and_the_lead_raise_an_entity() -> None:
    text = "x" * 2000
    late = _entity("Pompeo", 2, LEAD_CHARS + 1000)
    early = _entity("Wang Yi", 2, 5)
    found = ranked([late, early], text, "Wang Yi tours Europe")
    assert found[0].text == "Wang Yi"
    assert found[0].salience > 0.6


def test_no_entities_no_saliences() -> None:
    assert ranked([], "text", "title") == []


@pytest.mark.parametrize(
    ("label", "forms", "code"),
    [
        ("GPE", ["the United States", "U.S."], "US"),
        ("GPE", ["Beijing"], "CN"),
        ("NORP", ["Chinese"], "CN"),
        ("LOC", ["Slovenia"], "SI"),
        ("ORG", ["China Daily"], None),
        ("GPE", ["Cambridge"], None),
    ],
)
def test_places_and_peoples_get_a_country_and_nothing_else_does(
    label: str, forms: list[str], code: str | None
) -> None:
    assert country_of(label, forms) == code

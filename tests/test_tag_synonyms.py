"""Synonyms among tags: countries, acronyms the article defines, plurals."""

from __future__ import annotations

import pytest

from tasks.tag.synonyms import country_tag, defined_acronyms, fold, merged


@pytest.mark.parametrize("tag", ["us", "u.s.", "usa", "united states", "the united states"])
def test_every_name_of_a_country_is_its_country_tag(tag: str) -> None:
    """Source tags naming a country become the tag the entities give it."""
    assert country_tag(tag) == "country:US"


@pytest.mark.parametrize("tag", ["ferry services", "in", "it", "trade"])
def test_words_that_are_not_countries_stay_tags(tag: str) -> None:
    """Two-letter words are not read as ISO codes ("in" is not India)."""
    assert country_tag(tag) is None


def test_acronyms_the_article_defines_are_read_with_their_long_form() -> None:
    """Initials in order, filler words skipped, hyphenated words read as two."""
    text = (
        "Regulators said artificial intelligence (AI) needs rules. The Organisation for "
        "Economic Co-operation and Development (OECD) agreed. Tidal power (TP) is cheap, "
        "said the Harbour Board (HB)."
    )
    assert defined_acronyms(text) == {
        "ai": "artificial intelligence",
        "oecd": "organisation for economic co-operation and development",
        "tp": "tidal power",
        "hb": "harbour board",
    }


def test_parentheses_that_spell_nothing_before_them_are_not_definitions() -> None:
    """ "(AP)" after words whose initials are not A, P is a credit, not a definition."""
    assert defined_acronyms("The ferry left on time (AP) and the port reopened (NOW).") == {}


def test_merged_makes_synonyms_one_tag_in_their_order() -> None:
    """Countries, a defined acronym and a plural: one tag each, the first form kept."""
    text = "The harbour authority (HA) met on Monday."
    tags = ["ha", "harbour authority", "elections", "usa", "election", "US", "ferries"]
    assert merged(tags, text) == [
        "harbour authority",
        "elections",
        "country:US",
        "ferries",
    ]


def test_fold_makes_plurals_and_singulars_alike() -> None:
    """ "data centres" and "data centre" fold alike; "press" and "bus" keep their ends."""
    assert fold("data centres") == fold("data centre")
    assert fold("press") == "press"
    assert fold("bus") == "bus"

"""Country names as news writes them, to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import pytest

from tasks.countries import country_code, country_name, place_country_code


@pytest.mark.parametrize(
    "name",
    ["U.S.", "US", "USA", "the United States", "The United States", "United States", "America"],
)
def test_country_code_reads_every_usual_form_of_the_united_states(name: str) -> None:
    """The short forms news uses for the United States all give US."""
    assert country_code(name) == "US"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("China", "CN"),
        ("Slovenia", "SI"),
        ("Norway", "NO"),
        ("UK", "GB"),
        ("Britain", "GB"),
        ("Russia", "RU"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("South Korea", "KR"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("the Netherlands", "NL"),
        ("Turkey", "TR"),
    ],
)
def test_country_code_knows_iso_common_and_alias_names(name: str, code: str) -> None:
    """ISO names, pycountry's common names and the alias table all resolve."""
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Beijing", "Scotland", "Edinburgh", "IN", "IT", "", "States"])
def test_country_code_is_none_for_cities_regions_and_bare_iso_codes(name: str) -> None:
    """Cities, sub-national regions and two-letter ISO codes that read as words are no country."""
    assert country_code(name) is None


def test_country_name_prefers_the_usual_english_name() -> None:
    """A country's name is the common one, not the ISO form."""
    assert country_name("RU") == "Russia"
    assert country_name("VN") == "Vietnam"
    assert country_name("US") == "United States"


def test_country_name_rejects_an_unknown_code() -> None:
    """An unknown code is a KeyError, not a silent None."""
    with pytest.raises(KeyError):
        country_name("XX")


def test_a_bare_states_is_the_united_states_only_as_a_place() -> None:
    """ "banned in the States": a place entity "States" is the US; the word alone is not a
    country (a source tag "states" is no country tag)."""
    assert place_country_code("States") == "US"
    assert place_country_code("the States") == "US"
    assert place_country_code("China") == "CN"
    assert place_country_code("Gulf States") is None
    assert country_code("States") is None

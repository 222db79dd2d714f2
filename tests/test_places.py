"""Demonyms and cities to countries, from field-made offline tables; nothing guessed."""

from __future__ import annotations

import pytest

from tasks.places import city_country, demonym_country


@pytest.mark.parametrize(
    ("word", "code"),
    [("Chinese", "CN"), ("American", "US"), ("French", "FR"), ("slovak", "SK"), ("German", "DE")],
)
def test_a_peoples_adjective_points_to_its_country(word: str, code: str) -> None:
    """Shared adjectives go to the country that dominates ("French": not Réunion)."""
    assert demonym_country(word) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [("Beijing", "CN"), ("Ljubljana", "SI"), ("Sao Paulo", "BR"), ("São Paulo", "BR")],
)
def test_a_known_city_points_to_its_country(name: str, code: str) -> None:
    assert city_country(name) == code


def test_a_city_name_shared_by_two_countries_alike_points_nowhere() -> None:
    """Cambridge, England and Cambridge, Massachusetts are about the same size."""
    assert city_country("Cambridge") is None
    assert demonym_country("Channel Islander") is None


def test_a_much_larger_namesake_wins() -> None:
    """Paris, France is far larger than Paris, Texas."""
    assert city_country("Paris") == "FR"

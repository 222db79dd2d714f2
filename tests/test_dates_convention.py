"""Day-first or month-first: how a page's ambiguous all-digit dates are to be read."""

from __future__ import annotations

import pytest

from tasks.dates.calendars import jalali_to_gregorian
from tasks.dates.convention import order_convention


def test_dates_convention_follows_unambiguous_day_first_dates() -> None:
    """A page writing 25/12/2020 and 20.09.2020 writes the day first."""
    assert order_convention("Sale ends 25/12/2020. Posted 20.09.2020, 05/09/2020") == "dmy"


def test_dates_convention_follows_unambiguous_month_first_dates() -> None:
    """A page writing 12/25/2020 writes the month first."""
    assert order_convention("Sale ends 12/25/2020. Posted 05/09/2020") == "mdy"


def test_dates_convention_follows_prose_dates() -> None:
    """Prose "September 8, 2020" votes month first, "8 September 2020" day first."""
    assert order_convention("Updated September 8, 2020 and October 1, 2020") == "mdy"
    assert order_convention("Mis à jour le 8 septembre 2020") == "dmy"


def test_dates_convention_stays_silent_on_a_split_vote() -> None:
    """Conflicting evidence decides nothing."""
    assert order_convention("25/12/2020 and 12/25/2020", "https://example.br/a") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com.br/noticia", "dmy"),
        ("https://example.de/artikel", "dmy"),
        ("https://example.us/story", "mdy"),
        ("https://example.com/story", None),
        ("https://example.ca/story", None),
        (None, None),
    ],
)
def test_dates_convention_falls_back_to_the_country_domain(
    url: str | None, expected: str | None
) -> None:
    """Without any unambiguous date the country-code domain decides, generic ones do not."""
    assert order_convention("Nothing dated here.", url) == expected


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1399, 1, 1), (2020, 3, 20)),
        ((1399, 2, 21), (2020, 5, 10)),
        ((1400, 1, 1), (2021, 3, 21)),
        ((1402, 8, 10), (2023, 11, 1)),
        ((1403, 12, 30), (2025, 3, 20)),
    ],
)
def test_dates_convention_converts_solar_hijri_dates(
    jalali: tuple[int, int, int], gregorian: tuple[int, int, int]
) -> None:
    """Solar Hijri dates convert to their Gregorian day, leap years included."""
    assert jalali_to_gregorian(*jalali) == gregorian


def test_dates_convention_refuses_impossible_solar_hijri_dates() -> None:
    """30 Esfand of a common year and 31 Mehr do not exist."""
    assert jalali_to_gregorian(1400, 12, 30) is None
    assert jalali_to_gregorian(1400, 7, 31) is None

"""Finding the written date in a byline or date line, in several languages."""

from __future__ import annotations

import pytest

from tasks.clean.datetext import find_date


@pytest.mark.parametrize(
    ("line", "date"),
    [
        (
            "By    |   Tuesday, 08 September 2020 09:43 AM EDT",
            "Tuesday, 08 September 2020 09:43 AM EDT",
        ),
        (
            "Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET",
            "Nov. 19, 2019 8:21 am ET",
        ),
        ("Von Anna Berg | 12. März 2021, 14:05 Uhr", "12. März 2021, 14:05 Uhr"),
        ("Miércoles, 3 de marzo de 2021 - 14:17", "Miércoles, 3 de marzo de 2021 - 14:17"),
        ("Publié le 4 avril 2021 à 10h30", "4 avril 2021 à 10h30"),
        ("by ライトハウス国際特許事務所 ／ 2016.12.01", "2016.12.01"),
        ("2020-43-08", "2020-43-08"),
    ],
)
def test_datetext_finds_the_date_as_written(line: str, date: str) -> None:
    """The first written date with its time and zone, labels and names left out."""
    assert find_date(line) == date


@pytest.mark.parametrize(
    "line",
    [
        "He may come in May.",
        "4 55 3",
        "China launched an effort on Tuesday",
        "Top 10 stories",
        "",
        "What is new in 2.26 (September pack)?",
    ],
)
def test_datetext_finds_no_date_in_ordinary_words_or_bare_numbers(line: str) -> None:
    """A month name without a day or year number (a version number is not one), or numbers
    without a month, are not a date."""
    assert find_date(line) is None

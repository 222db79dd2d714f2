"""Reading a byline line: who wrote the article and the date text beside it."""

from __future__ import annotations

import re

from tasks.clean.byline import Byline, is_name, read_byline


def _read(line: str) -> Byline | None:
    return read_byline(line, len(re.findall(r"\w+", line)))


def _authors(line: str) -> tuple[str, ...]:
    found = _read(line)
    assert found is not None
    return found.authors


def test_byline_without_author_still_gives_the_dateline() -> None:
    """The seed's byline names nobody; its date text is still read."""
    assert _read("By    |   Tuesday, 08 September 2020 09:43 AM EDT") == Byline(
        authors=(), dateline="Tuesday, 08 September 2020 09:43 AM EDT"
    )


def test_byline_splits_several_authors() -> None:
    """Names joined by "and" (or its translations) and commas are separate authors."""
    assert _authors("By Maren Holt and Jon Berg") == ("Maren Holt", "Jon Berg")
    assert _authors("Von Anna Berg und Jan de Vries") == ("Anna Berg", "Jan de Vries")


def test_byline_finds_author_after_the_date() -> None:
    """ "<date> by <name>" gives both."""
    found = _read("Monday November 18, 2019 7:45 am PST by Joe Rossignol")
    assert found == Byline(
        authors=("Joe Rossignol",), dateline="Monday November 18, 2019 7:45 am PST"
    )


def test_byline_is_not_a_sentence_starting_with_by() -> None:
    """ "By the time..." is prose, not a byline."""
    assert _read("By the time the police arrived, the man had gone.") is None


def test_byline_is_not_a_quoted_posts_signature() -> None:
    """The signature under an embedded post carries a date but is article text."""
    assert _read("— The Harbour Trust (@harbourtrust) October 9, 2018") is None


def test_byline_names_are_capitalised_words() -> None:
    """Names are a few capitalised words, particles allowed; phrases are not names."""
    assert is_name("Ludwig van Beethoven")
    assert is_name("ライトハウス国際特許事務所")
    assert not is_name("Phil Helsel is a reporter")
    assert not is_name("")

"""Language tags from pages and crawlers, read as ISO 639-1 codes."""

from __future__ import annotations

import pytest

from tasks.language_codes import iso_639_1


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("en-US", "en"),
        ("fr_FR", "fr"),
        ("EN", "en"),
        ("deu", "de"),
        ("zh-Hans", "zh"),
        ("zh-cn", "zh"),
        ("no", "nb"),
        (" he ", "he"),
    ],
)
def test_language_tags_become_iso_639_1(tag: str, code: str) -> None:
    assert iso_639_1(tag) == code


@pytest.mark.parametrize("tag", [None, "", "*", "English", "x-klingon", "xx", "e1"])
def test_what_names_no_language_is_not_guessed(tag: str | None) -> None:
    assert iso_639_1(tag) is None


@pytest.mark.parametrize(
    ("tag", "code"), [("iw", "he"), ("iw-IL", "he"), ("in", "id"), ("jw", "jv")]
)
def test_retired_codes_read_as_the_current_ones(tag: str, code: str) -> None:
    """Java locales and CLD2 still write iw, in, ji; CLD2 writes jw for Javanese."""
    assert iso_639_1(tag) == code

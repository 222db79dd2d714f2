"""Month names in the languages news is written in, from dateparser's locale data.

Built once per process (about 0.2 s) so the fast paths can read "8 сентября 2020" or
"27 juin 2019" without a dateparser call per string.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from dateparser.data.languages_info import language_order
from dateparser.languages.loader import default_loader

MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

LANGUAGES = 60
"""How many of dateparser's languages (most used first) contribute month names."""

_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})


@cache
def month_names() -> dict[str, int]:
    """Lower-case month name or abbreviation (no trailing dot) -> month number.

    Where two languages disagree on a name (``listopad``), the more widely used language wins.
    Roman numerals and Latin-script names under three letters are left out: as words they
    match too much running text.
    """
    table: dict[str, int] = {}
    for code in language_order[:LANGUAGES]:
        info = default_loader.get_locale(code).info
        for number, key in enumerate(MONTH_KEYS, start=1):
            for name in info.get(key, []):
                word = unicodedata.normalize("NFC", str(name).lower().strip(". "))
                if not word or word in _ROMAN or (word.isascii() and len(word) < 3):
                    continue
                table.setdefault(word, number)
    return table


def month_number(word: str) -> int | None:
    """The month a word names, or None."""
    return month_names().get(unicodedata.normalize("NFC", word.lower().strip(". ")))
